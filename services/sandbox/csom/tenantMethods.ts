// The Tenant object's methods (TypeId {268004ae-ef6b-4e9b-8425-127220d84719}) the post-migration steps use.
import { OrgRelation, SandboxWorld, TenantState, hostUrlKey, lockStateOf, recordChange, siteKey, tenantByHostUrl } from '../model.js';
import type { SandboxChange } from '../types.js';
import { CsomError, CsomObject, csomErrors, objectIdentity } from './answer.js';
import { ORG_RELATION_ROLE, ORG_RELATION_SCENARIO, ORG_RELATION_VERIFICATION, enumName, roleFromWire } from './enums.js';
import type { CsomValue } from './parse.js';
import { operationObject, startOperation } from './operations.js';
import { CsomContext, deletedSiteProperties, listSites, siteProperties } from './siteProperties.js';

const NS = 'Microsoft.Online.SharePoint.TenantAdministration';

type TenantMethod = (ctx: CsomContext, params: CsomValue[]) => unknown;

const str = (v: CsomValue | undefined) => (v == null ? '' : String(v));
/** A role integer as this tenant decodes it (SandboxOptions.trustEnums). */
const roleOf = (ctx: CsomContext, v: CsomValue | undefined) => roleFromWire(ctx.world.settings.trustEnums, Number(v));

/** Runs a changing call and writes it to the action log, accepted or refused (the refusal is rethrown). */
export function logged<T>(world: SandboxWorld, tenant: TenantState, entry: Pick<SandboxChange, 'method' | 'target' | 'detail'>, run: () => T): T {
  try {
    const result = run();
    recordChange(world, tenant, { ...entry, outcome: 'ok' });
    return result;
  } catch (e) {
    if (e instanceof CsomError) recordChange(world, tenant, { ...entry, outcome: 'error', message: e.message });
    throw e;
  }
}

const changing = (method: SandboxChange['method'], fn: TenantMethod, detail?: (params: CsomValue[], ctx: CsomContext) => string): TenantMethod =>
  (ctx, params) => logged(ctx.world, ctx.tenant, { method, target: str(params[method === 'RemoveSPOTenantOrgRelation' ? 2 : 0]), detail: detail?.(params, ctx) }, () => fn(ctx, params));

/**
 * The relation text format is INFERRED: no public capture shows what GetSPOTenantOrgRelation* return.
 * Clients must treat it as opaque; we write one readable line per relation.
 */
function relationText(ctx: CsomContext, relations: OrgRelation[]): string {
  return relations.map((r) => {
    const partner = tenantByHostUrl(ctx.world, r.partnerHostUrl);
    return `Scenario: ${enumName(ORG_RELATION_SCENARIO, r.scenario)}; PartnerRole: ${enumName(ORG_RELATION_ROLE, r.partnerRole)}; `
      + `PartnerCrossTenantHostUrl: ${r.partnerHostUrl}; PartnerCompanyId: ${partner?.tenantId ?? 'unknown'}`;
  }).join('\n');
}

/**
 * The host URL as the caller sent it must match the one stored (case aside) with or without its trailing
 * slash exactly: a service that compares exactly is what a client has to cope with (the docs write both forms).
 */
const sameHost = (stored: string, sent: string) => stored.toLowerCase() === sent.trim().toLowerCase();

const sameRelation = (r: OrgRelation, scenario: number, role: number, hostUrl: string) =>
  r.scenario === scenario && r.partnerRole === role && sameHost(r.partnerHostUrl, hostUrl);

/** Role the other side must hold for us: if our partner is Target, we are its Source, and so on. */
const mirrorRole = (role: number) => (role === ORG_RELATION_ROLE.Target ? ORG_RELATION_ROLE.Source : role === ORG_RELATION_ROLE.Source ? ORG_RELATION_ROLE.Target : role);

function verify(ctx: CsomContext, [scenario, wireRole, hostUrl]: CsomValue[]): number {
  const role = roleOf(ctx, wireRole);
  const mine = ctx.tenant.relations.some((r) => sameRelation(r, Number(scenario), Number(role), str(hostUrl)));
  if (!mine) return ORG_RELATION_VERIFICATION.NotEstablished;
  const partner = tenantByHostUrl(ctx.world, str(hostUrl));
  if (!partner) return ORG_RELATION_VERIFICATION.CouldNotContactPartner;
  // The partner knows its own relations whatever form they were written in.
  const theirs = partner.relations.some((r) => r.scenario === Number(scenario) && r.partnerRole === mirrorRole(role) && hostUrlKey(r.partnerHostUrl) === `https://${ctx.tenant.myHost}/`);
  return theirs ? ORG_RELATION_VERIFICATION.GoodToProceed : ORG_RELATION_VERIFICATION.NotEstablishedByPartner;
}

function removeRelation(ctx: CsomContext, [scenario, wireRole, hostUrl]: CsomValue[]): void {
  const role = roleOf(ctx, wireRole);
  const i = ctx.tenant.relations.findIndex((r) => sameRelation(r, Number(scenario), Number(role), str(hostUrl)));
  // Both refusal messages are INFERRED (not publicly recorded).
  if (i < 0) throw csomErrors.spException(`There is no Cross-Tenant relationship established for partner ${str(hostUrl)} and role ${enumName(ORG_RELATION_ROLE, Number(role))}.`);
  if (ctx.tenant.licencesExpired) throw csomErrors.spException('The cross-tenant relationship cannot be changed because the tenant no longer has active SharePoint licences.');
  ctx.tenant.relations.splice(i, 1);
}

