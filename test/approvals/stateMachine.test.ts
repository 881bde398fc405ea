import { describe, expect, it } from '@jest/globals';
import { canTransition, isActive, isDecided, isFinal, PLAN_STATES } from '../../services/approvals/stateMachine.js';
import type { PlanState } from '../../services/approvals/types.js';

const ALLOWED: [PlanState, PlanState][] = [
  ['pending', 'approved'], ['pending', 'rejected'], ['pending', 'cancelled'], ['pending', 'expired'],
  ['approved', 'running'], ['running', 'done'], ['running', 'partly-failed'], ['running', 'failed'],
];

describe('plan lifecycle', () => {
  it('allows exactly the documented transitions and nothing else', () => {
    for (const from of PLAN_STATES) {
      for (const to of PLAN_STATES) {
        const expected = ALLOWED.some(([f, t]) => f === from && t === to);
        expect([from, to, canTransition(from, to)]).toEqual([from, to, expected]);
      }
    }
  });

  it('knows which states are final, decided and active', () => {
    expect(PLAN_STATES.filter(isFinal).sort()).toEqual(['cancelled', 'done', 'expired', 'failed', 'partly-failed', 'rejected']);
    expect(PLAN_STATES.filter((s) => !isDecided(s))).toEqual(['pending']);
    expect(PLAN_STATES.filter(isActive).sort()).toEqual(['approved', 'running']);
  });
});
