import { listingText, ReadingText } from '../../services/knowledge/readingText.js';
import { SIDES, tenantName } from '../../services/insights/tenantPair.js';
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
    const tick = setInterval(() => {
      const moves = knowledge.moves.reading;
      if (moves.reading) reading.set('moves', `Move states: ${moves.ended.toLocaleString('en-US')} of ${moves.total.toLocaleString('en-US')} read again`);
      for (const side of SIDES) {
        const listing = knowledge.redirects.listing(side);
        if (listing) reading.set(side, listingText(tenantName(tenants[side].adminUrl), listing));
      }
    }, 500);
    try {
      await Promise.all([knowledge.moves.refresh('all'), ...SIDES.map((side) => knowledge.redirects.refresh(side))]);
    } finally {
      clearInterval(tick);
    }
    return statusCard(services, progress);
  },
};
