import { renderListCard } from '../../cards/list.js';
import { personOf } from '../identity.js';
import type { Command } from './command.js';
import { noArgs } from './command.js';

const usage = 'pending';

/** Each plan waiting for the caller's decision, as its card again (for an approver who missed it). */
export const pendingCommand: Command<Record<string, never>> = {
  name: 'pending',
  usage,
  summary: 'Show the plans waiting for your decision, each as its approval card.',
  adminOnly: false,
  changesTenant: false,
  parse: noArgs(usage),
  argsFromEntities: () => '',
  run: async (_args, { services, caller }) => {
    const waiting = await services.approvals.pendingFor(personOf(caller));
    if (waiting.length === 0) return renderListCard({ kind: 'pending', params: {}, rows: [], page: 0 }, services.view);
    return {
      cards: await Promise.all(waiting.map((record) => services.planCards.forCaller(record, caller))),
      posted: (address, i) => services.planCards.shownAgain(waiting[i]!.plan.id, address),
    };
  },
};
