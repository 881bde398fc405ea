// The approval and progress cards: what each viewer sees, the budget with 2,000 items, refresh limits.
import { describe, expect, it } from '@jest/globals';
import { PLAN_ITEMS_SHOWN, REFRESH_USERS_MAX, renderPlanCard, type PlanViewerRole } from '../../../cards/plan.js';
import { FAILURES_SHOWN, renderProgressCard } from '../../../cards/progress.js';
import { CARD_BUDGET_BYTES } from '../../../cards/render.js';
import type { ItemResult, PlanRecord } from '../../../services/approvals/types.js';
import { cardText, executeActions } from '../../helpers/cards.js';
import { cardProblems } from '../../helpers/cardValidation.js';

const LONG = `https://contoso-my.sharepoint.com/personal/${'averyverylongfirstname_averyverylonglastname_'.repeat(2)}contoso_com`;
const HASH = 'a'.repeat(64);

function record(items: number, state: PlanRecord['state'] = 'pending', failed = 0): PlanRecord {
  return {
    plan: {
      id: 'p-7k3m9q2x', kind: 'remove-redirects', title: `Remove ${items} redirect site(s) on contoso (source)`,
      summary: 'Remove the redirect sites of completed moves.',
      requestedBy: { id: 'admin-id', name: 'Avery Admin', teamsId: '29:admin' },
      requestedAt: '2026-11-02T09:00:00.000Z', expiresAt: '2026-11-03T09:00:00.000Z',
      items: Array.from({ length: items }, (_, i) => ({ key: `k${i}`, label: `${LONG}${i}`, step: { type: 'remove-redirect' as const, side: 'source' as const, url: `${LONG}${i}`, unlock: true, purge: true } })),
      findings: [
        { level: 'blocker', text: 'Moves not finished', subjects: Array.from({ length: 300 }, (_, i) => `user${i}@contoso.com`) },
        { level: 'warning', text: '3 sites are locked', subjects: [`${LONG}1`] },
        { level: 'info', text: '12 users are not in scope' },
      ],
      options: { purge: true, unlock: true, side: 'source' }, ordered: false, hash: HASH,
    },
    state,
    progress: { total: items, done: items - failed, failed, skipped: 0 },
    ...(state !== 'pending' ? { decision: { by: { id: 'approver-id', name: 'Parker Approver' }, at: '2026-11-02T10:00:00.000Z' } } : {}),
  };
}

const people = { approvers: ['Parker Approver'], userIds: Array.from({ length: 80 }, (_, i) => `29:user-${i}`) };
const view = { sandbox: true };
const titles = (card: unknown) => executeActions(card).filter((b) => b.verb !== 'refresh').map((b) => b.title);

