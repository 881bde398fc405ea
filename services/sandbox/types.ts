// The simulated tenant pair's public surface: what the composition root, tests and benchmarks use.
// The sandbox shares no code with services/tenants/: it parses CSOM and builds its answers on its own.
import type { UploadedFile, UploadInfo } from './routes/fileUploads.js';

/** Header that carries the real host of a request sent to the sandbox's loopback address (a neutral module). */
export { ORIGINAL_HOST_HEADER } from '../loopbackRouting.js';

export interface SandboxFaults {
  /** Fraction (0..1) of requests answered 429 with Retry-After. */
  throttleRate?: number;
  /** Seconds put in Retry-After on a throttled answer. */
  retryAfterSeconds?: number;
  /** Retry-After as delta seconds or as an HTTP date (alternates when 'both'). */
  retryAfterForm?: 'seconds' | 'date' | 'both';
  /** Fraction (0..1) of requests answered 503 (with Retry-After). */
  unavailableRate?: number;
  /** Fraction (0..1) of requests whose connection is destroyed before any answer. */
  resetRate?: number;
  /** Delay added to every answer, in ms. */
  latencyMs?: number;
  /** Delay of SharePoint's answers (CSOM and REST), in ms, in place of `latencyMs`: CSOM calls are often slower. */
  sharePointLatencyMs?: number;
  /** Delay of Graph's answers, in ms, in place of `latencyMs`. */
  graphLatencyMs?: number;
  /**
   * Graph's request budget on the cross-organization migration endpoints, per app per tenant: past it,
   * 429 with Retry-After. Microsoft publishes no figure for these endpoints: this is the sandbox's own
   * (sliding window, one unit a request, throttled requests count; services/sandbox/budget.ts).
   */
  graphMigrationBudget?: { requestsPerWindow: number; windowMs: number };
  /**
   * Faults one call receives at most: once the same request (method, host, path and body: a client's retry
   * of it) has been refused this many times, it is answered. Models faults that clear within a client's retry
   * budget, so a test can require that every call lands without leaning on chance; unset: no bound.
   */
  faultsPerCallAtMost?: number;
  /** Only requests to these hosts get faults (default: every host except login). Not used by `budget`. */
  hosts?: string[];
  /**
   * SharePoint's resource-unit budget, per app per tenant (source and target apps separately), on the
   * SharePoint hosts only: past it, 429 with Retry-After; from 80% used, RateLimit-* headers. Sliding
   * window; throttled requests count. See services/sandbox/budget.ts for the exact rules.
   */
  budget?: { unitsPerWindow: number; windowMs: number; costPerRequest?: number /* default 2 */ };
}

