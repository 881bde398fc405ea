import type { GroupSummary } from './operations/getGroup.js';
// What the rest of the product may know about a tenant. Everything above services/tenants/ speaks these
// types; nothing above it sees HTTP, CSOM, tokens or PnPjs.

export type TenantSide = 'source' | 'target';

/** The partner's role in a cross-tenant relationship (CSOM `OrgRelationRole`). */
export type PartnerRole = 'Source' | 'Target';

/**
 * CSOM `OrgRelationVerificationStatus`. Names are confirmed; the integers behind them are inferred
 * (see services/tenants/csomEnums.ts, the one place that maps them). An integer we do not know
 * comes back as `Unknown(<n>)` so it shows instead of being guessed.
 */
export type TrustVerification =
  | 'NotEstablished'
  | 'NotEstablishedByPartner'
  | 'Dormant'
  | 'DormantByPartner'
  | 'GoodToProceed'
  | 'CouldNotContactPartner'
  | `Unknown(${number})`;

export interface TrustStatus {
  side: TenantSide;
  partnerRole: PartnerRole;
  partnerHostUrl: string;
  verification: TrustVerification;
  /** `GetSPOTenantOrgRelationByScenario` answer: opaque text, shown as is, never parsed. */
  relationText: string | null;
}

export interface RelationCheck {
  state: 'present' | 'absent' | 'mismatch';
  /** What was read, in words an admin can check. */
  detail: string;
}

export interface RedirectSite {
  url: string;
  template: string;
  title: string;
  owner: string;
  status: string;
  lockState: string;
  /** ISO 8601, converted from CSOM's `/Date(y,m,d,h,mi,s,ms)/` form; undefined when absent. */
  lastContentModified?: string;
}

export interface ListProgress {
  pages: number;
  sitesSeen: number;
  redirectsKept: number;
}

export interface SiteInfo {
  url: string;
  exists: boolean;
  /** `_api/web` `WebTemplate`, e.g. `SPSPERS` (OneDrive) or `RedirectSite`. */
  webTemplate?: string;
  isRedirect: boolean;
  reachable: boolean;
}

/** Graph `sharePointMigrationTask` status; unknown future strings pass through unchanged. */
export type MoveStatus = 'notStarted' | 'inProgress' | 'completed' | 'cancelled' | 'failed' | (string & {});

export interface MoveState {
  sourceUpn: string;
  status: MoveStatus;
  id?: string;
  startedDateTime?: string;
  lastUpdatedDateTime?: string;
  finishedDateTime?: string;
  error?: string;
}

/** What a cross-tenant move carries: a person's OneDrive, a SharePoint site, or a Microsoft 365 group's site. */
export type MoveKind = 'onedrive' | 'site' | 'group';

/** A site or group-site move as the service reports it (Graph sharePointMigrationTask). */
export interface SiteMoveState extends Omit<MoveState, 'sourceUpn'> {
  kind: 'site' | 'group';
  /** The source site URL (site kind) or the source group alias (group kind), as asked for. */
  source: string;
  /** The site URLs the task names when it names them (a group task read back may: inferred). */
  sourceSiteUrl?: string; targetSiteUrl?: string;
}

export interface SiteMoveRequest {
  kind: 'site' | 'group';
  /** Site kind: the full source and target site URLs. Group kind: the source and target group aliases (mailNickname). */
  source: string; target: string;
  targetHostUrl: string; validateOnly?: boolean;
}

export interface DirectoryUser {
  id: string;
  userPrincipalName: string;
  displayName?: string;
  mail?: string;
  preferredLanguage?: string;
}

/**
 * Graph v1.0 `crossTenantMigrationJob` (Microsoft's cross-tenant migration orchestrator), the fields the bot
 * reads. `status` is Graph's word (submitted … completed, completedWithErrors, failed …), passed through.
 * That v1.0 carries the beta page's properties is inferred (docs/moves.md, inferred 9).
 */
export interface MigrationJob {
  id: string;
  displayName: string;
  jobType: 'validate' | 'migrate' | (string & {});
  status: string;
  message?: string;
  workloads: string[];
  /** What the job moves: target users' object ids (inferred 10). */
  resources: string[];
  createdDateTime?: string;
  lastUpdatedDateTime?: string;
}

