import { renderStatusCard } from '../../cards/status.js';
import { getStatus } from '../../services/insights/status.js';
import type { Card } from '../../cards/render.js';
import type { BotServices } from '../botServices.js';
import type { Command } from './command.js';
import { noArgs } from './command.js';

const usage = 'status';

export const statusCommand: Command<Record<string, never>> = {
  name: 'status',
  usage,
  summary: 'Dashboard: trust on each side, moves by state and redirect sites per tenant (as last read, with their age), days left before the source licences expire; with moves from the migration orchestrator, its jobs and clean-up steps.',
  adminOnly: true,
  changesTenant: false,
  parse: noArgs(usage),
  argsFromEntities: () => '',
  run: async (_args, { services, progress }) => statusCard(services, progress),
};

/** The dashboard card from what the bot knows (`refresh` shows it too, after reading everything again). */
export async function statusCard(services: BotServices, progress: (text: string) => void): Promise<Card> {
  const status = await getStatus({
    tenants: services.tenants,
    knowledge: services.knowledge,
    identityMap: await services.identityMap.load(),
    licenceExpiry: services.licenceExpiry,
    now: () => services.clock.now(),
    logger: services.logger,
    onProgress: progress,
    orchestrator: services.orchestrator,
  });
  return renderStatusCard(status, services.view);
}