export interface SandboxOptions {
  /** 0 = any free port. Binds 127.0.0.1 only. */
  port?: number;
  /** Number of migrated users in the scenario (default 250). */
  users?: number;
  /**
   * How the scenario's people were moved: 'identity-map' (default; SharePoint moves from the identity map)
   * or 'orchestrator' (the same moves, also listed as Graph crossTenantMigrationJobs on the target tenant).
   */
  migrationSource?: 'identity-map' | 'orchestrator';
  /**
   * SharePoint sites and Microsoft 365 group sites moved from contoso to fabrikam, with their groups, moves
   * and redirects, and the site map (default 0 each: the people's scenario alone; SANDBOX_SITES and
   * SANDBOX_GROUP_SITES give a rehearsal 6 and 3). Drawn after everything else, which they leave unchanged.
   */
  sites?: number;
  groupSites?: number;
  /**
   * How many completed site moves (site kind, in scenario order) had a new site made at their old URL since,
   * in the redirect's place, so moving one back meets a live site there (default 0; marked remadeAtSource).
   */
  remadeSites?: number;
  /**
   * How many completed site moves (site kind, after the remade ones) hold paths that pass 400 characters at
   * another URL, so moving one back is refused by the service's checks (default 0; marked longPaths).
   */
  longPathSites?: number;
  /** Extra redirect sites on the source beyond one per completed move (bench: 20,000 in all). */
  extraRedirectSites?: number;
  /** Sites per page of GetSitePropertiesFromSharePointByFilters (default 100). */
  pageSize?: number;
  /** Seed of the deterministic scenario (default 1). */
  seed?: number;
  faults?: SandboxFaults;
  /** Days from now until the source licences expire (default 21; 0 or less = expired). */
  licenceDaysLeft?: number;
  /** PollingInterval (ms) a pending SpoOperation reports; it completes once that long has passed (default 50). */
  operationPollingMs?: number;
  /**
   * RemoveSite / RemoveDeletedSite answer complete at once with PollingInterval 15000, as app-only
   * recordings show, except the 2nd and then every Nth per tenant, which stay pending (default 3; 0 = all
   * complete at once, 1 = all pending). Unlocking (SetSite) always stays pending.
   */
  pendingOperationEvery?: number;
  /** Every redirect site on the source ReadOnly, and removable as it is; no redirect under a hold (default false). */
  readOnlyRedirects?: boolean;
  /** How long a move started over Graph takes: notStarted for a third of it, then inProgress (default 1500 ms). */
  moveDurationMs?: number;
  /**
   * The cross-tenant relations for moving users back (fabrikam → contoso): fabrikam holding partner role
   * Target + contoso's host, contoso holding partner role Source + fabrikam's host. 'both' (default) sets
   * both, so a rehearsal can move someone back; the others leave one or both sides unset.
   */
  reverseTrust?: 'both' | 'none' | 'contoso-only' | 'fabrikam-only';
  /** UPNs (either side of the move) whose moves started over Graph fail as they would finish (default none). */
  failMovesFor?: string[];
  /**
   * Whether a site holding the destination URL refuses the move at creation (validateOnly included) with
   * MnASiteMoveTargetUrlHasWriteConflict, instead of the move being accepted and failing (default false).
   */
  urlConflictOnValidate?: boolean;
  /** App roles granted per tenant app (default: every role the product needs). */
  appRoles?: Partial<Record<'contoso' | 'fabrikam', string[]>>;
  /**
   * The certificate registered on a tenant's app instead of a fresh one (e.g. an expired one, which the
   * token endpoint then refuses with AADSTS700027 as Entra does for an expired key).
   */
  appCertificates?: Partial<Record<'contoso' | 'fabrikam', { privateKeyPem: string; certificatePem: string }>>;
  /**
   * OrgRelationRole integers the simulated tenants decode: 'inferred' (default, the clients' guess) or
   * 'swapped' (Source and Target exchanged), to show the clients' trust guard stopping on a wrong guess.
   */
  trustEnums?: 'inferred' | 'swapped';
  /** Whether the web app's managed identity holds "Key Vault Secrets User" on the sandbox's vault (default true). */
  keyVaultAccess?: boolean;
  /** Tenants where cross-tenant migration is off: their cross-tenant CSOM methods answer FeatureIsNotEnabled. */
  featureDisabled?: ('contoso' | 'fabrikam')[];
  /**
   * How many people on the target tenant blocked the bot: the Teams connector answers 403
   * MessageWritesBlocked to messages for them (default 2 at 250 users, one per 125; listed in scenario).
   */
  blockedUsers?: number;
}

/** One migrated person of the seeded scenario. */
export interface SandboxScenarioUser {
  sourceUpn: string;
  targetUpn: string;
  status: 'notStarted' | 'inProgress' | 'completed' | 'cancelled' | 'failed';
  moveId: string;
  /** Old OneDrive URL on the source (a redirect site once the move completed). */
  sourceSiteUrl: string;
  /** OneDrive URL on the target. */
  targetSiteUrl: string;
}

/** One moved site or group site of the seeded scenario, as its site map row and its move name it. */
export interface SandboxScenarioSite {
  kind: 'site' | 'group';
  /** https://contoso.sharepoint.com/sites/<name>: a redirect site once the move completed. */
  sourceSiteUrl: string;
  /** https://fabrikam.sharepoint.com/sites/<name>: stands only once the move completed. */
  targetSiteUrl: string;
  /** Group kind: the groups' aliases (the same on both tenants here). */
  sourceAlias?: string;
  targetAlias?: string;
  status: SandboxScenarioUser['status'];
  moveId: string;
  /** The site's owners on the source (the redirect keeps the first), and the target users who own it once moved. */
  sourceOwners: string[];
  targetOwners: string[];
  /** SandboxOptions.remadeSites: a new site stands at the source URL in the redirect's place. */
  remadeAtSource?: true;
  /** SandboxOptions.longPathSites: the moved site's files hold paths too long for another URL. */
  longPaths?: true;
}

/** What the seeded scenario holds at start, so rehearsals and tests can name real people and sites. */
export interface SandboxScenario {
  users: SandboxScenarioUser[];
  /** Moved sites and group sites (SandboxOptions.sites / groupSites), sites first. */
  sites?: SandboxScenarioSite[];
  /** The completed user whose UPN has an apostrophe. */
  apostropheUpn?: string;
  /** Redirect site under a retention hold (removal fails). */
  heldRedirectUrl?: string;
  /** Redirect site already in the source recycle bin. */
  recycledRedirectUrl?: string;
  /** Completed users' redirect sites locked (LockState NoAccess or ReadOnly): RemoveSite is refused until unlocked. */
  lockedRedirects?: string[];
  /** Target UPNs of the people who blocked the bot in Teams (SandboxOptions.blockedUsers). */
  blockedUpns?: string[];
  /** A shared mailbox on the target tenant to send the guidance e-mail fallback from (GUIDANCE_MAIL_FROM). */
  helpMailbox?: string;
  /** Target-tenant staff in the seeded role groups: admin directly, admin through a nested group, approver. */
  groupPeople?: SandboxGroupPeople;
}

