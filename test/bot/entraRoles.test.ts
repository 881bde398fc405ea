// Roles from Entra groups: ADMIN_GROUP_IDS / APPROVER_GROUP_IDS asked of the simulated target tenant's
// Graph (checkMemberGroups over real HTTP), beside the id lists, cached, and refused when Graph fails.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { RoleCheck } from '../../services/approvals/roleCheck.js';
import { SANDBOX_GROUPS } from '../../services/sandbox/groups.js';
import { GRAPH_HOST } from '../../services/sandbox/routes/graphShapes.js';
import type { Person } from '../helpers/activities.js';
import { cardText, executeActions } from '../helpers/cards.js';
import { cardOf, invokeAnswer, startBotHarness, type BotHarness } from '../helpers/botHarness.js';

const NOT_ADMIN = 'Sorry, this is for migration admins';
const ROLE_CACHE_MS = 5 * 60_000;

let h: BotHarness;
let directAdmin: Person;
let nestedAdmin: Person;
let groupApprover: Person;
/** A target-tenant user in no role group. */
let outsider: Person;

beforeAll(async () => {
  // One attempt per call: the Graph-failure test must not wait out retries.
  h = await startBotHarness({
    adminGroupIds: [SANDBOX_GROUPS.admins.id], approverGroupIds: [SANDBOX_GROUPS.approvers.id], retry: { maxAttempts: 1 },
  });
  const people = h.env.sandbox.scenario!.groupPeople!;
  const person = (aadObjectId: string, name: string): Person => ({ aadObjectId, teamsId: `29:1${name.toLowerCase()}`, name });
  directAdmin = person(people.directAdmin, 'Direct');
  nestedAdmin = person(people.nestedAdmin, 'Nested');
  groupApprover = person(people.approver, 'Approver');
  const members = new Set(Object.values(people));
  const other = (await h.env.tenants.target.getUser(h.env.sandbox.scenario!.users.find((u) => u.status === 'completed')!.targetUpn))!;
  expect(members.has(other.id)).toBe(false);
  outsider = person(other.id, 'Outsider');
}, 60_000);
afterAll(() => h.close());
afterEach(() => {
  h.env.sandbox.setFaults({});
  // Past the cache: each test asks Graph afresh.
  h.clock.advance(ROLE_CACHE_MS + 1);
});

const graphCalls = () => h.env.sandbox.stats().byHost[GRAPH_HOST] ?? 0;
const auditLength = async () => (await h.path.audit.latest(10_000)).length;
const auditSince = async (since: number) => (await h.path.audit.latest(10_000)).slice(since);

describe('admins from ADMIN_GROUP_IDS', () => {
  it('runs a command for a direct member of the admin group', async () => {
    expect(cardText(cardOf((await h.say('host urls', directAdmin))[0]))).toContain('Cross-tenant host URLs');
  });

  it('runs a command for a member through a nested group', async () => {
    expect(cardText(cardOf((await h.say('host urls', nestedAdmin))[0]))).toContain('Cross-tenant host URLs');
  });

  it('refuses someone in no group, and neither the card nor the audit names a group', async () => {
    const before = await auditLength();
    const text = cardText(cardOf((await h.say('host urls', outsider))[0]));
    expect(text).toContain(NOT_ADMIN);
    const written = await auditSince(before);
    expect(written.map((e) => [e.event, e.actor?.id])).toEqual([['refused.not-admin', outsider.aadObjectId]]);
    const said = JSON.stringify(written) + text;
    for (const group of Object.values(SANDBOX_GROUPS)) {
      expect(said).not.toContain(group.id);
      expect(said).not.toContain(group.displayName);
    }
  });

  it('keeps ADMIN_IDS working beside the groups, without asking Graph', async () => {
    const calls = graphCalls();
    expect(cardText(cardOf((await h.say('help', SANDBOX_PEOPLE.admin))[0]))).toContain('What I can do');
    expect(graphCalls()).toBe(calls);
  });

  it('asks Graph once for several messages within the cache time, and again after it', async () => {
    const calls = graphCalls();
    await h.say('help', directAdmin);
    await h.say('help', directAdmin);
    h.clock.advance(ROLE_CACHE_MS - 1_000);
    await h.say('help', directAdmin);
    expect(graphCalls()).toBe(calls + 1);
    h.clock.advance(2_000);
    await h.say('help', directAdmin);
    expect(graphCalls()).toBe(calls + 2);
  });

  it('keeps the answers of at most the configured number of people: past it, a person is asked about again', async () => {
    const target = h.env.tenants.target;
    const roles = new RoleCheck({
      adminIds: [], approverIds: [], adminGroupIds: [SANDBOX_GROUPS.admins.id], clock: h.clock, logger: h.services.logger, cacheSize: 1,
      memberGroups: (userId, groupIds) => target.checkMemberGroups!(userId, groupIds),
    });
    const calls = graphCalls();
    expect(await roles.has('admin', directAdmin.aadObjectId)).toBe(true);
    expect(await roles.has('admin', directAdmin.aadObjectId)).toBe(true);
    expect(graphCalls()).toBe(calls + 1);
    expect(await roles.has('admin', nestedAdmin.aadObjectId)).toBe(true);
    expect(await roles.has('admin', directAdmin.aadObjectId)).toBe(true);
    expect(graphCalls()).toBe(calls + 3);
  });

  it('refuses a group admin while Graph fails, logs why, and asks again on the next message', async () => {
    h.env.sandbox.setFaults({ unavailableRate: 1, hosts: [GRAPH_HOST] });
    expect(cardText(cardOf((await h.say('host urls', directAdmin))[0]))).toContain(NOT_ADMIN);
    expect(h.logText()).toContain('group membership could not be read: treated as not a member');
    expect(h.logText()).not.toMatch(/Bearer|eyJ[\w-]+\.eyJ/);
    h.env.sandbox.setFaults({});
    expect(cardText(cardOf((await h.say('host urls', directAdmin))[0]))).toContain('Cross-tenant host URLs');
  });
});

