// The approval path, composed: audit log, approval service, job runner, planners, plan cards and the
// Teams messenger, plus the timers that keep it moving (expiry sweep, daily reminder). The composition
// root and the tests build it the same way; only the adapter, clock and store differ.
import type { RoleCheck } from '../services/approvals/roleCheck.js';
import { join } from 'node:path';
import type { CardView } from '../cards/render.js';
import { ApprovalService } from '../services/approvals/approvalService.js';
import { createPlanners, createRetryPreflight } from '../services/approvals/planners.js';
import { TrustReminder } from '../services/approvals/reminder.js';
import type { AuditLog, ConversationAddress, Person, PlanMessenger } from '../services/approvals/types.js';
import { FileAuditLog } from '../services/audit/auditLog.js';
import type { IdentityMapFile } from '../services/identityMap/identityMap.js';
import type { SiteMapFile } from '../services/identityMap/siteMap.js';
import { JobRunner } from '../services/jobs/jobRunner.js';
import type { Clock, KeyValueStore, Logger } from '../services/ports.js';
import { RegressionPoller } from '../services/regression/poller.js';
import { RegressionService } from '../services/regression/regressionService.js';
import { RegressionTracker } from '../services/regression/tracker.js';
import type { BotServices } from './botServices.js';
import { PeopleDirectory } from './peopleDirectory.js';
import { PlanCards } from './planCards.js';
import { PlanCopies } from './planCopies.js';
import type { TenantClients } from './tenantSetup.js';
import { TeamsMessenger, type ProactiveAdapter } from './teamsMessenger.js';
import { TrackingCards } from './trackingCards.js';
import { createGuidance, type GuidanceOptions, type GuidanceServices } from './guidanceSetup.js';
import { createKnowledge, type KnowledgeOptions } from './knowledgeSetup.js';
import { SlowAnswers } from './slowAnswers.js';
import { ExportFiles } from './exportFiles.js';
import { ExportStore } from '../services/exports/exportStore.js';
import type { FileUploader } from '../services/tenants/fileUpload.js';
import type { Telemetry } from '../services/telemetry/telemetry.js';
import { beforeDeadline } from '../services/core/deadline.js';
import { OrchestratorMoves, withMoveSource, type MigrationSource } from '../services/knowledge/orchestratorMoves.js';

export interface ApprovalSetupDeps {
  store: KeyValueStore;
  /** The audit log lives here as audit.jsonl, unless `audit` is given (the shared blob record). */
  storeDir: string;
  audit?: AuditLog;
  clock: Clock;
  logger: Logger;
  tenants: TenantClients;
  identityMap: IdentityMapFile;
  /** Sites and group sites moved; without it only people's moves are known. */
  siteMap?: SiteMapFile;
  adapter: ProactiveAdapter;
  appId: string;
  /** Who is an admin or approver (ids and Entra groups): the one check every path asks. */
  roles: RoleCheck;
  approvalsConversationId?: string;
  licenceExpiry?: string;
  view: CardView;
  /** People known before anyone writes (the sandbox's admin and approver). */
  knownPeople?: readonly Person[];
  /** Plan expiry (default 24 h) and the minimum time between edits of one card (default 2 s): tests shorten them. */
  expiryMs?: number;
  editIntervalMs?: number;
  /** Moves back: time between polls of their state (default 15 s) and Graph reads per second at most (default 2). */
  pollIntervalMs?: number;
  pollsPerSecond?: number;
  /** Guidance for migrated people; without it send-guidance items fail with a reason. */
  guidance?: GuidanceOptions;
  /** Job leases: how long one lasts unrenewed (default 30 s), and how often to look for jobs to take over (half that). */
  leaseMs?: number;
  scanMs?: number;
  /** Background re-reads of what the bot knows (defaults in services/knowledge/knowledge.ts). */
  knowledge?: KnowledgeOptions;
  /** How long a command may take inside the turn before a reading card answers for it (default 1 s). */
  answerWithinMs?: number;
  /** Uploads exports to the OneDrive session Teams gives on accept; without it an accept is answered with why not. */
  uploadFile?: FileUploader;
  /** INSTANCE_HOST: the host this instance names on its job leases (default: the machine's name). */
  instanceHost?: string;
  /** Job progress as metrics (off by default). */
  telemetry?: Telemetry;
  /** MIGRATION_SOURCE; unset: found on the target (services/knowledge/orchestratorMoves.ts). */
  migrationSource?: MigrationSource;
}

