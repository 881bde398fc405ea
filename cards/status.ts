import type template from './status.json';
import { inWords, readWhen } from './readable.js';
import { renderCard, renderTime, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { template as StatusTemplate };

type Part<T> = { ok: true; value: T } | { ok: false; problem: string };

/** The dashboard as plain data: each part either its value or the problem that kept it from being read. */
export interface StatusCardData {
  trust: Part<{ side: string; tenant: string; verification: string; remains: boolean }[]>;
  /** `asOf` / `newestReadAt`: the oldest and the newest read among the move states counted (ISO instants). */
  /** `byStatus`: the identity map's people; `sites`: each other kind of move the site map holds. */
  moves: {
    total: number; byStatus: { status: string; count: number }[]; unreadable: number; asOf?: string; newestReadAt?: string;
    sites?: { kind: 'site' | 'group'; mapped: number; byStatus: { status: string; count: number }[] }[];
  };
  /** `asOf`: when the tenant's redirect sites were listed (ISO instant). */
  redirects: { side: string; tenant: string; count: Part<number>; asOf?: string }[];
  licence: { urgent: boolean; daysLeft: number; expiry: string } | null;
  identityMapProblems: number;
  /** Microsoft's migration orchestrator, when people's moves are read from its jobs (null or absent: they are not). */
  orchestrator?: Part<{
    jobs: { displayName: string; jobType: string; status: string; people: number }[];
    unmapped: string[]; readAt: string;
    cleanup: readonly { step: string; botCommand: string | null; adminCommand?: string }[];
  } | null>;
}

/** Unmapped people named on the card at most; the rest are counted. */
const UNMAPPED_NAMED = 10;

function orchestratorData(part: StatusCardData['orchestrator'], now: Date) {
  if (!part || (part.ok && !part.value)) return { shown: false, ok: true, problem: '', readAt: '', jobs: [], unmapped: '', cleanup: [] };
  if (!part.ok) return { shown: true, ok: false, problem: part.problem, readAt: '', jobs: [], unmapped: '', cleanup: [] };
  const o = part.value!;
  const named = o.unmapped.slice(0, UNMAPPED_NAMED).join(', ');
  const more = o.unmapped.length > UNMAPPED_NAMED ? ` and ${o.unmapped.length - UNMAPPED_NAMED} more` : '';
  return {
    shown: true, ok: true, problem: '', readAt: readWhen(o.readAt, now),
    jobs: o.jobs.map((j) => ({ title: `${j.displayName}${j.jobType === 'validate' ? ' (validation)' : ''}`, value: `${inWords(j.status)}, ${j.people} people` })),
    unmapped: o.unmapped.length ? `${o.unmapped.length} people in the jobs are not in the identity map, so the bot does not follow them: ${named}${more}.` : '',
    cleanup: o.cleanup.map((c) => ({ title: c.step, value: c.botCommand ? `the bot does it: ${c.botCommand}` : `outside the bot: ${c.adminCommand}` })),
  };
}

const KIND_TITLES = { site: 'Sites', group: 'Group sites' } as const;

const factRows = (byStatus: { status: string; count: number }[]) => byStatus.map((r) => ({ status: inWords(r.status), count: String(r.count) }));

export function renderStatusCard(status: StatusCardData, view: CardView): Card {
  const now = renderTime(view);
  return renderCard(loadTemplate('status'), {
    licence: status.licence ? { known: true, ...status.licence } : { known: false, urgent: false, daysLeft: 0, expiry: '' },
    trust: status.trust.ok ? { ok: true, rows: status.trust.value.map((t) => ({ ...t, verification: inWords(t.verification) })) } : { ok: false, rows: [], problem: status.trust.problem },
    moves: {
      total: status.moves.total,
      rows: factRows(status.moves.byStatus),
      kinds: (status.moves.sites ?? []).map((k) => ({ title: `${KIND_TITLES[k.kind]} (${k.mapped} in the site map)`, rows: factRows(k.byStatus) })),
      unreadable: status.moves.unreadable,
      asOf: readWhen(status.moves.asOf, now),
      newest: readWhen(status.moves.newestReadAt, now),
    },
    identityMapProblems: status.identityMapProblems,
    orchestrator: orchestratorData(status.orchestrator, now),
    redirects: status.redirects.map((r) => ({
      tenant: r.tenant,
      side: r.side,
      value: r.count.ok ? `${r.count.value}, as of ${readWhen(r.asOf, now)}` : r.count.problem,
    })),
  }, view);
}
