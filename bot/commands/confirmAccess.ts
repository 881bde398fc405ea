import { renderTrackingCard } from '../../cards/regression.js';
import { InputError } from '../../services/errors.js';
import { personOf } from '../identity.js';
import type { Command, Reply } from './command.js';
import { parseWith, siteUrl, upn, BEFORE_PERSON, wordsAfter } from './command.js';
import { regressionOf } from './migrateBack.js';

const usage = 'confirm access <upn or site url>';

/** What "Check access" does, typed: verify the OneDrive or site on the original tenant, then plan the last cleanup. */
export const confirmAccessCommand: Command<{ upn: string }> = {
  name: 'confirm access',
  usage,
  summary: "Check that a person or site moved back answers on the original tenant (their OneDrive, the site); then plan removing the redirect left on the other tenant.",
  adminOnly: true,
  changesTenant: true,
  parse: (argText) => {
    const w = wordsAfter(argText, BEFORE_PERSON);
    if (w.length !== 1) throw new InputError('Give one UPN (either of the person\'s) or one site URL (either of the site\'s).', { usage });
    return { upn: /^https?:\/\//i.test(w[0]!) ? parseWith(siteUrl, w[0], usage) : parseWith(upn, w[0], usage) };
  },
  argsFromEntities: (e) => e.upns[0] ?? e.urls[0] ?? '',
  run: async ({ upn: who }, { services, caller, address }) => {
    const check = await regressionOf(services).confirmAccess(who, personOf(caller));
    if (!check.reachable) return renderTrackingCard(check.user, services.view, { notice: 'notReachable', message: check.detail });
    const tracking = renderTrackingCard(check.user, services.view, { notice: check.cleanup ? 'cleanupPosted' : 'accessConfirmed', message: check.detail });
    if (!check.cleanup) return tracking;
    // The removal plan goes through approval like any other; its card follows the tracking card.
    const submitted: Reply = await services.planCards.submit(check.cleanup, address);
    return { cards: [tracking, ...submitted.cards], posted: (at, i) => (i >= 1 && submitted.posted ? submitted.posted(at, i - 1) : Promise.resolve()) };
  },
};
