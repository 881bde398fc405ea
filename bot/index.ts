// Composition root and process entry: the only place concrete classes are created. Everything below
// receives what it needs, so tests compose the same pieces around the sandbox.
import { RoleCheck } from '../services/approvals/roleCheck.js';
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import dotenv from 'dotenv';
import type { Server } from 'restify';
import { IdentityMapFile } from '../services/identityMap/identityMap.js';
import { SiteMapFile, siteMapHosts } from '../services/identityMap/siteMap.js';
import { createLogger } from '../services/log.js';
import { startTelemetry, type Telemetry } from '../services/telemetry/telemetry.js';
import { hasManagedIdentityEndpoint } from '../services/azureCredential.js';
import { systemClock, type Clock, type KeyValueStore, type Logger } from '../services/ports.js';
import type { CardView } from '../cards/render.js';
import { createApprovalPath, type ApprovalPath } from './approvalSetup.js';
import { SANDBOX_PEOPLE } from './sandboxPeople.js';
import type { SandboxHandle, SandboxOptions } from '../services/sandbox/types.js';
import { FileStore } from '../services/store/fileStore.js';
import { BlobStore } from '../services/store/blobStore.js';
import { openContainer } from '../services/store/blobContainer.js';
import { BlobAuditLog } from '../services/audit/blobAuditLog.js';
import type { AuditLog } from '../services/approvals/types.js';
import { SnapshotStore } from '../services/store/snapshotStore.js';
import { createAdapter } from './adapter.js';
import { BotGuidanceSender } from './guidanceSender.js';
import { campaignServiceUrl, SANDBOX_TEAMS_APP_ID } from './guidanceSetup.js';
import { createBot } from './createBot.js';
import type { BotServices } from './botServices.js';
import { loadConfig, type Config } from './config.js';
import { projectRoot } from './projectRoot.js';
import { createServer, stopAccepting } from './server.js';
import { checkSetup } from './setupCheckRunner.js';
import { liveTenants, sandboxTenants, type TenantClients, type TenantSetup } from './tenantSetup.js';

export interface RunningBot {
  url: string;
  port: number;
  mode: 'sandbox' | 'live';
  sandbox?: SandboxHandle;
  close(): Promise<void>;
}

/** What tests may replace: the clock (expiry without waiting) and the approval path's timings. */
export interface StartOverrides {
  clock?: Clock;
  planExpiryMs?: number;
  editIntervalMs?: number;
  /** Options for the simulated tenants this bot starts (e.g. a short moveDurationMs)… */
  sandboxOptions?: SandboxOptions;
  /** …or simulated tenants already running, kept across a bot restart (not closed with the bot). */
  sandbox?: SandboxHandle;
  /** Moves back: time between polls of their state. */
  pollIntervalMs?: number;
  /** Job leases: lifetime unrenewed and the takeover scan interval (several instances; tests shorten them). */
  leaseMs?: number;
  scanMs?: number;
  /** How long a command may take inside the turn before a reading card answers for it (default 1 s). */
  answerWithinMs?: number;
  /** Background re-reads of move states and redirect sites (services/knowledge/knowledge.ts). */
  knowledge?: { moveRefreshMs?: number; redirectRefreshMs?: number };
  /** Where the bot logs instead of stdout at LOG_LEVEL (tests read what was logged). */
  logger?: Logger;
  /** A CA the telemetry exporter trusts besides the system's: a test's loopback ingestion endpoint (HTTPS only). */
  telemetryTlsCa?: string;
}

