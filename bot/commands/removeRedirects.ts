import { InputError } from '../../services/errors.js';
import type { TenantSide } from '../../services/tenants/types.js';
import type { RedirectScope } from '../botServices.js';
import { personOf } from '../identity.js';
import type { Command } from './command.js';
import { clip, parseWith, side, upn, words } from './command.js';

const usage = 'remove redirects [source|target] [all|<url>|for <upn>] [purge] [unlock]';
type Args = { side: TenantSide; scope: RedirectScope; purge: boolean; unlock: boolean };
/** No SharePoint site URL is longer (paths stop at 400 characters); the URL is quoted back on the answer. */
const URL_MAX = 1000;

/** Plans removing redirect sites of completed moves; the plan lists every site and runs once approved. */
export const removeRedirectsCommand: Command<Args> = {
  name: 'remove redirects',
  usage,
  summary: 'Plan removing redirect sites (source by default; all, one URL, or one person\'s); purge also empties them from the recycle bin, unlock unlocks locked ones first.',
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
  if (first.toLowerCase() === 'for' && second && more.length === 0) return { kind: 'for', upn: parseWith(upn, second, usage) };
  if (/^https:\/\/\S+$/i.test(first) && !second) {
    if (first.length > URL_MAX) throw new InputError(`That URL is ${first.length} characters long: no SharePoint site URL is longer than ${URL_MAX}.`, { usage });
    return { kind: 'url', url: first };
  }
  throw new InputError(`After the side give all, one https:// site URL, or "for" and a UPN; not "${clip(rest.join(' '))}".`, { usage });
}
