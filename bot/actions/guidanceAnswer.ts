// Shared by the Done and I need help buttons of a person's guidance card. The card carries only the
// campaign id; who pressed it is the Entra id Teams sent with the click, looked up on the target tenant
// and in the identity map, so nobody can answer for someone else by editing card data.
import { z } from 'zod';
import { renderNotAllowedCard } from '../../cards/notAllowed.js';
import type { Card } from '../../cards/render.js';
import type { Migrant } from '../../services/guidance/guidanceDesk.js';
import { guidanceOf } from '../commands/notifyUsers.js';
import { opensSyncLinks } from '../identity.js';
import type { ActionContext } from './action.js';

export const campaignId = z.string().regex(/^[a-z0-9-]{1,60}$/, 'not a campaign id');

export async function answerAs(ctx: ActionContext, answer: (m: Migrant, extra: { locale?: string; showSyncButton: boolean }) => Promise<object | null>): Promise<Card> {
  const desk = guidanceOf(ctx.services).desk;
  const migrant = await desk.whoIs(ctx.caller.userId);
  if (!migrant) {
    await ctx.services.audit.append({ event: 'refused.not-migrant', actor: { id: ctx.caller.userId, name: ctx.caller.name }, detail: { verb: 'guidance' } });
    return renderNotAllowedCard({ userId: ctx.caller.userId }, ctx.services.view);
  }
  const card = await answer(migrant, { locale: ctx.caller.locale, showSyncButton: opensSyncLinks(ctx.caller) });
  if (!card) throw new Error('the guidance card could not be drawn: the person has no OneDrive on the target tenant');
  return card as Card;
}
