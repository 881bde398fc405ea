import { renderListCard, type ListRow } from '../../cards/list.js';
import { inWords, when } from '../../cards/readable.js';
import type { AuditEntry } from '../../services/approvals/types.js';
import { AUDIT_SCAN, headlines, ofPlan, refusals, type AuditView } from '../../services/audit/auditViews.js';
import { InputError } from '../../services/errors.js';
import type { BotServices } from '../botServices.js';
import { PLAN_ID_PATTERN } from '../nlu/recognizer.js';
import { auditDetail } from '../../services/exports/rows.js';
import type { Command } from './command.js';
import { words } from './command.js';

const usage = 'audit [n | <plan id> | refusals [n]]';
export const AUDIT_DEFAULT = 20;
export const AUDIT_MAX = 200;

type AuditArgs = { view: 'latest' | 'refusals'; n: number } | { view: 'plan'; planId: string };

/**
 * The audit log as answers: the latest requests, decisions, refusals, starts and finishes with each
 * plan's items folded into a count; one plan with its items; or the refusals alone.
 */
export const auditCommand: Command<AuditArgs> = {
  name: 'audit',
  usage,
  summary: `Show the latest audit entries (${AUDIT_DEFAULT} by default, up to ${AUDIT_MAX}): requests, decisions, refusals, starts and finishes, each plan's items as one count; a plan id lists that plan's items; "refusals" lists refusals.`,
  adminOnly: true,
  changesTenant: false,
  parse: (argText) => {
    const w = words(argText);
    if (w.length === 1 && new RegExp(`^${PLAN_ID_PATTERN.source}$`, 'i').test(w[0])) return { view: 'plan', planId: w[0].toLowerCase() };
    const refused = /^refusals?$/i.test(w[0] ?? '');
    const count = refused ? w.slice(1) : w;
    if (count.length === 0) return { view: refused ? 'refusals' : 'latest', n: AUDIT_DEFAULT };
    const n = Number(count[0]);
    if (count.length > 1 || !Number.isInteger(n) || n < 1 || n > AUDIT_MAX) {
      throw new InputError(`Give a number of entries from 1 to ${AUDIT_MAX}, a plan id, or "refusals".`, { usage });
    }
    return { view: refused ? 'refusals' : 'latest', n };
  },
  // A count is passed as said, so one past the limit gets parse()'s answer rather than a silent cut.
  argsFromEntities: (e) => e.planId ?? [e.refusals ? 'refusals' : '', e.count ? String(e.count) : ''].filter(Boolean).join(' '),
  run: async (args, { services }) => {
    const entries = (await services.audit.latest(AUDIT_SCAN)).reverse();
    const views: AuditView[] = args.view === 'plan' ? ofPlan(entries, args.planId).map(asView)
      : args.view === 'refusals' ? refusals(entries, args.n).map(asView)
        : headlines(entries, args.n);
    const rows = await rowsOf(views, services);
    const params: Record<string, string> = args.view === 'plan' ? { view: 'plan', planId: args.planId } : { view: args.view };
    const command = args.view === 'plan' ? `audit ${args.planId}` : `audit ${args.view === 'refusals' ? 'refusals ' : ''}${args.n}`;
    const snapshot = await services.snapshots.save({ kind: 'audit', params, command, items: rows });
    return renderListCard({ snapshotId: snapshot.id, kind: 'audit', params, rows: snapshot.items, page: 0 }, services.view);
  },
};

const asView = (entry: AuditEntry): AuditView => ({ kind: 'entry', entry });

/** Events as words: plan.requested → "plan requested", refused.not-admin → "refused: not admin". */
function eventWords(event: string): string {
  const [area, ...rest] = event.split('.');
  const what = rest.join(' ').replace(/-/g, ' ');
  return area === 'refused' ? `refused: ${what}` : `${area} ${inWords(what)}`.trim();
}

const OUTCOMES = ['done', 'failed', 'skipped'];
const outcomeOrder = (state: string) => (OUTCOMES.includes(state) ? OUTCOMES.indexOf(state) : OUTCOMES.length);

async function rowsOf(views: readonly AuditView[], services: Pick<BotServices, 'people'>): Promise<ListRow[]> {
  // People by name: an actor the entry names only by id is looked up (directory, then its id).
  const ids = [...new Set(views.flatMap((v) => (v.kind === 'entry' && v.entry.actor && !v.entry.actor.name ? [v.entry.actor.id] : [])))];
  const known = new Map((await services.people.lookup(ids)).map((p) => [p.id, p.name]));
  return views.map((v) => {
    if (v.kind === 'items') {
      const total = Object.values(v.counts).reduce((a, b) => a + b, 0);
      const counts = Object.entries(v.counts).sort(([a], [b]) => outcomeOrder(a) - outcomeOrder(b) || a.localeCompare(b))
        .map(([state, n]) => `${n} ${state}`).join(', ');
      return { at: when(v.at), event: `${total} item(s) of the plan: ${counts}`, actor: '—', planId: v.planId, detail: `"audit ${v.planId}" lists them` };
    }
    const e = v.entry;
    return {
      at: when(e.at),
      event: eventWords(e.event),
      actor: e.actor ? (e.actor.name || known.get(e.actor.id) || e.actor.id || '—') : '—',
      planId: e.planId ?? '—',
      detail: cardDetail(e),
    };
  });
}

/** Long keys and labels are shortened on the card; the reason never is (it is what the admin came for). */
function cardDetail(e: AuditEntry): string {
  const { reason, ...rest } = e.detail ?? {};
  const others = auditDetail({ ...e, detail: rest });
  const shown = others.length > DETAIL_MAX ? `${others.slice(0, DETAIL_MAX)}…` : others;
  return reason === undefined ? shown : [shown, `reason: ${typeof reason === 'string' ? reason : JSON.stringify(reason)}`].filter(Boolean).join('; ');
}

const DETAIL_MAX = 200;
