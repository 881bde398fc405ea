// People moved by Microsoft's migration orchestrator: with MIGRATION_SOURCE unset, the bot finds the jobs on
// the simulated target and reads every person's OneDrive state from their task, so status, move status,
// remove trust and remove redirects answer as they do from SharePoint's move tasks, and no SharePoint move
// task is read for a person. The real bot against the simulated tenants in their orchestrator rehearsal.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { inWords } from '../../cards/readable.js';
import { visibleBrackets } from '../../cards/render.js';
import { DEFAULT_SNAPSHOT_MAX_AGE_MS } from '../../services/knowledge/orchestratorMoves.js';
import { cardText, executeActions } from '../helpers/cards.js';
import { cardOf, startBotHarness, type BotHarness } from '../helpers/botHarness.js';

let h: BotHarness;
// The migration endpoints' budget is set only to count them: no test here comes near it.
const countMoveTaskReads = { graphMigrationBudget: { requestsPerWindow: 1_000_000, windowMs: 60_000 } };
/** A bot of the describe's own, so each command reads the moves itself rather than finding them read by another's test. */
function ownBot(): void {
  beforeAll(async () => { h = await startBotHarness({ tenants: { users: 150, migrationSource: 'orchestrator', faults: countMoveTaskReads } }); });
  afterAll(() => h.close());
}

async function ask(text: string): Promise<string> {
  const replies = await h.say(text);
  expect(replies).toHaveLength(1);
  return cardText(cardOf(replies[0]));
}

const people = () => h.env.sandbox.scenario!.users;
/** Requests to SharePoint's crossOrganizationMigrationTasks so far (the people's move tasks the orchestrator replaces). */
const moveTaskReads = () => h.env.sandbox.stats().graphBudget?.admitted ?? 0;
/** Move-task reads made while `work` ran. */
async function moveTaskReadsDuring<T>(work: () => Promise<T>): Promise<{ result: T; reads: number }> {
  const before = moveTaskReads();
  const result = await work();
  return { result, reads: moveTaskReads() - before };
}

describe('status and move status with the orchestrator as the source', () => {
  ownBot();

  it("counts people's OneDrives by their tasks' ODSP status, lists the jobs and the clean-up, and reads no SharePoint move task", async () => {
    const { result: text, reads } = await moveTaskReadsDuring(() => ask('status'));
    expect(text).toContain(`Moves (${people().length} people in the identity map)`);
    const block = text.slice(text.indexOf('Moves ('), text.indexOf('Migration orchestrator jobs'));
    for (const status of new Set(people().map((u) => u.status))) {
      expect(block).toContain(`${inWords(status)}: ${people().filter((u) => u.status === status).length}`);
    }
    // 150 people: a first wave of 100, all finished, and a second of 50 with the unfinished ones.
    expect(text).toMatch(/Migration wave 1: completed( with errors)?, 100 people/);
    expect(text).toContain('Migration wave 2: in progress, 50 people');
    expect(text).toContain('Validation of wave 2 (validation): validate passed, 50 people');
    expect(text).toContain('Remove the SharePoint cross-tenant trust on both tenants: the bot does it: remove trust');
    expect(text).toContain(visibleBrackets('Remove the organization relationships: outside the bot: Remove-OrganizationRelationship -Identity <name>'));
    expect(text).not.toContain('not in the identity map');
    expect(reads).toBe(0);
  });

  it("answers a person's failed OneDrive move with the error their task carries, reading no SharePoint move task", async () => {
    const failed = people().find((u) => u.status === 'failed')!;
    const { result: text, reads } = await moveTaskReadsDuring(() => ask(`move status ${failed.sourceUpn}`));
    expect(text).toContain('Status: failed');
    expect(reads).toBe(0);
    // The same move as SharePoint's task shows it (read last: it is the read the orchestrator spares).
    const sharePoint = await h.env.tenants.source.getMoveState(failed.sourceUpn);
    expect(sharePoint?.error).toBeTruthy();
    expect(text).toContain(sharePoint!.error!);
  });
});

describe('remove trust with the orchestrator as the source', () => {
  ownBot();

  it("is blocked by the people whose task says their OneDrive is still moving, read from the jobs", async () => {
    const { result: text, reads } = await moveTaskReadsDuring(() => ask('remove trust'));
    const unfinished = people().filter((u) => u.status === 'notStarted' || u.status === 'inProgress');
    expect(text).toContain(`Trust can't be removed while ${unfinished.length} move(s) are not finished`);
    expect(text).toContain(`${unfinished[0].sourceUpn} (${inWords(unfinished[0].status)})`);
    expect(reads).toBe(0);
  });
});

describe('remove redirects with the orchestrator as the source', () => {
  ownBot();

  it("plans only the redirects of people whose task says their OneDrive move completed", async () => {
    const { reads } = await moveTaskReadsDuring(() => h.say('remove redirects source onedrives'));
    const [record] = (await h.path.approvals.pendingFor({ id: SANDBOX_PEOPLE.approver.aadObjectId })).filter((p) => p.plan.kind === 'remove-redirects');
    const planned = JSON.stringify(record!.plan.items);
    const users = h.env.sandbox.scenario!.users;
    const completed = users.filter((u) => u.status === 'completed' && u.sourceSiteUrl !== h.env.sandbox.scenario!.recycledRedirectUrl);
    expect(completed.length).toBeGreaterThan(100);
    for (const u of completed) expect(planned).toContain(u.sourceSiteUrl);
    for (const u of users.filter((p) => p.status !== 'completed')) expect(planned).not.toContain(u.sourceSiteUrl);
    expect(reads).toBe(0);
  });

  it("re-reads the person's move from the orchestrator just before removing their redirect, once approved", async () => {
    const person = h.env.sandbox.scenario!.users.filter((u) => u.status === 'completed' && u.sourceSiteUrl !== h.env.sandbox.scenario!.recycledRedirectUrl)[1]!;
    const card = cardOf((await h.say(`remove redirects source for ${person.sourceUpn}`))[0]);
    const approve = executeActions(card).find((b) => b.verb === 'approve')!;
    const planId = String(approve.data.planId);
    // Past the snapshot's age, so the check before removal reads the jobs again rather than reusing the plan's read.
    h.clock.advance(DEFAULT_SNAPSHOT_MAX_AGE_MS + 1);
    const jobReads = () => h.logText().split('orchestrator jobs read').length - 1;
    const jobReadsBefore = jobReads();
    const { reads } = await moveTaskReadsDuring(async () => {
      await h.click('approve', approve.data, SANDBOX_PEOPLE.approver);
      for (let i = 0; i < 100 && !['done', 'partly-failed', 'failed'].includes((await h.path.approvals.get(planId))!.state); i++) await new Promise((ok) => setTimeout(ok, 100));
    });
    expect((await h.path.approvals.get(planId))!.state).toBe('done');
    expect(await h.env.tenants.source.findSite(person.sourceSiteUrl)).toBeNull();
    expect(jobReads()).toBe(jobReadsBefore + 1);
    expect(reads).toBe(0);
  });
});
