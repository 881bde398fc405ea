// The approval card of a plan that has not run: summary, the first items, findings, options, who may
// approve and until when. Which buttons show depends on who looks; the base view (what clients without
// `refresh` keep showing) has every decision button, because the server checks each click anyway.
import type { Finding, PlanRecord, PreflightCheck } from '../services/approvals/types.js';
import type template from './plan.json';
import { daysLeftText } from '../services/knowledge/freshness.js';
import { instantsIn, readWhen, when } from './readable.js';
import { renderCard, renderTime, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { template as PlanTemplate };

/** Items listed on the card itself; the rest are paged on request. */
export const PLAN_ITEMS_SHOWN = 20;
/** Teams auto-refreshes a card for at most this many people. */
export const REFRESH_USERS_MAX = 60;
const SUBJECTS_SHOWN = 20;

export type PlanViewerRole = 'approver' | 'requester' | 'other' | 'base';

export interface PlanCardOptions {
  role: PlanViewerRole;
  /** Display names (or ids) of the people who may approve. */
  approvers: readonly string[];
  /** Teams ids (29:…) of the approvers and the requester: each gets their own view by refresh. */
  userIds: readonly string[];
  notice?: PlanNotice;
  /** The refusal text for the 'refused' notice. */
  message?: string;
  retryPlanId?: string;
}

/** A line above the card about what just happened (the texts are in the templates). */
export type PlanNotice = 'posted' | 'reasonNeeded' | 'retryPosted' | 'refused' | 'blocked';

export function renderPlanCard(record: PlanRecord, options: PlanCardOptions, view: CardView): Card {
  const { plan, state } = record;
  // A blocked plan is shown but never stored: nothing on it can be decided.
  const pending = state === 'pending' && options.notice !== 'blocked';
  const role = options.role;
  const now = renderTime(view);
  const card = renderCard(loadTemplate('plan'), {
    planId: plan.id,
    hash: plan.hash,
    title: plan.title,
    summary: plan.summary,
    state,
    stateStyle: state === 'rejected' ? 'attention' : state === 'pending' ? 'accent' : 'default',
    decidedBy: record.decision?.by.name || record.decision?.by.id || '',
    reason: record.decision?.reason ?? '',
    requester: plan.requestedBy.name || plan.requestedBy.id,
    requestedAt: when(plan.requestedAt),
    expiresAt: when(plan.expiresAt),
    asOf: plan.asOf ? readWhen(plan.asOf, now) : '',
    approvers: options.approvers.length ? options.approvers.join(', ') : 'nobody (set APPROVER_IDS or APPROVER_GROUP_IDS)',
    purge: Boolean(plan.options.purge),
    unlock: Boolean(plan.options.unlock),
    ...(plan.retryOf ? { retryOf: plan.retryOf } : {}),
    checks: (plan.checks ?? []).map(checkRow),
    blockers: findings(plan.findings, 'blocker', now),
    warnings: findings(plan.findings, 'warning', now),
    infos: findings(plan.findings, 'info', now),
    total: String(plan.items.length),
    items: plan.items.slice(0, PLAN_ITEMS_SHOWN).map((i) => ({ label: i.label })),
    more: Math.max(0, plan.items.length - PLAN_ITEMS_SHOWN),
    canApprove: pending && (role === 'approver' || role === 'base'),
    canReject: pending && (role === 'approver' || role === 'base'),
    canCancel: pending && (role === 'requester' || role === 'base'),
    userIds: pending ? options.userIds.slice(0, REFRESH_USERS_MAX) : [],
    notice: options.notice ?? '',
    message: options.message ?? '',
    retryPlanId: options.retryPlanId ?? '',
  }, view);
  // The templating leaves `refresh: null` when its $when is false; a decided plan simply has none.
  if (card.refresh === null) delete card.refresh;
  return card;
}

function checkRow(c: PreflightCheck) {
  return {
    mark: c.passed ? '✔' : '✖', color: c.passed ? 'Good' : 'Attention', name: c.name, detail: instantsIn(c.detail),
    fix: c.passed ? '' : c.fix ?? '', commands: c.passed ? [] : (c.commands ?? []).map((line) => ({ line })),
  };
}

function findings(all: readonly Finding[], level: Finding['level'], now: Date): { text: string; subjects: string }[] {
  return all.filter((f) => f.level === level).map((f) => ({
    text: f.deadline ? `${f.text} ${daysLeftText(f.deadline, now)}` : f.text,
    subjects: subjectsText(f.subjects ?? []),
  }));
}

function subjectsText(subjects: readonly string[]): string {
  const shown = subjects.slice(0, SUBJECTS_SHOWN).join(', ');
  const rest = subjects.length - SUBJECTS_SHOWN;
  return rest > 0 ? `${shown} (and ${rest} more)` : shown;
}

