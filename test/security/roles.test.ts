// Who may do what, for every command and every card verb: the tables come from the command table
// (bot/commands/index.ts) and the verb table (bot/actions/index.ts), so a command or verb added there is
// covered here without anyone remembering to. An approver who is not an admin types each admin-only
// command (typed, and from a "did you mean" button); an admin who is not an approver clicks each
// approver-only button on a real plan card; an approver clicks each admin-only button, and Cancel on a plan
// someone else asked for. Each is refused, runs nothing, and the refusal is in the audit record under the
// person's name. (The guidance buttons, for migrated people only, are in badInput.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ACTIONS } from '../../bot/actions/index.js';
import { COMMANDS } from '../../bot/commands/index.js';
import { SANDBOX_PEOPLE } from '../../bot/sandboxPeople.js';
import type { Verb } from '../../cards/verbs.js';
import type { Person } from '../helpers/activities.js';
import { cardText, executeActions } from '../helpers/cards.js';
import { cardOf, invokeAnswer, startBotHarness, type BotHarness } from '../helpers/botHarness.js';

const ADMIN = SANDBOX_PEOPLE.admin;
const APPROVER = SANDBOX_PEOPLE.approver;
/** A second admin, who asks for the plans: the admin clicking them is then never refused for their own plan. */
const REQUESTER: Person = { aadObjectId: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e', teamsId: '29:1second-admin', name: 'Rowan Requester' };
const NOT_ADMIN = 'Sorry, this is for migration admins';

/**
 * Who each card verb is for. The service or the action checks it; this table is what the tests hold them
 * to. A verb in the verb table without a line here fails the first test below.
 */
const VERB_ROLES: Record<Verb, 'approver' | 'admin' | 'requester' | 'admin or approver' | 'migrant' | 'owner told of the site' | 'as the command it runs'> = {
  approve: 'approver',
  reject: 'approver',
  retryFailed: 'admin',
  checkAccess: 'admin',
  page: 'admin',
  cancel: 'requester',
  refresh: 'admin or approver',
  run: 'as the command it runs',
  guidanceDone: 'migrant',
  guidanceHelp: 'migrant',
  siteNoticeDone: 'owner told of the site',
};

/** Valid card data for the admin-only verbs: the refusal must come from the role, not from the data. */
const ADMIN_VERB_DATA: Partial<Record<Verb, Record<string, unknown>>> = {
  retryFailed: { planId: 'p-abcdefgh', hash: 'a'.repeat(64) },
  checkAccess: { upn: 'someone@contoso.com' },
  page: { snapshotId: '7d1f0c2a-5b3e-4c6d-9e8f-0a1b2c3d4e5f', page: 1 },
};

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({ adminIds: [ADMIN.aadObjectId, REQUESTER.aadObjectId] });
}, 60_000);
afterAll(() => h.close());

/** The audit entries written since `since` (the record's length before the act), oldest first. */
async function auditSince(since: number) {
  return (await h.path.audit.latest(10_000)).slice(since);
}
const auditLength = async () => (await h.path.audit.latest(10_000)).length;

describe('every admin-only command, typed by an approver who is not an admin', () => {
  const adminOnly = COMMANDS.filter((c) => c.adminOnly);

  it('the command table has admin-only commands, and approvers keep the ones open to them', async () => {
    expect(adminOnly.length).toBeGreaterThan(15);
    for (const open of COMMANDS.filter((c) => !c.adminOnly)) {
      expect(cardText(cardOf((await h.say(open.name, APPROVER))[0]))).not.toContain(NOT_ADMIN);
    }
  });

  it.each(adminOnly.map((c) => [c.name]))('"%s" is refused and the refusal audited', async (name) => {
    const before = await auditLength();
    const replies = await h.say(name, APPROVER);
    expect(replies).toHaveLength(1);
    const text = cardText(cardOf(replies[0]));
    expect(text).toContain(NOT_ADMIN);
    expect(text).toContain(`Your id: ${APPROVER.aadObjectId}`);
    const written = await auditSince(before);
    expect(written.map((e) => [e.event, e.actor?.id, (e.detail as { text?: string } | undefined)?.text])).toEqual([['refused.not-admin', APPROVER.aadObjectId, name]]);
  });

  it('each is refused from a "did you mean" button too, which runs a command as typed text', async () => {
    for (const { name } of adminOnly) {
      const before = await auditLength();
      const answer = invokeAnswer(await h.click('run', { command: name }, APPROVER));
      expect([name, cardText(answer.body.value).includes(NOT_ADMIN)]).toEqual([name, true]);
      expect((await auditSince(before)).map((e) => [e.event, e.actor?.id])).toEqual([['refused.not-admin', APPROVER.aadObjectId]]);
    }
  });
});

