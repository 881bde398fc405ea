// A bot process reduced to its job runner: started by the crash/resume test, killed at random points and
// started again. It resumes every approved or running plan in the store and exits when they finish.
// Usage: node --import tsx test/jobs/jobChild.ts <config.json>
import { readFile } from 'node:fs/promises';
import { FileAuditLog } from '../../services/audit/auditLog.js';
import { IdentityMapFile } from '../../services/identityMap/identityMap.js';
import { JobRunner } from '../../services/jobs/jobRunner.js';
import { createLogger } from '../../services/log.js';
import { systemClock } from '../../services/ports.js';
import type { SandboxTenantCredentials } from '../../services/sandbox/index.js';
import { FileStore } from '../../services/store/fileStore.js';
import type { TenantSide } from '../../services/tenants/types.js';
import { tenantClients } from './rig.js';

export interface ChildConfig {
  sandboxUrl: string;
  credentials: Record<TenantSide, SandboxTenantCredentials>;
  storeDir: string;
  auditPath: string;
  identityMapPath: string;
  concurrency: number;
}

const config = JSON.parse(await readFile(process.argv[2]!, 'utf8')) as ChildConfig;
const logger = createLogger({ level: 'silent' });
const identityMap = new IdentityMapFile(config.identityMapPath);
const runner = new JobRunner({
  store: new FileStore(config.storeDir),
  tenants: tenantClients(config.sandboxUrl, config.credentials, logger),
  audit: new FileAuditLog(config.auditPath, systemClock),
  messenger: { planChanged: async () => undefined, notify: async () => undefined },
  clock: systemClock, logger, identityMap: () => identityMap.load(),
  concurrency: config.concurrency, progressIntervalMs: 100,
});
const resumed = await runner.resume();
await runner.idle();
process.stdout.write(`${JSON.stringify({ resumed })}\n`);