export type ApprovalPath = Pick<BotServices, 'approvals' | 'audit' | 'planners' | 'planCards' | 'people' | 'recordedMoves' | 'knowledge' | 'slowAnswers'> & {
  exports: ExportFiles;
  messenger: TeamsMessenger;
  jobs: JobRunner;
  regression: RegressionService;
  poller: RegressionPoller;
  trackingCards: TrackingCards;
  guidance?: GuidanceServices;
  /** People's OneDrive moves as the orchestrator's jobs show them, and whether it is the source. */
  orchestrator: OrchestratorMoves;
  /** Resumes unfinished jobs and starts the timers. */
  start(): Promise<void>;
  /** Stops the timers and taking work; running jobs finish their items in flight and give their leases up; the last card edits go out. */
  close(): Promise<void>;
};

const SWEEP_MS = 5 * 60 * 1000;
const GROUP_NAME_WITHIN_MS = 1_000;
/** The reminder sends at most once a UTC day; ticking hourly means a restart or a late start loses no day. */
const REMINDER_TICK_MS = 60 * 60 * 1000;

export function createApprovalPath(deps: ApprovalSetupDeps): ApprovalPath {
  // Every reader of people's moves (ledger, plans, re-checks, trust records) asks the source tenant's
  // getMoveState: with the orchestrator as the source, its jobs answer there, and nothing else changes.
  const orchestrator = new OrchestratorMoves({
    target: deps.tenants.target, identityMap: () => deps.identityMap.load(), configured: deps.migrationSource, clock: deps.clock, logger: deps.logger,
  });
  const d: ApprovalSetupDeps = { ...deps, tenants: { ...deps.tenants, source: withMoveSource(deps.tenants.source, orchestrator) } };
  const audit = d.audit ?? new FileAuditLog(join(d.storeDir, 'audit.jsonl'), d.clock);
  const target = d.tenants.target;
  const people = new PeopleDirectory(d.store, d.knownPeople, async (id) => (await target.getUser(id))?.displayName,
    target.getGroup ? async (id) => {
      // A plan card is drawn while someone waits: a group's name gets a second at most, else its id shows.
      const deadline = AbortSignal.timeout(GROUP_NAME_WITHIN_MS);
      return (await beforeDeadline(target.getGroup!(id, deadline), deadline)).displayName;
    } : undefined);
  const copies = new PlanCopies(d.store);
  // The messenger draws cards with planCards, which reads the approval service, which reports to the
  // messenger: the render function closes over planCards, assigned just below.
  let planCards: PlanCards | undefined;
  const messenger = new TeamsMessenger({
    adapter: d.adapter, appId: d.appId, logger: d.logger, minIntervalMs: d.editIntervalMs,
    render: (record) => planCards!.base(record),
    copiesOf: (planId) => copies.list(planId),
  });
  // Moves back follow their plans: every plan change reaches the card and the tracker (assigned below).
  const tracker = new RegressionTracker(d.store, d.clock, d.logger);
  let regression: RegressionService | undefined;
  const watched: PlanMessenger = {
    planChanged: async (record) => {
      // A removal that ended changed the tenant's redirect sites: list them again for the next plan and status.
      if (record.plan.kind === 'remove-redirects' && ['done', 'partly-failed', 'failed'].includes(record.state)) {
        const side = record.plan.options?.side;
        if (side === 'source' || side === 'target') knowledge.redirectsChanged(side);
      }
      regression?.planChanged(record).catch((err: unknown) => d.logger.warn({ planId: record.plan.id, err: String(err) }, 'move-back tracking not updated'));
      await messenger.planChanged(record);
    },
    notify: (address, text) => messenger.notify(address, text),
  };
  const { knowledge, recordedMoves } = createKnowledge({
    store: d.store, tenants: d.tenants, identityMap: d.identityMap, siteMap: d.siteMap, clock: d.clock, logger: d.logger, instanceHost: d.instanceHost, options: d.knowledge,
  });
  const slowAnswers = new SlowAnswers({
    poster: messenger, view: d.view, logger: d.logger, answerWithinMs: d.answerWithinMs, editIntervalMs: d.editIntervalMs,
  });
  const exports = new ExportFiles({ store: new ExportStore(d.store, d.clock), upload: d.uploadFile, poster: messenger, audit, logger: d.logger });
  const guidance = d.guidance && createGuidance({
    ...d.guidance, store: d.store, clock: d.clock, logger: d.logger, tenants: d.tenants, identityMap: d.identityMap, siteMap: d.siteMap,
    knowledge, audit, view: d.view, post: (address, card) => messenger.post(address, card),
    approvalsAddress: async () => {
      const serviceUrl = await people.lastServiceUrl();
      return d.approvalsConversationId && serviceUrl ? { conversationId: d.approvalsConversationId, serviceUrl } : undefined;
    },
  });
  const jobs = new JobRunner({
    store: d.store, tenants: d.tenants, audit, messenger: watched, clock: d.clock, logger: d.logger,
    identityMap: () => d.identityMap.load(), siteMap: siteMapOf(d),
    moveStarted: (planId, step, move) => regression!.moveStarted(planId, step, move),
    sendGuidance: guidance?.sendGuidance, sendSiteNotice: guidance?.sendSiteNotice, leaseMs: d.leaseMs, instanceHost: d.instanceHost, telemetry: d.telemetry,
  });
  const approvals = new ApprovalService({
    store: d.store, jobs, audit, clock: d.clock, logger: d.logger, messenger: watched,
    roles: d.roles, expiryMs: d.expiryMs, retryPreflight: createRetryPreflight(d.tenants),
  });
  planCards = new PlanCards({
    approvals, people, copies, roles: d.roles, view: d.view,
    approvalsConversationId: d.approvalsConversationId,
    post: (address, card) => messenger.post(address, card),
  });
  const planners = createPlanners({
    tenants: d.tenants, identityMap: () => d.identityMap.load(), siteMap: siteMapOf(d), clock: d.clock, licenceExpiry: d.licenceExpiry, expiryMs: d.expiryMs,
    movingBack: (moveKey) => tracker.holdsRedirectsOf(moveKey), knowledge, unfinishedPlans: () => approvals.unfinished(),
  });
  regression = new RegressionService({
    tenants: d.tenants, knowledge, identityMap: () => d.identityMap.load(), siteMap: siteMapOf(d), tracker, approvals, removeRedirects: planners.removeRedirects,
    clock: d.clock, logger: d.logger, expiryMs: d.expiryMs,
  });
  const poller = new RegressionPoller({
    service: regression, tenants: d.tenants, approvals, clock: d.clock, logger: d.logger,
    intervalMs: d.pollIntervalMs, maxPerSecond: d.pollsPerSecond,
  });
  const trackingCards = new TrackingCards({ tracker, poster: messenger, view: d.view, logger: d.logger, intervalMs: d.editIntervalMs });
  const reminder = new TrustReminder({
    store: d.store, tenants: d.tenants, messenger, logger: d.logger, licenceExpiry: d.licenceExpiry,
    // Read at each tick: the connector URL is only known once someone has written to the bot.
    get address() { return reminderAddress; },
  });
  let reminderAddress: ConversationAddress | undefined;
  const timers: NodeJS.Timeout[] = [];
  return {
    approvals, audit, planners, planCards, people, messenger, jobs, regression, poller, trackingCards, guidance,
    recordedMoves, knowledge, slowAnswers, exports, orchestrator,
    start: async () => {
      if (d.knowledge?.start !== false) knowledge.start();
      // Tracked people first: a resumed redirect plan must already know whom to leave alone.
      await tracker.load();
      await jobs.resume();
      jobs.startScanning(d.scanMs);
      poller.start();
      timers.push(setInterval(() => {
        approvals.sweepExpired().catch((err: unknown) => d.logger.warn({ err: String(err) }, 'expiry sweep failed'));
      }, SWEEP_MS));
      timers.push(setInterval(() => { void remind(); }, REMINDER_TICK_MS));
      // The timers never keep the process alive on their own; close() clears them.
      for (const t of timers) t.unref();
    },
    close: async () => {
      for (const t of timers) clearInterval(t);
      await knowledge.stop();
      await slowAnswers.idle();
      await exports.idle();
      await poller.stop();
      await jobs.stop();
      await trackingCards.idle();
      await messenger.close();
    },
  };

  async function remind(): Promise<void> {
    const serviceUrl = await people.lastServiceUrl();
    reminderAddress = d.approvalsConversationId && serviceUrl ? { conversationId: d.approvalsConversationId, serviceUrl } : undefined;
    try {
      const result = await reminder.tick(d.clock.now());
      d.logger.debug({ result }, 'trust reminder tick');
    } catch (err) {
      d.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'trust reminder failed');
    }
  }
}

/** The site map's loader, for the readers and planners that take one. */
const siteMapOf = (d: ApprovalSetupDeps) => d.siteMap && (() => d.siteMap!.load());
