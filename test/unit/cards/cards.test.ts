import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { ACTIONS } from '../../../bot/actions/index.js';
import { COMMANDS } from '../../../bot/commands/index.js';
import { renderClarifyCard } from '../../../cards/clarify.js';
import { renderErrorCard } from '../../../cards/error.js';
import { renderExportElsewhereCard, renderExportReadyCard } from '../../../cards/exports.js';
import { renderHelpCard } from '../../../cards/help.js';
import { renderHostUrlsCard } from '../../../cards/hostUrls.js';
import { PAGE_SIZE, renderListCard } from '../../../cards/list.js';
import { renderMoveStateCard } from '../../../cards/moveState.js';
import { renderNotAllowedCard } from '../../../cards/notAllowed.js';
import { CARD_BUDGET_BYTES, renderCard, visibleBrackets, type Card, type CardView } from '../../../cards/render.js';
import { renderStatusCard } from '../../../cards/status.js';
import { loadTemplate, type CardTemplate } from '../../../cards/template.js';
import { renderTrustCard } from '../../../cards/trust.js';
import { ALL_VERBS } from '../../../cards/verbs.js';
import { cardText, executeActions } from '../../helpers/cards.js';
import { cardProblems } from '../../helpers/cardValidation.js';

const LONG_URL = `https://contoso-my.sharepoint.com/personal/${'averyverylongfirstname_averyverylonglastname_'.repeat(3)}contoso_onmicrosoft_com`;
const snapshotId = '0b6f0c3e-8a4e-4b53-9f0e-0d1c2b3a4f5e';

