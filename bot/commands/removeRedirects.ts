import { InputError } from '../../services/errors.js';
import type { TenantSide } from '../../services/tenants/types.js';
import type { RedirectScope } from '../botServices.js';
import { personOf } from '../identity.js';
import type { Command } from './command.js';
import { clip, parseWith, side, SITE_URL_MAX, upn, words } from './command.js';

const usage = 'remove redirects [source|target] [all|sites|onedrives|<url>|for <upn>] [purge] [unlock]';
type Args = { side: TenantSide; scope: RedirectScope; purge: boolean; unlock: boolean };

/** Plans removing redirect sites of completed moves; the plan lists every site and runs once approved. */
export const removeRedirectsCommand: Command<Args> = {
  name: 'remove redirects',
  usage,
  summary: 'Plan removing redirect sites of completed moves (source by default; all, only sites and group sites, only OneDrives, one URL, or one person\'s); purge also empties them from the recycle bin, unlock unlocks locked ones first.',
  adminOnly: true,
  changesTenant: true,
  parse: (argText) => {
    const w = words(argText);
    const flag = (name: string) => w.some((x) => x.toLowerCase() === name);
    const rest = w.filter((x) => !['purge', 'unlock'].includes(x.toLowerCase()));
    const sideWord = rest[0] && ['source', 'target'].includes(rest[0].toLowerCase()) ? rest.shift()!.toLowerCase() : undefined;
    const chosen = sideWord ? parseWith(side, sideWord, usage) : 'source';
    return { side: chosen, scope: scopeOf(rest), purge: flag('purge'), unlock: flag('unlock') };
  },
  argsFromEntities: (e) => [e.side, e.urls[0] ?? (e.upns[0] ? `for ${e.upns[0]}` : e.all ? 'all' : '')].filter(Boolean).join(' '),
  run: async (args, { services, caller, address, progress }) => {
    const plan = await services.planners.removeRedirects(args, personOf(caller), progress);
    return services.planCards.submit(plan, address);
  },
};

function scopeOf(rest: string[]): RedirectScope {
  const [first, second, ...more] = rest;
  if (!first || (first.toLowerCase() === 'all' && !second)) return { kind: 'all' };
  const only = first.toLowerCase();
  if ((only === 'sites' || only === 'onedrives') && !second) return { kind: 'all', only };
  if (first.toLowerCase() === 'for' && second && more.length === 0) return { kind: 'for', upn: parseWith(upn, second, usage) };
  if (/^https:\/\/\S+$/i.test(first) && !second) {
    if (first.length > SITE_URL_MAX) throw new InputError(`That URL is ${first.length} characters long: no SharePoint site URL is longer than ${SITE_URL_MAX}.`, { usage });
    return { kind: 'url', url: first };
  }
  throw new InputError(`After the side give all, sites, onedrives, one https:// site URL, or "for" and a UPN; not "${clip(rest.join(' '))}".`, { usage });
}