/** One workload's state in a task (`crossTenantMigrationServiceStatusDetails`): service ODSP, Exchange, Teams… (inferred 12). */
export interface MigrationWorkloadStatus {
  service: string; status: string; message?: string;
  /** The first of its `errors`, as a move state's error reads (`code: message`). */
  error?: string;
}

/** Graph `crossTenantMigrationTask`: one user of a job. `id` is the target user's object id (inferred 10). */
export interface MigrationJobTask {
  id: string;
  lastUpdatedDateTime?: string;
  currentStatus: MigrationWorkloadStatus[];
}

/** The read operations of one tenant used by the foundation; later issues add the changing ones. */
export interface TenantOperations {
  readonly side: TenantSide;
  readonly adminUrl: string;
  /** `Get-SPOCrossTenantHostUrl` (CSOM `GetMySiteHostUrl`), or the configured override. */
  getHostUrl(): Promise<string>;
  /** `Verify-SPOCrossTenantRelationship` for MnA with the partner's role and host URL, plus the relation text. */
  getTrust(partnerRole: PartnerRole, partnerHostUrl: string): Promise<TrustStatus>;
  /** Every redirect site on the tenant, all pages, personal sites included, re-filtered on the client. */
  listRedirectSites(options?: { onProgress?: (p: ListProgress) => void; signal?: AbortSignal }): Promise<RedirectSite[]>;
  /** Site-level REST read of a site's template and whether it answers. */
  getSite(url: string): Promise<SiteInfo>;
  /** Graph getBySourceUserPrincipalName; null when the service has no move for that user (404). */
  getMoveState(sourceUpn: string): Promise<MoveState | null>;
  /**
   * Graph getBySourceSiteUrl (site kind) or getBySourceGroupMailNickname (group kind, the source alias); null
   * when the service has no move for that site or group (404).
   */
  getSiteMoveState(kind: 'site' | 'group', source: string, signal?: AbortSignal): Promise<SiteMoveState | null>;
  /** 429/503 answers this client has had so far (all requests): bulk readers slow down when it grows. */
  throttleCount?(): number;
  /** Graph users/{upn}; null when the user does not exist (404). */
  getUser(upn: string): Promise<DirectoryUser | null>;
  /** Graph users/{id}/checkMemberGroups: the given groups the user is in, nested included (lower-case ids). */
  checkMemberGroups?(userId: string, groupIds: readonly string[], signal?: AbortSignal): Promise<string[]>;
  /** Graph groups/{id}: name and member count, nested groups expanded (for `check setup`). */
  getGroup?(groupId: string, signal?: AbortSignal): Promise<GroupSummary>;
  /** Graph v1.0 crossTenantMigrationJobs, every page (the orchestrator's jobs this tenant holds). */
  listMigrationJobs?(signal?: AbortSignal): Promise<MigrationJob[]>;
  /** Graph v1.0 crossTenantMigrationJobs/{id}/users, every page: one task per user of the job. */
  listMigrationJobTasks?(jobId: string, signal?: AbortSignal): Promise<MigrationJobTask[]>;
  /** The people who own a site on this tenant: a group's owners (Graph) or the site's administrators (SharePoint). */
  getSiteOwners?(site: SiteOwnersOf, signal?: AbortSignal): Promise<SiteOwner[]>;
}

/** The site whose owners are asked for: a group site by its group's alias, a SharePoint site by its URL. */
export interface SiteOwnersOf { kind: 'site' | 'group'; siteUrl: string; alias?: string }

/** One owner of a site, by the sign-in name they have on that tenant. */
export interface SiteOwner { upn: string; displayName?: string }

/** The result of a SharePoint tenant operation polled to its end (`SpoOperation`). */
export interface OperationOutcome {
  /** True when the operation reported IsComplete within the poll cap. */
  complete: boolean;
  polls: number;
}

/** Site properties read just before acting on a site (CSOM `GetSitePropertiesByUrl`). */
export interface SiteProperties extends RedirectSite {
  hasHolds?: boolean;
}

/**
 * The changing operations of one tenant (Step 7). Each is one request sequence; the job runner re-reads
 * state before calling them and records the outcome. They throw TenantError with the tenant's message.
 */