describe('plan card', () => {
  it.each(['base', 'approver', 'requester', 'other'] as PlanViewerRole[])('%s view parses without problems', (role) => {
    expect(cardProblems(renderPlanCard(record(30), { role, ...people }, view))).toEqual([]);
  });

  it('shows each viewer their buttons; the base view (no refresh support) has every decision', () => {
    const r = record(30);
    expect(titles(renderPlanCard(r, { role: 'base', ...people }, view))).toEqual(['Approve', 'Reject', 'Cancel', 'Show all items']);
    expect(titles(renderPlanCard(r, { role: 'approver', ...people }, view))).toEqual(['Approve', 'Reject', 'Show all items']);
    expect(titles(renderPlanCard(r, { role: 'requester', ...people }, view))).toEqual(['Cancel', 'Show all items']);
    expect(titles(renderPlanCard(r, { role: 'other', ...people }, view))).toEqual(['Show all items']);
  });

  it('buttons carry only the plan id and hash (page: the id and a page number)', () => {
    for (const b of executeActions(renderPlanCard(record(30), { role: 'base', ...people }, view))) {
      expect(Object.keys(b.data).sort()).toEqual(b.verb === 'page' ? ['page', 'planId'] : ['hash', 'planId']);
    }
  });

  it('stays under 28 KB with 2,000 items, listing the first ones and counting the rest', () => {
    const card = renderPlanCard(record(2000), { role: 'base', ...people }, view);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(CARD_BUDGET_BYTES);
    const text = cardText(card);
    expect(text.split('\n').filter((l) => l.startsWith(LONG))).toHaveLength(PLAN_ITEMS_SHOWN + 1); // + the warning's subject
    expect(text).toContain(`…and ${2000 - PLAN_ITEMS_SHOWN} more.`);
    expect(text).toContain('user19@contoso.com (and 280 more)');
  });

  it('refreshes for at most 60 Teams ids, with the refresh verb and only id and hash', () => {
    const card = renderPlanCard(record(3), { role: 'base', ...people }, view) as { refresh?: { userIds: string[]; action: { verb: string; data: object } } };
    expect(card.refresh?.userIds).toHaveLength(REFRESH_USERS_MAX);
    expect(card.refresh?.action).toMatchObject({ verb: 'refresh', data: { planId: 'p-7k3m9q2x', hash: HASH } });
  });

  it('shows blockers, warnings, options, approvers and expiry', () => {
    const text = cardText(renderPlanCard(record(3), { role: 'other', ...people }, view));
    for (const t of ['Blocks the change', 'Moves not finished', '3 sites are locked', 'Approvers: Parker Approver', 'Expires: {{DATE(2026-11-03T09:00:00Z, SHORT)}} {{TIME(2026-11-03T09:00:00Z)}}', 'Purge: also removed from the tenant recycle bin', 'Unlock: locked sites are unlocked first']) {
      expect(text).toContain(t);
    }
  });

  it('a decided plan has no decision buttons and no refresh', () => {
    const card = renderPlanCard({ ...record(3, 'rejected'), decision: { by: { id: 'x', name: 'Parker Approver' }, at: '2026-11-02T10:00:00Z', reason: 'Not yet' } }, { role: 'base', ...people }, view);
    expect(titles(card)).toEqual([]);
    expect((card as { refresh?: unknown }).refresh).toBeUndefined();
    expect(cardText(card)).toContain('Reason: Not yet');
  });
});

describe('progress card', () => {
  const failures = (n: number): ItemResult[] => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, state: 'failed' as const, reason: `Access denied ${'x'.repeat(400)}`, attempts: 1, updatedAt: '' }));

  it.each(['approved', 'running', 'done', 'partly-failed', 'failed'] as const)('%s parses and stays under budget with 2,000 items', (state) => {
    const failed = state === 'partly-failed' ? 1500 : state === 'failed' ? 2000 : 0;
    const card = renderProgressCard(record(2000, state, failed), { results: failures(failed) }, view);
    expect(cardProblems(card)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(CARD_BUDGET_BYTES);
  });

  it('lists the first failed items with their reasons and offers Retry failed', () => {
    const card = renderProgressCard(record(2000, 'partly-failed', 30), { results: failures(30) }, view);
    const text = cardText(card);
    expect(text).toContain('Partly failed: 30 of 2000 failed');
    expect(text.split('\n').filter((l) => l.startsWith('Access denied'))).toHaveLength(FAILURES_SHOWN);
    expect(text).toContain(`…and ${30 - FAILURES_SHOWN} more failed.`);
    expect(executeActions(card)).toEqual([{ title: 'Retry failed', verb: 'retryFailed', data: { planId: 'p-7k3m9q2x', hash: HASH } }]);
  });

  it('a running or fully done plan has no Retry failed', () => {
    expect(executeActions(renderProgressCard(record(10, 'running'), {}, view))).toEqual([]);
    expect(cardText(renderProgressCard(record(10, 'done'), {}, view))).toContain('Done: all 10 finished');
    expect(executeActions(renderProgressCard(record(10, 'done'), {}, view))).toEqual([]);
  });
});
