// notify users [all | <upn>, …] and remind: who gets the guidance, as a concrete plan for approval.
// Only people whose move completed are guided (their new OneDrive exists); people who already had the
// first notice are counted, not sent it again; a send cut off mid-way may have reached its person, so
// it is left to a reminder someone asks for on purpose. A reminder goes to those who have the card and
// have not answered it.
import type { MoveStatesOf } from '../knowledge/knowledge.js';
import { InputError } from '../errors.js';
import { findUser, type IdentityMap, type IdentityMapUser } from '../identityMap/identityMap.js';
import { isCompletedMove, moveStateWords } from '../knowledge/moveStates.js';
import { buildPlan } from '../approvals/plan.js';
import type { Finding, Person, Plan, PlanItem } from '../approvals/types.js';
import { GUIDANCE_CAMPAIGN } from './campaign.js';
import { FINAL_FAILURES, type RecipientRecord, type RecipientStore } from './recipientStore.js';

export type NotifyScope = { kind: 'all' } | { kind: 'people'; upns: string[] };

export interface NotifyPlanInput {
  /** The identity map as imported all or nothing (a campaign must not go to half a file). */
  identityMap: IdentityMap;
  /** Move states as last known (services/knowledge: the ledger, and the people it lacks read now). */
  moveStates: MoveStatesOf;
  recipients: RecipientStore;
  requestedBy: Person;
  now: Date;
  expiryMs?: number;
  /** GUIDANCE_MAIL_FROM, when set: the plan says that people Teams cannot reach are e-mailed from it. */
  mailFrom?: string;
}

const ALREADY: ReadonlySet<RecipientRecord['state']> = new Set(['sent', 'done', 'help']);

export async function planNotifyUsers(input: NotifyPlanInput & { scope: NotifyScope }): Promise<Plan> {
  const people = chosen(input.identityMap, input.scope);
  const records = await input.recipients.getMany(GUIDANCE_CAMPAIGN, people.map((p) => p.targetUpn));
  const recordOf = (p: IdentityMapUser) => records.get(p.targetUpn.toLowerCase());
  const findings: Finding[] = [];
  const already = people.filter((p) => ALREADY.has(recordOf(p)?.state ?? 'pending'));
  if (already.length) findings.push({ level: 'info', text: `${already.length} of ${people.length} already got it and are left out.`, subjects: already.map((p) => p.targetUpn) });
  const interrupted = people.filter((p) => recordOf(p)?.reason === 'interrupted');
  if (interrupted.length) findings.push({ level: 'warning', text: `${interrupted.length} may have got it already (a send was cut off) and are left out: "remind" sends it to them on purpose.`, subjects: interrupted.map((p) => p.targetUpn) });
  const open = people.filter((p) => !already.includes(p) && !interrupted.includes(p));
  const retried = open.filter((p) => { const r = recordOf(p); return r?.state === 'failed' && r.reason !== undefined && FINAL_FAILURES.has(r.reason); });
  if (retried.length) findings.push({ level: 'info', text: `${retried.length} could not be reached last time (blocked the bot, or not found) and are tried again.`, subjects: retried.map((p) => `${p.targetUpn} (${recordOf(p)!.reason})`) });
  const { kept: completed, readAt } = await keepCompletedMoves(open, input, findings);
  if (!completed.length) throw new InputError(`Nobody to notify. ${findings.map((f) => f.text).join(' ')}`.trim());
  const items = completed.map((p) => item(p, false));
  return buildPlan({
    kind: 'notify-users', title: `Send sign-in and resync guidance to ${items.length} people`,
    summary: `Send ${items.length} migrated people, in Teams, their new sign-in name, a link to their new OneDrive and how to resync it. ${already.length} already got it.`
      + (input.mailFrom ? ` Those Teams cannot reach (blocked the bot, or the app cannot be installed for them) get it by e-mail from ${input.mailFrom} instead.` : ''),
    requestedBy: input.requestedBy, items, findings,
    options: { scope: input.scope.kind === 'all' ? 'all' : input.scope.upns.join(', ') },
    ordered: false, asOf: readAt,
  }, input.now, input.expiryMs);
}