export async function startBot(env: NodeJS.ProcessEnv = process.env, overrides: StartOverrides = {}): Promise<RunningBot> {
  // .env only fills the real environment; a caller handing in its own env gets exactly that.
  if (env === process.env) dotenv.config({ quiet: true });
  const config = loadConfig(env);
  // First, so that the log, the tenant clients, the job runner and the server are built with it.
  const telemetry = await startTelemetry(config.telemetry && {
    ...config.telemetry, version: version(), entraAuth: hasManagedIdentityEndpoint(config.botFrameworkEnv), tlsCa: overrides.telemetryTlsCa,
  });
  const logger = overrides.logger ?? createLogger({ level: config.logLevel, alsoTo: telemetry.logLines });
  const clock = overrides.clock ?? systemClock;
  const setup = await tenantSetup(config, logger, clock, overrides, telemetry);
  try {
    const view = { sandbox: config.mode === 'sandbox', now: () => clock.now() };
    const adapter = createAdapter(config.botFrameworkEnv, logger, view);
    const { store, audit } = await openStorage(config, clock);
    const identityMap = new IdentityMapFile(setup.identityMapPath, { storeDir: config.storage.dir });
    // Rows held to the two tenants' SharePoint hosts, known from their admin URLs.
    // SITE_MAP_PATH, or the simulated tenants' own map in sandbox mode (tenantSetup.ts).
    const siteMap = new SiteMapFile(setup.siteMapPath, { storeDir: config.storage.dir, hosts: siteMapHosts(setup.sandbox ?? config.tenants) });
    const roles = roleCheck(config, setup.tenants, clock, logger);
    // The sender resolves its connector URL per call: the last one Teams sent is only known later.
    let lastServiceUrl: () => Promise<string | undefined> = async () => undefined;
    const sender = new BotGuidanceSender({
      adapter, appId: config.botFrameworkEnv.MicrosoftAppId ?? '',
      serviceUrl: async () => campaignServiceUrl(setup.sandbox?.connectorServiceUrl, await lastServiceUrl()),
    });
    const path = createApprovalPath({
      store, storeDir: config.storage.dir, audit, clock, logger, tenants: setup.tenants, identityMap, siteMap,
      guidance: { sender, targetTenantId: setup.targetTenantId, catalogAppId: config.teamsAppId ?? (setup.sandbox ? SANDBOX_TEAMS_APP_ID : undefined), mailFrom: config.guidanceMailFrom },
      adapter, appId: config.botFrameworkEnv.MicrosoftAppId ?? '', roles,
      approvalsConversationId: config.approvalsConversationId, licenceExpiry: setup.licenceExpiry, view,
      knownPeople: config.mode === 'sandbox' ? sandboxPeople() : [],
      expiryMs: overrides.planExpiryMs, editIntervalMs: overrides.editIntervalMs, pollIntervalMs: overrides.pollIntervalMs,
      leaseMs: overrides.leaseMs, scanMs: overrides.scanMs, answerWithinMs: overrides.answerWithinMs ?? config.answerWithinMs, knowledge: overrides.knowledge,
      uploadFile: setup.uploadFile,
      instanceHost: config.instanceHost,
      telemetry,
      migrationSource: config.migrationSource,
    });
    lastServiceUrl = () => path.people.lastServiceUrl();
    const services = composeServices(config, setup, logger, { store, clock, identityMap, siteMap, roles, view, path });
    const bot = createBot(services);
    const server = createServer({ adapter, bot, mode: config.mode, version: version(), logger, telemetry });
    await path.start();
    // With authentication off anyone who reaches the port can post activities: keep it on this machine.
    const host = config.authEnabled ? '0.0.0.0' : '127.0.0.1';
    const port = await listen(server, config.port, host);
    logger.info({ mode: config.mode, host, port, auth: config.authEnabled }, 'bot listening');
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      mode: config.mode,
      sandbox: setup.localSandbox,
      close: async () => {
        // No new work from now on (503 / port closed); turns already in flight are answered. The jobs stop
        // at once rather than after the last connection has gone, so their leases are free as early as possible.
        const closed = stopAccepting(server);
        await path.close();
        await closed;
        await setup.close();
        // Last: what the closing wrote is sent too.
        await telemetry.shutdown();
      },
    };
  } catch (err) {
    await setup.close();
    await telemetry.shutdown();
    throw err;
  }
}

/** The simulated tenants or the real ones; telemetry stopped again if they cannot be reached. */
async function tenantSetup(config: Config, logger: Logger, clock: Clock, overrides: StartOverrides, telemetry: Telemetry): Promise<TenantSetup> {
  try {
    return config.mode === 'sandbox'
      ? await sandboxTenants(config, logger, clock, { options: overrides.sandboxOptions, running: overrides.sandbox, telemetry })
      : await liveTenants(config, logger, clock, telemetry);
  } catch (err) {
    await telemetry.shutdown();
    throw err;
  }
}

