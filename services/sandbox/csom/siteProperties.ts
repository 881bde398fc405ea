// SiteProperties objects and the paged, filtered site listing behind GetSitePropertiesFromSharePointByFilters.
import { createHash, randomUUID } from 'node:crypto';
import { SandboxWorld, SiteRecord, TenantState, lockStateOf } from '../model.js';
import { CsomObject, csomDate, csomErrors, identityUrl, objectIdentity } from './answer.js';
import { INCLUDE_PERSONAL_SITE } from './enums.js';
import type { CsomValue } from './parse.js';

const NS = 'Microsoft.Online.SharePoint.TenantAdministration';
const csomGuid = (g: string) => `/Guid(${g})/`;

export interface CsomContext { world: SandboxWorld; tenant: TenantState; correlation: string }

export const SITE_PROPERTIES_TYPE = `${NS}.SiteProperties`;

/** The site record behind each SiteProperties object handed out, so SetProperty/Update can reach it. */
export const siteBehind = new WeakMap<CsomObject, SiteRecord>();

/** Field set follows the recorded page files; values are the scenario's. */
export function siteProperties(ctx: CsomContext, s: SiteRecord): CsomObject {
  const obj = sitePropertiesFields(ctx, s);
  siteBehind.set(obj, s);
  return obj;
}

function sitePropertiesFields(ctx: CsomContext, s: SiteRecord): CsomObject {
  const quota = s.template.toUpperCase().startsWith('SPSPERS') ? 1048576 : 26214400;
  return {
    _ObjectType_: SITE_PROPERTIES_TYPE,
    _ObjectIdentity_: objectIdentity(ctx.correlation, ctx.tenant.adminSiteId, 'SiteProperties', identityUrl(s.url.toLowerCase())),
    AllowDownloadingNonWebViewableFiles: false, AllowEditing: false, AllowSelfServiceUpgrade: true,
    AverageResourceUsage: 0, CommentsOnSitePagesDisabled: false, CompatibilityLevel: 15, ConditionalAccessPolicy: 0,
    CurrentResourceUsage: 0, DenyAddAndCustomizePages: 2, DisableAppViews: 0, DisableCompanyWideSharingLinks: 0,
    DisableFlows: 0, GroupId: csomGuid('00000000-0000-0000-0000-000000000000'), HasHolds: s.hasHolds,
    LastContentModifiedDate: csomDate(s.lastContentModified), Lcid: 1033, LockIssue: null, LockState: lockStateOf(s, ctx.world.now()),
    NewUrl: '', Owner: s.owner, OwnerEmail: s.owner || null, PWAEnabled: 0, RestrictedToRegion: 3,
    SandboxedCodeActivationCapability: 0, SharingAllowedDomainList: null, SharingBlockedDomainList: null,
    SharingCapability: 1, SharingDomainRestrictionMode: 0, ShowPeoplePickerSuggestionsForGuestUsers: false,
    SiteDefinedSharingCapability: 0, SiteId: csomGuid(s.id), Status: 'Active', StorageMaximumLevel: quota,
    StorageQuotaType: null, StorageUsage: s.storageUsage, StorageWarningLevel: Math.floor(quota * 0.975),
    Template: s.template, TimeZoneId: 13, Title: s.title, Url: s.url, UserCodeMaximumLevel: 300,
    UserCodeWarningLevel: 200, WebsCount: 0,
  };
}

export function deletedSiteProperties(ctx: CsomContext, s: SiteRecord): CsomObject {
  const deleted = s.deletedAt ?? new Date(ctx.world.now());
  const daysRemaining = Math.max(0, 93 - Math.floor((ctx.world.now() - deleted.getTime()) / 86_400_000));
  return {
    _ObjectType_: `${NS}.DeletedSiteProperties`,
    _ObjectIdentity_: objectIdentity(ctx.correlation, ctx.tenant.adminSiteId, 'DeletedSiteProperties', identityUrl(s.url.toLowerCase())),
    DaysRemaining: daysRemaining, DeletionTime: csomDate(deleted), SiteId: csomGuid(s.id), Status: 'Recycled',
    StorageMaximumLevel: 26214400, Url: s.url, UserCodeMaximumLevel: 300,
  };
}

const sortedCache = new WeakMap<TenantState, { version: number; sites: SiteRecord[] }>();

