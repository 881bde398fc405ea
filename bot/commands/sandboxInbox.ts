import { renderSandboxInboxCard } from '../../cards/sandboxInbox.js';
import { when } from '../../cards/readable.js';
import type { Card } from '../../cards/render.js';
import { InputError } from '../../services/errors.js';
import type { Command } from './command.js';
import { parseWith, upn, BEFORE_PERSON, wordsAfter } from './command.js';
import { upnOn } from './person.js';

const usage = 'sandbox inbox <upn>';
/** The latest cards shown after the summary (each its own message, as the person sees them). */
const SHOWN = 3;

/** What one simulated person received (Teams messages and e-mails): a summary, then the latest cards themselves. */
export const sandboxInboxCommand: Command<{ upn: string }> = {
  name: 'sandbox inbox',
  usage,
  summary: 'Sandbox only: the messages one person (either UPN) received from the bot (in Teams, and by e-mail), exactly as they see them.',
  adminOnly: true,
  changesTenant: false,
  parse: (argText) => {
    const w = wordsAfter(argText, BEFORE_PERSON);
    if (w.length !== 1) throw new InputError('Give one UPN.', { usage });
    return { upn: parseWith(upn, w[0], usage) };
  },
  argsFromEntities: (e) => e.upns[0] ?? '',
  run: async ({ upn: who }, { services }) => {
    if (!services.sandboxInbox) throw new InputError('There is no simulated inbox here: the bot runs on real tenants, and it cannot read people\'s chats.');
    // People receive the bot's messages on the target tenant: a source UPN finds them there too.
    const entries = await services.sandboxInbox(await upnOn(services, 'target', who));
    const latest = entries.filter((e) => !e.mail).slice(-SHOWN);
    const summary = renderSandboxInboxCard({
      who, count: entries.length, emails: entries.filter((e) => e.mail).length, shown: latest.length,
      messages: entries.map((e) => ({ at: when(e.at), what: e.mail ? `e-mail from ${e.mail.from}: ${e.mail.subject}`.slice(0, 140) : describe(e.activity) })),
    }, services.view);
    const cards = latest.map((e) => cardIn(e.activity)).filter((c): c is Card => c !== undefined);
    return { cards: [summary, ...cards] };
  },
};

function cardIn(activity: Record<string, unknown>): Card | undefined {
  const attachments = activity.attachments as { contentType?: string; content?: unknown }[] | undefined;
  const card = attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
  return card && typeof card === 'object' ? card as Card : undefined;
}

function describe(activity: Record<string, unknown>): string {
  const card = cardIn(activity);
  if (!card) return typeof activity.text === 'string' ? activity.text.slice(0, 80) : 'a message';
  const title = (card.body as { type?: string; text?: string }[]).find((b) => b.type === 'TextBlock' && b.text && !/simulated/i.test(b.text))?.text;
  return `card: ${title ?? 'untitled'}`.slice(0, 100);
}
