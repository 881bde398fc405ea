// Answers that outlast the turn, over HTTP with the connector recording what Teams would receive. The
// simulated tenants answer slowly (the sandbox latency knob), so a command's reads take longer than the
// bot may spend in the turn: the turn answers with a reading card, and the answer replaces that card
// later. What came with the answer must still arrive: an export's file consent card follows it, and a plan
// card shown that way is the card the plan lives on, so approving it updates that very message.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { FILE_CONSENT_CARD } from '../../cards/exports.js';
import { startSandbox, type SandboxHandle } from '../../services/sandbox/index.js';
import { cardText, executeActions } from '../helpers/cards.js';
import { activityIdOf, answerTo, cardIn, startApprovalBot, type ApprovalBot } from '../helpers/approvalBot.js';
import { isReading, type ConnectorCall } from '../helpers/recordingConnector.js';

/** Every tenant answer takes this long: a few reads in a row are well past the turn's budget below. */
const LATENCY_MS = 300;
/** The turn's budget: far under any read here, so every command that reads a tenant answers late. */
const ANSWER_WITHIN_MS = 50;

let sandbox: SandboxHandle;
let a: ApprovalBot;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, users: 60, faults: { sharePointLatencyMs: LATENCY_MS, graphLatencyMs: LATENCY_MS } });
  a = await startApprovalBot({}, { sandbox, answerWithinMs: ANSWER_WITHIN_MS, editIntervalMs: 200 });
}, 60_000);
afterAll(async () => {
  await a?.close();
  await sandbox?.close();
});

const text = (c: ConnectorCall) => cardText(cardIn(c));

/** Says `command` and returns the reading card that answered the turn (the test needs the slow path). */
async function slowReply(command: string): Promise<ConnectorCall> {
  const [reply, ...more] = await a.say(command);
  expect(more).toEqual([]);
  expect(reply && isReading(reply)).toBe(true);
  return reply!;
}

describe('a command whose reads outlast the turn', () => {
  it('export moves: the reading card becomes the summary, and the file consent card follows in the same chat', async () => {
    const reading = await slowReply('export moves');
    const answer = await answerTo(a.connector, reading);
    expect(text(answer)).toMatch(/Move states: your file is ready/);
    const consent = await a.waitForCall((c) => a.connector.calls.indexOf(c) > a.connector.calls.indexOf(answer) && c.activity.attachments?.[0]?.contentType === FILE_CONSENT_CARD, 15_000);
    expect(consent.path).toContain(encodeURIComponent(`a:1personal-${SANDBOX_PEOPLE.admin.aadObjectId}`));
    expect(consent.activity.attachments?.[0]?.name).toMatch(/^moves-.*\.csv$/);
  }, 60_000);

  it('a plan: the reading card becomes the plan card, and approving it updates that message as the plan runs', async () => {
    // A redirect site SharePoint removes (not the one under a hold, not the one already in the recycle bin).
    const scenario = sandbox.scenario!;
    const person = scenario.users.find((u) => u.status === 'completed' && ![scenario.heldRedirectUrl, scenario.recycledRedirectUrl].includes(u.sourceSiteUrl))!;
    const reading = await slowReply(`remove redirects source for ${person.sourceUpn}`);
    const cardId = activityIdOf(a.connector, reading);
    const planCard = await answerTo(a.connector, reading);
    expect(text(planCard)).toContain('Waiting for approval');
    const approve = executeActions(cardIn(planCard)).find((b) => b.verb === 'approve');
    expect(approve).toBeDefined();
    const answered = await a.click('approve', approve!.data, SANDBOX_PEOPLE.approver, cardId);
    expect(answered.statusCode).toBe(200);
    // The message itself (what everyone else in the chat sees) follows the run to its end.
    const edited = (c: ConnectorCall) => c.method === 'PUT' && c.path.endsWith(`/activities/${cardId}`) && a.connector.calls.indexOf(c) > a.connector.calls.indexOf(planCard);
    const finished = await a.waitForCall((c) => edited(c) && /\bFinished: /.test(text(c)), 30_000);
    expect(text(finished)).toMatch(/Done: 1\b[\s\S]*Failed: 0\b/);
    // No second card for the plan: the one the reading card became is the one kept up to date.
    const planCards = a.connector.calls.filter((c) => c.method === 'POST' && c.activity.attachments?.length && text(c).includes(String(approve!.data.planId)));
    expect(planCards).toEqual([]);
  }, 90_000);
});
