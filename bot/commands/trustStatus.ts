import { renderTrustCard } from '../../cards/trust.js';
import { getTrustBothSides } from '../../services/insights/trust.js';
import type { Command } from './command.js';
import { noArgs } from './command.js';

const usage = 'trust status';

export const trustStatusCommand: Command<Record<string, never>> = {
  name: 'trust status',
  usage,
  summary: 'Check the cross-tenant trust from both tenants (verification and relation).',
  adminOnly: true,
  changesTenant: false,
  parse: noArgs(usage),
  argsFromEntities: () => '',
  run: async (_args, { services }) => renderTrustCard(await getTrustBothSides(services.tenants), services.view),
};
