// The status card's part about Microsoft's migration orchestrator: shown only when moves come from it, its
// jobs with their states, the people its jobs hold that the identity map lacks (named, the rest counted),
// the clean-up steps with who does each, and the problem when the jobs could not be read.
import { describe, expect, it } from '@jest/globals';
import { renderStatusCard, type StatusCardData } from '../../../cards/status.js';
import { ORCHESTRATOR_CLEANUP } from '../../../services/insights/orchestratorStatus.js';
import { cardText } from '../../helpers/cards.js';

const view = { sandbox: false, now: () => new Date('2026-11-02T09:00:00Z') };
const base: StatusCardData = {
  trust: { ok: true, value: [] }, moves: { total: 3, byStatus: [{ status: 'completed', count: 3 }], unreadable: 0 }, redirects: [], licence: null, identityMapProblems: 0,
};
const text = (orchestrator: StatusCardData['orchestrator']) => cardText(renderStatusCard({ ...base, orchestrator }, view));

describe("the orchestrator's part of the status card", () => {
  it('lists the jobs by state, names ten unmapped people and counts the rest, and says who does each clean-up step', () => {
    const unmapped = Array.from({ length: 12 }, (_, i) => `person${String(i).padStart(2, '0')}@fabrikam.com`);
    const shown = text({ ok: true, value: {
      jobs: [{ displayName: 'Wave 1', jobType: 'migrate', status: 'completedWithErrors', people: 100 }, { displayName: 'Check', jobType: 'validate', status: 'validatePassed', people: 5 }],
      unmapped, readAt: '2026-11-02T08:55:00Z', cleanup: ORCHESTRATOR_CLEANUP,
    } });
    expect(shown).toContain('Wave 1: completed with errors, 100 people');
    expect(shown).toContain('Check (validation): validate passed, 5 people');
    expect(shown).toContain(`12 people in the jobs are not in the identity map, so the bot does not follow them: ${unmapped.slice(0, 10).join(', ')} and 2 more.`);
    expect(shown).toContain('Remove the redirect sites the OneDrive moves left: the bot does it: remove redirects');
    expect(shown).toContain('Remove the identity mapping data: outside the bot: Remove-CtimData');
  });

  it('is left out when moves come from the identity map, and says why when the jobs could not be read', () => {
    expect(text({ ok: true, value: null })).not.toContain('orchestrator');
    expect(text(undefined)).not.toContain('orchestrator');
    const failed = text({ ok: false, problem: 'The tenant did not answer.' });
    expect(failed).toContain("Could not read the orchestrator's jobs: The tenant did not answer.");
    expect(failed).not.toContain('Clean-up after the orchestrator');
  });
});
