// The card of a plan that was approved: running, then done / partly-failed / failed, with counts, the
// failed items and their reasons, and "Retry failed" (which asks for a new plan of just those).
import type { ItemResult, PlanRecord } from '../services/approvals/types.js';
import type { PlanNotice } from './plan.js';
import { when } from './readable.js';
import type template from './progress.json';
import { renderCard, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { template as ProgressTemplate };

export const FAILURES_SHOWN = 20;
const REASON_MAX = 300;

export interface ProgressCardOptions {
  /** Per-item results; only the failed ones are read. Omit while running (counts come from the record). */
  results?: readonly ItemResult[];
  notice?: PlanNotice;
  message?: string;
  retryPlanId?: string;
}

export function renderProgressCard(record: PlanRecord, options: ProgressCardOptions, view: CardView): Card {
  const { plan, progress, state } = record;
  const labels = new Map(plan.items.map((i) => [i.key, i.label]));
  const failed = (options.results ?? []).filter((r) => r.state === 'failed');
  const finished = progress.done + progress.failed + progress.skipped;
  const final = state === 'done' || state === 'partly-failed' || state === 'failed';
  return renderCard(loadTemplate('progress'), {
    planId: plan.id,
    hash: plan.hash,
    title: plan.title,
    state,
    stateStyle: state === 'done' ? 'good' : state === 'failed' ? 'attention' : state === 'partly-failed' ? 'warning' : 'default',
    decidedBy: record.decision?.by.name || record.decision?.by.id || '—',
    outcome: record.outcome ?? '',
    total: String(progress.total),
    finished: String(finished),
    done: String(progress.done),
    failed: String(progress.failed),
    skipped: String(progress.skipped),
    remaining: String(Math.max(0, progress.total - finished)),
    started: record.startedAt ? when(record.startedAt) : '',
    ended: record.finishedAt ? when(record.finishedAt) : '',
    failures: failed.slice(0, FAILURES_SHOWN).map((r) => ({
      label: labels.get(r.key) ?? r.key,
      reason: clip(r.reason ?? 'No reason given.'),
    })),
    moreFailures: Math.max(0, failed.length - FAILURES_SHOWN),
    canRetry: final && progress.failed > 0,
    notice: options.notice ?? '',
    message: options.message ?? '',
    retryPlanId: options.retryPlanId ?? '',
  }, view);
}

function clip(text: string): string {
  return text.length > REASON_MAX ? `${text.slice(0, REASON_MAX)}…` : text;
}
