// Get-SPOSite -Template RedirectSite#0, to the last page and with OneDrive sites: CSOM
// Tenant.GetSitePropertiesFromSharePointByFilters with the filter object (confirmed shape, wire/README.md).
// We ask for every site (Template "") and keep redirect templates on the client, so no spelling of the
// template (RedirectSite#0, REDIRECTSITE#0, RedirectSite#1) depends on how the server compares.
import { TenantError } from '../../errors.js';
import { bool, csomDateToIso, csomResult, enm, SITE_FILTER_TYPE_ID, str, tenantObjectQuery } from '../csom.js';
import { PersonalSiteFilter } from '../csomEnums.js';
import { normalSiteUrl } from '../../siteUrl.js';
import { isRedirectTemplate } from '../redirectTemplates.js';
import type { ListProgress, RedirectSite } from '../types.js';
import type { OperationContext } from './context.js';

/** A server that never stops paging must not keep us forever: 5,000 pages is 500,000 sites at 100 a page. */
export const MAX_PAGES = 5_000;

interface SiteItem { Url?: string; Template?: string; Title?: string; Owner?: string; Status?: string; LockState?: string; LastContentModifiedDate?: string }
interface Page { items: SiteItem[]; next: string | null }

export function sitePageRequest(appName: string, startIndex: string) {
  return tenantObjectQuery(appName, {
    name: 'GetSitePropertiesFromSharePointByFilters',
    params: [{
      typeId: SITE_FILTER_TYPE_ID,
      properties: [
        { name: 'Filter', ...str('') },
        { name: 'IncludeDetail', ...bool(false) },
        { name: 'IncludePersonalSite', ...enm(PersonalSiteFilter.Include) },
        { name: 'StartIndex', ...str(startIndex) },
        { name: 'Template', ...str('') },
      ],
    }],
  });
}

async function readPage(ctx: OperationContext, startIndex: string, signal?: AbortSignal): Promise<Page> {
  const request = sitePageRequest(ctx.appName, startIndex);
  const value = csomResult(await ctx.csom.execute(request, 'GetSitePropertiesFromSharePointByFilters', signal), request, request.queryId) as
    { _Child_Items_?: SiteItem[]; NextStartIndexFromSharePoint?: string | null } | undefined;
  if (!value || !Array.isArray(value._Child_Items_)) {
    throw new TenantError('CsomUnexpected', 'SharePoint answered the site listing without a list of sites. Try again; if it persists, list with Get-SPOSite.', 200);
  }
  const next = value.NextStartIndexFromSharePoint;
  return { items: value._Child_Items_, next: typeof next === 'string' && next !== '' ? next : null };
}

export function toRedirectSite(item: SiteItem): RedirectSite {
  return {
    url: item.Url ?? '', template: item.Template ?? '', title: item.Title ?? '', owner: item.Owner ?? '',
    status: item.Status ?? '', lockState: item.LockState ?? '', lastContentModified: csomDateToIso(item.LastContentModifiedDate),
  };
}

export async function listRedirectSites(
  ctx: OperationContext,
  options: { onProgress?: (p: ListProgress) => void; signal?: AbortSignal } = {},
): Promise<RedirectSite[]> {
  const kept = new Map<string, RedirectSite>(); // by URL: a site added while we page may show up twice
  const progress: ListProgress = { pages: 0, sitesSeen: 0, redirectsKept: 0 };
  const tokens = new Set<string>();
  let startIndex: string | null = '0';
  while (startIndex !== null) {
    if (progress.pages >= MAX_PAGES) throw pagingError(`more than ${MAX_PAGES} pages`);
    const page = await readPage(ctx, startIndex, options.signal);
    for (const item of page.items) {
      if (isRedirectTemplate(item.Template) && item.Url) kept.set(normalSiteUrl(item.Url), toRedirectSite(item));
    }
    progress.pages += 1;
    progress.sitesSeen += page.items.length;
    progress.redirectsKept = kept.size;
    options.onProgress?.({ ...progress });
    if (page.next !== null && tokens.has(page.next)) throw pagingError('the same page token twice');
    if (page.next !== null) tokens.add(page.next);
    startIndex = page.next;
  }
  ctx.logger.info({ side: ctx.side, ...progress }, 'redirect sites listed');
  return [...kept.values()];
}

function pagingError(what: string): TenantError {
  return new TenantError('PagingNeverEnds', `SharePoint kept paging the site list (${what}), so the listing was stopped. Try again later; if it persists, list with Get-SPOSite -Template RedirectSite#0 -Limit All.`, 200);
}
