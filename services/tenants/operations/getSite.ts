// Site-level REST read (`<site>/_api/web`, on the site's own host, admin token) of the template.
import { TenantError } from '../../errors.js';
import { isRedirectTemplate } from '../redirectTemplates.js';
import type { SiteInfo } from '../types.js';
import type { OperationContext } from './context.js';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export async function getSite(ctx: OperationContext, url: string, signal?: AbortSignal): Promise<SiteInfo> {
  try {
    const web = await ctx.spo.readWeb(url, signal);
    return { url, exists: true, webTemplate: web.WebTemplate, isRedirect: isRedirectTemplate(web.WebTemplate), reachable: true };
  } catch (err) {
    if (!(err instanceof TenantError) || err.httpStatus === undefined) throw err;
    if (err.httpStatus === 404) return { url, exists: false, isRedirect: false, reachable: false };
    // INFERRED: a site that answers the API with an HTTP redirect is a redirect site; we never follow it
    // (it points at another tenant and would carry our token there). A redirect site is also reported to
    // answer `_api/web` with 401 (OfficeDocs-SharePoint #1566): it answered, so it is reachable, and the
    // admin token that reads every other site cannot read it, so it counts as a redirect too.
    if (REDIRECT_STATUSES.has(err.httpStatus) || err.httpStatus === 401) return { url, exists: true, isRedirect: true, reachable: true };
    throw err;
  }
}
