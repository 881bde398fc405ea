// Where else a plan's card is showing. `pending` shows a plan's card again as a new message (an approver
// may not see the original, e.g. after the Agents Playground restarts as another person, or in another
// client); the messenger edits those copies too, so whichever card the person clicked follows the run.
import type { ConversationAddress } from '../services/approvals/types.js';
import type { KeyValueStore } from '../services/ports.js';

const PREFIX = 'planCopies/';
/** Copies kept per plan: the newest ones, enough for a few `pending` calls. */
export const COPIES_KEPT = 5;

export class PlanCopies {
  constructor(private readonly store: KeyValueStore) {}

  async add(planId: string, address: ConversationAddress): Promise<void> {
    const copies = (await this.list(planId)).filter((c) => c.activityId !== address.activityId);
    await this.store.write({ [PREFIX + planId]: { copies: [...copies, address].slice(-COPIES_KEPT) } });
  }

  async list(planId: string): Promise<ConversationAddress[]> {
    const item = (await this.store.read([PREFIX + planId]))[PREFIX + planId];
    return (item?.copies as ConversationAddress[] | undefined) ?? [];
  }
}
