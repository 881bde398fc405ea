// A bot process reduced to its job runner with the guidance campaign composed as bot/approvalSetup.ts
// composes it (real botbuilder CloudAdapter, auth off, against the simulated Teams connector). The crash
// test kills it at random points and starts it again; it resumes every open plan and exits when done.
// Usage: node --import tsx test/guidance/campaignChild.ts <config.json>
import { readFile } from 'node:fs/promises';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { BotGuidanceSender } from '../../bot/guidanceSender.js';
import { createGuidance, SANDBOX_TEAMS_APP_ID } from '../../bot/guidanceSetup.js';
import { createKnowledge } from '../../bot/knowledgeSetup.js';
import { FileAuditLog } from '../../services/audit/auditLog.js';
import { IdentityMapFile } from '../../services/identityMap/identityMap.js';
import { JobRunner } from '../../services/jobs/jobRunner.js';
import { createLogger } from '../../services/log.js';
import { systemClock } from '../../services/ports.js';
import { FileStore } from '../../services/store/fileStore.js';
import type { ChildConfig } from '../jobs/jobChild.js';
import { tenantClients } from '../jobs/rig.js';

export interface CampaignChildConfig extends ChildConfig { connectorUrl: string; targetTenantId: string }

const config = JSON.parse(await readFile(process.argv[2]!, 'utf8')) as CampaignChildConfig;
const logger = createLogger({ level: 'silent' });
const store = new FileStore(config.storeDir);
const tenants = tenantClients(config.sandboxUrl, config.credentials, logger);
const audit = new FileAuditLog(config.auditPath, systemClock);
const identityMap = new IdentityMapFile(config.identityMapPath);
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '' }));
const { knowledge } = createKnowledge({ store, tenants, identityMap, clock: systemClock, logger });
const guidance = createGuidance({
  sender: new BotGuidanceSender({ adapter, appId: '', serviceUrl: async () => config.connectorUrl }),
  targetTenantId: config.targetTenantId, catalogAppId: SANDBOX_TEAMS_APP_ID,
  store, clock: systemClock, logger, tenants, identityMap, knowledge, audit,
  view: { sandbox: true }, post: async () => '', approvalsAddress: async () => undefined,
});
const runner = new JobRunner({
  store, tenants, audit, messenger: { planChanged: async () => undefined, notify: async () => undefined },
  clock: systemClock, logger, identityMap: () => identityMap.load(), sendGuidance: guidance.sendGuidance,
  concurrency: config.concurrency, progressIntervalMs: 100,
});
const resumed = await runner.resume();
await runner.idle();
process.stdout.write(`${JSON.stringify({ resumed })}\n`);
