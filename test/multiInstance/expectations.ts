// What the multi-instance tests count: planned sites by URL, and tallies of changes, audit entries and cards.
import type { Plan } from '../../services/approvals/types.js';

/** A site URL as the sandbox's change log and the plan may spell it differently (case, trailing slash). */
export const norm = (url: string) => url.trim().toLowerCase().replace(/\/+$/, '');

/** The sites a remove-redirects plan acts on. */
export function planUrls(plan: Plan): Set<string> {
  return new Set(plan.items.map((i) => {
    if (i.step.type !== 'remove-redirect') throw new Error(`not a redirect removal: ${i.key}`);
    return norm(i.step.url);
  }));
}

export function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
