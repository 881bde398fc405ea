import { z } from 'zod';
import { renderErrorCard } from '../../cards/error.js';
import { renderListCard, type ListRow } from '../../cards/list.js';
import { VERBS } from '../../cards/verbs.js';
import { InputError } from '../../services/errors.js';
import { refuseNotAdmin, type ActionContext, type CardAction } from './action.js';
import { mayView, planId } from './planRef.js';

const page = z.coerce.number().int().min(0).max(100_000);
type PageData = { snapshotId: string; page: number } | { planId: string; page: number };

/**
 * Previous/Next on a list card: the card says which saved list (or which plan's items) and the page
 * wanted; the list itself is re-read on the server.
 */
export const pageAction: CardAction<PageData> = {
  verb: VERBS.page,
  data: z.union([z.object({ snapshotId: z.uuid(), page }), z.object({ planId, page })]),
  run: async (data, ctx) => {
    const { services, caller } = ctx;
    if ('planId' in data) return planItemsPage(data.planId, data.page, ctx);
    if (!(await services.roles.has('admin', caller.userId))) return refuseNotAdmin(ctx, VERBS.page);
    const snapshot = await services.snapshots.load<ListRow>(data.snapshotId);
    if (!snapshot) return renderErrorCard({ kind: 'expired' }, services.view);
    return renderListCard({ snapshotId: data.snapshotId, kind: snapshot.kind, params: snapshot.params, rows: snapshot.items, page: data.page }, services.view);
  },
};

/** A plan's items, read from the stored plan (which lives as long as the plan, unlike a snapshot). */
async function planItemsPage(id: string, page: number, ctx: ActionContext) {
  const { services } = ctx;
  if (!(await mayView(ctx))) return refuseNotAdmin(ctx, VERBS.page);
  const record = await services.approvals.get(id);
  if (!record) throw new InputError(`There is no plan ${id}.`);
  const { plan } = record;
  return renderListCard({
    plan: { id: plan.id, hash: plan.hash }, kind: 'planItems', params: { planId: plan.id, title: plan.title },
    rows: plan.items.map((i) => ({ label: i.label })), page,
  }, services.view);
}