export interface TenantChanges {
  /** `Remove-SPOCrossTenantRelationship -Scenario MnA -PartnerRole <partnerRole> -PartnerCrossTenantHostUrl <url>`. */
  removeTrust(partnerRole: PartnerRole, partnerHostUrl: string): Promise<void>;
  /**
   * Reads the relation back (GetSPOTenantOrgRelationByScenario / …ByPartner) and says whether the tenant
   * holds one with that partner in that role: the guard around trust removal, since the role integers are
   * inferred. 'mismatch' means what we send does not mean what we think: act on nothing.
   */
  checkRelation(partnerRole: PartnerRole, partnerHostUrl: string): Promise<RelationCheck>;
  /** CSOM `GetSitePropertiesByUrl`; null when the site does not exist (SpoNoSiteException). */
  findSite(url: string): Promise<SiteProperties | null>;
  /** CSOM `Tenant.RemoveSite(url)`, polled to completion: the site goes to the tenant recycle bin. */
  removeSite(url: string): Promise<OperationOutcome>;
  /** CSOM `GetDeletedSitePropertiesByUrl`: whether the URL is held by a site in the tenant recycle bin. */
  isInRecycleBin(url: string): Promise<boolean>;
  /** CSOM `Tenant.RemoveDeletedSite(url)`, polled to completion: purges it from the recycle bin. */
  purgeDeletedSite(url: string): Promise<OperationOutcome>;
  /** `Set-SPOSite -LockState Unlock`: CSOM set `SiteProperties.LockState` = "Unlock" + `Update()`, polled. */
  unlockSite(url: string): Promise<OperationOutcome>;
  /**
   * `Start-SPOCrossTenantUserContentMove`: Graph beta POST crossOrganizationMigrationTasks on the tenant
   * the content leaves. With `validateOnly` the service checks the move and creates nothing (no id,
   * status completed); its refusal comes back as a TenantError carrying the MnA code.
   */
  startMove(move: MoveRequest): Promise<MoveState>;
  /** Graph beta GET crossOrganizationMigrationTasks/{id}; null when the service has no such task (404). */
  getMoveTask(id: string): Promise<MoveState | null>;
  /**
   * `Start-SPOCrossTenantSiteContentMove` / `Start-SPOCrossTenantGroupContentMove`: the same Graph POST with
   * site or group parameters, on the tenant the site leaves; `validateOnly` and refusals as for startMove.
   */
  startSiteMove(move: SiteMoveRequest): Promise<SiteMoveState>;
  /** GET crossOrganizationMigrationTasks/{id} read as a site or group task; null when there is none (404). */
  getSiteMoveTask(kind: 'site' | 'group', id: string): Promise<SiteMoveState | null>;
}

export interface MoveRequest {
  sourceUpn: string;
  targetUpn: string;
  /** The cross-tenant host URL of the tenant the content goes to. */
  targetHostUrl: string;
  validateOnly?: boolean;
}

/** A person's OneDrive as Graph names it (users/{id}/drive). */
export interface UserDrive {
  /** The Documents library, e.g. https://fabrikam-my.sharepoint.com/personal/x/Documents */
  webUrl: string;
  /** The personal site that holds it. */
  siteUrl: string;
  siteId?: string;
  webId?: string;
  listId?: string;
}

/** What guiding people needs from the tenant they now live on: find them, install the bot, their OneDrive. */
export interface TenantPeople {
  /**
   * Graph POST users/{id}/teamwork/installedApps: installs the Teams app (its catalog id) for the user, so
   * the bot can open a 1:1 chat with them; 409 answers 'already-installed'. Other errors: TenantError.
   */
  installAppForUser(userId: string, catalogAppId: string): Promise<'installed' | 'already-installed'>;
  /** Graph users/{id}/drive; null when the person has no OneDrive on this tenant. */
  getUserDrive(userId: string): Promise<UserDrive | null>;
  /**
   * Graph POST users/{from}/sendMail (Mail.Send): one HTML message to one address, not kept in Sent Items.
   * Made once, never repeated by the pipeline (a repeat could be a second e-mail): ThrottledError (429, 503
   * with Retry-After) means nothing was sent; UnreachableError or a 5xx leaves it unknown. A wrong sender
   * or a missing permission: TenantError saying what to fix.
   */
  sendMail(from: string, to: string, subject: string, html: string): Promise<void>;
}

export type TenantClientApi = TenantOperations & TenantChanges & TenantPeople;
