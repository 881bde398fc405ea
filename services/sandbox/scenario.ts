// The seeded scenario: two tenants after a cross-tenant OneDrive migration from contoso to fabrikam (and,
// when asked, site and group-site moves: siteScenario.ts).
import { addRoleGroups } from './groups.js';
import { FIRST_NAMES, JOB_TITLES, LAST_NAMES, MOVE_FAILURES, TEAM_SITE_NAMES } from './names.js';
import { pick, seededGuid, seededRandom, shuffled } from './random.js';
import { MoveStatus, MoveTask, SiteRecord, TenantState, UserRecord, personalSiteUrl, siteKey } from './model.js';
import { ORG_RELATION_ROLE, ORG_RELATION_SCENARIO } from './csom/enums.js';
import { addSiteMoves } from './siteScenario.js';
import type { SandboxScenario, SandboxScenarioUser } from './types.js';

/** Fixed identities, so a configuration written for the sandbox keeps working across runs. */
export const TENANT_DEFS = {
  contoso: { tenantId: '6f9c2b1e-3a4d-4c5b-8e7f-0a1b2c3d4e5f', clientId: '2b7e4c1a-9d3f-4e8b-a6c5-1f0e9d8c7b6a' },
  fabrikam: { tenantId: '8d3e5f7a-1b2c-4d4e-9f6a-7b8c9d0e1f2a', clientId: '5c1d9e3f-7a2b-4c6d-8e0f-3a4b5c6d7e8f' },
} as const;

export const SHAREPOINT_ROLES = ['Sites.FullControl.All'];
export const GRAPH_ROLES = [
  'SharePointCrossTenantMigration.Manage.All', 'SharePointCrossTenantMigration.Read.All',
  'User.Read.All', 'TeamsAppInstallation.ReadWriteSelfForUser.All', 'Files.Read.All',
  // Only used with GUIDANCE_MAIL_FROM set; granted so a rehearsal of the e-mail fallback works as is.
  'Mail.Send',
  // Roles from Entra groups (ADMIN_GROUP_IDS / APPROVER_GROUP_IDS): checkMemberGroups and the group reads of `check setup`.
  'GroupMember.Read.All',
  // The orchestrator's jobs and tasks (routes/graphMigrationJobs.ts).
  'CrossTenantContentMigration.Read.All',
];

/**
 * A shared mailbox on the target tenant for the guidance e-mail fallback (GUIDANCE_MAIL_FROM). Fixed id
 * and added after every seeded draw, so the rest of the scenario is the same with or without it.
 */
export const HELP_MAILBOX = { id: 'b4c1d2e3-f4a5-4b6c-8d7e-9f0a1b2c3d4e', local: 'migration-help', displayName: 'Migration Help' } as const;

/** Scenario dates hang off a fixed day so answers repeat byte for byte. */
export const BASE = Date.UTC(2026, 9, 1, 9, 0, 0);
export const DAY = 86_400_000;

export interface ScenarioInput {
  users: number;
  extraRedirectSites: number;
  seed: number;
  licenceDaysLeft: number;
  /** SandboxOptions.reverseTrust; absent = 'both'. */
  reverseTrust?: 'both' | 'none' | 'contoso-only' | 'fabrikam-only';
  /** SandboxOptions.readOnlyRedirects. */
  readOnlyRedirects?: boolean;
  /** SandboxOptions.sites / groupSites (absent = 0). */
  sites?: number;
  groupSites?: number;
  /** SandboxOptions.remadeSites / longPathSites (absent = 0). */
  remadeSites?: number;
  longPathSites?: number;
  certs: Record<'contoso' | 'fabrikam', { privateKeyPem: string; certificatePem: string }>;
}

export interface BuiltScenario {
  source: TenantState;
  target: TenantState;
  view: SandboxScenario;
  identityMapCsv: string;
  siteMapCsv: string;
}

export function createTenant(name: 'contoso' | 'fabrikam', cert: ScenarioInput['certs']['contoso'], next: () => number): TenantState {
  const def = TENANT_DEFS[name];
  return {
    name, tenantId: def.tenantId, domain: `${name}.com`,
    adminHost: `${name}-admin.sharepoint.com`, myHost: `${name}-my.sharepoint.com`, rootHost: `${name}.sharepoint.com`,
    adminSiteId: seededGuid(next),
    app: { clientId: def.clientId, ...cert, roles: [...SHAREPOINT_ROLES, ...GRAPH_ROLES] },
    users: [], sites: new Map(), recycleBin: new Map(), relations: [], identityMap: [], moves: new Map(),
    operations: new Map(), digests: new Map(), siteVersion: 0, licencesExpired: false, groups: [],
  };
}

