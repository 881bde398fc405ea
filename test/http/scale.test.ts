// Commands at a size CI can afford (2,000 people, 5,000 extra redirect sites, 100 ms per SharePoint answer,
// 50 ms per Graph answer, a Graph budget that the first read runs into on any machine), over HTTP with the connector
// recording what Teams would receive. The 2 s goal itself is measured by `npm run bench -- --only scale`;
// here the answer must come while the read is still running, with a bound that leaves a busy machine room.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startBot } from '../../bot/index.js';
import { DEFAULT_ANSWER_WITHIN_MS } from '../../bot/slowAnswers.js';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { cardText } from '../helpers/cards.js';
import { message } from '../helpers/activities.js';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { activityIdOf, answerTo, cardIn, startApprovalBot, type ApprovalBot } from '../helpers/approvalBot.js';
import type { ConnectorCall } from '../helpers/recordingConnector.js';
import { waitFor } from '../helpers/waitFor.js';

const PEOPLE = 2_000;
/**
 * The turn's own budget is 1 s and the bench measures the 2 s goal; here the machine is shared (other
 * suites, and the simulated tenants in this very process), so the bound only catches an answer that
 * waited for the read (which takes 20 s or more here).
 */
const ANSWER_BOUND_MS = 5_000;

/**
 * The Graph budget bites first at 20 requests a second, which the read's first burst passes however busy the
 * machine (a budget set by rate alone, 1,000 in 10 s, was never reached by a read slowed by a loaded CI machine),
 * then, once it has pushed back, at 1,000 in 10 s for the rest of the read, so the test does not crawl.
 */
const LATENCY = { sharePointLatencyMs: 100, graphLatencyMs: 50 };
const TIGHT_BUDGET = { ...LATENCY, graphMigrationBudget: { requestsPerWindow: 20, windowMs: 1_000 } };
const STEADY_BUDGET = { ...LATENCY, graphMigrationBudget: { requestsPerWindow: 1_000, windowMs: 10_000 } };

let sandbox: SandboxHandle;
let a: ApprovalBot;
const migrationReads = () => sandbox.stats().graphBudget?.admitted ?? 0;

beforeAll(async () => {
  sandbox = await startSandbox({
    users: PEOPLE, extraRedirectSites: 5_000,
    faults: TIGHT_BUDGET,
  });
  a = await startApprovalBot({ ANSWER_WITHIN_MS: String(DEFAULT_ANSWER_WITHIN_MS) }, { sandbox, editIntervalMs: 2_000 });
}, 60_000);
afterAll(async () => {
  // The restart test closed the first bot already; a second close only finds its port shut.
  await a?.close().catch(() => a.connector.close());
  await sandbox?.close();
});

