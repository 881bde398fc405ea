// A GuidanceSender for tests: the two connector calls the bot makes through botbuilder, made with fetch
// against the sandbox's Teams connector, with its answers mapped to DeliveryError kinds.
import { DeliveryError, deliveryKindOf, type GuidanceSender } from '../../services/guidance/ports.js';

export const BOT_ID = '28:6b1e3c52-7a0f-4f7e-9d1c-2a4b5c6d7e8f';
export const CATALOG_APP = '3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';

export class SandboxSender implements GuidanceSender {
  calls = 0;
  constructor(private readonly serviceUrl: string) {}

  async openConversation(user: { aadObjectId: string; tenantId: string }): Promise<{ conversationId: string }> {
    const body = { isGroup: false, bot: { id: BOT_ID }, members: [{ id: user.aadObjectId }], tenantId: user.tenantId, channelData: { tenant: { id: user.tenantId } } };
    const answer = await this.post('v3/conversations', body) as { id: string };
    return { conversationId: answer.id };
  }

  async send(conversationId: string, card: object): Promise<{ activityId: string }> {
    const activity = {
      type: 'message', from: { id: BOT_ID },
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: card }],
    };
    const answer = await this.post(`v3/conversations/${encodeURIComponent(conversationId)}/activities`, activity) as { id: string };
    return { activityId: answer.id };
  }

  private async post(path: string, body: object): Promise<unknown> {
    this.calls++;
    let res: Response;
    try {
      res = await fetch(new URL(path, this.serviceUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    } catch (err) {
      throw new DeliveryError('transient', `connector unreachable: ${String(err)}`);
    }
    const answer = await res.json().catch(() => ({})) as { error?: { code?: string; message?: string } };
    if (res.ok) return answer;
    const code = answer.error?.code ?? `HTTP ${res.status}`;
    const message = `${code}: ${answer.error?.message ?? ''}`;
    if (res.status === 403 && code === 'MessageWritesBlocked') throw new DeliveryError('blocked', message);
    if (res.status === 403 && code === 'ForbiddenOperationException') throw new DeliveryError('not-installed', message);
    const retryAfter = Number(res.headers.get('retry-after'));
    throw new DeliveryError(deliveryKindOf(res.status), message, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined);
  }
}
