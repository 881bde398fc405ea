// sandbox inbox <upn>: what one simulated person received, so a rehearsal shows exactly what people get.
import type template from './sandboxInbox.json';
import { renderCard, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { template as SandboxInboxTemplate };

/** count: every message, e-mails included; emails: how many of them are e-mails; shown: Teams cards that follow. */
export interface InboxSummary { who: string; count: number; emails: number; shown: number; messages: { at: string; what: string }[] }

export function renderSandboxInboxCard(data: InboxSummary, view: CardView): Card {
  return renderCard(loadTemplate('sandboxInbox'), data, view);
}