describe('every card verb, clicked by someone it is not for', () => {
  it('every verb in the verb table says who it is for', () => {
    expect(ACTIONS.map((a) => a.verb).sort()).toEqual(Object.keys(VERB_ROLES).sort());
  });

  /** A pending plan asked for by the other admin, and its card's buttons as the card carries them. */
  async function pendingPlan(): Promise<{ planId: string; buttons: ReturnType<typeof executeActions> }> {
    const completed = h.env.sandbox.scenario!.users.find((u) => u.status === 'completed')!;
    const card = cardOf((await h.say(`remove redirects source for ${completed.sourceUpn}`, REQUESTER))[0]);
    const buttons = executeActions(card);
    const planId = String(buttons.find((b) => b.verb === 'approve')?.data.planId ?? '');
    expect(planId).toMatch(/^p-/);
    return { planId, buttons };
  }

  const approverVerbs = (Object.keys(VERB_ROLES) as Verb[]).filter((v) => VERB_ROLES[v] === 'approver');

  it.each(approverVerbs.map((v) => [v]))('"%s" by an admin who is not an approver is refused: the plan stays pending and the refusal is audited', async (verb) => {
    const { planId, buttons } = await pendingPlan();
    const button = buttons.find((b) => b.verb === verb);
    expect(button).toBeDefined();
    const before = await auditLength();
    // A reject carries its reason from the card's text box; without one nothing is decided anyway.
    const data = verb === 'reject' ? { ...button!.data, reason: 'not this week' } : button!.data;
    const answer = invokeAnswer(await h.click(verb, data, ADMIN));
    expect(answer.body.statusCode).toBe(200);
    expect(cardText(answer.body.value)).toContain('Only approvers (APPROVER_IDS or APPROVER_GROUP_IDS) can approve or reject plans.');
    expect((await h.path.approvals.get(planId))?.state).toBe('pending');
    const written = await auditSince(before);
    expect(written.map((e) => [e.event, e.actor?.id, e.planId])).toEqual([['refused.not-approver', ADMIN.aadObjectId, planId]]);
  });

  const adminVerbs = (Object.keys(VERB_ROLES) as Verb[]).filter((v) => VERB_ROLES[v] === 'admin');

  it('every admin-only verb has card data to click it with', () => {
    expect(adminVerbs.filter((v) => !ADMIN_VERB_DATA[v])).toEqual([]);
  });

  it.each(adminVerbs.map((v) => [v]))('"%s" by an approver who is not an admin is refused and the refusal audited', async (verb) => {
    const before = await auditLength();
    const answer = invokeAnswer(await h.click(verb, ADMIN_VERB_DATA[verb], APPROVER));
    expect(answer.body.statusCode).toBe(200);
    expect(cardText(answer.body.value)).toContain(NOT_ADMIN);
    const written = await auditSince(before);
    expect(written.map((e) => [e.event, e.actor?.id, (e.detail as { verb?: string } | undefined)?.verb])).toEqual([['refused.not-admin', APPROVER.aadObjectId, verb]]);
  });

  it('"cancel" by an approver on a plan someone else asked for is refused: only the requester cancels', async () => {
    const { planId, buttons } = await pendingPlan();
    const cancel = buttons.find((b) => b.verb === 'cancel');
    expect(cancel).toBeDefined();
    const before = await auditLength();
    const answer = invokeAnswer(await h.click('cancel', cancel!.data, APPROVER));
    expect(answer.body.statusCode).toBe(200);
    expect((await h.path.approvals.get(planId))?.state).toBe('pending');
    expect((await auditSince(before)).map((e) => [e.event, e.actor?.id, e.planId])).toEqual([['refused.not-requester', APPROVER.aadObjectId, planId]]);
  });

  it('"refresh" by someone who is neither admin nor approver shows them no plan', async () => {
    const { buttons } = await pendingPlan();
    const before = await auditLength();
    const answer = invokeAnswer(await h.click('refresh', buttons.find((b) => b.verb === 'approve')!.data, SANDBOX_PEOPLE.user));
    expect(cardText(answer.body.value)).toContain(NOT_ADMIN);
    expect((await auditSince(before)).map((e) => [e.event, e.actor?.id])).toEqual([['refused.not-admin', SANDBOX_PEOPLE.user.aadObjectId]]);
  });
});