function sortedSites(tenant: TenantState): SiteRecord[] {
  const cached = sortedCache.get(tenant);
  if (cached && cached.version === tenant.siteVersion) return cached.sites;
  const sites = [...tenant.sites.values()].sort((a, b) => (a.url.toLowerCase() < b.url.toLowerCase() ? -1 : 1));
  sortedCache.set(tenant, { version: tenant.siteVersion, sites });
  return sites;
}

type SitePredicate = (s: SiteRecord) => boolean;

/** Filter text like `Url -like 'sales' -and Template -eq 'STS#3'`; anything else is a syntax error. */
function parseFilter(text: string, now: number): SitePredicate {
  if (!text.trim()) return () => true;
  const clauses = text.split(/\s+-and\s+/i).map((clause) => {
    const m = /^\s*(Url|Title|Owner|Template|Status|LockState)\s+-(eq|ne|like|notlike)\s+(['"])(.*)\3\s*$/i.exec(clause);
    if (!m) throw csomErrors.argument(`Syntax error in the filter expression '${text}'.`);
    const field = (m[1][0].toUpperCase() + m[1].slice(1).toLowerCase()).replace('Lockstate', 'LockState');
    const op = m[2].toLowerCase();
    const want = m[4].replace(/\*/g, '').toLowerCase();
    return (s: SiteRecord) => {
      const have = String(field === 'Status' ? 'Active' : field === 'LockState' ? lockStateOf(s, now) : s[field.toLowerCase() as 'url' | 'title' | 'owner' | 'template']).toLowerCase();
      const hit = op === 'eq' || op === 'ne' ? have === want : have.includes(want);
      return op === 'ne' || op === 'notlike' ? !hit : hit;
    };
  });
  return (s) => clauses.every((c) => c(s));
}

/** Case-insensitive; a template given without `#n` matches every configuration of it (inferred). */
function templateMatches(wanted: string, template: string): boolean {
  if (!wanted) return true;
  const w = wanted.toLowerCase();
  const t = template.toLowerCase();
  return w.includes('#') ? w === t : t.split('#')[0] === w;
}

/** Personal sites are everything under /personal/ on the my host: OneDrives and the redirects left there (inferred). */
function isPersonal(tenant: TenantState, s: SiteRecord): boolean {
  return s.url.toLowerCase().startsWith(`https://${tenant.myHost}/personal/`);
}

function startAfter(ctx: CsomContext, startIndex: CsomValue): string {
  const text = startIndex == null ? '' : String(startIndex);
  if (text === '' || text === '0') return '';
  const entry = ctx.world.pageTokens.get(text);
  if (!entry || entry.tenant !== ctx.tenant.name) throw csomErrors.argument(`The value '${text}' of StartIndex is not valid.`);
  return entry.after;
}

function pageToken(ctx: CsomContext, after: string): string {
  const h = createHash('sha256').update(`${ctx.tenant.name}|${after}`).digest('hex');
  const g = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  const token = `SPSiteQuery,${randomUUID()},${ctx.tenant.adminSiteId},${g}`;
  ctx.world.pageTokens.set(token, { tenant: ctx.tenant.name, after });
  return token;
}

/** One page of the listing, ordered by URL; continues after the last URL seen, so removals never skip sites. */
export function listSites(ctx: CsomContext, filter: Record<string, CsomValue>): CsomObject {
  const personal = Number(filter.IncludePersonalSite ?? INCLUDE_PERSONAL_SITE.Default);
  if (![0, 1, 2].includes(personal)) throw csomErrors.argument(`The value '${personal}' of IncludePersonalSite is not valid.`);
  const predicate = parseFilter(String(filter.Filter ?? ''), ctx.world.now());
  const after = startAfter(ctx, filter.StartIndex);
  const template = String(filter.Template ?? '');
  const wanted = (s: SiteRecord) => (personal === INCLUDE_PERSONAL_SITE.Include || !isPersonal(ctx.tenant, s))
    && templateMatches(template, s.template) && predicate(s);
  const page: SiteRecord[] = [];
  let more = false;
  for (const s of sortedSites(ctx.tenant)) {
    if (after && s.url.toLowerCase() <= after) continue;
    if (!wanted(s)) continue;
    if (page.length === ctx.world.settings.pageSize) { more = true; break; }
    page.push(s);
  }
  return {
    _ObjectType_: `${NS}.SPOSitePropertiesEnumerable`,
    NextStartIndex: -1,
    NextStartIndexFromSharePoint: more ? pageToken(ctx, page[page.length - 1].url.toLowerCase()) : null,
    _Child_Items_: page.map((s) => siteProperties(ctx, s)),
  };
}
