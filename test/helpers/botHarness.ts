// The real bot (real routers, recogniser, services, cards) behind botbuilder's TestAdapter, against the
// simulated tenants. Each turn returns what the bot sent back, invoke answers included.
import { RoleCheck } from '../../services/approvals/roleCheck.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TestAdapter, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import { createApprovalPath, type ApprovalPath } from '../../bot/approvalSetup.js';
import type { ProactiveAdapter } from '../../bot/teamsMessenger.js';
import type { KnowledgeOptions } from '../../bot/knowledgeSetup.js';
import type { SandboxOptions } from '../../services/sandbox/types.js';
import type { KeyValueStore } from '../../services/ports.js';
import type { BotServices } from '../../bot/botServices.js';
import { createBot } from '../../bot/createBot.js';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { IdentityMapFile } from '../../services/identityMap/identityMap.js';
import { SiteMapFile, siteMapHosts } from '../../services/identityMap/siteMap.js';
import { FileStore } from '../../services/store/fileStore.js';
import { createTransport, type RetryPolicy } from '../../services/tenants/index.js';
import { createFileDownloader } from '../../services/tenants/fileDownload.js';
import { createFileUploader } from '../../services/tenants/fileUpload.js';
import { SnapshotStore } from '../../services/store/snapshotStore.js';
import { actionExecute, message, type ActivityOptions, type Person } from './activities.js';
import { ManualClock } from './clock.js';
import { memoryLogger } from './logs.js';
import { startSandboxTenants, type SandboxTenants } from './sandbox.js';

export interface BotHarness {
  env: SandboxTenants;
  services: BotServices;
  path: ApprovalPath;
  /** Proactive posts and card edits (TestAdapter has no connector: they are recorded here). */
  proactive: { reference: Partial<ConversationReference>; activity: Partial<Activity>; kind: 'send' | 'update' }[];
  clock: ManualClock;
  logText: () => string;
  /** Options for activity builders: the allowed (target) tenant. */
  inTenant: ActivityOptions;
  turn(activity: Partial<Activity>): Promise<Partial<Activity>[]>;
  say(text: string, from?: Person, options?: Partial<ActivityOptions>): Promise<Partial<Activity>[]>;
  click(verb: string, data: unknown, from?: Person): Promise<Partial<Activity>[]>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  sandbox?: boolean;
  retry?: Partial<RetryPolicy>;
  /** Default: the sandbox approver. */
  approverIds?: string[];
  /** Default: the sandbox admin. */
  adminIds?: string[];
  /** ADMIN_GROUP_IDS / APPROVER_GROUP_IDS: groups on the simulated target tenant (default none). */
  adminGroupIds?: string[];
  approverGroupIds?: string[];
  approvalsConversationId?: string;
  answerWithinMs?: number;
  /** Configure the simulated tenants' own site map (as `npm start` does); without it no site map is set. */
  siteMap?: boolean;
  /** The simulated tenants' knobs (size, latency, a Graph budget that counts move-state reads). */
  tenants?: SandboxOptions;
  /** Waits and reads of what the bot knows (its background reads stay off: harness instances are not started). */
  knowledge?: KnowledgeOptions;
  /** Wraps the bot's file store (a recording store counts what is read). */
  store?: (store: KeyValueStore) => KeyValueStore;
}

