import { InputError } from '../../services/errors.js';
import type { NotifyScope } from '../../services/guidance/notifyPlan.js';
import type { GuidanceServices } from '../guidanceSetup.js';
import { personOf } from '../identity.js';
import type { Command } from './command.js';
import { parseWith, upn } from './command.js';

const usage = 'notify users [all | <upn>, …]';
/** More names than this is a list for the identity map, not for a chat line. */
const MAX_NAMED = 100;

/**
 * Plans the first guidance notice: who gets it, who already has it, and one person's card as a preview
 * (a second message), so the approver sees what people will read. Sent only once approved.
 */
export const notifyUsersCommand: Command<{ scope: NotifyScope }> = {
  name: 'notify users',
  usage,
  summary: 'Plan sending every migrated person (or the ones named) their sign-in and resync guidance in Teams; shows how many already got it and a preview card.',
  adminOnly: true,
  changesTenant: true,
  parse: (argText) => {
    const names = argText.split(/[\s,;]+/).filter(Boolean);
    if (names.length === 0 || (names.length === 1 && names[0]!.toLowerCase() === 'all')) return { scope: { kind: 'all' } };
    if (names.length > MAX_NAMED) throw new InputError(`That is ${names.length} names; name at most ${MAX_NAMED}, or use "notify users all".`, { usage });
    return { scope: { kind: 'people', upns: [...new Set(names.map((n) => parseWith(upn, n, usage).toLowerCase()))] } };
  },
  argsFromEntities: (e) => (e.upns.length ? e.upns.join(', ') : 'all'),
  run: async ({ scope }, { services, caller, address, progress }) => {
    const guidance = guidanceOf(services);
    const plan = await guidance.planNotify(scope, personOf(caller), progress);
    await guidance.rememberDesk(address);
    const reply = await services.planCards.submit(plan, address);
    const first = plan.items[0]?.step;
    const preview = first?.type === 'send-guidance' ? await guidance.preview(first.targetUpn) : null;
    return preview ? { ...reply, cards: [...reply.cards, preview] } : reply;
  },
};

export function guidanceOf(services: { guidance?: GuidanceServices }): GuidanceServices {
  if (!services.guidance) throw new InputError('Guidance for migrated people is not set up in this bot.');
  return services.guidance;
}
