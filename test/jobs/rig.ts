// The approval path composed the way bot/index.ts composes it, around a sandbox: real tenant clients over
// loopback HTTP, a file store, the JSONL audit log, the job runner and the approval service.
import { RoleCheck } from '../../services/approvals/roleCheck.js';
import { Knowledge } from '../../services/knowledge/knowledge.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApprovalService, type JobPort } from '../../services/approvals/approvalService.js';
import { createPlanners, createRetryPreflight } from '../../services/approvals/planners.js';
import { FileAuditLog } from '../../services/audit/auditLog.js';
import { IdentityMapFile } from '../../services/identityMap/identityMap.js';
import { SiteMapFile, type SiteMap } from '../../services/identityMap/siteMap.js';
import { JobRunner } from '../../services/jobs/jobRunner.js';
import { createLogger } from '../../services/log.js';
import { systemClock, type KeyValueStore, type Logger } from '../../services/ports.js';
import type { AuditLog } from '../../services/approvals/types.js';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../services/sandbox/index.js';
import type { SandboxTenantCredentials } from '../../services/sandbox/index.js';
import { FileStore } from '../../services/store/fileStore.js';
import { createTenantClient, createTransport, type RetryPolicy } from '../../services/tenants/index.js';
import type { TenantClientApi, TenantSide } from '../../services/tenants/types.js';
import { alice, bob, carol, RecordingMessenger } from '../approvals/helpers.js';

export const FAST_RETRY: Partial<RetryPolicy> = { maxAttempts: 12, baseDelayMs: 20, maxDelayMs: 1_000, maxTotalMs: 20_000 };
export const people = { alice, bob, carol };

export function tenantClients(sandboxUrl: string, creds: Record<TenantSide, SandboxTenantCredentials>, logger: Logger, retry: Partial<RetryPolicy> = FAST_RETRY): Record<TenantSide, TenantClientApi> {
  const transport = createTransport({ sandboxUrl });
  const client = (side: TenantSide) => createTenantClient({
    side, tenantId: creds[side].tenantId, clientId: creds[side].clientId, adminUrl: creds[side].adminUrl,
    certificate: { privateKeyPem: creds[side].privateKeyPem, certificatePem: creds[side].certificatePem },
    authorityHost: 'https://login.microsoftonline.com', graphUrl: 'https://graph.microsoft.com',
  }, { transport, logger, retry });
  return { source: client('source'), target: client('target') };
}

export interface JobRig {
  sandbox: SandboxHandle;
  tenants: Record<TenantSide, TenantClientApi>;
  store: KeyValueStore;
  audit: AuditLog;
  messenger: RecordingMessenger;
  runner: JobRunner;
  approvals: ApprovalService;
  planners: ReturnType<typeof createPlanners>;
  knowledge: Knowledge;
  identityMap: IdentityMapFile;
  dir: string;
  paths: { store: string; audit: string; identityMap: string };
  close(): Promise<void>;
}

export interface RigOptions {
  jobs?: JobPort;
  concurrency?: number;
  movingBack?: (upn: string) => boolean;
  /** Shared storage instead of the file store and JSONL audit log (Azure Blob Storage through Azurite). */
  storage?: { store: KeyValueStore; audit: AuditLog };
  /** Where the tenant clients send their requests (e.g. a fault proxy in front of the sandbox), and their retry policy. */
  tenantUrl?: (sandbox: SandboxHandle) => string;
  retry?: Partial<RetryPolicy>;
  /** The simulated tenants' site map, read by the knowledge, the planners and the steps (as the bot wires it). */
  siteMap?: boolean;
}

export async function jobRig(options: SandboxOptions = {}, rig: RigOptions = {}): Promise<JobRig> {
  const sandbox = await startSandbox({ port: 0, ...options });
  const dir = await mkdtemp(join(tmpdir(), 'pmb-jobs-'));
  const paths = { store: join(dir, 'store'), audit: join(dir, 'audit.jsonl'), identityMap: join(dir, 'identity-map.csv') };
  await writeFile(paths.identityMap, sandbox.identityMapCsv(), 'utf8');
  const logger = createLogger({ level: 'silent' });
  const tenants = tenantClients(rig.tenantUrl?.(sandbox) ?? sandbox.url, sandbox, logger, rig.retry);
  const store = rig.storage?.store ?? new FileStore(paths.store);
  const audit = rig.storage?.audit ?? new FileAuditLog(paths.audit, systemClock);
  const messenger = new RecordingMessenger();
  const identityMap = new IdentityMapFile(paths.identityMap);
  let siteMap: (() => Promise<SiteMap>) | undefined;
  if (rig.siteMap) {
    const file = join(dir, 'site-map.csv');
    await writeFile(file, sandbox.siteMapCsv(), 'utf8');
    const sites = new SiteMapFile(file);
    siteMap = () => sites.load();
  }
  const runner = new JobRunner({
    store, tenants, audit, messenger, clock: systemClock, logger, identityMap: () => identityMap.load(), siteMap,
    concurrency: rig.concurrency ?? 4, progressIntervalMs: 50,
  });
  const approvals = new ApprovalService({
    store, jobs: rig.jobs ?? runner, audit, clock: systemClock, logger, messenger,
    roles: new RoleCheck({ adminIds: [], approverIds: [bob.id, carol.id], clock: systemClock, logger }), retryPreflight: createRetryPreflight(tenants),
  });
  const knowledge = new Knowledge({ store, tenants, identityMap: () => identityMap.load(), siteMap, clock: systemClock, logger, owner: `rig-${dir}` });
  const planners = createPlanners({ tenants, identityMap: () => identityMap.load(), siteMap, clock: systemClock, licenceExpiry: sandbox.licenceExpiry, movingBack: rig.movingBack, knowledge });
  return {
    sandbox, tenants, store, audit, messenger, runner, approvals, planners, identityMap, dir, paths, knowledge,
    close: async () => { await knowledge.stop(); await runner.idle(); await sandbox.close(); await rm(dir, { recursive: true, force: true }); },
  };
}

export const chatAddress = { conversationId: 'a:approvals', serviceUrl: 'https://smba.trafficmanager.net/emea/' };

/** Changes the sandbox received, per method, as lower-case targets. */
export function changesOf(sandbox: SandboxHandle, method: string, outcome: 'ok' | 'error' = 'ok'): string[] {
  return sandbox.changes().filter((c) => c.method === method && c.outcome === outcome).map((c) => c.target.toLowerCase().replace(/\/+$/, ''));
}

export const norm = (url: string): string => url.toLowerCase().replace(/\/+$/, '');
