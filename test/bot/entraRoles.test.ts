// Roles from Entra groups: ADMIN_GROUP_IDS / APPROVER_GROUP_IDS asked of the simulated target tenant's
// Graph (checkMemberGroups over real HTTP), beside the id lists, cached, and refused when Graph fails.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import { RoleCheck } from '../../services/approvals/roleCheck.js';
import { SANDBOX_GROUPS } from '../../services/sandbox/groups.js';
import { GRAPH_HOST } from '../../services/sandbox/routes/graphShapes.js';
import { LOGIN_HOST } from '../../services/sandbox/faults.js';
import { createTenantClient, createTransport } from '../../services/tenants/index.js';
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

  it('refuses someone in no group: the card names no group, the audit names the groups asked and their answer', async () => {
    const before = await auditLength();
    const text = cardText(cardOf((await h.say('host urls', outsider))[0]));
    expect(text).toContain(NOT_ADMIN);
    expect(text).toContain('add you to its admin group in Entra');
    expect(text).not.toContain('could not check');
    const written = await auditSince(before);
    expect(written.map((e) => [e.event, e.actor?.id])).toEqual([['refused.not-admin', outsider.aadObjectId]]);
    expect(written[0].detail).toMatchObject({ checkedGroupIds: SANDBOX_GROUPS.admins.id, membership: 'not a member' });
    for (const group of Object.values(SANDBOX_GROUPS)) {
      expect(text).not.toContain(group.id);
      expect(text).not.toContain(group.displayName);
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
      memberGroups: (userId, groupIds, signal) => target.checkMemberGroups!(userId, groupIds, signal),
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
    // No Retry-After: the outage alone, not a wait the next message would have to respect.
    h.env.sandbox.setFaults({ unavailableRate: 1, hosts: [GRAPH_HOST], retryAfterSeconds: 0 });
    const before = await auditLength();
    const logged = h.logText().split('group membership could not be read').length;
    const text = cardText(cardOf((await h.say('host urls', directAdmin))[0]));
    // The message asks admin, then approver: one membership question for both, not one deadline each.
    expect(h.logText().split('group membership could not be read').length - logged).toBe(1);
    expect(text).toContain(NOT_ADMIN);
    expect(text).toContain('I could not check your membership of the admin groups just now');
    expect((await auditSince(before)).map((e) => [e.event, e.detail?.membership])).toEqual([['refused.not-admin', 'unreadable']]);
    expect(h.logText()).toContain('group membership could not be read: treated as not a member');
    expect(h.logText()).not.toMatch(/Bearer|eyJ[\w-]+\.eyJ/);
    h.env.sandbox.setFaults({});
    expect(cardText(cardOf((await h.say('host urls', directAdmin))[0]))).toContain('Cross-tenant host URLs');
  });
});

describe('a throttled Graph', () => {
  it('does not hold a message for its Retry-After: the role check gives up within its deadline, and a later message is let in', async () => {
    const RETRY_AFTER_S = 8;
    h.env.sandbox.setFaults({ throttleRate: 1, hosts: [GRAPH_HOST], retryAfterSeconds: RETRY_AFTER_S });
    expect(cardText(cardOf((await h.say('host urls', directAdmin))[0]))).toContain('I could not check your membership');
    // Graph answers again, but asked this client to hold its requests for 8 s: the next message's check
    // would wait that long. It gives up at its deadline (1 s) instead, well before: a second short of the
    // wait leaves a busy machine room and still tells the two apart.
    h.env.sandbox.setFaults({});
    h.clock.advance(ROLE_CACHE_MS + 1);
    const started = Date.now();
    const text = cardText(cardOf((await h.say('host urls', directAdmin))[0]));
    expect(Date.now() - started).toBeLessThan(RETRY_AFTER_S * 1000 - 1_000);
    expect(text).toContain('I could not check your membership of the admin groups just now');
    // Once Graph's wait is over, the same person is let in again.
    let answer = '';
    for (let i = 0; i < 20 && !answer.includes('Cross-tenant host URLs'); i++) {
      await new Promise((r) => setTimeout(r, 1000));
      h.clock.advance(ROLE_CACHE_MS + 1);
      answer = cardText(cardOf((await h.say('host urls', directAdmin))[0]));
    }
    expect(answer).toContain('Cross-tenant host URLs');
  }, 40_000);
});

describe('a slow sign-in', () => {
  it('bounds the whole question, the token included: a token endpoint that takes 6 s costs the check its 1 s deadline, not 6 s', async () => {
    // A client of its own, with no token yet: the question must first sign in, at the slowed endpoint.
    const t = h.env.sandbox.target;
    const fresh = createTenantClient({ side: 'target', tenantId: t.tenantId, clientId: t.clientId, adminUrl: t.adminUrl,
      certificate: { privateKeyPem: t.privateKeyPem, certificatePem: t.certificatePem },
      authorityHost: 'https://login.microsoftonline.com', graphUrl: 'https://graph.microsoft.com' },
    { transport: createTransport({ sandboxUrl: h.env.sandbox.url }), logger: h.services.logger, clock: h.clock });
    const roles = new RoleCheck({
      adminIds: [], approverIds: [], adminGroupIds: [SANDBOX_GROUPS.admins.id], clock: h.clock, logger: h.services.logger,
      memberGroups: (userId, groupIds, signal) => fresh.checkMemberGroups!(userId, groupIds, signal),
    });
    h.env.sandbox.setFaults({ latencyMs: 6_000, hosts: [LOGIN_HOST] });
    try {
      const started = Date.now();
      expect(await roles.has('admin', directAdmin.aadObjectId)).toBe(false);
      expect(Date.now() - started).toBeLessThan(5_000); // the deadline is 1 s; a wait for the token would be 6 s
      expect(roles.denial('admin', directAdmin.aadObjectId)).toMatchObject({ membership: 'unreadable' });
    } finally {
      h.env.sandbox.setFaults({});
    }
  }, 20_000);
});

describe('approvers from APPROVER_GROUP_IDS', () => {
  it('approves a plan as a member of the approver group, and the audit names that group', async () => {
    const completed = h.env.sandbox.scenario!.users.find((u) => u.status === 'completed')!;
    const card = cardOf((await h.say(`remove redirects source for ${completed.sourceUpn}`, directAdmin))[0]);
    // The card says who may decide: the listed approver by name, and the group's members by its name.
    expect(cardText(card)).toMatch(new RegExp(`Approvers.*members of ${SANDBOX_GROUPS.approvers.displayName}`));
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
    const refused = (await h.path.audit.latest(10_000)).find((e) => e.event === 'refused.not-approver' && e.actor?.id === nestedAdmin.aadObjectId);
    expect(refused?.detail).toMatchObject({ checkedGroupIds: SANDBOX_GROUPS.approvers.id, membership: 'not a member' });
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
