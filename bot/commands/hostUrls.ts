import { renderHostUrlsCard } from '../../cards/hostUrls.js';
import { getHostUrls } from '../../services/insights/hostUrls.js';
import type { Command } from './command.js';
import { noArgs } from './command.js';

const usage = 'host urls';

export const hostUrlsCommand: Command<Record<string, never>> = {
  name: 'host urls',
  usage,
  summary: 'Show the cross-tenant host URL of each tenant.',
  adminOnly: true,
  changesTenant: false,
  parse: noArgs(usage),
  argsFromEntities: () => '',
  run: async (_args, { services }) => renderHostUrlsCard(await getHostUrls(services.tenants), services.view),
};
