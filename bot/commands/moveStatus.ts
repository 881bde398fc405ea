import { renderMoveStateCard } from '../../cards/moveState.js';
import { getMoveStatus } from '../../services/insights/moveStatus.js';
import { InputError } from '../../services/errors.js';
import type { Command } from './command.js';
import { parseWith, upn, words } from './command.js';

const usage = 'move status <upn>';

export const moveStatusCommand: Command<{ upn: string }> = {
  name: 'move status',
  usage,
  summary: "Show one person's OneDrive move: source UPN, or their new (target) UPN.",
  adminOnly: true,
  changesTenant: false,
  parse: (argText) => {
    const [first, ...rest] = words(argText);
    if (!first) throw new InputError('Say whose move: add their UPN.', { usage });
    if (rest.length > 0) throw new InputError('One UPN at a time, please.', { usage });
    return { upn: parseWith(upn, first, usage) };
  },
  argsFromEntities: (e) => e.upns[0] ?? '',
  run: async ({ upn: who }, { services }) =>
    renderMoveStateCard(await getMoveStatus(services.tenants, await services.identityMap.load(), who), services.view),
};
