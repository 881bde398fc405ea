import { renderNotifyStatusCard } from '../../cards/notifyStatus.js';
import type { Command } from './command.js';
import { noArgs } from './command.js';
import { guidanceOf } from './notifyUsers.js';

const usage = 'notify status';

export const notifyStatusCommand: Command<Record<string, never>> = {
  name: 'notify status',
  usage,
  summary: 'Show the guidance campaign: done, asked for help, not yet acknowledged, failed by reason, not sent.',
  adminOnly: true,
  changesTenant: false,
  parse: noArgs(usage),
  argsFromEntities: () => '',
  run: async (_args, { services }) => renderNotifyStatusCard(await guidanceOf(services).status(), services.view),
};