function samples(view: CardView): Record<string, Card> {
  const trustSide = (side: 'source' | 'target', tenant: string) => ({
    side, tenant, partnerRole: side === 'source' ? 'Target' as const : 'Source' as const,
    partnerHostUrl: `https://${tenant === 'contoso' ? 'fabrikam' : 'contoso'}-my.sharepoint.com/`,
    verification: 'GoodToProceed' as const, relationText: side === 'source' ? 'MnA;Target;https://fabrikam-my.sharepoint.com/' : null, remains: true,
  });
  return {
    help: renderHelpCard({ commands: COMMANDS.map((c) => ({ usage: c.usage, summary: c.summary })) }, view),
    status: renderStatusCard({
      trust: { ok: true, value: [{ side: 'source', tenant: 'contoso', verification: 'GoodToProceed', remains: true }, { side: 'target', tenant: 'fabrikam', verification: 'NotEstablished', remains: false }] },
      moves: { total: 250, byStatus: [{ status: 'completed', count: 240 }, { status: 'failed', count: 10 }], unreadable: 2, asOf: '2026-11-02T08:55:00Z', newestReadAt: '2026-11-02T08:57:00Z' },
      redirects: [{ side: 'source', tenant: 'contoso', count: { ok: true, value: 240 }, asOf: '2026-11-02T08:58:00.123Z' }, { side: 'target', tenant: 'fabrikam', count: { ok: false, problem: 'The tenant did not answer.' } }],
      licence: { expiry: '2026-11-12', daysLeft: 10, urgent: true },
      identityMapProblems: 1,
    }, view),
    statusOrchestrator: renderStatusCard({
      trust: { ok: true, value: [] }, moves: { total: 250, byStatus: [{ status: 'completed', count: 250 }], unreadable: 0 }, redirects: [], licence: null, identityMapProblems: 0,
      orchestrator: { ok: true, value: {
        jobs: [{ displayName: 'Wave 1', jobType: 'migrate', status: 'completedWithErrors', people: 100 }], unmapped: ['x@fabrikam.com'], readAt: '2026-11-02T08:55:00Z',
        cleanup: [{ step: 'Remove the trust', botCommand: 'remove trust' }, { step: 'Remove the endpoints', botCommand: null, adminCommand: 'Remove-MigrationEndpoint -Identity <name>' }],
      } },
    }, view),
    hostUrls: renderHostUrlsCard({ source: { tenant: 'contoso', hostUrl: 'https://contoso-my.sharepoint.com/' }, target: { tenant: 'fabrikam', hostUrl: 'https://fabrikam-my.sharepoint.com/' } }, view),
    trust: renderTrustCard({ source: trustSide('source', 'contoso'), target: trustSide('target', 'fabrikam') }, view),
    list: renderListCard({
      snapshotId, kind: 'redirects', params: { side: 'source', tenant: 'contoso' }, page: 1,
      rows: Array.from({ length: 3 * PAGE_SIZE }, (_, i) => ({ url: `${LONG_URL}${i}`, status: 'Active', lockState: 'Unlock', lastModified: '2026-10-01' })),
    }, view),
    moveState: renderMoveStateCard({ askedFor: 'adele@fabrikam.com', sourceUpn: 'adele@contoso.com', targetUpn: 'adele@fabrikam.com', state: { status: 'completed', startedDateTime: '2026-10-01T09:00:00Z', finishedDateTime: '2026-10-01T10:00:00Z' } }, view),
    moveStateNone: renderMoveStateCard({ askedFor: 'nobody@contoso.com', sourceUpn: 'nobody@contoso.com', state: null }, view),
    clarify: renderClarifyCard({ kind: 'unsure', heard: 'show trust', suggestions: [{ text: 'trust status', line: 'Check the cross-tenant trust from both tenants.' }, { text: 'status', line: 'Dashboard.' }] }, view),
    clarifyNone: renderClarifyCard({ kind: 'none', heard: 'stauts', suggestions: [{ text: 'status', line: 'Dashboard.' }] }, view),
    errorInput: renderErrorCard({ kind: 'input', message: 'That is not a UPN.', usage: 'move status <upn>' }, view),
    errorDomain: renderErrorCard({ kind: 'domain', message: 'The tenant did not answer.' }, view),
    errorExpired: renderErrorCard({ kind: 'expired', command: 'list redirects source' }, view),
    errorUnexpected: renderErrorCard({ kind: 'unexpected', correlationId: 'c0ffee00-0000-4000-8000-000000000000' }, view),
    notAllowed: renderNotAllowedCard({ userId: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f' }, view),
    exportReady: renderExportReadyCard({ title: 'Move states', fileName: 'moves-2026-12-02-1730.csv', rows: 10_000, bytes: 1_234_567, asOf: '2026-12-02T17:27:00Z', hours: 24 }, view),
    exportElsewhere: renderExportElsewhereCard({ command: 'export redirects target' }, view),
  };
}

describe('cards', () => {
  const sandboxCards = samples({ sandbox: true });
  const liveCards = samples({ sandbox: false });

  it.each(Object.keys(sandboxCards))('%s parses with the adaptivecards parser without problems, at version 1.5', (name) => {
    for (const card of [sandboxCards[name]!, liveCards[name]!]) {
      expect(cardProblems(card)).toEqual([]);
      expect(card.version).toBe('1.5');
      expect(JSON.stringify(card)).not.toMatch(/\$\{|\$when|\$data/);
    }
  });

  it.each(Object.keys(sandboxCards))('%s carries the simulated-tenants banner in sandbox mode only', (name) => {
    expect(cardText(sandboxCards[name]!)).toMatch(/^Simulated tenants/);
    expect(cardText(liveCards[name]!)).not.toMatch(/Simulated tenants/);
  });

  it('every Action.Execute in every card and template uses a registered verb', () => {
    const registered = ACTIONS.map((a) => a.verb).sort();
    expect(registered).toEqual([...ALL_VERBS].sort());
    const templateVerbs = readdirSync(new URL('../../../cards/', import.meta.url)).filter((f) => f.endsWith('.json'))
      .flatMap((f) => [...readFileSync(new URL(`../../../cards/${f}`, import.meta.url), 'utf8').matchAll(/"verb":\s*"([^"]+)"/g)].map((m) => m[1]));
    expect(templateVerbs.length).toBeGreaterThan(0);
    for (const verb of [...templateVerbs, ...Object.values(sandboxCards).flatMap((c) => executeActions(c).map((a) => a.verb))]) {
      expect(registered).toContain(verb);
    }
  });

  it('a full page of long URLs stays under the 28 KB budget and shows exactly one page', () => {
    const card = sandboxCards.list!;
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(CARD_BUDGET_BYTES);
    const shown = cardText(card).split('\n').filter((t) => t.startsWith(LONG_URL));
    expect(shown).toHaveLength(PAGE_SIZE);
    expect(shown[0]).toBe(`${LONG_URL}${PAGE_SIZE}`);
    expect(cardText(card)).toContain('Page 2 of 3, 60 in all');
  });

  it('list buttons carry only the snapshot id and the page number', () => {
    expect(executeActions(sandboxCards.list!)).toEqual([
      { title: 'Previous', verb: 'page', data: { snapshotId, page: 0 } },
      { title: 'Next', verb: 'page', data: { snapshotId, page: 2 } },
    ]);
  });

  it('the clarify card offers each suggestion as a run button with the command text', () => {
    expect(executeActions(sandboxCards.clarify!)).toEqual([
      { title: 'trust status', verb: 'run', data: { command: 'trust status' } },
      { title: 'status', verb: 'run', data: { command: 'status' } },
    ]);
    expect(executeActions(sandboxCards.clarifyNone!).map((a) => a.data.command)).toEqual(['status']);
    // Each suggestion with its one line of what it shows, beside the button.
    expect(cardText(sandboxCards.clarify!)).toContain('Check the cross-tenant trust from both tenants.');
  });

  it('status shows the licence deadline in red under 14 days and every part it was given', () => {
    const text = cardText(liveCards.status!);
    expect(text).toContain('10 days left before the source licences expire on 2026-11-12');
    expect(text).toContain('contoso (source): good to proceed (still in place)');
    expect(text).toContain('completed: 240');
    expect(text).toContain('fabrikam (target): The tenant did not answer.');
    expect(JSON.stringify(liveCards.status)).toContain('"color":"Attention"');
  });

  it('renders from a copy: the frozen template is unchanged after rendering', () => {
    const before = JSON.stringify(loadTemplate('list'));
    renderListCard({ snapshotId, kind: 'redirects', params: { side: 'source', tenant: 'contoso' }, page: 0, rows: [] }, { sandbox: true });
    expect(JSON.stringify(loadTemplate('list'))).toBe(before);
    expect(Object.isFrozen(loadTemplate('list'))).toBe(true);
  });

  it('refuses a card over the budget', () => {
    const huge: CardTemplate = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: '${t}' }] };
    expect(() => renderCard(huge, { t: 'x'.repeat(CARD_BUDGET_BYTES) }, { sandbox: false })).toThrow(/over the 28672-byte budget/);
  });

  it('the help card lists every command of the table, usage and summary', () => {
    const text = cardText(liveCards.help!);
    for (const c of COMMANDS) {
      expect(text).toContain(visibleBrackets(c.usage));
      expect(text).toContain(c.summary);
    }
  });

  it('shows angle brackets as single angle quotes, so Teams cannot take <upn> or typed markup for HTML', () => {
    expect(cardText(liveCards.help!)).toContain('move status ‹upn or site url›');
    expect(cardText(liveCards.help!)).not.toMatch(/[<>]/);
    const card = renderErrorCard({ kind: 'input', message: 'Not a UPN: <script>alert(1)</script>', usage: 'move status <upn>' }, { sandbox: false });
    expect(cardText(card)).toContain('Not a UPN: ‹script›alert(1)‹/script›');
    expect(visibleBrackets({ a: ['<b>', 3, null], c: { d: 'x>y' } })).toEqual({ a: ['‹b›', 3, null], c: { d: 'x›y' } });
  });
});