export interface SandboxGroupPeople {
  directAdmin: string;
  nestedAdmin: string;
  approver: string;
}

/** A changing call the sandbox received, as the action log records it. */
export interface SandboxChange {
  /** 'contoso' | 'fabrikam' */
  tenant: string;
  method: 'RemoveSite' | 'RemoveDeletedSite' | 'SetSite' | 'RemoveSPOTenantOrgRelation' | 'CreateMoveTask';
  /** Site URL; partner host URL (trust removal); source user, site URL or group alias (move creation), as the caller sent it. */
  target: string;
  /** ISO time the call was received. */
  at: string;
  outcome: 'ok' | 'error';
  /** The refusal's message (outcome 'error'). */
  message?: string;
  /** What else identifies the call: the properties set (SetSite), the partner role (trust removal), where a move goes (`to <user or site>`, `to group <alias>`). */
  detail?: string;
}

/** What a tenant client needs to reach one simulated tenant: the same settings a live tenant takes. */
export interface SandboxTenantCredentials {
  name: string; // 'contoso' | 'fabrikam'
  tenantId: string;
  clientId: string;
  adminUrl: string; // https://contoso-admin.sharepoint.com
  myHostUrl: string; // https://contoso-my.sharepoint.com/
  /** PEM private key (PKCS#8) and certificate of the app registration the sandbox trusts. */
  privateKeyPem: string;
  certificatePem: string;
}

export interface SandboxInboxEntry {
  conversationId: string;
  activityId: string;
  /** ISO time the activity was sent (not changed by updates). */
  at: string;
  /** The activity as the bot sent it (its latest update), with the id the connector gave it. */
  activity: Record<string, unknown>;
  /**
   * Set when the entry is an e-mail the person received (Graph sendMail), not a Teams message: then
   * conversationId is `mail:<address>`, activityId the message's id and activity is empty.
   */
  mail?: SandboxMail;
}

/** One e-mail as the recipient's mailbox holds it (the simulated Exchange keeps one copy per recipient). */
export interface SandboxMail {
  id: string;
  /** ISO time it was accepted. */
  at: string;
  /** The sending mailbox's address. */
  from: string;
  /** The recipient this copy was delivered to. */
  to: string;
  subject: string;
  /** 'HTML' or 'Text', as sent. */
  contentType: string;
  content: string;
}

export interface SandboxConnectorStats {
  requests: number; admitted: number; throttled: number; peakPerSecond: number;
  conversationsCreated: number; sent: number; updated: number;
  /** 403 ForbiddenOperationException (app not installed) and 403 MessageWritesBlocked answers. */
  notInstalled: number; blocked: number;
}

/**
 * What the sandbox's control route (`GET <sandbox url>/_sandbox/rehearsal`) tells a bot instance that joins
 * it with SANDBOX_URL: everything it needs to reach the simulated tenants, nothing more.
 */
export interface SandboxRehearsal {
  hosts: string[];
  licenceExpiry: string;
  source: SandboxTenantCredentials;
  target: SandboxTenantCredentials;
  identityMapCsv: string;
  siteMapCsv: string;
  /** Path of the Teams connector on the sandbox's address (serviceUrl = sandbox url + this). */
  connectorPath: string;
  /** The web app's managed identity, its token endpoint given as a path on the sandbox's address. */
  managedIdentity: Omit<SandboxManagedIdentityEndpoint, 'endpoint'> & { path: string };
  keyVault: SandboxKeyVaultAddress;
}

/** The sandbox's Key Vault (KEY_VAULT_URL) and the names it keeps the apps' certificates under. */
export interface SandboxKeyVaultAddress { url: string; certificateNames: { source: string; target: string } }

/** What a test or rehearsal may do to the vault: renew a certificate, take the identity's role away. */
export interface SandboxKeyVault extends SandboxKeyVaultAddress {
  /**
   * Imports a new certificate for the side's app (a new version, in the side's form: source PEM, target PFX)
   * and, unless `register` is false, registers it on the app in place of the old one. Returns the version.
   */
  rotate(side: 'source' | 'target', options?: { register?: boolean }): Promise<string>;
  /** Grants or withholds "Key Vault Secrets User" on the vault from the web app's managed identity. */
  setAccess(granted: boolean): void;
}

/**
 * What App Service gives a web app for its managed identity: IDENTITY_ENDPOINT and IDENTITY_HEADER in its
 * environment, and the user-assigned identity's client id (AZURE_CLIENT_ID) to name it by.
 */
export interface SandboxManagedIdentityEndpoint { endpoint: string; header: string; clientId: string; principalId: string; tenantId: string }

