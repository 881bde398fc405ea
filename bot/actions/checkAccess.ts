import { z } from 'zod';
import { renderTrackingCard } from '../../cards/regression.js';
import { VERBS } from '../../cards/verbs.js';
import { siteUrl, upn } from '../commands/command.js';
import { regressionOf } from '../commands/migrateBack.js';
import { personOf } from '../identity.js';
import { refuseNotAdmin, type CardAction } from './action.js';

/**
 * "Check access" on a tracking card. The card carries only the UPN (a site's: its current URL): the tracking record is re-read, the
 * site checked on the tenant, and the removal plan (if any) posted as its own message for approval.
 */
export const checkAccessAction: CardAction<{ upn: string }> = {
  verb: VERBS.checkAccess,
  data: z.object({ upn: z.union([upn, siteUrl]) }),
  run: async ({ upn: who }, ctx) => {
    const { services, caller, address } = ctx;
    if (!(await services.roles.has('admin', caller.userId))) return refuseNotAdmin(ctx, VERBS.checkAccess);
    const check = await regressionOf(services).confirmAccess(who, personOf(caller));
    if (!check.reachable) return renderTrackingCard(check.user, services.view, { notice: 'notReachable', message: check.detail });
    // The cleanup plan already waits for approval (`pending` lists it); a card that cannot be posted here must
    // not lose the confirmation the admin just got.
    if (check.cleanup) {
      await services.planCards.post(check.cleanup, address).catch((err: unknown) => services.logger.warn({ planId: check.cleanup!.id, err: err instanceof Error ? err.message : String(err) }, 'cleanup plan card not posted'));
    }
    return renderTrackingCard(check.user, services.view, { notice: check.cleanup ? 'cleanupPosted' : 'accessConfirmed', message: check.detail });
  },
};
