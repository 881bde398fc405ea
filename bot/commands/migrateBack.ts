import { InputError } from '../../services/errors.js';
import { personOf } from '../identity.js';
import type { Command } from './command.js';
import { parseWith, upn, words } from './command.js';

const usage = 'migrate back <upn on current tenant> to <upn on original tenant>';
type Args = { currentUpn: string; originalUpn: string };

/**
 * Plans moving one person's OneDrive back (preflight shown check by check). A plan with a failed check is
 * shown but not sent for approval; otherwise the person is claimed, so a second request is refused.
 */
export const migrateBackCommand: Command<Args> = {
  name: 'migrate back',
  usage,
  summary: "Plan moving a person's OneDrive back to the original tenant (preflight checks on the card); tracked until access is confirmed.",
  adminOnly: true,
  changesTenant: true,
  parse: (argText) => {
    const w = words(argText);
    if (w.length !== 3 || w[1]!.toLowerCase() !== 'to') throw new InputError('Give the UPN on the current tenant, "to", and the UPN on the original tenant.', { usage });
    return { currentUpn: parseWith(upn, w[0], usage), originalUpn: parseWith(upn, w[2], usage) };
  },
  argsFromEntities: (e) => (e.upns.length >= 2 ? `${e.upns[0]} to ${e.upns[1]}` : e.upns[0] ?? ''),
  run: async (args, { services, caller, address }) => {
    const plan = await regressionOf(services).plan(args, personOf(caller), address);
    if (plan.findings.some((f) => f.level === 'blocker')) return services.planCards.blocked(plan);
    return services.planCards.submit(plan, address);
  },
};

export function regressionOf(services: { regression?: import('../../services/regression/regressionService.js').RegressionService }) {
  if (!services.regression) throw new InputError('Moving people back is not set up in this bot.');
  return services.regression;
}
