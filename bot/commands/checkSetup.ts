import { renderSetupCheckCard } from '../../cards/setupCheck.js';
import { InputError } from '../../services/errors.js';
import type { Command } from './command.js';
import { noArgs } from './command.js';

const usage = 'check setup';

export const checkSetupCommand: Command<Record<string, never>> = {
  name: 'check setup',
  usage,
  summary: 'Check the configuration: settings, certificates, tokens and permissions, tenant URLs, bot credentials (changes nothing).',
  adminOnly: true,
  changesTenant: false,
  parse: noArgs(usage),
  argsFromEntities: () => '',
  run: async (_args, { services }) => {
    if (!services.setupCheck) throw new InputError('The setup check is not available in this bot instance: run npm run doctor on its host.');
    return renderSetupCheckCard(await services.setupCheck(), services.view);
  },
};
