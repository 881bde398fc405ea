// The bot's 1:1 conversation with each person, by Entra object id: learnt when Teams tells the bot it was
// installed for someone (installationUpdate) and when a campaign opens one. Reminders and later sends
// go straight to it, without installing or creating again.
import type { KeyValueStore } from '../ports.js';

const keyOf = (aadObjectId: string) => `conversation/${aadObjectId.toLowerCase()}`;

export class ConversationBook {
  constructor(private readonly store: KeyValueStore) {}

  async get(aadObjectId: string): Promise<string | undefined> {
    const item = (await this.store.read([keyOf(aadObjectId)]))[keyOf(aadObjectId)];
    return typeof item?.conversationId === 'string' ? item.conversationId : undefined;
  }

  async put(aadObjectId: string, conversationId: string): Promise<void> {
    if (!aadObjectId || !conversationId) return;
    await this.store.write({ [keyOf(aadObjectId)]: { conversationId } });
  }
}
