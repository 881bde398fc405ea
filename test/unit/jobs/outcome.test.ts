// The one line a plan card shows when a run ends: an admin reads from it alone whether anything is left to
// do, so each count and the first failure's place and reason must be right for every kind of plan.
import { describe, expect, it } from '@jest/globals';
import type { ItemResult, ItemState, Plan, PlanItem, PlanStep } from '../../../services/approvals/types.js';
import { EMAILED_REASONS, SENT_REASONS } from '../../../services/guidance/guidanceStep.js';
import { outcomeText } from '../../../services/jobs/outcome.js';

const HOST = 'https://fabrikam-my.sharepoint.com/';
const trustItems = (sides: ('source' | 'target')[]): PlanItem[] => [
  { key: 'record', label: 'Record move states', step: { type: 'record-move-states' } },
  ...sides.flatMap((side): PlanItem[] => [
    { key: `remove-${side}`, label: `Remove trust on the ${side}`, step: { type: 'remove-trust', side, partnerRole: 'Target', partnerHostUrl: HOST } },
    { key: `verify-${side}`, label: `Verify on the ${side}`, step: { type: 'verify-trust-removed', side, partnerRole: 'Target', partnerHostUrl: HOST } },
  ]),
];
const redirectItems = (n: number): PlanItem[] => Array.from({ length: n }, (_, i) => ({
  key: `site-${i}`, label: `https://contoso-my.sharepoint.com/personal/p${i}`,
  step: { type: 'remove-redirect', side: 'source', url: `https://contoso-my.sharepoint.com/personal/p${i}`, unlock: false, purge: true } as PlanStep,
}));
const guidanceItems = (n: number): PlanItem[] => Array.from({ length: n }, (_, i) => ({
  key: `person-${i}`, label: `p${i}@fabrikam.com`,
  step: { type: 'send-guidance', targetUpn: `p${i}@fabrikam.com`, sourceUpn: `p${i}@contoso.com`, reminder: false },
}));

function plan(kind: Plan['kind'], items: PlanItem[], options: Plan['options'] = {}): Plan {
  return { id: 'p-7k3m9q2x', kind, items, options } as Plan;
}

/** Results in plan order: `states[i]` (and `reasons[i]`) for item i. */
function results(p: Plan, states: ItemState[], reasons: (string | undefined)[] = []): ItemResult[] {
  return p.items.map((item, i) => ({ key: item.key, state: states[i]!, reason: reasons[i], attempts: 1, updatedAt: '2026-11-02T09:00:00.000Z' }));
}

describe('outcomeText', () => {
  describe('redirect removal', () => {
    it('counts what was removed, saying purged only when the plan purges', () => {
      const purged = plan('remove-redirects', redirectItems(3), { purge: true });
      expect(outcomeText(purged, results(purged, ['done', 'done', 'done']))).toBe('3 of 3 redirect site(s) removed and purged.');
      const kept = plan('remove-redirects', redirectItems(2), { purge: false });
      expect(outcomeText(kept, results(kept, ['done', 'done']))).toBe('2 of 2 redirect site(s) removed.');
    });

    it('adds the failed and the not-run items, and only when there are some', () => {
      const p = plan('remove-redirects', redirectItems(4));
      expect(outcomeText(p, results(p, ['done', 'failed', 'skipped', 'skipped']))).toBe('1 of 4 redirect site(s) removed; 1 failed; 2 not run.');
      expect(outcomeText(p, results(p, ['done', 'failed', 'done', 'done']))).toBe('3 of 4 redirect site(s) removed; 1 failed.');
    });
  });

  describe('trust removal', () => {
    it('names both tenants, or the one the plan is about, when everything is done', () => {
      const both = plan('remove-trust', trustItems(['source', 'target']));
      expect(outcomeText(both, results(both, ['done', 'done', 'done', 'done', 'done']))).toBe('Trust removed on both tenants; verified NotEstablished.');
      const target = plan('remove-trust', trustItems(['target']));
      expect(outcomeText(target, results(target, ['done', 'done', 'done']))).toBe('Trust removed on the target tenant; verified NotEstablished.');
    });

    it('says where it stopped and why: the first failed step, by its label', () => {
      const p = plan('remove-trust', trustItems(['source', 'target']));
      const r = results(p, ['done', 'done', 'failed', 'skipped', 'skipped'], [undefined, undefined, 'The source tenant still reports Established.']);
      expect(outcomeText(p, r)).toBe('Trust removal stopped at "Verify on the source": The source tenant still reports Established.');
    });

    it('never says removed while a step has not run', () => {
      const p = plan('remove-trust', trustItems(['source']));
      expect(outcomeText(p, results(p, ['done', 'done', 'skipped']))).not.toMatch(/^Trust removed/);
    });
  });

  describe('moving back', () => {
    const items: PlanItem[] = [
      { key: 'clear', label: 'Remove the redirect at the original URL', step: redirectItems(1)[0]!.step },
      { key: 'move', label: 'Start the move back', step: { type: 'start-move', side: 'target', sourceUpn: 'p@fabrikam.com', targetUpn: 'p@contoso.com', targetHostUrl: HOST } },
    ];
    it('says the move back started and is tracked, or where it stopped and why', () => {
      const p = plan('migrate-back', items);
      expect(outcomeText(p, results(p, ['done', 'done']))).toMatch(/^Original URL cleared and the move back started/);
      expect(outcomeText(p, results(p, ['done', 'failed'], [undefined, 'MnASiteMoveTargetUrlHasWriteConflict: refused']))).toBe('Stopped at "Start the move back": MnASiteMoveTargetUrlHasWriteConflict: refused');
    });
  });

  describe('guidance', () => {
    it('counts sent, e-mailed, already answered and failed apart, out of everyone', () => {
      const p = plan('notify-users', guidanceItems(6));
      const r = results(p, ['done', 'done', 'done', 'done', 'failed', 'done'],
        [SENT_REASONS[0], SENT_REASONS[0], EMAILED_REASONS.blocked, 'Had it already.', 'Teams refused it.', EMAILED_REASONS['not-installed']]);
      expect(outcomeText(p, r)).toBe('2 guidance card(s) sent to 6 people; 2 sent by e-mail (Teams could not reach them); 1 had it already or answered meanwhile; 1 failed. "notify status" shows who answered.');
    });

    it('calls a reminder plan\'s messages reminders, and leaves out what did not happen', () => {
      const p = plan('remind-users', guidanceItems(2));
      expect(outcomeText(p, results(p, ['done', 'done'], [SENT_REASONS[1], SENT_REASONS[1]]))).toBe('2 reminder(s) sent to 2 people. "notify status" shows who answered.');
    });
  });
});
