import type { StatusView } from '../services/insights/status.js';
import type template from './status.json';
import { inWords } from './readable.js';
import { renderCard, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { template as StatusTemplate };

export function renderStatusCard(status: StatusView, view: CardView): Card {
  return renderCard(loadTemplate('status'), {
    licence: status.licence ? { known: true, ...status.licence } : { known: false, urgent: false, daysLeft: 0, expiry: '' },
    trust: status.trust.ok ? { ok: true, rows: status.trust.value.map((t) => ({ ...t, verification: inWords(t.verification) })) } : { ok: false, rows: [], problem: status.trust.problem },
    moves: {
      total: status.moves.total,
      rows: status.moves.byStatus.map((r) => ({ status: inWords(r.status), count: String(r.count) })),
      unreadable: status.moves.unreadable,
    },
    identityMapProblems: status.identityMapProblems,
    redirects: status.redirects.map((r) => ({
      tenant: r.tenant,
      side: r.side,
      value: r.count.ok ? String(r.count.value) : r.count.problem,
    })),
  }, view);
}
