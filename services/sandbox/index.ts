// startSandbox: builds the seeded tenant pair, generates the app certificates, and serves every
// simulated host from one loopback port.
import { groupsRoute } from './routes/graphGroups.js';
import selfsigned from 'selfsigned';
import { ResourceBudget } from './budget.js';
import { FaultInjector, LOGIN_HOST } from './faults.js';
import { SandboxWorld, TenantState } from './model.js';
import { GRAPH_HOST } from './routes/graphShapes.js';
import { graphService } from './routes/graph.js';
import { loginService } from './routes/login.js';
import { sharePointService } from './routes/sharepoint.js';
import { CONNECTOR_HOST, CONNECTOR_PATH_PREFIX, connectorService } from './routes/connector.js';
import { teamworkRoute } from './routes/graphTeamwork.js';
import { drivesRoute } from './routes/graphDrives.js';
import { mailRoute } from './routes/graphMail.js';
import { migrationJobsRoute } from './routes/graphMigrationJobs.js';
import { buildOrchestratorJobs } from './orchestratorJobs.js';
import { MailState } from './mail.js';
import { ChatFiles } from './routes/chatFiles.js';
import { FileUploads } from './routes/fileUploads.js';
import { rehearsalService } from './routes/rehearsal.js';
import { buildScenario } from './scenario.js';
import { startServer } from './server.js';
import { TeamsState, chooseBlockedUsers } from './teams.js';
import { createSigningKey } from './tokens.js';
import { MANAGED_IDENTITY_PATH, managedIdentityService } from './routes/managedIdentity.js';
import { VAULT_HOST } from './routes/keyVault.js';
import { SandboxVault, type VaultSide } from './routes/keyVault.js';
import { X509Certificate, randomBytes, randomUUID } from 'node:crypto';
import type { SandboxHandle, SandboxInboxEntry, SandboxOptions, SandboxTenantCredentials } from './types.js';

export type { SandboxHandle, SandboxConnection, SandboxRehearsal, SandboxOptions, SandboxFaults, SandboxTenantCredentials, SandboxScenario, SandboxScenarioUser, SandboxScenarioSite, SandboxChange, SandboxInboxEntry, SandboxMail, SandboxConnectorStats } from './types.js';
export { ORIGINAL_HOST_HEADER } from './types.js';

async function appCertificate(name: string): Promise<{ privateKeyPem: string; certificatePem: string }> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: `${name} post-migration app (sandbox)` }], { keySize: 2048, algorithm: 'sha256' });
  return { privateKeyPem: pems.private, certificatePem: pems.cert };
}

function credentials(t: TenantState): SandboxTenantCredentials {
  return {
    name: t.name, tenantId: t.tenantId, clientId: t.app.clientId, adminUrl: `https://${t.adminHost}`,
    myHostUrl: `https://${t.myHost}/`, privateKeyPem: t.app.privateKeyPem, certificatePem: t.app.certificatePem,
  };
}

/** The names the sandbox's vault keeps the apps' certificates under: the product's default SOURCE_CERT_NAME / TARGET_CERT_NAME. */
const SANDBOX_CERTIFICATE_NAMES: Record<VaultSide, string> = { source: 'source-tenant-app', target: 'target-tenant-app' };
/** One side of each form Key Vault hands a certificate out in, so both are exercised. */
const VAULT_FORMATS = { source: 'pem', target: 'pfx' } as const;

function isoDay(daysFromNow: number): string {
  return new Date(Date.now() + daysFromNow * 86_400_000).toISOString().slice(0, 10);
}

