// Keeps each person's tracking card in step with their tracking record: posted to the chat where the move
// back was asked once the plan is under way, edited as the state changes, and posted again (a new message,
// so the requester is notified) when the move completes and access must be checked. Work per person is
// paced by the card-edit throttle and each card is drawn from the latest record, so quick changes never
// post twice or go stale.
import { renderTrackingCard } from '../cards/regression.js';
import type { CardView } from '../cards/render.js';
import type { ConversationAddress } from '../services/approvals/types.js';
import { CARD_EDIT_INTERVAL_MS, EditThrottle } from '../services/core/editThrottle.js';
import type { Logger } from '../services/ports.js';
import type { RegressionTracker } from '../services/regression/tracker.js';
import type { TrackedUser, TrackingState } from '../services/regression/types.js';
import type { CardPoster } from './teamsMessenger.js';

/** At most this many messages per person are kept in step (the first card and the completion notice). */
const CARDS_KEPT = 3;

/** A change to show: whose card, and whether the move completed with it (changes folded together keep that). */
interface Shown { originalUpn: string; completedNow: boolean }

export interface TrackingCardsDeps { tracker: RegressionTracker; poster: CardPoster; view: CardView; logger: Logger; intervalMs?: number }

export class TrackingCards {
  private readonly edits: EditThrottle<string, Shown>;

  constructor(private readonly d: TrackingCardsDeps) {
    this.edits = new EditThrottle({
      intervalMs: d.intervalMs ?? CARD_EDIT_INTERVAL_MS,
      send: (_key, shown) => this.show(shown),
      merge: (waiting, next) => ({ ...next, completedNow: waiting.completedNow || next.completedNow }),
      failed: (key, err) => d.logger.warn({ upn: d.tracker.find(key)?.currentUpn ?? key, err: err instanceof Error ? err.message : String(err) }, 'tracking card could not be shown'),
    });
    d.tracker.onChange((user, previous) => this.changed(user, previous));
  }

  /** A message showing this person's card (e.g. the answer to a click) is kept in step too. */
  async shownAt(originalUpn: string, address: ConversationAddress): Promise<void> {
    if (!address.activityId) return;
    await this.d.tracker.update(originalUpn, (u) => (u.cards.some((c) => c.activityId === address.activityId) ? u : { ...u, cards: [...u.cards, address].slice(-CARDS_KEPT) }));
  }

  /** Sends the card work asked for so far (tests, shutdown). */
  async idle(): Promise<void> {
    await this.edits.flush();
  }

  private changed(user: TrackedUser, previous: TrackingState | undefined): void {
    if (user.state === 'requested') return;
    this.edits.change(user.originalUpn.toLowerCase(), { originalUpn: user.originalUpn, completedNow: user.state === 'completed' && previous !== 'completed' });
  }

  private async show({ originalUpn, completedNow }: Shown): Promise<void> {
    const user = this.d.tracker.find(originalUpn);
    if (!user) return;
    const card = renderTrackingCard(user, this.d.view);
    const notifyNow = completedNow && !user.history.some((e) => e.state === 'access-confirmed');
    for (const address of user.cards) {
      const now = await this.d.poster.replace(address, card);
      // Posted anew (its message was deleted): the record follows, so a restarted bot edits the new one.
      if (now && now.activityId !== address.activityId) await this.movedTo(originalUpn, address, now);
    }
    if (user.cards.length === 0 || notifyNow) {
      const activityId = await this.d.poster.post(user.requestedIn, card);
      await this.shownAt(originalUpn, { ...user.requestedIn, activityId });
    }
  }

  private async movedTo(originalUpn: string, from: ConversationAddress, to: ConversationAddress): Promise<void> {
    await this.d.tracker.update(originalUpn, (u) => ({ ...u, cards: u.cards.map((c) => (c.activityId === from.activityId ? to : c)) }));
  }
}
