// Graph v1.0 users/{id | upn}/drive: the person's OneDrive, found as the personal site (SPSPERS) they own
// on this tenant, answered in the drive resource's shape with `$select` honoured. App permissions:
// Files.Read.All and above, as Graph documents for this call.
//
// INFERRED: the drive and list ids are derived from the site id (stable across runs); Graph's real ids
// are opaque. A deleted or absent personal site answers 404 itemNotFound "User's mysite not found.", the
// message Graph gives for a person without a OneDrive.
import { createHash } from 'node:crypto';
import { json } from '../httpIo.js';
import { SiteRecord, TenantState } from '../model.js';
import type { GraphRoute } from './graph.js';
import { GRAPH_ROOT, graphError } from './graphShapes.js';

const READ_ROLES = ['Files.Read.All', 'Files.ReadWrite.All', 'Sites.Read.All', 'Sites.ReadWrite.All'];

function guidFrom(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('|')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function personalSiteOf(tenant: TenantState, upn: string): SiteRecord | undefined {
  const owner = upn.toLowerCase();
  for (const site of tenant.sites.values()) {
    if (site.template.toUpperCase().startsWith('SPSPERS') && site.owner.toLowerCase() === owner && !site.deletedAt) return site;
  }
  return undefined;
}

export const drivesRoute: GraphRoute = (call) => {
  const m = /^\/users\/([^/]+)\/drive$/i.exec(call.path);
  if (!m || call.req.method !== 'GET') return null;
  const denied = call.requireRole(...READ_ROLES);
  if (denied) return denied;
  const key = m[1].toLowerCase();
  const user = call.tenant.users.find((u) => u.id === key || u.userPrincipalName.toLowerCase() === key);
  if (!user) return graphError(404, 'Request_ResourceNotFound', `Resource '${m[1]}' does not exist or one of its queried reference-property objects are not present.`, call.req);
  const site = personalSiteOf(call.tenant, user.userPrincipalName);
  if (!site) return graphError(404, 'itemNotFound', "User's mysite not found.", call.req);
  const drive: Record<string, unknown> = {
    id: `b!${Buffer.from(guidFrom('drive', site.id)).toString('base64url')}`,
    driveType: 'business',
    name: 'OneDrive',
    webUrl: `${site.url}/Documents`,
    owner: { user: { id: user.id, displayName: user.displayName, email: user.mail } },
    sharePointIds: { siteId: site.id, webId: guidFrom('web', site.id), listId: guidFrom('list', site.id), siteUrl: site.url, tenantId: call.tenant.tenantId },
  };
  const select = call.req.url.searchParams.get('$select');
  const body = select
    ? Object.fromEntries(select.split(',').map((s) => s.trim()).filter((s) => s in drive).map((s) => [s, drive[s]]))
    : drive;
  return json(200, { '@odata.context': `${GRAPH_ROOT}/v1.0/$metadata#drives/$entity`, ...body });
};