export function addSite(tenant: TenantState, site: Omit<SiteRecord, 'id' | 'created' | 'storageUsage'> & Partial<SiteRecord>, next: () => number): SiteRecord {
  const record: SiteRecord = {
    id: seededGuid(next), created: new Date(site.lastContentModified.getTime() - 400 * DAY),
    storageUsage: 1 + Math.floor(next() * 5000), ...site,
  };
  tenant.sites.set(siteKey(record.url), record);
  tenant.siteVersion++;
  return record;
}

function makePerson(taken: Set<string>, first: string, last: string): { local: string; first: string; last: string } {
  let local = `${first}.${last}`.toLowerCase().replace(/[^a-z'.]/g, '');
  for (let n = 2; taken.has(local); n++) local = `${first}.${last}${n}`.toLowerCase();
  taken.add(local);
  return { local, first, last };
}

function makeUser(next: () => number, domain: string, p: { local: string; first: string; last: string }): UserRecord {
  const upn = `${p.local}@${domain}`;
  return {
    id: seededGuid(next), userPrincipalName: upn, displayName: `${p.first} ${p.last}`, givenName: p.first,
    surname: p.last, mail: upn, jobTitle: pick(next, JOB_TITLES), preferredLanguage: next() < 0.1 ? 'fr-FR' : 'en-US',
  };
}

/** Statuses for n migrated users: about 92% completed, the rest in progress, failed or not started. */
function moveStatuses(next: () => number, n: number, reserved: number[]): MoveStatus[] {
  const count = (share: number) => (n >= 10 ? Math.max(1, Math.round(n * share)) : 0);
  const statuses: MoveStatus[] = Array(n).fill('completed');
  const free = shuffled(next, [...Array(n).keys()].filter((i) => !reserved.includes(i)));
  const plan: [MoveStatus, number][] = [['inProgress', count(0.032)], ['failed', count(0.016)], ['notStarted', count(0.032)]];
  for (const [status, k] of plan) for (let i = 0; i < k; i++) statuses[free.pop() as number] = status;
  return statuses;
}

export function makeTask(next: () => number, status: MoveStatus, sourceUpn: string, targetUpn: string, targetHost: string): MoveTask {
  const started = BASE - Math.floor(next() * 30 * DAY);
  const finished = started + (5 + Math.floor(next() * 115)) * 60_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const begun = status !== 'notStarted';
  const ended = status === 'completed' || status === 'failed';
  return {
    id: seededGuid(next), sourceUpn, targetUpn, targetOrganizationHost: targetHost, status, createdAt: started,
    startedDateTime: begun ? iso(started) : null,
    lastUpdatedDateTime: begun ? iso(ended ? finished : started + 60_000) : null,
    finishedDateTime: ended ? iso(finished) : null,
    error: status === 'failed' ? { ...pick(next, MOVE_FAILURES) } : null,
  };
}

export function buildScenario(input: ScenarioInput): BuiltScenario {
  const next = seededRandom(input.seed);
  const source = createTenant('contoso', input.certs.contoso, next);
  const target = createTenant('fabrikam', input.certs.fabrikam, next);
  source.relations.push({ scenario: ORG_RELATION_SCENARIO.MnA, partnerRole: ORG_RELATION_ROLE.Target, partnerHostUrl: `https://${target.myHost}/` });
  target.relations.push({ scenario: ORG_RELATION_SCENARIO.MnA, partnerRole: ORG_RELATION_ROLE.Source, partnerHostUrl: `https://${source.myHost}/` });
  addReverseTrust(source, target, input.reverseTrust ?? 'both');
  source.licencesExpired = input.licenceDaysLeft <= 0;
  addTenantSites(source, next);
  addTenantSites(target, next);

  const taken = new Set<string>();
  const people = Array.from({ length: input.users }, (_, i) =>
    i === 7 ? makePerson(taken, "Sean", "O'Brien") : makePerson(taken, pick(next, FIRST_NAMES), pick(next, LAST_NAMES)));
  const apostropheIndex = input.users > 7 ? 7 : -1;
  const statuses = moveStatuses(next, input.users, [apostropheIndex, 0, 1]);
  const users: SandboxScenarioUser[] = people.map((p, i) => migrateUser(source, target, next, p, statuses[i], i));

  addStaff(source, next, taken, Math.max(3, Math.round(input.users / 25)));
  addStaff(target, next, taken, Math.max(3, Math.round(input.users / 50)));
  const groupPeople = addRoleGroups(target, target.users.slice(-3));
  const special = markSpecialRedirects(source, users);
  let lockedRedirects = lockRedirects(source, users, [special.heldRedirectUrl, special.recycledRedirectUrl]);
  for (let i = 0; i < input.extraRedirectSites; i++) {
    const upn = `former.user${String(i + 1).padStart(5, '0')}@${source.domain}`;
    addSite(source, { url: personalSiteUrl(source.myHost, upn), template: 'RedirectSite#0', title: `Former user ${i + 1}`, owner: upn, lastContentModified: new Date(BASE - Math.floor(next() * 60) * DAY), hasHolds: false }, next);
  }
  if (input.readOnlyRedirects) {
    // Redirect sites as office365itpros shows them (LockState ReadOnly), each removable as it is (#8274).
    for (const site of source.sites.values()) {
      if (!/^redirectsite/i.test(site.template)) continue;
      Object.assign(site, { lockState: 'ReadOnly', deniesWhileReadOnly: false, hasHolds: false });
    }
    special.heldRedirectUrl = undefined;
    lockedRedirects = [];
  }
  const view: SandboxScenario = {
    users, apostropheUpn: apostropheIndex >= 0 ? users[apostropheIndex].sourceUpn : undefined, ...special, lockedRedirects, groupPeople,
  };
  addIdentityMaps(source, target, users);
  const identityMapCsv = identityMap(source, users, next);
  const mailbox = `${HELP_MAILBOX.local}@${target.domain}`;
  target.users.push({
    id: HELP_MAILBOX.id, userPrincipalName: mailbox, displayName: HELP_MAILBOX.displayName, givenName: 'Migration', surname: 'Help',
    mail: mailbox, jobTitle: '', preferredLanguage: 'en-US',
  });
  const moved = addSiteMoves(source, target, users, { sites: input.sites ?? 0, groupSites: input.groupSites ?? 0, seed: input.seed, remadeSites: input.remadeSites, longPathSites: input.longPathSites });
  return {
    source, target, view: { ...view, helpMailbox: mailbox, ...(moved.sites.length ? { sites: moved.sites } : {}) },
    identityMapCsv: identityMapCsv + moved.identityMapGroupRows.map((r) => `${r}\n`).join(''), siteMapCsv: moved.siteMapCsv,
  };
}

/**
 * Trust for moving users back: the old target becomes the source, so each tenant holds the mirror of its
 * forward relation (fabrikam: partner role Target + contoso's host; contoso: partner role Source +
 * fabrikam's host). Appended after the forward relations, so relation texts keep the forward line first.
 */
function addReverseTrust(source: TenantState, target: TenantState, which: NonNullable<ScenarioInput['reverseTrust']>): void {
  // Written without the trailing slash, as an admin may type it (the docs show both forms); the forward
  // relations carry it. The CSOM methods compare the form exactly, so clients must try both.
  if (which === 'both' || which === 'fabrikam-only') {
    target.relations.push({ scenario: ORG_RELATION_SCENARIO.MnA, partnerRole: ORG_RELATION_ROLE.Target, partnerHostUrl: `https://${source.myHost}` });
  }
  if (which === 'both' || which === 'contoso-only') {
    source.relations.push({ scenario: ORG_RELATION_SCENARIO.MnA, partnerRole: ORG_RELATION_ROLE.Source, partnerHostUrl: `https://${target.myHost}` });
  }
}

/**
 * The identity map each tenant holds as a destination: fabrikam the one the migration used (contoso users
 * → fabrikam users); contoso its inverse, as if uploaded there before moving anyone back (INFERRED: the
 * runbook does not say whether the reverse move reads a map on the original tenant; we require one).
 */
function addIdentityMaps(source: TenantState, target: TenantState, users: SandboxScenarioUser[]): void {
  for (const u of users) {
    target.identityMap.push({ sourceTenantId: source.tenantId, sourceUpn: u.sourceUpn, targetUpn: u.targetUpn });
    source.identityMap.push({ sourceTenantId: target.tenantId, sourceUpn: u.targetUpn, targetUpn: u.sourceUpn });
  }
}

function migrateUser(source: TenantState, target: TenantState, next: () => number, p: { local: string; first: string; last: string }, status: MoveStatus, i: number): SandboxScenarioUser {
  const su = makeUser(next, source.domain, p);
  const tu = { ...makeUser(next, target.domain, p), preferredLanguage: su.preferredLanguage, jobTitle: su.jobTitle };
  source.users.push(su);
  target.users.push(tu);
  const task = makeTask(next, status, su.userPrincipalName, tu.userPrincipalName, `https://${target.myHost}`);
  source.moves.set(task.id, task);
  const sourceUrl = personalSiteUrl(source.myHost, su.userPrincipalName);
  const targetUrl = personalSiteUrl(target.myHost, tu.userPrincipalName);
  const modified = new Date(BASE - Math.floor(next() * 20) * DAY);
  if (status === 'completed') {
    const template = i % 9 === 4 ? 'REDIRECTSITE#1' : 'RedirectSite#0';
    addSite(source, { url: sourceUrl, template, title: su.displayName, owner: su.userPrincipalName, lastContentModified: modified, hasHolds: false }, next);
    addSite(target, { url: targetUrl, template: 'SPSPERS#10', title: tu.displayName, owner: tu.userPrincipalName, lastContentModified: modified, hasHolds: false }, next);
  } else {
    addSite(source, { url: sourceUrl, template: 'SPSPERS#10', title: su.displayName, owner: su.userPrincipalName, lastContentModified: modified, hasHolds: false }, next);
  }
  return { sourceUpn: su.userPrincipalName, targetUpn: tu.userPrincipalName, status, moveId: task.id, sourceSiteUrl: sourceUrl, targetSiteUrl: targetUrl };
}

function addTenantSites(tenant: TenantState, next: () => number): void {
  const modified = () => new Date(BASE - Math.floor(next() * 90) * DAY);
  addSite(tenant, { url: `https://${tenant.rootHost}`, template: 'SITEPAGEPUBLISHING#0', title: 'Communication site', owner: '', lastContentModified: modified(), hasHolds: false }, next);
  addSite(tenant, { url: `https://${tenant.myHost}`, template: 'SPSMSITEHOST#0', title: 'OneDrive', owner: '', lastContentModified: modified(), hasHolds: false }, next);
  TEAM_SITE_NAMES.forEach((name, i) => addSite(tenant, {
    url: `https://${tenant.rootHost}/sites/${name}`, template: i % 2 ? 'GROUP#0' : 'STS#3', title: name, owner: '',
    lastContentModified: modified(), hasHolds: false,
  }, next));
}

function addStaff(tenant: TenantState, next: () => number, taken: Set<string>, count: number): void {
  for (let i = 0; i < count; i++) {
    const user = makeUser(next, tenant.domain, makePerson(taken, pick(next, FIRST_NAMES), pick(next, LAST_NAMES)));
    tenant.users.push(user);
    addSite(tenant, { url: personalSiteUrl(tenant.myHost, user.userPrincipalName), template: 'SPSPERS#10', title: user.displayName, owner: user.userPrincipalName, lastContentModified: new Date(BASE - i * DAY), hasHolds: false }, next);
  }
}

/** The first two completed users: one redirect under a retention hold, one already in the recycle bin. */
function markSpecialRedirects(source: TenantState, users: SandboxScenarioUser[]): { heldRedirectUrl?: string; recycledRedirectUrl?: string } {
  const [held, recycled] = users.filter((u) => u.status === 'completed' && !u.sourceUpn.includes("'"));
  if (held) (source.sites.get(siteKey(held.sourceSiteUrl)) as SiteRecord).hasHolds = true;
  if (recycled) {
    const site = source.sites.get(siteKey(recycled.sourceSiteUrl)) as SiteRecord;
    source.sites.delete(siteKey(site.url));
    source.recycleBin.set(siteKey(site.url), { ...site, deletedAt: new Date(BASE + DAY) });
  }
  return { heldRedirectUrl: held?.sourceSiteUrl, recycledRedirectUrl: recycled?.sourceSiteUrl };
}

/**
 * About 1.2% of the redirects (3 at 250 users, none under 10 users) locked NoAccess / ReadOnly, taken from
 * the end of the user list so the first completed users stay plain. No random draw, so the rest of the
 * seeded scenario is unchanged.
 */
function lockRedirects(source: TenantState, users: SandboxScenarioUser[], special: (string | undefined)[]): string[] {
  const count = users.length >= 10 ? Math.max(1, Math.round(users.length * 0.012)) : 0;
  const eligible = users.filter((u) => u.status === 'completed' && !u.sourceUpn.includes("'") && !special.includes(u.sourceSiteUrl));
  const chosen = eligible.slice(Math.max(0, eligible.length - count));
  chosen.forEach((u, i) => {
    const site = source.sites.get(siteKey(u.sourceSiteUrl)) as SiteRecord;
    site.lockState = i % 2 === 0 ? 'NoAccess' : 'ReadOnly';
    // These ReadOnly ones deny removal until unlocked (OfficeDocs-SharePoint #2922); readOnlyRedirects gives removable ones.
    site.deniesWhileReadOnly = site.lockState === 'ReadOnly';
  });
  return chosen.map((u) => u.sourceSiteUrl);
}

/** Identity-map CSV as the migration consumed it: no header, User rows then Group rows. */
function identityMap(source: TenantState, users: SandboxScenarioUser[], next: () => number): string {
  const rows = users.map((u) => `User,${source.tenantId},${u.sourceUpn},${u.targetUpn},${u.targetUpn},Member`);
  for (const group of ['Finance', 'Marketing']) {
    // GroupType value is inferred (the docs name the column, no sample shows its values).
    rows.push(`Group,${source.tenantId},${seededGuid(next)},${seededGuid(next)},${group},Unified`);
  }
  return rows.join('\n') + '\n';
}
