// Real stores in a temporary directory, a hand-moved clock, and fakes that record what they were asked.
import { RoleCheck } from '../../services/approvals/roleCheck.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApprovalService, type JobPort } from '../../services/approvals/approvalService.js';
import { buildPlan } from '../../services/approvals/plan.js';
import type { ConversationAddress, ItemResult, Person, Plan, PlanMessenger, PlanRecord } from '../../services/approvals/types.js';
import { FileAuditLog } from '../../services/audit/auditLog.js';
import { FileStore } from '../../services/store/fileStore.js';
import { ManualClock } from '../helpers/clock.js';
import { memoryLogger } from '../helpers/logs.js';

export const alice: Person = { id: 'aad-alice', name: 'Alice Admin' };
export const bob: Person = { id: 'aad-bob', name: 'Bob Approver' };
export const carol: Person = { id: 'aad-carol', name: 'Carol Approver' };
export const mallory: Person = { id: 'aad-mallory', name: 'Mallory Member' };
export const chat: ConversationAddress = { conversationId: 'a:chat-1', serviceUrl: 'https://smba.trafficmanager.net/emea/' };

export class RecordingMessenger implements PlanMessenger {
  readonly changes: PlanRecord[] = [];
  readonly notices: { address: ConversationAddress; text: string }[] = [];
  async planChanged(record: PlanRecord): Promise<void> { this.changes.push(record); }
  async notify(address: ConversationAddress, text: string): Promise<void> { this.notices.push({ address, text }); }
}

/** Records what the approval path scheduled instead of running it. */
export class RecordingJobs implements JobPort {
  readonly scheduled: string[] = [];
  readonly results_ = new Map<string, ItemResult[]>();
  schedule(planId: string): void { this.scheduled.push(planId); }
  async results(plan: Plan): Promise<ItemResult[]> {
    return this.results_.get(plan.id) ?? plan.items.map((i) => ({ key: i.key, state: 'pending', attempts: 0, updatedAt: plan.requestedAt }));
  }
}

export function redirectPlan(requestedBy: Person, clock: ManualClock, urls = ['https://contoso-my.sharepoint.com/personal/a_contoso_com'], expiryMs?: number): Plan {
  return buildPlan({
    kind: 'remove-redirects', title: 'Remove redirect sites on contoso', summary: `${urls.length} redirect site(s)`,
    requestedBy, findings: [], options: { side: 'source', scope: 'all' }, ordered: false,
    items: urls.map((url) => ({ key: `remove-redirect:${url}`, label: url, step: { type: 'remove-redirect', side: 'source', url, unlock: false, purge: false } })),
  }, clock.now(), expiryMs);
}

export interface ApprovalRig {
  service: ApprovalService;
  store: FileStore;
  audit: FileAuditLog;
  clock: ManualClock;
  jobs: RecordingJobs;
  messenger: RecordingMessenger;
  dir: string;
  close(): Promise<void>;
}

export async function approvalRig(options: { expiryMs?: number } = {}): Promise<ApprovalRig> {
  const dir = await mkdtemp(join(tmpdir(), 'pmb-approvals-'));
  const clock = new ManualClock();
  const store = new FileStore(join(dir, 'store'));
  const audit = new FileAuditLog(join(dir, 'audit.jsonl'), clock);
  const jobs = new RecordingJobs();
  const messenger = new RecordingMessenger();
  const logger = memoryLogger().logger;
  const service = new ApprovalService({
    store, jobs, audit, clock, messenger, logger,
    roles: new RoleCheck({ adminIds: [], approverIds: [alice.id, bob.id, carol.id], clock, logger }), expiryMs: options.expiryMs,
  });
  return { service, store, audit, clock, jobs, messenger, dir, close: () => rm(dir, { recursive: true, force: true }) };
}
