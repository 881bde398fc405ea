import { renderListCard } from '../../cards/list.js';
import { when } from '../../cards/readable.js';
import { STATE_LABELS, trackedName } from '../../services/regression/types.js';
import type { Command } from './command.js';
import { noArgs } from './command.js';
import { regressionOf } from './migrateBack.js';

const usage = 'moved back';

/** Everyone and every site tracked, with their state; saved as a list snapshot so Previous / Next page it. */
export const movedBackCommand: Command<Record<string, never>> = {
  name: 'moved back',
  usage,
  summary: 'List everyone and every site or group site being moved back or moved back, with where each one is.',
  adminOnly: true,
  changesTenant: false,
  parse: noArgs(usage),
  argsFromEntities: () => '',
  run: async (_args, { services }) => {
    const users = await regressionOf(services).tracker.load();
    const rows = users.map((u) => ({
      who: `${trackedName(u)} → ${u.originalUpn}`, state: STATE_LABELS[u.state],
      since: when(u.history[u.history.length - 1]?.at), planId: u.planId, reason: u.reason ?? '',
    }));
    const snapshot = await services.snapshots.save({ kind: 'movedBack', params: {}, command: usage, items: rows });
    return renderListCard({ snapshotId: snapshot.id, kind: snapshot.kind, params: {}, rows: snapshot.items, page: 0 }, services.view);
  },
};