/** The site leaves the active list at once and sits in the recycle bin; the operation reports completion later. */
function removeSite(ctx: CsomContext, [url]: CsomValue[]): CsomObject {
  const site = ctx.tenant.sites.get(siteKey(str(url)));
  if (!site) {
    if (ctx.tenant.recycleBin.has(siteKey(str(url)))) throw csomErrors.cannotRemoveSite(str(url));
    throw csomErrors.noSite(str(url));
  }
  // A ReadOnly site is removed as it is (office-docs-powershell #8274), unless it is one of those that
  // deny access until unlocked (OfficeDocs-SharePoint #2922); other locks refuse (csomErrors.accessDenied).
  const lock = lockStateOf(site, ctx.world.now());
  if (lock !== 'Unlock' && (lock !== 'ReadOnly' || site.deniesWhileReadOnly)) throw csomErrors.accessDenied();
  if (site.hasHolds) throw csomErrors.notSupportedForSite();
  ctx.tenant.sites.delete(siteKey(site.url));
  ctx.tenant.recycleBin.set(siteKey(site.url), { ...site, deletedAt: new Date(ctx.world.now()) });
  ctx.tenant.siteVersion++;
  return startOperation(ctx, 'RemoveSite', site.url).object;
}

function removeDeletedSite(ctx: CsomContext, [url]: CsomValue[]): CsomObject {
  const site = ctx.tenant.recycleBin.get(siteKey(str(url)));
  if (!site) throw csomErrors.deletedSiteNotFound(str(url));
  ctx.tenant.recycleBin.delete(siteKey(site.url));
  return startOperation(ctx, 'RemoveDeletedSite', site.url).object;
}

function sitePropertiesByUrl(ctx: CsomContext, [url]: CsomValue[]): CsomObject {
  const site = ctx.tenant.sites.get(siteKey(str(url)));
  if (site) return siteProperties(ctx, site);
  // A site in the recycle bin is still answered, with Status "Recycled" (CLI siteExists and PnP Framework
  // CheckIfSiteExists look at Status first).
  const recycled = ctx.tenant.recycleBin.get(siteKey(str(url)));
  if (recycled) return { ...siteProperties(ctx, recycled), Status: 'Recycled' };
  throw csomErrors.noSite(str(url));
}

function deletedSiteByUrl(ctx: CsomContext, [url]: CsomValue[]): CsomObject {
  const site = ctx.tenant.recycleBin.get(siteKey(str(url)));
  if (!site) throw csomErrors.unknownError();
  return deletedSiteProperties(ctx, site);
}

export const TENANT_METHODS: Record<string, TenantMethod> = {
  GetMySiteHostUrl: (ctx) => `https://${ctx.tenant.myHost}/`,
  GetSPOTenantOrgRelationByScenario: (ctx, [scenario, role]) => relationText(ctx, ctx.tenant.relations.filter(
    (r) => r.scenario === Number(scenario) && (role == null || roleOf(ctx, role) === ORG_RELATION_ROLE.None || r.partnerRole === roleOf(ctx, role)))),
  GetSPOTenantOrgRelationByPartner: (ctx, [hostUrl]) => relationText(ctx, ctx.tenant.relations.filter((r) => sameHost(r.partnerHostUrl, str(hostUrl)))),
  GetSPOTenantOrgRelationAll: (ctx) => relationText(ctx, ctx.tenant.relations),
  VerifySPOTenantOrgRelation: verify,
  RemoveSPOTenantOrgRelation: changing('RemoveSPOTenantOrgRelation', removeRelation, (p, ctx) => `PartnerRole ${enumName(ORG_RELATION_ROLE, roleOf(ctx, p[1]))}`),
  GetSitePropertiesFromSharePointByFilters: (ctx, [filter]) => {
    if (!filter || typeof filter !== 'object' || Array.isArray(filter)) throw csomErrors.argument('Value cannot be null.\r\nParameter name: speFilter');
    return listSites(ctx, filter);
  },
  GetSitePropertiesByUrl: sitePropertiesByUrl,
  RemoveSite: changing('RemoveSite', removeSite),
  RemoveDeletedSite: changing('RemoveDeletedSite', removeDeletedSite),
  GetDeletedSitePropertiesByUrl: deletedSiteByUrl,
};

/** An `Identity` object path: a SpoOperation (polling) or a SiteProperties object, by its identity text. */
export function resolveIdentity(ctx: CsomContext, name: string): CsomObject {
  const parts = name.split('\n');
  if (parts[1] === 'SpoOperation') {
    const op = ctx.tenant.operations.get(parts[parts.length - 1]);
    if (op) return operationObject(ctx, op);
  }
  if (parts[1] === 'SiteProperties' && parts[2]) return sitePropertiesByUrl(ctx, [decodeURIComponent(parts[2])]);
  // Message INFERRED.
  throw csomErrors.invalidQuery('The object specified does not exist or the identity is not valid.');
}

/** The tenant object itself, for a Query on the constructor path (a few real properties). */
export function tenantObject(ctx: CsomContext): CsomObject {
  return {
    _ObjectType_: `${NS}.Tenant`, _ObjectIdentity_: objectIdentity(ctx.correlation, ctx.tenant.adminSiteId, 'Tenant'),
    RootSiteUrl: `https://${ctx.tenant.rootHost}`, IsMultiGeo: false, SharingCapability: 2, OneDriveStorageQuota: 1048576,
    CompatibilityRange: '15,15', ResourceQuota: 6300, StorageQuota: 1355776,
  };
}