describe('approvers from APPROVER_GROUP_IDS', () => {
  it('approves a plan as a member of the approver group, and the audit names that group', async () => {
    const completed = h.env.sandbox.scenario!.users.find((u) => u.status === 'completed')!;
    const card = cardOf((await h.say(`remove redirects source for ${completed.sourceUpn}`, directAdmin))[0]);
    const approve = executeActions(card).find((b) => b.verb === 'approve')!;
    const planId = String(approve.data.planId);
    const answer = invokeAnswer(await h.click('approve', approve.data, groupApprover));
    expect(answer.body.statusCode).toBe(200);
    expect((await h.path.approvals.get(planId))?.state).not.toBe('pending');
    const approved = (await h.path.audit.latest(10_000)).find((e) => e.event === 'plan.approved' && e.planId === planId);
    expect(approved?.actor?.id).toBe(groupApprover.aadObjectId);
    expect(approved?.detail?.approverGroupId).toBe(SANDBOX_GROUPS.approvers.id);
  });

  it('refuses a decision from an admin-group member who is no approver', async () => {
    const completed = h.env.sandbox.scenario!.users.filter((u) => u.status === 'completed')[2]!;
    const card = cardOf((await h.say(`remove redirects source for ${completed.sourceUpn}`, SANDBOX_PEOPLE.admin))[0]);
    const approve = executeActions(card).find((b) => b.verb === 'approve')!;
    const answer = invokeAnswer(await h.click('approve', approve.data, nestedAdmin));
    expect(cardText(answer.body.value)).toContain('Only approvers (APPROVER_IDS or APPROVER_GROUP_IDS) can approve or reject plans.');
    expect((await h.path.approvals.get(String(approve.data.planId)))?.state).toBe('pending');
  });

  it('shows a group approver the deciding view on refresh, and a group admin who is no approver the plan without it', async () => {
    const completed = h.env.sandbox.scenario!.users.filter((u) => u.status === 'completed')[3]!;
    const card = cardOf((await h.say(`remove redirects source for ${completed.sourceUpn}`, SANDBOX_PEOPLE.admin))[0]);
    const data = executeActions(card).find((b) => b.verb === 'approve')!.data;
    const asApprover = invokeAnswer(await h.click('refresh', data, groupApprover)).body.value;
    expect(executeActions(asApprover).map((b) => b.verb)).toContain('approve');
    const asAdmin = invokeAnswer(await h.click('refresh', data, nestedAdmin)).body.value;
    expect(cardText(asAdmin)).not.toContain(NOT_ADMIN);
    expect(executeActions(asAdmin).map((b) => b.verb)).not.toContain('approve');
  });
});
