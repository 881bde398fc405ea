// A plan record → the card a given person sees, and where a new plan's card goes. One place decides
// which view (approver / requester / other / base) and which template (approval or progress), so the
// command reply, the invoke answers, `pending` and the messenger's edits always agree.
import { renderPlanCard, type PlanNotice, type PlanViewerRole } from '../cards/plan.js';
import { renderProgressCard } from '../cards/progress.js';
import type { Card, CardView } from '../cards/render.js';
import type { Approvals, ConversationAddress, Plan, PlanRecord } from '../services/approvals/types.js';
import type { Reply } from './commands/command.js';
import type { RoleCheck } from '../services/approvals/roleCheck.js';
import type { Caller } from './identity.js';
import type { PeopleDirectory } from './peopleDirectory.js';
import type { PlanCopies } from './planCopies.js';

export interface PlanCardsDeps {
  approvals: Approvals;
  people: PeopleDirectory;
  copies: PlanCopies;
  roles: RoleCheck;
  view: CardView;
  /** APPROVALS_CONVERSATION_ID: cards go there instead of the requester's chat. */
  approvalsConversationId?: string;
  /** Posts a card as a new message and returns its activity id (the messenger). */
  post(address: ConversationAddress, card: Card): Promise<string>;
}

export interface Notice { notice?: PlanNotice; message?: string; retryPlanId?: string }


const RAN: ReadonlySet<PlanRecord['state']> = new Set(['approved', 'running', 'done', 'partly-failed', 'failed']);

export class PlanCards {
  constructor(private readonly d: PlanCardsDeps) {}

  async roleOf(record: PlanRecord, caller: Caller): Promise<PlanViewerRole> {
    if (caller.userId === record.plan.requestedBy.id) return 'requester';
    return (await this.d.roles.has('approver', caller.userId)) ? 'approver' : 'other';
  }

  async forCaller(record: PlanRecord, caller: Caller, notice: Notice = {}): Promise<Card> {
    return this.render(record, await this.roleOf(record, caller), notice);
  }

  /** What the message itself holds: state and every decision button (clients without refresh show this). */
  base(record: PlanRecord): Promise<Card> {
    return this.render(record, 'base');
  }

  async render(record: PlanRecord, role: PlanViewerRole, notice: Notice = {}): Promise<Card> {
    if (RAN.has(record.state)) {
      const final = record.state !== 'approved' && record.state !== 'running';
      const results = final && record.progress.failed > 0 ? await this.d.approvals.results(record.plan.id) : undefined;
      return renderProgressCard(record, { results, ...notice }, this.d.view);
    }
    const approvers = await this.d.people.lookup([...this.d.roles.approverIds]);
    const groups = await this.d.people.groupNames(this.d.roles.groupIds('approver'));
    const requester = (await this.d.people.lookup([record.plan.requestedBy.id]))[0];
    const userIds = [...new Set([...approvers, requester ?? record.plan.requestedBy].map((p) => p?.teamsId).filter((id): id is string => Boolean(id)))];
    return renderPlanCard(record, { role, approvers: [...approvers.map((p) => p.name ?? p.id), ...groups.map((g) => `members of ${g}`)], userIds, ...notice }, this.d.view);
  }

  /**
   * Stores the plan as pending and shows it: posted to the approvals conversation when one is set (the
   * reply then only says so), else the reply itself is the card and is attached once sent.
   */
  async submit(plan: Plan, from: ConversationAddress): Promise<Reply> {
    const { activityId: _clicked, ...chat } = from;
    const target = this.d.approvalsConversationId ? { ...chat, conversationId: this.d.approvalsConversationId } : chat;
    const record = await this.d.approvals.request(plan, target);
    if (this.d.approvalsConversationId) {
      await this.publish(record);
      return { cards: [await this.render(record, 'requester', { notice: 'posted' })] };
    }
    return { cards: [await this.base(record)], posted: (address, i) => (i === 0 ? this.d.approvals.attachCard(plan.id, address) : Promise.resolve()) };
  }

  /** A plan whose checks failed: shown with them, never stored, nothing on it to decide. */
  blocked(plan: Plan): Promise<Card> {
    const record: PlanRecord = { plan, state: 'pending', progress: { total: plan.items.length, done: 0, failed: 0, skipped: 0 } };
    return this.render(record, 'other', { notice: 'blocked' });
  }

  /** Stores the plan and posts its card as a new message (a click's answer replaces the clicked card instead). */
  async post(plan: Plan, from: ConversationAddress): Promise<PlanRecord> {
    const { activityId: _clicked, ...chat } = from;
    const target = this.d.approvalsConversationId ? { ...chat, conversationId: this.d.approvalsConversationId } : chat;
    const record = await this.d.approvals.request(plan, target);
    await this.publish(record);
    return record;
  }

  /** A card of this plan shown again (by `pending`) at this message: it follows the run too. */
  shownAgain(planId: string, address: ConversationAddress): Promise<void> {
    return this.d.copies.add(planId, address);
  }

  /** Posts the record's card as a new message where the record says, and remembers the message. */
  async publish(record: PlanRecord): Promise<void> {
    const where = record.card!;
    const activityId = await this.d.post(where, await this.base(record));
    await this.d.approvals.attachCard(record.plan.id, { ...where, activityId });
  }
}
