import { renderListCard } from '../../cards/list.js';
import { InputError } from '../../services/errors.js';
import { listRedirects, redirectOrigins } from '../../services/insights/redirects.js';
import { listingText } from '../../services/knowledge/readingText.js';
import { tenantName } from '../../services/insights/tenantPair.js';
import type { TenantSide } from '../../services/tenants/types.js';
import type { Command } from './command.js';
import { clip, parseWith, side, upn, words } from './command.js';
import { redirectRows } from './redirectRows.js';

const usage = 'list redirects [source|target] [for <upn>]';

export const listRedirectsCommand: Command<{ side: TenantSide; forUpn?: string }> = {
  name: 'list redirects',
  usage,
  summary: "List the redirect sites on a tenant (source by default), or only the one at a person's old OneDrive URL, as last listed (with its age).",
  adminOnly: true,
  changesTenant: false,
  parse: (argText) => {
    const w = words(argText);
    const forAt = w.findIndex((x) => x.toLowerCase() === 'for');
    const before = forAt === -1 ? w : w.slice(0, forAt);
    const after = forAt === -1 ? [] : w.slice(forAt + 1);
    if (before.length > 1) throw new InputError(`I expected at most a side before "for", not "${clip(before.join(' '))}".`, { usage });
    if (forAt !== -1 && after.length !== 1) throw new InputError('After "for" give exactly one UPN.', { usage });
    return {
      side: before[0] ? parseWith(side, before[0].toLowerCase(), usage) : 'source',
      forUpn: after[0] ? parseWith(upn, after[0], usage) : undefined,
    };
  },
  argsFromEntities: (e) => [e.side, e.upns[0] ? `for ${e.upns[0]}` : ''].filter(Boolean).join(' '),
  run: async (args, { services, progress }) => {
    const tenant = tenantName(services.tenants[args.side].adminUrl);
    const map = await services.identityMap.load();
    const list = await listRedirects(services.tenants, services.knowledge.redirects, args.side, map, args.forUpn,
      (p) => progress(listingText(tenant, p)));
    // The listing's instant, not its age: a page asked for an hour later must say "1 h ago".
    const params: Record<string, string> = { side: list.side, tenant: list.tenant, listedAt: list.listedAt };
    if (list.forUpn) params.forUpn = list.forUpn;
    if (list.personalUrl) params.personalUrl = list.personalUrl;
    const snapshot = await services.snapshots.save({
      kind: 'redirects',
      params,
      command: [usage.split(' [')[0], args.side, args.forUpn ? `for ${args.forUpn}` : ''].filter(Boolean).join(' '),
      items: redirectRows(list.sites, redirectOrigins(services.tenants[args.side].adminUrl, args.side, map, await services.siteMap.load())),
    });
    return renderListCard({ snapshotId: snapshot.id, kind: snapshot.kind, params, rows: snapshot.items, page: 0 }, services.view);
  },
};
