import type { ListRow } from '../../cards/list.js';
import type { RedirectSite } from '../../services/tenants/types.js';

const NONE = '—';

/** The fields the redirect list shows, as saved in the snapshot (strings only: it is card data). */
export function redirectRows(sites: readonly RedirectSite[]): ListRow[] {
  return sites.map((s) => ({
    url: s.url,
    status: s.status || NONE,
    lockState: s.lockState || NONE,
    lastModified: s.lastContentModified?.slice(0, 10) ?? NONE,
  }));
}