export async function planRemindUsers(input: NotifyPlanInput): Promise<Plan> {
  const people = input.identityMap.users;
  const records = await input.recipients.getMany(GUIDANCE_CAMPAIGN, people.map((p) => p.targetUpn));
  const count = (test: (r: RecipientRecord | undefined) => boolean) => people.filter((p) => test(records.get(p.targetUpn.toLowerCase()))).length;
  // Those who got it by e-mail are left out: an e-mail has no buttons, so they cannot answer it, and a
  // reminder would be a second e-mail.
  const emailed = (r: RecipientRecord | undefined) => r?.channel === 'email';
  const due = people.filter((p) => {
    const r = records.get(p.targetUpn.toLowerCase());
    return !emailed(r) && (r?.state === 'sent' || (r?.state === 'failed' && r.reason === 'interrupted'));
  });
  const findings: Finding[] = [];
  const byMail = count((r) => emailed(r) && (r?.state === 'sent' || r?.reason === 'interrupted'));
  if (byMail) findings.push({ level: 'info', text: `${byMail} got it by e-mail (Teams could not reach them): not reminded.` });
  const done = count((r) => r?.state === 'done');
  const help = count((r) => r?.state === 'help');
  const never = count((r) => !r || !['sent', 'done', 'help', 'failed'].includes(r.state));
  if (done + help) findings.push({ level: 'info', text: `${done} marked it done and ${help} asked for help: not reminded.` });
  if (never) findings.push({ level: 'info', text: `${never} never had the first notice: "notify users" sends it.` });
  if (!due.length) throw new InputError(`Nobody to remind: nobody has an unanswered guidance card. ${findings.map((f) => f.text).join(' ')}`.trim());
  const items = due.map((p) => item(p, true));
  return buildPlan({
    kind: 'remind-users', title: `Remind ${items.length} people of their sign-in and resync guidance`,
    summary: `Send the guidance again to ${items.length} people who have not marked it done.`,
    requestedBy: input.requestedBy, items, findings, options: { scope: 'unanswered' }, ordered: false,
  }, input.now, input.expiryMs);
}

function item(p: IdentityMapUser, reminder: boolean): PlanItem {
  return { key: `send-guidance:${p.targetUpn.toLowerCase()}`, label: p.targetUpn, step: { type: 'send-guidance', targetUpn: p.targetUpn, sourceUpn: p.sourceUpn, ...(p.targetEmail ? { targetEmail: p.targetEmail } : {}), reminder } };
}

/** Everyone in the map, or the people named (by either UPN); a name not in the map is a typo to fix. */
function chosen(map: IdentityMap, scope: NotifyScope): IdentityMapUser[] {
  if (scope.kind === 'all') return map.users;
  const unknown = scope.upns.filter((u) => !findUser(map, u));
  if (unknown.length) throw new InputError(`Not in the identity map: ${unknown.join(', ')}. Only migrated people get the guidance; check the spelling or the map.`);
  const seen = new Set<IdentityMapUser>();
  for (const u of scope.upns) seen.add(findUser(map, u)!);
  return [...seen];
}

async function keepCompletedMoves(people: IdentityMapUser[], input: NotifyPlanInput, findings: Finding[]): Promise<{ kept: IdentityMapUser[]; readAt?: string }> {
  const states = await input.moveStates('source', people.map((p) => p.sourceUpn));
  const readAt = states.oldestReadAt;
  const notDone: string[] = [];
  const kept = people.filter((p) => {
    const o = states.get(p.sourceUpn);
    if (o?.ok && isCompletedMove(o.value)) return true;
    notDone.push(`${p.targetUpn} (${o?.ok ? moveStateWords(o.value) : 'move state unreadable'})`);
    return false;
  });
  if (notDone.length) findings.push({ level: 'warning', text: `${notDone.length} left out: their move has not completed.`, subjects: notDone });
  return { kept, readAt };
}
