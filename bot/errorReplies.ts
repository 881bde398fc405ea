// The one place a failure becomes what a person reads. Domain errors carry their own advice; anything
// else gets a generic card and a correlation id, and its detail goes to the log only.
import { randomUUID } from 'node:crypto';
import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import { renderErrorCard } from '../cards/error.js';
import type { Card, CardView } from '../cards/render.js';
import { PlanBlockedError } from '../services/approvals/plan.js';
import { DomainError } from '../services/errors.js';
import type { Logger } from '../services/ports.js';

export function errorCard(err: unknown, logger: Logger, view: CardView): Card {
  if (err instanceof DomainError) {
    logger.warn({ code: err.code, detail: err.detail, message: err.userMessage }, 'request refused or failed');
    // A message may list what was asked for (UPNs, unfinished moves): clipped, it still fits on a card.
    const message = clipMessage(err.userMessage);
    if (err instanceof PlanBlockedError) return renderErrorCard({ kind: 'blocked', message }, view);
    if (err.code === 'input') {
      const usage = typeof err.detail?.usage === 'string' ? err.detail.usage : undefined;
      return renderErrorCard({ kind: 'input', message, usage }, view);
    }
    return renderErrorCard({ kind: 'domain', message }, view);
  }
  const correlationId = randomUUID();
  logger.error({ correlationId, err: describeUnexpected(err) }, 'unexpected error while handling a turn');
  return renderErrorCard({ kind: 'unexpected', correlationId }, view);
}

/** Well under the card budget (28 KB) with the rest of the error card around it. */
export const MAX_MESSAGE_CHARS = 3000;

function clipMessage(message: string): string {
  return message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}… (cut short)` : message;
}

/** For card data we will not act on: the client gets an error answer, not a card. */
export function badInvokeResponse(message: string): AdaptiveCardInvokeResponse {
  return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message } };
}

export function cardInvokeResponse(card: Card): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card };
}

// Only name, message and stack: a thrown HTTP error may carry request headers, which stay out of the log.
function describeUnexpected(err: unknown): object {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { message: String(err) };
}
