// The migration team's copy of a person's "I need help": who, what they wrote, their move. What they
// wrote goes in a TextRun, which Teams does not read as markdown, so it cannot carry links or formatting.
import type template from './helpRequest.json';
import type { HelpRequest } from '../services/guidance/guidanceDesk.js';
import { when } from './readable.js';
import { renderCard, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { template as HelpRequestTemplate };

export function renderHelpRequestCard(request: HelpRequest, view: CardView): Card {
  return renderCard(loadTemplate('helpRequest'), {
    ...request,
    email: request.email ?? '(not known)',
    sentAt: request.sentAt ? when(request.sentAt) : 'not sent by a campaign (they wrote to the bot)',
    at: when(request.at),
    moveFinishedAt: request.moveFinishedAt ? when(request.moveFinishedAt) : '',
  }, view);
}