/** Posts one message activity with a given id; resolves with how long the HTTP answer took. */
async function post(text: string, id: string): Promise<number> {
  const activity = { ...message(text, SANDBOX_PEOPLE.admin, { tenantId: sandbox.target.tenantId, serviceUrl: a.connector.serviceUrl }), id };
  const started = Date.now();
  const res = await fetch(`${a.bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  expect(res.status).toBe(200);
  return Date.now() - started;
}
const repliesTo = (id: string) => a.connector.calls.filter((c) => c.activity.replyToId === id);
const editsOf = (activityId: string) => a.connector.calls.filter((c) => c.method === 'PUT' && c.path.endsWith(`/activities/${activityId}`));
const text = (c: ConnectorCall) => cardText(cardIn(c));
const idOf = (c: ConnectorCall) => activityIdOf(a.connector, c);
/** The answer (the reply, or the edit that replaced its reading card), checked to be the card expected. */
async function answered(reply: ConnectorCall, done: string): Promise<ConnectorCall> {
  const answer = await answerTo(a.connector, reply);
  expect(text(answer)).toContain(done);
  return answer;
}

describe(`status on a cold ledger of ${PEOPLE.toLocaleString('en-US')} people`, () => {
  it('answers at once with a reading card, edits it as the read goes, ends with the answer in it, and reads once for a repeated activity', async () => {
    const ms = await post('status', 'cold-status');
    const again = await post('status', 'cold-status'); // Teams delivering the same activity again
    expect(ms).toBeLessThan(ANSWER_BOUND_MS);
    expect(again).toBeLessThan(ANSWER_BOUND_MS);
    await waitFor('the Graph budget to push back', () => (sandbox.stats().graphBudget?.throttled ?? 0) > 0, 60_000);
    sandbox.setFaults(STEADY_BUDGET);
    const replies = repliesTo('cold-status');
    expect(replies).toHaveLength(1);
    expect(text(replies[0]!)).toContain('status: reading the tenants');
    const cardId = `reply-${a.connector.calls.indexOf(replies[0]!) + 1}`;
    const answer = await a.waitForCall((c) => c.method === 'PUT' && c.path.endsWith(`/activities/${cardId}`) && text(c).includes('Post-migration status'), 120_000);
    const edits = editsOf(cardId);
    const progress = edits.slice(0, edits.indexOf(answer));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.some((c) => /Move states: [\d,]+ of 2,000 people read/.test(text(c)))).toBe(true);
    const final = text(answer);
    expect(final).toContain(`Moves (${PEOPLE} people in the identity map)`);
    // The budget pushed back and the read slowed down; nobody was left unread.
    expect(final).not.toContain('could not be read');
    // One read of everyone, though status was asked twice and the background read started at the same time.
    expect(migrationReads()).toBeLessThanOrEqual(PEOPLE + 50);
  }, 150_000);

  it('answers from the ledger once it is warm, with no Graph read, and says how fresh it is', async () => {
    const before = migrationReads();
    const ms = await post('status', 'warm-status');
    expect(ms).toBeLessThan(ANSWER_BOUND_MS);
    const [reply] = repliesTo('warm-status');
    // Trust is read live (a few CSOM calls at 100 ms): on a busy machine the answer may come as an edit.
    const answer = text(await answered(reply!, 'Post-migration status'));
    expect(answer).toMatch(/As of \{\{DATE\(.*\)\}\} \{\{TIME\(.*\)\}\} \((just now|\d+ s ago|\d+ min ago)\), the oldest read counted/);
    expect(editsOf(idOf(reply!)).some((c) => text(c).includes('Move states:'))).toBe(false);
    expect(migrationReads()).toBe(before);
  }, 30_000);

  it('plans removing redirects from the snapshot and the ledger, saying their age', async () => {
    await post('remove redirects', 'warm-plan');
    const [reply] = repliesTo('warm-plan');
    const card = await answered(reply!, 'Waiting for approval');
    expect(text(card)).toMatch(/As of: \{\{DATE\(.*\)\}\} \{\{TIME\(.*\)\}\} \((just now|\d+ s ago|\d+ min ago)\), the oldest read it rests on/);
  }, 90_000);

  it('keeps the ledger across a restart: the new instance answers status in the turn without reading everyone again', async () => {
    await a.bot.close();
    const before = migrationReads();
    const restarted = await startBot({ PORT: '0', STORAGE: `file:${a.dir}`, LOG_LEVEL: 'silent' }, { sandbox, knowledge: { moveRefreshMs: 3_600_000 } });
    try {
      const activity = { ...message('status', SANDBOX_PEOPLE.admin, { tenantId: sandbox.target.tenantId, serviceUrl: a.connector.serviceUrl }), id: 'after-restart' };
      const res = await fetch(`${restarted.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      expect(res.status).toBe(200);
      const [reply] = repliesTo('after-restart');
      // Trust is read live, and a new process first signs in: the answer may come as an edit, but no
      // card ever shows move states being read.
      expect(text(await answered(reply!, 'Post-migration status'))).toContain(`Moves (${PEOPLE} people in the identity map)`);
      expect(editsOf(idOf(reply!)).some((c) => text(c).includes('Move states:'))).toBe(false);
      // At start only moves that can still change are read again, not everyone.
      const changeable = sandbox.scenario!.users.filter((u) => !['completed', 'failed', 'cancelled'].includes(u.status)).length;
      await new Promise((r) => setTimeout(r, 3_000));
      expect(migrationReads() - before).toBeLessThanOrEqual(changeable + 10);
    } finally {
      await restarted.close();
    }
  }, 60_000);
});
