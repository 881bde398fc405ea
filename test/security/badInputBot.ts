// What the bad-input corpus needs around startApprovalBot: posting any body to /api/messages (not only
// well-formed activities), the answer read the way a person would see it, and the health check.
import type { Activity } from 'botbuilder';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { FILE_DOWNLOAD_INFO } from '../../bot/identityMapUpload.js';
import { actionExecute, message, type ActivityOptions, type Person } from '../helpers/activities.js';
import type { ApprovalBot } from '../helpers/approvalBot.js';
import { cardText } from '../helpers/cards.js';

/** What one case got back: the HTTP answer to the POST and the messages the bot sent in reply. */
export interface Outcome {
  status: number;
  /** The HTTP body as text (an invoke answer, an error from the server, or empty). */
  body: string;
  /** Text of the invoke answer: its card, or its error message. */
  invokeText?: string;
  /** Text of each card the bot posted to the conversation during the case. */
  replies: string[];
}

/** Where a message came from: the admin's personal chat on the allowed tenant unless said otherwise. */
export interface From { person?: Person; options?: Partial<ActivityOptions> }

export class BadInputBot {
  private next = 0;
  constructor(readonly a: ApprovalBot) {}

  get options(): ActivityOptions {
    return { tenantId: this.a.bot.sandbox!.target.tenantId, serviceUrl: this.a.connector.serviceUrl };
  }

  message(text: string, from: From = {}): Partial<Activity> {
    return message(text, from.person ?? SANDBOX_PEOPLE.admin, { ...this.options, ...from.options });
  }

  invoke(verb: unknown, data: unknown, from: From = {}): Partial<Activity> {
    return actionExecute(verb as string, data, from.person ?? SANDBOX_PEOPLE.admin, { ...this.options, ...from.options });
  }

  /** A message with a file attached as Teams attaches it: kept in the admin's OneDrive behind a tempauth link. */
  file(content: string | Buffer, o: { name?: string; fileType?: string; downloadUrl?: string } = {}): Partial<Activity> {
    const name = o.name ?? 'map.csv';
    const link = this.a.bot.sandbox!.putChatFile('avery.admin@fabrikam.com', name, content);
    return {
      ...this.message(''),
      attachments: [{ contentType: FILE_DOWNLOAD_INFO, name, content: { downloadUrl: o.downloadUrl ?? link.downloadUrl, uniqueId: link.uniqueId, fileType: o.fileType ?? 'csv' } }],
    };
  }

  /** Posts an activity (or a raw body, sent as is) and collects what came back. */
  async post(activity: Partial<Activity> | { raw: string }): Promise<Outcome> {
    const before = this.a.connector.calls.length;
    const body = 'raw' in activity ? activity.raw : JSON.stringify({ id: `bad-${++this.next}`, ...activity });
    const res = await fetch(`${this.a.bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const text = await res.text();
    const replies = this.a.connector.calls.slice(before)
      .filter((c) => c.method === 'POST')
      .map((c) => c.activity.attachments?.[0]?.content)
      .filter((card): card is object => Boolean(card))
      .map(visibleText);
    return { status: res.status, body: text, replies, invokeText: invokeText(text) };
  }

  async healthy(): Promise<number> {
    return (await fetch(`${this.a.bot.url}/healthz`)).status;
  }
}

/** The card text without the sandbox banner every card carries. */
function visibleText(card: object): string {
  return cardText(card).split('\n').filter((l) => !l.startsWith('Simulated tenants')).join('\n');
}

function invokeText(body: string): string | undefined {
  try {
    const answer = JSON.parse(body) as { type?: string; value?: { message?: string } };
    if (answer.type === 'application/vnd.microsoft.card.adaptive') return visibleText(answer.value ?? {});
    if (answer.type === 'application/vnd.microsoft.error') return answer.value?.message;
  } catch { /* not an invoke answer */ }
  return undefined;
}
