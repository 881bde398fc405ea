import type { ListRow } from '../../cards/list.js';
import { inWords, onDay } from '../../cards/readable.js';
import { normalSiteUrl } from '../../services/siteUrl.js';
import type { RedirectOrigin } from '../../services/insights/redirects.js';
import type { RedirectSite } from '../../services/tenants/types.js';

/**
 * The fields the redirect list shows, as saved in the snapshot (strings only: it is card data), in words:
 * state names as words, the date for the reader's own calendar, and what the site was: a OneDrive (whose), a
 * site or a group site (where it is now), from redirectOrigins(); both empty when neither map knows the URL.
 */
export function redirectRows(sites: readonly RedirectSite[], origins: ReadonlyMap<string, Pick<RedirectOrigin, 'kind' | 'owner'>> = new Map()): ListRow[] {
  return sites.map((s) => ({
    url: s.url,
    was: origins.get(normalSiteUrl(s.url))?.kind ?? '',
    owner: origins.get(normalSiteUrl(s.url))?.owner ?? '',
    status: inWords(s.status),
    lockState: inWords(s.lockState),
    lastModified: onDay(s.lastContentModified),
  }));
}
