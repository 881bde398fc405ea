// Whole bot processes on shared storage, as a scale-out runs them: each is `node --import tsx bot/index.ts`
// (the product's own entry, configuration and signal handling), with STORAGE=azure-blob on one Azurite
// container, joined with SANDBOX_URL to one standalone sandbox that the test process runs (so the test
// reads its change log, inbox and counters directly), and reached over loopback HTTP. Replies and card
// edits go to a recording connector in the test process, named as serviceUrl on every activity.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Activity } from 'botbuilder';
import type { ContainerClient } from '@azure/storage-blob';
import { projectRoot } from '../../bot/projectRoot.js';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { PlanStore } from '../../services/approvals/planStore.js';
import type { Plan, PlanRecord, PlanState } from '../../services/approvals/types.js';
import { BlobAuditLog } from '../../services/audit/blobAuditLog.js';
import { systemClock } from '../../services/ports.js';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../services/sandbox/index.js';
import { openContainer, type BlobAccount } from '../../services/store/blobContainer.js';
import { BlobStore } from '../../services/store/blobStore.js';
import { askPlan, type AskedPlan } from '../guidance/campaignHelpers.js';
import { actionExecute, message, type Person } from './activities.js';
import type { ApprovalBot, InvokeBody } from './approvalBot.js';
import { startAzurite, type Azurite } from './azurite.js';
import { waitFor } from './waitFor.js';
import { startRecordingConnector, waitForCallOn, type ConnectorCall, type RecordingConnector } from './recordingConnector.js';

export interface BotProcess {
  readonly name: string;
  readonly pid: number;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** Everything the process wrote so far (pino JSON lines on stdout, anything on stderr). */
  output(): string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  running(): boolean;
  /**
   * SIGKILL: no shutdown code runs and calls in flight are cut off. Resolves once the process is gone, with
   * the time the signal was sent: everything the process did is dated no later than that.
   */
  kill(): Promise<number>;
}

export interface BotProcessOptions {
  name: string;
  port: number;
  sandboxUrl: string;
  /** The shared account: a connection string (AZURE_STORAGE_CONNECTION_STRING) or its URL (AZURE_STORAGE_ACCOUNT_URL, no key). */
  account: BlobAccount;
  container: string;
  /** Settings added to (or replacing) the defaults below. */
  env?: Record<string, string>;
}

const START_TIMEOUT_MS = 60_000;
/** Every child this module started and that has not exited: killed in close(), and at the latest when the test process exits. */
const live = new Set<ChildProcess>();
process.once('exit', () => { for (const child of live) child.kill('SIGKILL'); });

/**
 * Starts one bot process and resolves once it answers /healthz. Its working directory is a fresh temporary
 * one, like a separate host: no .env of the checkout is read, and ./data (where an azure-blob instance keeps
 * its local copy of the identity map) is its own. tsx is therefore named by its path rather than resolved
 * from the working directory, and pointed at the project's tsconfig.
 */
export async function startBotProcess(o: BotProcessOptions): Promise<BotProcess> {
  const root = projectRoot();
  const cwd = await mkdtemp(join(tmpdir(), `pmb-${o.name}-`));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, TSX_TSCONFIG_PATH: join(root, 'tsconfig.json'),
    PORT: String(o.port), STORAGE: 'azure-blob', AZURE_STORAGE_CONTAINER: o.container,
    ...('accountUrl' in o.account ? { AZURE_STORAGE_ACCOUNT_URL: o.account.accountUrl } : { AZURE_STORAGE_CONNECTION_STRING: o.account.connectionString }),
    SANDBOX_URL: o.sandboxUrl, LOG_LEVEL: 'warn', ANSWER_WITHIN_MS: '10000',
    ADMIN_IDS: SANDBOX_PEOPLE.admin.aadObjectId, APPROVER_IDS: SANDBOX_PEOPLE.approver.aadObjectId,
    ...o.env,
  };
  const child = spawn(process.execPath, tsxArgs('bot/index.ts'), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString('utf8'); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString('utf8'); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => {
    live.delete(child);
    void rm(cwd, { recursive: true, force: true });
    resolve({ code, signal });
  }));
  const url = `http://127.0.0.1:${o.port}`;
  const running = () => child.exitCode === null && child.signalCode === null;
  try {
    await waitFor(`bot process ${o.name} to answer /healthz`, async () => {
      if (!running()) throw new Error(`bot process ${o.name} exited before it was ready: ${out.slice(-1500)}`);
      return fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    }, START_TIMEOUT_MS, 100);
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    throw err;
  }
  return {
    name: o.name, pid: child.pid!, url, exited, running,
    output: () => out,
    kill: async () => {
      if (running()) child.kill('SIGKILL');
      const at = Date.now();
      await exited;
      return at;
    },
  };
}

