// The simulated tenants' state: plain records the route handlers read and change.
import type { SandboxChange } from './types.js';

export type MoveStatus = 'notStarted' | 'inProgress' | 'completed' | 'cancelled' | 'failed';

/** SiteProperties.LockState values (Set-SPOSite -LockState). */
export const LOCK_STATES = ['Unlock', 'ReadOnly', 'NoAccess', 'NoAdditions'] as const;
export type LockState = (typeof LOCK_STATES)[number];

export interface SiteRecord {
  id: string;
  url: string;
  template: string;
  title: string;
  owner: string;
  created: Date;
  lastContentModified: Date;
  hasHolds: boolean;
  storageUsage: number;
  /** Set while the site sits in the tenant recycle bin. */
  deletedAt?: Date;
  /** Absent = 'Unlock'. */
  lockState?: LockState;
  /** ReadOnly, yet RemoveSite is refused (access denied) until it is unlocked, as some admins report. */
  deniesWhileReadOnly?: boolean;
  /** A lock change made by SiteProperties.Update: it takes effect when its SetSite operation completes. */
  pendingLock?: { state: LockState; at: number };
  /**
   * Owners past `owner` (site collection admins of a moved site, UPNs). CSOM SiteProperties names only
   * `owner`; `<site>/_api/web/siteusers?$filter=IsSiteAdmin eq true` lists them all (siteRest.ts).
   */
  additionalOwners?: string[];
  /**
   * Its files hold full paths that would pass 400 characters at another URL (SandboxOptions.longPathSites):
   * a move of it is refused at creation, dry run included (siteMoveChecks.ts).
   */
  longPaths?: boolean;
}

/** The lock state in force at `now`, folding in a pending change whose operation has completed. */
export function lockStateOf(site: SiteRecord, now: number): LockState {
  if (site.pendingLock && now >= site.pendingLock.at) {
    site.lockState = site.pendingLock.state;
    site.pendingLock = undefined;
  }
  return site.lockState ?? 'Unlock';
}

export interface UserRecord {
  id: string;
  userPrincipalName: string;
  displayName: string;
  givenName: string;
  surname: string;
  mail: string;
  jobTitle: string;
  preferredLanguage: string;
}

/** A cross-tenant relationship held by one tenant, naming the partner's role and host (enum integers). */
export interface OrgRelation {
  scenario: number;
  partnerRole: number;
  partnerHostUrl: string;
}

/** A User row of an identity map: who on the source tenant becomes whom here. */
export interface IdentityMapRow {
  sourceTenantId: string;
  sourceUpn: string;
  targetUpn: string;
}

/** What a site or group-site move carries (MoveTask.site); absent on a person's OneDrive move. */
export interface SiteMove {
  kind: 'site' | 'group';
  sourceSiteUrl: string;
  targetSiteUrl: string;
  /** Group kind: the source and target groups' aliases (mailNickname), as the request named them. */
  sourceAlias?: string;
  targetAlias?: string;
}

export interface MoveTask {
  id: string;
  /** A person's move: their UPNs. A site or group-site move: both '' and `site` set. */
  sourceUpn: string;
  targetUpn: string;
  site?: SiteMove;
  targetOrganizationHost: string;
  status: MoveStatus;
  createdAt: number;
  startedDateTime: string | null;
  lastUpdatedDateTime: string | null;
  finishedDateTime: string | null;
  error: { code: string; message: string } | null;
  /** Tasks created over the API run on a clock: start and finish times in ms since epoch. */
  schedule?: { startAt: number; finishAt: number };
}

export interface SpoOperationRecord {
  key: string;
  identity: string;
  completeAt: number;
  pollingInterval: number;
}

export interface AppCredentials {
  clientId: string;
  privateKeyPem: string;
  certificatePem: string;
  roles: string[];
}

export interface GroupRecord {
  id: string;
  displayName: string;
  memberIds: string[];
  /** Microsoft 365 groups: the alias. Security groups have none. */
  mailNickname?: string;
  /** Microsoft 365 groups: the URL of the group's connected site, once it has one. */
  siteUrl?: string;
  /** Microsoft 365 groups: the user ids of its owners (Graph groups/{id}/owners). */
  ownerIds?: string[];
}

