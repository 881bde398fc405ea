// The one line the card shows when a run ends.
import type { ItemResult, Plan } from '../approvals/types.js';
import { EMAILED_REASONS, SENT_REASONS } from '../guidance/guidanceStep.js';

export function outcomeText(plan: Plan, results: ItemResult[]): string {
  const done = results.filter((r) => r.state === 'done').length;
  const failed = results.filter((r) => r.state === 'failed').length;
  const skipped = results.filter((r) => r.state === 'skipped').length;
  if (plan.kind === 'remove-trust') return trustOutcome(plan, results, failed);
  if (plan.kind === 'migrate-back') return moveBackOutcome(plan, results);
  if (plan.kind === 'notify-users' || plan.kind === 'remind-users' || plan.kind === 'notify-site-owners') return guidanceOutcome(plan, results);
  const parts = [`${done} of ${results.length} redirect site(s) removed${plan.options.purge ? ' and purged' : ''}`];
  if (failed) parts.push(`${failed} failed`);
  if (skipped) parts.push(`${skipped} not run`);
  return `${parts.join('; ')}.`;
}

function trustOutcome(plan: Plan, results: ItemResult[], failed: number): string {
  const sides = [...new Set(plan.items.flatMap((i) => (i.step.type === 'verify-trust-removed' ? [i.step.side] : [])))];
  const where = sides.length === 2 ? 'both tenants' : `the ${sides[0] ?? 'chosen'} tenant`;
  if (!failed && results.every((r) => r.state === 'done')) return `Trust removed on ${where}; verified NotEstablished.`;
  const first = results.find((r) => r.state === 'failed');
  const label = plan.items.find((i) => i.key === first?.key)?.label ?? first?.key;
  return `Trust removal stopped at "${label}": ${first?.reason ?? 'failed'}`;
}

function moveBackOutcome(plan: Plan, results: ItemResult[]): string {
  const first = results.find((r) => r.state === 'failed');
  if (!first) return 'Original URL cleared and the move back started: it is tracked until access is confirmed ("moved back").';
  const label = plan.items.find((i) => i.key === first.key)?.label ?? first.key;
  return `Stopped at "${label}": ${first.reason ?? 'failed'}`;
}

function guidanceOutcome(plan: Plan, results: ItemResult[]): string {
  const sent = results.filter((r) => r.state === 'done' && SENT_REASONS.includes(r.reason ?? '')).length;
  const emailed = results.filter((r) => r.state === 'done' && Object.values(EMAILED_REASONS).includes(r.reason ?? '')).length;
  const failed = results.filter((r) => r.state === 'failed').length;
  const what = plan.kind === 'remind-users' ? 'reminder(s)' : plan.kind === 'notify-site-owners' ? 'site notice(s)' : 'guidance card(s)';
  const parts = [`${sent} ${what} sent${plan.kind === 'notify-site-owners' ? ` of ${results.length}` : ` to ${results.length} people`}`];
  if (emailed) parts.push(`${emailed} sent by e-mail (Teams could not reach them)`);
  const earlier = results.filter((r) => r.state === 'done').length - sent - emailed;
  if (earlier) parts.push(`${earlier} had it already or answered meanwhile`);
  if (failed) parts.push(`${failed} failed`);
  return `${parts.join('; ')}. "notify status" shows who answered.`;
}
