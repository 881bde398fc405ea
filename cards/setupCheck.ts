import { statusWord } from '../services/setupCheck/formatReport.js';
import type { CheckReport } from '../services/setupCheck/types.js';
import type template from './setupCheck.json';
import { renderCard, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { template as SetupCheckTemplate };

export function renderSetupCheckCard(report: CheckReport, view: CardView): Card {
  const count = (ok: boolean | 'warn') => String(report.items.filter((i) => i.ok === ok).length);
  return renderCard(loadTemplate('setupCheck'), {
    modeText: report.mode === 'sandbox' ? 'simulated tenants' : 'live tenants',
    okCount: count(true), warnCount: count('warn'), failCount: count(false),
    // The fix shows only where something is to be done.
    items: report.items.map((i) => ({ status: statusWord(i.ok), title: i.title, detail: i.detail, fix: i.ok === true ? '' : i.fix ?? '' })),
  }, view);
}