/**
 * What a bot needs of the simulated tenants: the in-process handle gives it, and so does a shared sandbox
 * joined over HTTP (services/sandbox/join.ts), whose inbox is read over the wire and so is async.
 */
export interface SandboxConnection {
  readonly url: string;
  readonly source: SandboxTenantCredentials;
  readonly target: SandboxTenantCredentials;
  readonly hosts: string[];
  readonly licenceExpiry: string;
  readonly connectorServiceUrl: string;
  readonly managedIdentity: SandboxManagedIdentityEndpoint;
  readonly keyVault: SandboxKeyVaultAddress;
  identityMapCsv(): string;
  /** The site map of the scenario's moved sites and group sites (header only when it has none). */
  siteMapCsv(): string;
  inbox(upnOrAadId: string): SandboxInboxEntry[] | Promise<SandboxInboxEntry[]>;
  /** E-mails received at an address (or by the person a UPN or object id names, at any of their addresses). */
  mail(addressOrUpn: string): SandboxMail[] | Promise<SandboxMail[]>;
  /** Stops the simulated tenants if this process started them; a joined sandbox is left running. */
  close(): Promise<void>;
}

export interface SandboxHandle extends SandboxConnection {
  readonly keyVault: SandboxKeyVault;
  /** Tokens issued to the tenant apps, oldest first, each with the SHA-256 fingerprint of the certificate that signed for it. */
  signIns(): { tenant: string; thumbprint: string; at: string }[];
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  readonly source: SandboxTenantCredentials;
  readonly target: SandboxTenantCredentials;
  /** Hosts answered, e.g. login.microsoftonline.com, graph.microsoft.com, contoso-admin.sharepoint.com … */
  readonly hosts: string[];
  /** Date the source licences end (yyyy-mm-dd). */
  readonly licenceExpiry: string;
  /** The scenario as it was at start. */
  readonly scenario?: SandboxScenario;
  /** Identity-mapping CSV of the scenario (no header; User and Group rows). */
  identityMapCsv(): string;
  /**
   * A file as a person sends it in a Teams chat: kept in their OneDrive (on the tenant of their UPN's
   * domain) behind a pre-authenticated link (`tempauth` in the query, no bearer), the `downloadUrl` Teams
   * hands a bot in a file.download.info attachment.
   */
  putChatFile(ownerUpn: string, name: string, content: string | Buffer): { downloadUrl: string; uniqueId: string };
  /**
   * What Teams sends a bot when a person accepts its file consent card (fileConsent/invoke
   * `value.uploadInfo`): an upload session in their OneDrive, ready for the bot's PUTs.
   */
  offerFileUpload(ownerUpn: string, name: string): UploadInfo;
  /** The file the bot uploaded into that session, once complete. */
  uploadedFile(uniqueId: string): UploadedFile | undefined;
  setFaults(faults: SandboxFaults): void;
  /** Every changing call received (accepted or refused), oldest first; a copy. */
  changes(): SandboxChange[];
  /** Counts of requests received by host and path kind, for tests and benchmarks. */
  stats(): {
    requests: number; throttled: number; unavailable: number; resets: number; byHost: Record<string, number>;
    /** Injected faults (429, 503, reset) per host: whether each dependency really had each kind. */
    faultsByHost: Record<string, { throttled: number; unavailable: number; resets: number }>;
    /** Resource-unit budget: requests admitted and throttled by it, and units charged (throttled ones included). */
    budget?: { admitted: number; throttled: number; units: number };
    /** Graph migration-endpoint budget: requests admitted and throttled by it. */
    graphBudget?: { admitted: number; throttled: number; units: number };
    /** The Teams connector: requests, admitted and throttled (429) ones, most admitted within any 1 s, and outcomes. */
    connector?: SandboxConnectorStats;
    /** Graph installedApps POSTs: installed, 409 already installed, throttled (429). */
    teamsInstalls?: { installed: number; conflicts: number; throttled: number };
    /** Graph sendMail: copies delivered (one per recipient) and requests refused for want of Mail.Send. */
    mail?: { sent: number; refused: number };
  };
  /**
   * The Teams connector on the sandbox's own address, `http://127.0.0.1:<port>/teams/`: the serviceUrl a bot
   * uses (it is also served on smba.trafficmanager.net, with or without a region prefix like /amer/).
   */
  readonly connectorServiceUrl: string;
  /**
   * What one person received from the bot (by UPN, Entra object id or Teams `29:` id), updates applied,
   * oldest first; copies. E-mails sent to their addresses are among them, marked by `mail`.
   */
  inbox(upnOrAadId: string): SandboxInboxEntry[];
  /** E-mails received at an address (or by the person a UPN or object id names), oldest first; copies. */
  mail(addressOrUpn: string): SandboxMail[];
  close(): Promise<void>;
}