export interface TenantState {
  name: string;
  tenantId: string;
  domain: string;
  adminHost: string;
  myHost: string;
  rootHost: string;
  /** Site id the CSOM object identities carry after the farm id. */
  adminSiteId: string;
  app: AppCredentials;
  users: UserRecord[];
  /** Entra security groups; members are user or group ids (nesting as Entra allows it). */
  groups: GroupRecord[];
  /** Keyed by lower-case URL without a trailing slash. */
  sites: Map<string, SiteRecord>;
  recycleBin: Map<string, SiteRecord>;
  relations: OrgRelation[];
  /** The identity map uploaded on this tenant, as the destination of moves (Add-SPOTenantIdentityMap). */
  identityMap: IdentityMapRow[];
  moves: Map<string, MoveTask>;
  operations: Map<string, SpoOperationRecord>;
  digests: Map<string, number>;
  /** Bumped on every site change so sorted listings can be cached. */
  siteVersion: number;
  /** Licences ended: the tenant can no longer change its cross-tenant relations. */
  licencesExpired: boolean;
  /** Cross-tenant migration not enabled here (SandboxOptions.featureDisabled). */
  crossTenantFeatureDisabled?: boolean;
}

export function siteKey(url: string): string {
  return url.replace(/\/+$/, '').toLowerCase();
}

/** `https://contoso-my.sharepoint.com/` form: lower case with one trailing slash. */
export function hostUrlKey(url: string): string {
  return url.replace(/\/+$/, '').toLowerCase() + '/';
}

export function personalSiteUrl(myHost: string, upn: string): string {
  return `https://${myHost}/personal/${upn.replace(/[^A-Za-z0-9]/g, '_')}`;
}

export interface WorldSettings {
  pageSize: number;
  operationPollingMs: number;
  moveDurationMs: number;
  /** UPNs (lower case, source or target side) whose moves fail when they would finish. */
  failMovesFor: string[];
  /** The target-URL conflict refuses the move up front (validateOnly included) instead of failing it later. */
  urlConflictOnValidate: boolean;
  /** Every Nth RemoveSite / RemoveDeletedSite per tenant stays pending (SandboxOptions.pendingOperationEvery). */
  pendingOperationEvery?: number;
  /** OrgRelationRole integers this world decodes (SandboxOptions.trustEnums; absent = 'inferred'). */
  trustEnums?: 'inferred' | 'swapped';
}

/** Everything the route handlers share: both tenants, the token key, the knobs that shape answers. */
export interface SandboxWorld {
  tenants: TenantState[];
  signingKey: { privateKeyPem: string; publicKeyPem: string };
  settings: WorldSettings;
  /** Site-listing continuation tokens → the last URL of the page they follow. */
  pageTokens: Map<string, { tenant: string; after: string }>;
  /** Every changing call received, accepted or refused, in arrival order. */
  changes: SandboxChange[];
  /** The web app's user-assigned managed identity on the target tenant, and App Service's IDENTITY_HEADER secret. */
  managedIdentity: SandboxManagedIdentity;
  /** Every token issued to a tenant app, with the thumbprint of the certificate that signed its assertion. */
  signIns: SandboxSignIn[];
  now(): number;
}

export interface SandboxSignIn { tenant: string; thumbprint: string; at: string }

export interface SandboxManagedIdentity { clientId: string; principalId: string; tenantId: string; header: string }

/** Appends one entry to the change log. */
export function recordChange(world: SandboxWorld, tenant: TenantState, change: Omit<SandboxChange, 'tenant' | 'at'>): void {
  world.changes.push({ tenant: tenant.name, at: new Date(world.now()).toISOString(), ...change });
}

export function tenantById(world: SandboxWorld, id: string): TenantState | undefined {
  const key = id.toLowerCase();
  return world.tenants.find((t) => t.tenantId === key || `${t.name}.onmicrosoft.com` === key || t.domain === key);
}

export function tenantBySharePointHost(world: SandboxWorld, host: string): TenantState | undefined {
  return world.tenants.find((t) => t.adminHost === host || t.myHost === host || t.rootHost === host);
}

export function tenantByHostUrl(world: SandboxWorld, hostUrl: string): TenantState | undefined {
  const key = hostUrlKey(hostUrl);
  return world.tenants.find((t) => `https://${t.myHost}/` === key);
}
