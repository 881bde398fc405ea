import { z } from 'zod';
import { renderErrorCard } from '../../cards/error.js';
import { renderListCard, type ListRow } from '../../cards/list.js';
import { renderNotAllowedCard } from '../../cards/notAllowed.js';
import { VERBS } from '../../cards/verbs.js';
import type { CardAction } from './action.js';

/** Previous/Next on a list card: the card says which saved list and page, the list itself is re-read. */
export const pageAction: CardAction<{ snapshotId: string; page: number }> = {
  verb: VERBS.page,
  data: z.object({
    snapshotId: z.uuid(),
    page: z.coerce.number().int().min(0).max(100_000),
  }),
  run: async ({ snapshotId, page }, { services, caller }) => {
    if (!services.adminIds.has(caller.userId)) return renderNotAllowedCard({ userId: caller.userId }, services.view);
    const snapshot = await services.snapshots.load<ListRow>(snapshotId);
    if (!snapshot) return renderErrorCard({ kind: 'expired' }, services.view);
    return renderListCard({ snapshotId, kind: snapshot.kind, params: snapshot.params, rows: snapshot.items, page }, services.view);
  },
};
