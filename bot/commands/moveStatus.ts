import { renderMoveStateCard } from '../../cards/moveState.js';
import { renderTrackingCard } from '../../cards/regression.js';
import type { Card } from '../../cards/render.js';
import type { BotServices } from '../botServices.js';
import { findUser } from '../../services/identityMap/identityMap.js';
import { InputError } from '../../services/errors.js';
import type { Command } from './command.js';
import { parseWith, upn, BEFORE_PERSON, wordsAfter } from './command.js';

const usage = 'move status <upn>';

export const moveStatusCommand: Command<{ upn: string }> = {
  name: 'move status',
  usage,
  summary: "Show one person's OneDrive move: source UPN, or their new (target) UPN.",
  adminOnly: true,
  changesTenant: false,
  parse: (argText) => {
    const [first, ...rest] = wordsAfter(argText, BEFORE_PERSON);
    if (!first) throw new InputError('Say whose move: add their UPN.', { usage });
    if (rest.length > 0) throw new InputError('One UPN at a time, please.', { usage });
    return { upn: parseWith(upn, first, usage) };
  },
  argsFromEntities: (e) => e.upns[0] ?? '',
  run: async ({ upn: who }, { services }) => {
    const card = await moveCard(who, services);
    // Someone being moved back: their tracking card follows (the card above is their original move).
    const tracked = services.regression?.tracker.find(who);
    return tracked ? { cards: [card, renderTrackingCard(tracked, services.view)] } : card;
  },
};

async function moveCard(who: string, services: BotServices): Promise<Card> {
  const map = await services.identityMap.load();
  const person = findUser(map, who);
  const sourceUpn = person?.sourceUpn ?? who;
  // Read now and kept in the ledger: status and `export moves` say the same from then on.
  const { state, recordedAt } = await services.knowledge.moveStateOf(sourceUpn);
  return renderMoveStateCard({ askedFor: who, sourceUpn, targetUpn: person?.targetUpn, state }, services.view, recordedAt);
}
