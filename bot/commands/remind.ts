import { personOf } from '../identity.js';
import type { Command } from './command.js';
import { noArgs } from './command.js';
import { guidanceOf } from './notifyUsers.js';

const usage = 'remind';

/** Plans sending the guidance again to everyone who has it and has not answered; approved like any change. */
export const remindCommand: Command<Record<string, never>> = {
  name: 'remind',
  usage,
  summary: 'Plan sending the guidance again to those who have not marked it done (nor asked for help).',
  adminOnly: true,
  changesTenant: true,
  parse: noArgs(usage),
  argsFromEntities: () => '',
  run: async (_args, { services, caller, address }) => {
    const guidance = guidanceOf(services);
    const plan = await guidance.planRemind(personOf(caller));
    await guidance.rememberDesk(address);
    return services.planCards.submit(plan, address);
  },
};