/**
 * Node's arguments to run one of the project's TypeScript entries (`bot/index.ts`, `bot/doctor.ts`) from any
 * working directory: tsx named by its path; set TSX_TSCONFIG_PATH to the project's tsconfig in the child's env.
 */
export function tsxArgs(entry: string): string[] {
  const root = projectRoot();
  return ['--import', pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href, join(root, entry)];
}

/** `n` distinct free loopback ports, all held until every one is known so none is handed out twice. */
export async function freePorts(n: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', resolve); });
    }
    return servers.map((s) => (s.address() as { port: number }).port);
  } finally {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }
}

/** What the tests do through one instance, shaped like ApprovalBot's so the campaign helpers drive either. */
export type InstanceClient = Pick<ApprovalBot, 'say' | 'click' | 'connector'>;

export interface SharedStorageRig {
  azurite: Azurite;
  sandbox: SandboxHandle;
  connector: RecordingConnector;
  container: ContainerClient;
  /** The instances' records and audit, read as they are stored. */
  store: BlobStore;
  plans: PlanStore;
  audit: BlobAuditLog;
  bots: BotProcess[];
  /** Activities from the sandbox's target tenant, posted to one instance's /api/messages. */
  client(bot: BotProcess): InstanceClient;
  /** Asks for a plan through one instance as the admin: its card, and the plan as stored. */
  askPlan(bot: BotProcess, text: string): Promise<AskedPlan & { plan: Plan }>;
  /** The instance whose lease the plan's job is under now (by its pid on the lease), if any. */
  leaseHolder(planId: string): Promise<BotProcess | undefined>;
  /** Waits until the stored plan is in one of `states`. */
  waitForPlan(planId: string, states: readonly PlanState[], timeoutMs: number): Promise<PlanRecord>;
  /**
   * Waits until the plan's job runs under one instance's lease and `when` holds, then SIGKILLs that instance.
   * Says which instance it was, which one is left, and when the signal went.
   */
  killJobRunner(planId: string, when: () => boolean, timeoutMs: number): Promise<{ killed: BotProcess; survivor: BotProcess; killedAt: number }>;
  /** Waits until a connector call matches. */
  waitForCall(match: (c: ConnectorCall) => boolean, timeoutMs: number): Promise<ConnectorCall>;
  /** Kills every process (bots, Azurite) and stops the sandbox and connector; safe to call after a failure. */
  close(): Promise<void>;
}

let nextActivity = 0;

/**
 * Azurite, the sandbox, the recording connector and `instances` bot processes on one container. Whatever
 * started before a failure is stopped again before the error is passed on.
 */
