import { renderMoveStateCard } from '../../cards/moveState.js';
import { renderTrackingCard } from '../../cards/regression.js';
import type { Card } from '../../cards/render.js';
import type { BotServices } from '../botServices.js';
import { findUser } from '../../services/identityMap/identityMap.js';
import { findSiteEntry } from '../../services/identityMap/siteMap.js';
import { siteMoveKey } from '../../services/knowledge/moveKeys.js';
import { InputError } from '../../services/errors.js';
import type { Command } from './command.js';
import { parseWith, siteUrl, upn, BEFORE_PERSON, wordsAfter } from './command.js';

const usage = 'move status <upn or site url>';

type MoveStatusArgs = { upn: string; site?: undefined } | { site: string; upn?: undefined };

export const moveStatusCommand: Command<MoveStatusArgs> = {
  name: 'move status',
  usage,
  summary: "Show one move: a person's OneDrive (source UPN, or their new target UPN), or a site's or group site's (its source or target URL).",
  adminOnly: true,
  changesTenant: false,
  parse: (argText) => {
    const [first, ...rest] = wordsAfter(argText, BEFORE_PERSON);
    if (!first) throw new InputError('Say whose move: add their UPN, or the site URL.', { usage });
    if (rest.length > 0) throw new InputError('One UPN or site URL at a time, please.', { usage });
    return /^https?:\/\//i.test(first) ? { site: parseWith(siteUrl, first, usage) } : { upn: parseWith(upn, first, usage) };
  },
  argsFromEntities: (e) => e.upns[0] ?? e.urls[0] ?? '',
  run: async (args, { services }) => {
    const card = args.site !== undefined ? await siteMoveCard(args.site, services) : await moveCard(args.upn, services);
    // Someone or a site being moved back: the tracking card follows (the card above is the original move).
    const tracked = services.regression?.tracker.find(args.site ?? args.upn);
    return tracked ? { cards: [card, renderTrackingCard(tracked, services.view)] } : card;
  },
};

async function moveCard(who: string, services: BotServices): Promise<Card> {
  const map = await services.identityMap.load();
  const person = findUser(map, who);
  const sourceUpn = person?.sourceUpn ?? who;
  // Read now and kept in the ledger: status and `export moves` say the same from then on.
  const { state, recordedAt } = await services.knowledge.moveStateOf(sourceUpn);
  return renderMoveStateCard({ askedFor: who, sourceUpn, targetUpn: person?.targetUpn, state }, services.view, recordedAt);
}

/**
 * A site by either of its URLs: the site map says which move it was (a group site is found by its alias). A site
 * the map does not name is asked for as a site move from that URL.
 */
async function siteMoveCard(url: string, services: BotServices): Promise<Card> {
  const entry = findSiteEntry(await services.siteMap.load(), url);
  const key = siteMoveKey(entry ?? { kind: 'site', sourceSiteUrl: url });
  const { state, recordedAt } = await services.knowledge.moveStateOf(key);
  return renderMoveStateCard({
    askedFor: url, kind: entry?.kind ?? 'site', sourceUpn: entry?.sourceSiteUrl ?? url, targetUpn: entry?.targetSiteUrl,
    ...(entry?.kind === 'group' && entry.sourceAlias && entry.targetAlias ? { aliases: { source: entry.sourceAlias, target: entry.targetAlias } } : {}),
    state,
  }, services.view, recordedAt);
}
