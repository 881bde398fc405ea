import type { ListRow } from '../../cards/list.js';
import { inWords, onDay } from '../../cards/readable.js';
import { normalSiteUrl } from '../../services/siteUrl.js';
import type { RedirectSite } from '../../services/tenants/types.js';

/**
 * The fields the redirect list shows, as saved in the snapshot (strings only: it is card data), in words:
 * state names as words, the date for the reader's own calendar, and whose OneDrive the site was
 * (owners: from siteOwners(); empty when the identity map does not know the URL).
 */
export function redirectRows(sites: readonly RedirectSite[], owners: ReadonlyMap<string, string> = new Map()): ListRow[] {
  return sites.map((s) => ({
    url: s.url,
    owner: owners.get(normalSiteUrl(s.url)) ?? '',
    status: inWords(s.status),
    lockState: inWords(s.lockState),
    lastModified: onDay(s.lastContentModified),
  }));
}
