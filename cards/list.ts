// The paged list card. It never holds more than one page; Previous/Next carry only the snapshot id
// and the page wanted, and the server re-reads the saved list to draw that page.
import type template from './list.json';
import { readWhen } from './readable.js';
import { renderCard, renderTime, type Card, type CardView } from './render.js';
import { loadTemplate } from './template.js';

export type { template as ListTemplate };

export const PAGE_SIZE = 20;

/** One item; which fields are shown, and how, is up to the template's variant for the list's kind. */
export type ListRow = Record<string, string>;

export interface ListCardData {
  /** The saved list the page buttons ask for again… */
  snapshotId?: string;
  /** …or the plan whose items are listed (its items are re-read from the stored plan). */
  plan?: { id: string; hash: string };
  /** Selects the heading and wording in the template, e.g. 'redirects'. */
  kind: string;
  /** Words for the template; `listedAt`, when set, is the instant the list was read (shown with its age now). */
  params: Record<string, string>;
  rows: ListRow[];
  /** Zero-based page wanted; clamped to the pages that exist. */
  page: number;
}

export function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / PAGE_SIZE));
}

export function renderListCard(data: ListCardData, view: CardView): Card {
  const pages = pageCount(data.rows.length);
  const page = Math.min(Math.max(0, Math.trunc(data.page)), pages - 1);
  return renderCard(loadTemplate('list'), {
    kind: data.kind,
    params: data.params,
    asOf: data.params.listedAt ? readWhen(data.params.listedAt, renderTime(view)) : '',
    snapshotId: data.snapshotId ?? '',
    planId: data.plan?.id ?? '',
    planHash: data.plan?.hash ?? '',
    total: data.rows.length,
    page: page + 1,
    pages,
    items: data.rows.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE),
    hasPrevious: page > 0,
    hasNext: page < pages - 1,
    previousPage: page - 1,
    nextPage: page + 1,
  }, view);
}
