import { InputError } from '../../services/errors.js';
import { personOf } from '../identity.js';
import type { Command } from './command.js';
import { parseWith, siteUrl, upn, words } from './command.js';

const usage = 'migrate back <upn on current tenant> to <upn on original tenant> | migrate back site <current url> to <original url>';
type Args = { currentUpn: string; originalUpn: string; site?: undefined } | { site: { currentUrl: string; originalUrl: string } };

/**
 * Plans moving one person's OneDrive, a site or a group site back (preflight shown check by check). A plan
 * with a failed check is shown but not sent for approval; otherwise what it moves is claimed, so a second
 * request is refused.
 */
export const migrateBackCommand: Command<Args> = {
  name: 'migrate back',
  usage,
  summary: "Plan moving a person's OneDrive, a site or a group site back to the original tenant (preflight checks on the card); tracked until access is confirmed.",
  adminOnly: true,
  changesTenant: true,
  parse: (argText) => {
    const w = words(argText);
    if (w[0]?.toLowerCase() === 'site') {
      if (w.length !== 4 || w[2]!.toLowerCase() !== 'to') throw new InputError('Give "site", the site URL on the current tenant, "to", and its URL on the original tenant.', { usage });
      return { site: { currentUrl: parseWith(siteUrl, w[1], usage), originalUrl: parseWith(siteUrl, w[3], usage) } };
    }
    if (w.length !== 3 || w[1]!.toLowerCase() !== 'to') throw new InputError('Give the UPN on the current tenant, "to", and the UPN on the original tenant.', { usage });
    return { currentUpn: parseWith(upn, w[0], usage), originalUpn: parseWith(upn, w[2], usage) };
  },
  argsFromEntities: (e) => (e.upns.length >= 2 ? `${e.upns[0]} to ${e.upns[1]}`
    : e.urls.length >= 2 ? `site ${e.urls[0]} to ${e.urls[1]}` : e.upns[0] ?? ''),
  run: async (args, { services, caller, address }) => {
    const regression = regressionOf(services);
    const plan = args.site
      ? await regression.planSite(args.site, personOf(caller), address)
      : await regression.plan(args, personOf(caller), address);
    if (plan.findings.some((f) => f.level === 'blocker')) return services.planCards.blocked(plan);
    return services.planCards.submit(plan, address);
  },
};

export function regressionOf(services: { regression?: import('../../services/regression/regressionService.js').RegressionService }) {
  if (!services.regression) throw new InputError('Moving people and sites back is not set up in this bot.');
  return services.regression;
}