export async function startSandbox(options: SandboxOptions = {}): Promise<SandboxHandle> {
  const [contoso, fabrikam] = await Promise.all([
    options.appCertificates?.contoso ?? appCertificate('contoso'), options.appCertificates?.fabrikam ?? appCertificate('fabrikam'),
  ]);
  const licenceDaysLeft = options.licenceDaysLeft ?? 21;
  const built = buildScenario({
    users: options.users ?? 250, extraRedirectSites: options.extraRedirectSites ?? 0, seed: options.seed ?? 1,
    licenceDaysLeft, certs: { contoso, fabrikam }, reverseTrust: options.reverseTrust ?? 'both',
    readOnlyRedirects: options.readOnlyRedirects, sites: options.sites, groupSites: options.groupSites,
    remadeSites: options.remadeSites, longPathSites: options.longPathSites,
  });
  for (const t of [built.source, built.target]) {
    const roles = options.appRoles?.[t.name as 'contoso' | 'fabrikam'];
    if (roles) t.app.roles = [...roles];
    if (options.featureDisabled?.includes(t.name as 'contoso' | 'fabrikam')) t.crossTenantFeatureDisabled = true;
  }
  const world: SandboxWorld = {
    tenants: [built.source, built.target], signingKey: createSigningKey(), pageTokens: new Map(), changes: [], now: () => Date.now(),
    managedIdentity: { clientId: randomUUID(), principalId: randomUUID(), tenantId: built.target.tenantId, header: randomBytes(16).toString('hex') },
    signIns: [],
    settings: { pageSize: options.pageSize ?? 100, operationPollingMs: options.operationPollingMs ?? 50, moveDurationMs: options.moveDurationMs ?? 1500,
      failMovesFor: (options.failMovesFor ?? []).map((u) => u.toLowerCase()), urlConflictOnValidate: options.urlConflictOnValidate ?? false,
      trustEnums: options.trustEnums, pendingOperationEvery: options.pendingOperationEvery },
  };
  const vault = new SandboxVault(world, SANDBOX_CERTIFICATE_NAMES);
  vault.setAccess(options.keyVaultAccess ?? true);
  const tenantOf = (side: VaultSide) => (side === 'source' ? built.source : built.target);
  const importCertificate = (side: VaultSide, pems: { privateKeyPem: string; certificatePem: string }) => {
    const cert = new X509Certificate(pems.certificatePem);
    return vault.put(side, pems, VAULT_FORMATS[side], { from: cert.validFrom, to: cert.validTo });
  };
  importCertificate('source', built.source.app);
  importCertificate('target', built.target.app);
  const faults = new FaultInjector(options.seed ?? 1, options.faults);
  const budget = new ResourceBudget();
  budget.configure(options.faults?.budget);
  const graphBudget = new ResourceBudget();
  const configureGraphBudget = (b: SandboxOptions['faults'] = {}) => graphBudget.configure(b.graphMigrationBudget && { unitsPerWindow: b.graphMigrationBudget.requestsPerWindow, windowMs: b.graphMigrationBudget.windowMs, costPerRequest: 1 });
  configureGraphBudget(options.faults);
  // People who blocked the bot: completed moves only, never the apostrophe UPN (kept for its own tests).
  const reachable = built.view.users.filter((u) => u.status === 'completed' && !u.targetUpn.includes("'")).map((u) => u.targetUpn);
  const blocked = chooseBlockedUsers(built.target, reachable, options.blockedUsers);
  const teams = new TeamsState(world.tenants, blocked.map((u) => u.id));
  const mail = new MailState();
  const mailOf = (who: string) => mail.mailOf(who, world.tenants, (t, key) => teams.findUser(t, key));
  // What a person received from the bot: Teams messages, then e-mails by the time they arrived.
  const inbox = (who: string): SandboxInboxEntry[] => [
    ...teams.inbox(who),
    ...mailOf(who).map((m) => ({ conversationId: `mail:${m.to}`, activityId: m.id, at: m.at, activity: {}, mail: m })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  // Only the orchestrator rehearsal has jobs: elsewhere the list is empty, as on a tenant that never used it.
  const orchestratorJobs = options.migrationSource === 'orchestrator' ? buildOrchestratorJobs(built.source, built.target, built.view.users) : [];
  const jobsRoute = migrationJobsRoute((t) => (t === built.target ? orchestratorJobs : []), built.source);
  const chatFiles = new ChatFiles(world);
  const uploads = new FileUploads(world);
  // Chat-file downloads and uploads come first: they share the -my hosts with sharePointService but carry no bearer.
  const hosts = [LOGIN_HOST, GRAPH_HOST, ...world.tenants.flatMap((t) => [t.adminHost, t.myHost, t.rootHost]), CONNECTOR_HOST, VAULT_HOST];
  const rehearsal = rehearsalService(() => ({
    hosts, licenceExpiry: isoDay(licenceDaysLeft), source: credentials(built.source), target: credentials(built.target),
    identityMapCsv: built.identityMapCsv, siteMapCsv: built.siteMapCsv, connectorPath: CONNECTOR_PATH_PREFIX,
    managedIdentity: { ...world.managedIdentity, path: MANAGED_IDENTITY_PATH },
    keyVault: { url: vault.url, certificateNames: { ...vault.certificateNames } },
  }), inbox, mailOf);
  const services = [rehearsal, loginService(world), chatFiles.service(), uploads.service(), sharePointService(world, budget), graphService(world, [teamworkRoute(teams), drivesRoute, mailRoute(mail), groupsRoute, jobsRoute], graphBudget), connectorService(world, teams), managedIdentityService(world), vault.service()];
  const server = await startServer(options.port ?? 0, services, faults);
  const url = `http://127.0.0.1:${server.port}`;
  return {
    url, port: server.port, hosts, connectorServiceUrl: `${url}${CONNECTOR_PATH_PREFIX}`,
    managedIdentity: { ...world.managedIdentity, endpoint: `${url}${MANAGED_IDENTITY_PATH}` },
    keyVault: {
      url: vault.url, certificateNames: { ...vault.certificateNames },
      setAccess: (granted) => vault.setAccess(granted),
      rotate: async (side, rotation = {}) => {
        const tenant = tenantOf(side);
        const pems = await appCertificate(tenant.name);
        const version = importCertificate(side, pems);
        // Registering the new certificate on the app in place of the old one, as an admin renewing it would.
        if (rotation.register ?? true) tenant.app = { ...tenant.app, ...pems };
        return version;
      },
    },
    signIns: () => world.signIns.map((s) => ({ ...s })),
    source: credentials(built.source), target: credentials(built.target),
    licenceExpiry: isoDay(licenceDaysLeft), scenario: { ...built.view, blockedUpns: blocked.map((u) => u.userPrincipalName) },
    inbox,
    mail: mailOf,
    identityMapCsv: () => built.identityMapCsv,
    siteMapCsv: () => built.siteMapCsv,
    putChatFile: (ownerUpn, name, content) => chatFiles.put(ownerUpn, name, content),
    offerFileUpload: (ownerUpn, name) => uploads.offer(ownerUpn, name),
    uploadedFile: (uniqueId) => uploads.uploaded(uniqueId),
    setFaults: (f) => { budget.configure(f.budget); configureGraphBudget(f); faults.set(f); },
    changes: () => world.changes.map((c) => ({ ...c })),
    stats: () => {
      const s = server.stats();
      const b = budget.stats();
      const g = graphBudget.stats();
      const connector = teams.stats();
      // `throttled` counts every 429: injected ones, the two budgets' and the Teams limits'.
      return {
        ...s, throttled: s.throttled + b.throttled + g.throttled + connector.throttled + teams.installCounts.throttled, budget: b, graphBudget: g,
        connector, teamsInstalls: { ...teams.installCounts }, mail: { ...mail.counts },
      };
    },
    close: () => server.close(),
  };
}
