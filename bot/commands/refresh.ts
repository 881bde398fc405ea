import { ReadingText } from '../../services/knowledge/readingText.js';
import { tenantName } from '../../services/insights/tenantPair.js';
import type { Command } from './command.js';
import { noArgs } from './command.js';
import { statusCard } from './status.js';

const usage = 'refresh';

/** Reads every move state and both tenants' redirect sites again now (nothing is changed), then shows status. */
export const refreshCommand: Command<Record<string, never>> = {
  name: 'refresh',
  usage,
  summary: 'Read every move state and both tenants\' redirect sites again now (changes nothing), then show the status.',
  adminOnly: true,
  changesTenant: false,
  parse: noArgs(usage),
  argsFromEntities: () => '',
  run: async (_args, { services, progress }) => {
    const { knowledge, tenants } = services;
    const reading = new ReadingText(progress);
    await knowledge.readAgain((side) => tenantName(tenants[side].adminUrl), (part, line) => reading.set(part, line));
    return statusCard(services, progress);
  },
};