export async function startBotHarness(options: HarnessOptions = {}): Promise<BotHarness> {
  const { logger, text } = memoryLogger('debug');
  const env = await startSandboxTenants(logger, options.tenants ?? {}, options.retry);
  // Starts at the real time: the sandbox dates its licence expiry from now.
  const clock = new ManualClock(new Date());
  const fileStore = new FileStore(join(env.dir, 'store'));
  const store = options.store?.(fileStore) ?? fileStore;
  const identityMap = new IdentityMapFile(env.identityMapPath, { storeDir: join(env.dir, 'store') });
  let siteMapPath: string | undefined;
  if (options.siteMap) {
    siteMapPath = join(env.dir, 'site-map.csv');
    await writeFile(siteMapPath, env.sandbox.siteMapCsv(), 'utf8');
  }
  const siteMap = new SiteMapFile(siteMapPath, { storeDir: join(env.dir, 'store'), hosts: siteMapHosts(env.sandbox) });
  const target = env.tenants.target;
  const roles = new RoleCheck({
    adminIds: options.adminIds ?? [SANDBOX_PEOPLE.admin.aadObjectId], approverIds: options.approverIds ?? [SANDBOX_PEOPLE.approver.aadObjectId],
    adminGroupIds: options.adminGroupIds, approverGroupIds: options.approverGroupIds,
    memberGroups: (userId, groupIds, signal) => target.checkMemberGroups!(userId, groupIds, signal), clock, logger,
  });
  const view = { sandbox: options.sandbox ?? true, now: () => clock.now() };
  const proactive: BotHarness['proactive'] = [];
  let adapter: TestAdapter | undefined;
  const proactiveAdapter: ProactiveAdapter = {
    continueConversationAsync: async (_appId, reference, logic) => {
      const context = new TurnContext(adapter!, TurnContext.applyConversationReference({ type: 'event', name: 'continue' }, reference, true));
      context.onSendActivities(async (_c, activities, next) => {
        for (const activity of activities) proactive.push({ reference, activity, kind: 'send' });
        return next();
      });
      context.onUpdateActivity(async (_c, activity, next) => { proactive.push({ reference, activity, kind: 'update' }); return next(); });
      await logic(context);
    },
  };
  const path = createApprovalPath({
    store, storeDir: join(env.dir, 'store'), clock, logger, tenants: env.tenants, identityMap, siteMap,
    adapter: proactiveAdapter, appId: '', roles, approvalsConversationId: options.approvalsConversationId,
    licenceExpiry: env.sandbox.licenceExpiry, view, editIntervalMs: 0,
    knownPeople: Object.values(SANDBOX_PEOPLE).map((p) => ({ id: p.aadObjectId, name: p.name, teamsId: p.teamsId })),
    // Turn tests read answers from the turn: reading cards have tests of their own (test/http/slowAnswers.test.ts).
    answerWithinMs: options.answerWithinMs ?? 60_000,
    uploadFile: createFileUploader(createTransport({ sandboxUrl: env.sandbox.url })),
    knowledge: options.knowledge,
  });
  const services: BotServices = {
    tenants: env.tenants,
    identityMap,
    siteMap,
    knowledge: path.knowledge,
    slowAnswers: path.slowAnswers,
    snapshots: new SnapshotStore(store, clock),
    clock,
    logger,
    licenceExpiry: env.sandbox.licenceExpiry,
    roles,
    allowedTenantIds: new Set([env.sandbox.target.tenantId]),
    view,
    approvals: path.approvals,
    audit: path.audit,
    planners: path.planners,
    planCards: path.planCards,
    people: path.people,
    recordedMoves: path.recordedMoves,
    regression: path.regression,
    downloadFile: createFileDownloader(createTransport({ sandboxUrl: env.sandbox.url })),
    exports: path.exports,
    orchestrator: path.orchestrator,
    // As the bot wires it in sandbox mode: what the simulated people received.
    ...(view.sandbox ? { sandboxInbox: env.sandbox.inbox } : {}),
  };
  const bot = createBot(services);
  adapter = new TestAdapter(async (context) => { await bot.run(context); });
  const testAdapter = adapter;
  const inTenant: ActivityOptions = { tenantId: env.sandbox.target.tenantId };
  const turn = async (activity: Partial<Activity>) => {
    testAdapter.activeQueue.splice(0);
    await testAdapter.processActivity(activity);
    return testAdapter.activeQueue.splice(0);
  };
  return {
    env, services, path, proactive, clock, logText: text, inTenant, turn,
    say: (t, from = SANDBOX_PEOPLE.admin, o = {}) => turn(message(t, from, { ...inTenant, ...o })),
    click: (verb, data, from = SANDBOX_PEOPLE.admin) => turn(actionExecute(verb, data, from, inTenant)),
    close: async () => {
      await path.close();
      await env.close();
    },
  };
}

/** The one Adaptive Card of a message reply. */
export function cardOf(reply: Partial<Activity> | undefined): Record<string, unknown> {
  const attachment = reply?.attachments?.[0];
  if (!attachment || attachment.contentType !== 'application/vnd.microsoft.card.adaptive') {
    throw new Error(`expected an Adaptive Card reply, got ${JSON.stringify(reply)?.slice(0, 300)}`);
  }
  return attachment.content as Record<string, unknown>;
}

/** The body of an invoke answer: { statusCode, type, value }. */
export function invokeAnswer(replies: Partial<Activity>[]): { status: number; body: { statusCode: number; type: string; value: Record<string, unknown> } } {
  const reply = replies.find((r) => r.type === 'invokeResponse');
  if (!reply) throw new Error(`no invoke response among ${replies.length} replies`);
  return reply.value as never;
}