export async function startSharedStorageRig(name: string, sandboxOptions: SandboxOptions, instances = 2): Promise<SharedStorageRig> {
  const started: { close(): Promise<void> }[] = [];
  const bots: BotProcess[] = [];
  const close = async () => {
    await Promise.all(bots.filter(Boolean).map((b) => b.kill()));
    for (const s of started.reverse()) await s.close().catch(() => undefined);
  };
  try {
    const [azurite, sandbox, connector] = await Promise.all([startAzurite(), startSandbox(sandboxOptions), startRecordingConnector()]);
    started.push(azurite, sandbox, connector);
    const containerName = `${name}-${Date.now().toString(36)}`;
    const container = await openContainer({ connectionString: azurite.connectionString }, containerName);
    const ports = await freePorts(instances);
    // Each one is kept as soon as it runs, so a sibling failing to start still leaves it to close().
    await Promise.all(ports.map(async (port, i) => {
      bots[i] = await startBotProcess({
        name: String.fromCharCode(65 + i), port, sandboxUrl: sandbox.url, account: { connectionString: azurite.connectionString }, container: containerName,
      });
    }));
    const store = new BlobStore(container);
    const plans = new PlanStore(store);
    // Lease owners are named host#pid#random (services/jobs/jobLease.ts).
    const leaseHolder = async (planId: string) => {
      const key = `lease/${planId}`;
      const owner = ((await store.read([key]))[key]?.lease as { owner?: string } | undefined)?.owner ?? '';
      return bots.find((b) => owner.split('#')[1] === String(b.pid));
    };
    const waitForCall: SharedStorageRig['waitForCall'] = (match, timeoutMs) => waitForCallOn(connector, match, timeoutMs);
    return {
      azurite, sandbox, connector, container, store, plans, audit: new BlobAuditLog(container, systemClock), bots, close, waitForCall,
      client: (bot) => instanceClient(bot, connector, sandbox.target.tenantId),
      askPlan: async (bot, text) => {
        const asked = await askPlan(instanceClient(bot, connector, sandbox.target.tenantId), text);
        return { ...asked, plan: (await plans.read(asked.data.planId))!.record.plan };
      },
      leaseHolder,
      killJobRunner: async (planId, when, timeoutMs) => {
        let killed: BotProcess | undefined;
        await waitFor(`an instance to hold the lease on ${planId}`, async () => (killed = await leaseHolder(planId)) !== undefined, timeoutMs, 50);
        await waitFor(`the moment to kill instance ${killed!.name}`, () => {
          if (!killed!.running()) throw new Error(`instance ${killed!.name} exited by itself: ${killed!.output().slice(-1500)}`);
          return when();
        }, timeoutMs, 5);
        const killedAt = await killed!.kill();
        return { killed: killed!, survivor: bots.find((b) => b !== killed)!, killedAt };
      },
      waitForPlan: async (planId, states, timeoutMs) => {
        let record: PlanRecord | undefined;
        try {
          await waitFor(`plan ${planId} to be ${states.join(' or ')}`, async () => {
            record = (await plans.read(planId))?.record;
            return record !== undefined && states.includes(record.state);
          }, timeoutMs, 1_000);
        } catch (err) {
          // What a timeout needs to be understood: where the plan stood, who holds it, what the instances said.
          const holder = await leaseHolder(planId).catch(() => undefined);
          const said = bots.map((b) => `--- ${b.name} (pid ${b.pid}, ${b.running() ? 'running' : 'exited'}):\n${b.output().slice(-3000)}`).join('\n');
          throw new Error(`${(err as Error).message}; it is ${record?.state} ${JSON.stringify(record?.progress)}, lease held by ${holder?.name ?? 'none of ours'}\n${said}`);
        }
        return record!;
      },
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Posts activities from `tenantId` to one instance's /api/messages; replies go to `connector`. */
export function instanceClient(bot: BotProcess, connector: RecordingConnector, tenantId: string): InstanceClient {
  const options = (conversationId?: string) => ({ tenantId, serviceUrl: connector.serviceUrl, conversationId });
  const post = (activity: Partial<Activity>) => fetch(`${bot.url}/api/messages`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity),
  });
  return {
    connector,
    say: async (text, from: Person = SANDBOX_PEOPLE.admin, conversationId) => {
      const id = `${bot.name}-msg-${++nextActivity}`;
      const res = await post({ ...message(text, from, options(conversationId)), id });
      if (res.status !== 200) throw new Error(`instance ${bot.name} answered ${res.status} to "${text}"`);
      // The replies went out during the turn, before the POST was answered.
      return connector.calls.filter((c) => c.activity.replyToId === id);
    },
    click: async (verb, data, from, cardActivityId, conversationId) => {
      const res = await post({ ...actionExecute(verb, data, from, options(conversationId)), id: `${bot.name}-invoke-${++nextActivity}`, replyToId: cardActivityId });
      return await res.json() as InvokeBody;
    },
  };
}
