// The bot as a process runs it (startBot, sandbox, HTTP in), with a recording connector standing in for
// Teams: replies, proactive posts and card edits (PUT) all arrive there and are asserted on.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import { startBot, type RunningBot, type StartOverrides } from '../../bot/index.js';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import type { AuditEntry } from '../../services/approvals/types.js';
import { actionExecute, message, type Person } from './activities.js';
import { startRecordingConnector, waitForCallOn, type ConnectorCall, type RecordingConnector } from './recordingConnector.js';

export interface InvokeBody { statusCode: number; type: string; value: Record<string, unknown> }

export interface ApprovalBot {
  bot: RunningBot;
  connector: RecordingConnector;
  dir: string;
  /** Posts a message; resolves with its replies (not the edits of other cards arriving meanwhile). */
  say(text: string, from?: Person, conversationId?: string): Promise<ConnectorCall[]>;
  /** Clicks a card button on message `cardActivityId`; resolves with the invoke answer body. */
  click(verb: string, data: unknown, from: Person, cardActivityId: string, conversationId?: string): Promise<InvokeBody>;
  /** Posts any activity as Teams would, from the allowed tenant through the recording connector's serviceUrl. */
  post(activity: Partial<Activity>): Promise<Response>;
  /** Options for activity builders: the tenant and serviceUrl this bot answers. */
  options: { tenantId: string; serviceUrl: string };
  /** Waits until a connector call matches (card edits arrive after the invoke was answered). */
  waitForCall(match: (c: ConnectorCall) => boolean, timeoutMs?: number): Promise<ConnectorCall>;
  audit(): Promise<AuditEntry[]>;
  close(): Promise<void>;
}

let nextId = 0;

/** `tenantId`: the Teams tenant activities come from, needed when the bot joined a shared sandbox (SANDBOX_URL). */
export async function startApprovalBot(env: Record<string, string> = {}, overrides: StartOverrides = {}, sharedTenantId?: string): Promise<ApprovalBot> {
  const dir = await mkdtemp(join(tmpdir(), 'pmb-approvals-'));
  const connector = await startRecordingConnector();
  // Answers come in the turn here (plans at a rehearsal's size on a busy machine may take over 1 s);
  // reading cards have their own tests (test/http/scale.test.ts at the product's default, test/http/slowAnswers.test.ts).
  const bot = await startBot({ PORT: '0', STORAGE: `file:${dir}`, LOG_LEVEL: 'silent', ANSWER_WITHIN_MS: '10000', ...env }, { editIntervalMs: 200, ...overrides })
    .catch(async (err: unknown) => {
      // A bot that does not start must not leave the connector listening: the suite would never end.
      await connector.close();
      await rm(dir, { recursive: true, force: true });
      throw err;
    });
  const tenantId = sharedTenantId ?? bot.sandbox!.target.tenantId;
  const options = (conversationId?: string) => ({ tenantId, serviceUrl: connector.serviceUrl, conversationId });
  const post = (activity: object) => fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  const waitForCall: ApprovalBot['waitForCall'] = (match, timeoutMs) => waitForCallOn(connector, match, timeoutMs);
  return {
    bot, connector, dir, waitForCall, post, options: options(),
    say: async (text, from = SANDBOX_PEOPLE.admin, conversationId) => {
      const before = connector.calls.length;
      const id = `msg-${++nextId}`;
      const res = await post({ ...message(text, from, options(conversationId)), id });
      if (res.status !== 200) throw new Error(`POST answered ${res.status}`);
      return connector.calls.slice(before).filter((c) => c.activity.replyToId === id);
    },
    click: async (verb, data, from, cardActivityId, conversationId) => {
      const activity: Partial<Activity> = { ...actionExecute(verb, data, from, options(conversationId)), id: `invoke-${++nextId}`, replyToId: cardActivityId };
      const res = await post(activity);
      return await res.json() as InvokeBody;
    },
    audit: async () => {
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(join(dir, 'audit.jsonl'), 'utf8').catch(() => '');
      return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as AuditEntry);
    },
    close: async () => {
      await bot.close();
      await connector.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The Adaptive Card a connector call carries. */
export function cardIn(call: ConnectorCall | undefined): Record<string, unknown> {
  const content = call?.activity.attachments?.[0]?.content;
  if (!content) throw new Error(`no card in ${JSON.stringify(call)?.slice(0, 300)}`);
  return content as Record<string, unknown>;
}

export { activityIdOf, answerTo } from './recordingConnector.js';
