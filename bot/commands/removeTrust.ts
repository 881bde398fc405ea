import { InputError } from '../../services/errors.js';
import { personOf } from '../identity.js';
import type { Command } from './command.js';
import { clip, words } from './command.js';

const usage = 'remove trust [source|target|both]';
type Which = 'source' | 'target' | 'both';

/** Plans the removal (preflight included); nothing changes until another person approves the card. */
export const removeTrustCommand: Command<{ side: Which }> = {
  name: 'remove trust',
  usage,
  summary: 'Plan removing the cross-tenant trust (both sides by default); an approver approves it on the card.',
  adminOnly: true,
  changesTenant: true,
  parse: (argText) => {
    const w = words(argText).map((x) => x.toLowerCase());
    if (w.length > 1) throw new InputError('Give one side at most: source, target or both.', { usage });
    const side = (w[0] ?? 'both') as Which;
    if (!['source', 'target', 'both'].includes(side)) throw new InputError(`"${clip(w[0] ?? '')}" is not a side: use source, target or both.`, { usage });
    return { side };
  },
  argsFromEntities: (e) => (e.both ? 'both' : e.side ?? ''),
  run: async (args, { services, caller, address, progress }) => {
    const plan = await services.planners.removeTrust(args, personOf(caller), progress);
    return services.planCards.submit(plan, address);
  },
};
