import { renderStatusCard } from '../../cards/status.js';
import { getStatus } from '../../services/insights/status.js';
import type { Command } from './command.js';
import { noArgs } from './command.js';

const usage = 'status';

export const statusCommand: Command<Record<string, never>> = {
  name: 'status',
  usage,
  summary: 'Dashboard: trust on each side, moves by state, redirect sites per tenant, days left before the source licences expire.',
  adminOnly: true,
  changesTenant: false,
  parse: noArgs(usage),
  argsFromEntities: () => '',
  run: async (_args, { services }) => {
    const status = await getStatus({
      tenants: services.tenants,
      identityMap: await services.identityMap.load(),
      licenceExpiry: services.licenceExpiry,
      now: services.clock.now(),
      logger: services.logger,
    });
    return renderStatusCard(status, services.view);
  },
};
