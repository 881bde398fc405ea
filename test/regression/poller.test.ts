// The poller's bounded rate and the tracker's claim, against the simulated tenants: one Graph read per
// moving person per tick, never more than maxPerSecond; concurrent claims for one person store one entry.
import { RoleCheck } from '../../services/approvals/roleCheck.js';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createKnowledge } from '../../bot/knowledgeSetup.js';
import { ApprovalService } from '../../services/approvals/approvalService.js';
import { FileAuditLog } from '../../services/audit/auditLog.js';
import { systemClock } from '../../services/ports.js';
import { RegressionPoller } from '../../services/regression/poller.js';
import { RegressionService } from '../../services/regression/regressionService.js';
import { RegressionTracker } from '../../services/regression/tracker.js';
import type { TrackedUser } from '../../services/regression/types.js';
import { FileStore } from '../../services/store/fileStore.js';
import { IdentityMapFile } from '../../services/identityMap/identityMap.js';
import { memoryLogger } from '../helpers/logs.js';
import { startSandboxTenants, type SandboxTenants } from '../helpers/sandbox.js';

const { logger } = memoryLogger('warn');
let env: SandboxTenants;
beforeAll(async () => { env = await startSandboxTenants(logger, { users: 12 }); }, 60_000);
afterAll(() => env.close());

function entry(i: number, state: TrackedUser['state'] = 'move-started'): TrackedUser {
  const at = new Date().toISOString();
  const u = env.sandbox.scenario!.users[i]!;
  return {
    currentUpn: u.targetUpn, originalUpn: u.sourceUpn, currentSide: 'target', originalSide: 'source',
    originalUrl: u.sourceSiteUrl, leftBehindUrl: u.targetSiteUrl, state, planId: `p-0000000${i}`, requestedBy: { id: 'admin' },
    requestedIn: { conversationId: 'c', serviceUrl: 'http://127.0.0.1:1/' }, cards: [], history: [{ state, at }], updatedAt: at,
  };
}

function compose(dir: string) {
  const store = new FileStore(join(env.dir, dir));
  const tracker = new RegressionTracker(store, systemClock, logger);
  const approvals = new ApprovalService({
    store, jobs: { schedule: () => undefined, results: async () => [] }, audit: new FileAuditLog(join(env.dir, dir, 'audit.jsonl'), systemClock),
    clock: systemClock, logger, messenger: { planChanged: async () => undefined, notify: async () => undefined },
    roles: new RoleCheck({ adminIds: [], approverIds: [], clock: systemClock, logger }),
  });
  const identityMap = new IdentityMapFile(env.identityMapPath);
  const { knowledge } = createKnowledge({ store, tenants: env.tenants, identityMap, clock: systemClock, logger });
  const service = new RegressionService({
    tenants: env.tenants, knowledge, identityMap: () => identityMap.load(), tracker, approvals,
    removeRedirects: async () => { throw new Error('not used here'); }, clock: systemClock, logger,
  });
  return { tracker, service, approvals };
}

describe('move-back poller and tracker', () => {
  it('reads each moving person once per tick, at most maxPerSecond', async () => {
    const { tracker, service, approvals } = compose('rate');
    for (let i = 0; i < 6; i++) await tracker.claim(entry(i), async () => false);
    await tracker.claim(entry(6, 'done'), async () => false);
    const poller = new RegressionPoller({ service, tenants: env.tenants, approvals, clock: systemClock, logger, maxPerSecond: 10 });
    const graphBefore = env.sandbox.stats().byHost['graph.microsoft.com'] ?? 0;
    const started = Date.now();
    await poller.tick();
    const elapsed = Date.now() - started;
    const graphCalls = (env.sandbox.stats().byHost['graph.microsoft.com'] ?? 0) - graphBefore;
    // Six moving people (the done one is not read): six reads, spaced 100 ms apart at least.
    expect(graphCalls).toBe(6);
    expect(elapsed).toBeGreaterThanOrEqual(5 * 100 - 5);
  }, 30_000);

  it('of concurrent claims for one person, one is stored and the others are refused', async () => {
    const { tracker } = compose('claims');
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => tracker.claim(entry(0, 'requested'), async () => false)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason.message))).toEqual(Array(4).fill(expect.stringContaining('is already being moved back')));
    expect(await tracker.load()).toHaveLength(1);
    expect(tracker.holdsRedirectsOf(entry(0).currentUpn)).toBe(true);
    expect(tracker.holdsRedirectsOf(entry(0).originalUpn.toUpperCase())).toBe(true);
    expect(tracker.holdsRedirectsOf(entry(1).currentUpn)).toBe(false);
  });
});
