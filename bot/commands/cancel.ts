import { InputError } from '../../services/errors.js';
import { personOf } from '../identity.js';
import { PLAN_ID_PATTERN } from '../nlu/recognizer.js';
import type { Command } from './command.js';
import { wordsAfter } from './command.js';

const usage = 'cancel <plan id>';

/** The requester withdraws a pending plan (the service refuses anyone else and audits it). */
export const cancelCommand: Command<{ planId: string }> = {
  name: 'cancel',
  usage,
  summary: 'Cancel a plan you asked for that is still waiting for approval.',
  adminOnly: true,
  changesTenant: true,
  parse: (argText) => {
    const w = wordsAfter(argText, ['plan']);
    const id = w[0]?.toLowerCase() ?? '';
    if (w.length !== 1 || !new RegExp(`^${PLAN_ID_PATTERN.source}$`, 'i').test(id)) {
      throw new InputError('Give the plan id shown on its card, e.g. p-7k3m9q2x.', { usage });
    }
    return { planId: id };
  },
  argsFromEntities: (e) => e.planId ?? '',
  run: async ({ planId }, { services, caller }) =>
    services.planCards.forCaller(await services.approvals.cancel(planId, personOf(caller)), caller),
};