/** The file store (one instance) or Azure Blob Storage (several instances share records and audit). */
async function openStorage(config: Config, clock: Clock): Promise<{ store: KeyValueStore; audit?: AuditLog }> {
  if (config.storage.kind === 'file') return { store: new FileStore(config.storage.dir) };
  const container = await openContainer(config.storage, config.storage.container);
  return { store: new BlobStore(container), audit: new BlobAuditLog(container, clock) };
}

/** Ids from the settings; groups asked of Graph on the target tenant with the bot's own app there. */
function roleCheck(config: Config, tenants: TenantClients, clock: Clock, logger: Logger): RoleCheck {
  const target = tenants.target;
  return new RoleCheck({
    adminIds: config.adminIds, approverIds: config.approverIds, adminGroupIds: config.adminGroupIds, approverGroupIds: config.approverGroupIds,
    memberGroups: target.checkMemberGroups ? (userId, groupIds, signal) => target.checkMemberGroups!(userId, groupIds, signal) : undefined,
    clock, logger,
  });
}

interface Composed {
  store: KeyValueStore;
  clock: Clock;
  identityMap: IdentityMapFile;
  siteMap: SiteMapFile;
  roles: RoleCheck;
  view: CardView;
  path: ApprovalPath;
}

function composeServices(config: Config, setup: TenantSetup, logger: Logger, c: Composed): BotServices {
  if (config.sandboxPeopleDefaulted) {
    logger.info({ adminIds: config.adminIds, approverIds: config.approverIds }, 'ADMIN_IDS/APPROVER_IDS not set: using the sandbox people (Avery Admin, Parker Approver)');
  }
  const allowed = config.allowedTenantIds ?? setup.defaultAllowedTenantIds;
  return {
    tenants: setup.tenants,
    identityMap: c.identityMap,
    siteMap: c.siteMap,
    knowledge: c.path.knowledge,
    slowAnswers: c.path.slowAnswers,
    snapshots: new SnapshotStore(c.store, c.clock),
    clock: c.clock,
    logger,
    licenceExpiry: setup.licenceExpiry,
    roles: c.roles,
    allowedTenantIds: new Set(allowed.map((id) => id.toLowerCase())),
    view: c.view,
    approvals: c.path.approvals,
    audit: c.path.audit,
    planners: c.path.planners,
    planCards: c.path.planCards,
    people: c.path.people,
    recordedMoves: c.path.recordedMoves,
    regression: c.path.regression,
    setupCheck: () => checkSetup(config.botFrameworkEnv, { sandbox: setup.sandbox, logger }),
    downloadFile: setup.downloadFile,
    guidance: c.path.guidance,
    exports: c.path.exports,
    orchestrator: c.path.orchestrator,
    ...(setup.sandbox ? { sandboxInbox: setup.sandbox.inbox } : {}),
  };
}

/** The sandbox's people, so approval cards name them and list their Teams ids before they write. */
function sandboxPeople() {
  return Object.values(SANDBOX_PEOPLE).map((p) => ({ id: p.aadObjectId, name: p.name, teamsId: p.teamsId }));
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as { port: number }).port));
  });
}

function version(): string {
  return (JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try { return import.meta.url === pathToFileURL(realpathSync(entry)).href; } catch { return false; }
}

/** How long a stopping process may take before it exits anyway: under the 10 s most hosts wait before SIGKILL. */
export const SHUTDOWN_DEADLINE_MS = 9_000;

/**
 * SIGTERM / SIGINT: stop taking work (the port closes), let the items in flight finish and be recorded,
 * give the job leases up so another instance resumes at once, then exit. A close that outlasts the
 * deadline (a dependency that stopped answering) exits anyway with code 1: the items it held are
 * re-checked by whoever resumes, and our dead pid frees our leases on this host.
 */
export function stopOnSignals(bot: RunningBot, deadlineMs = SHUTDOWN_DEADLINE_MS): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: stopping (at most ${Math.round(deadlineMs / 1000)} s)\n`);
    setTimeout(() => {
      process.stderr.write('shutdown deadline passed: exiting with work still open\n');
      process.exit(1);
    }, deadlineMs).unref();
    bot.close().then(() => process.exit(0), (err: unknown) => {
      process.stderr.write(`shutdown failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (isMain()) {
  startBot().then((bot) => stopOnSignals(bot), (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
