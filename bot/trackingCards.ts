// Keeps each person's tracking card in step with their tracking record: posted to the chat where the move
// back was asked once the plan is under way, edited as the state changes, and posted again (a new message,
// so the requester is notified) when the move completes and access must be checked. Work per person is
// queued, and each card is drawn from the latest record, so quick changes never post twice or go stale.
import { renderTrackingCard } from '../cards/regression.js';
import type { Card, CardView } from '../cards/render.js';
import type { ConversationAddress } from '../services/approvals/types.js';
import type { Logger } from '../services/ports.js';
import type { RegressionTracker } from '../services/regression/tracker.js';
import type { TrackedUser, TrackingState } from '../services/regression/types.js';

export interface CardPoster {
  post(address: ConversationAddress, card: Card): Promise<string>;
  replace(address: ConversationAddress, card: Card): Promise<void>;
}

/** At most this many messages per person are kept in step (the first card and the completion notice). */
const CARDS_KEPT = 3;

export class TrackingCards {
  private readonly queues = new Map<string, Promise<void>>();

  constructor(private readonly d: { tracker: RegressionTracker; poster: CardPoster; view: CardView; logger: Logger }) {
    d.tracker.onChange((user, previous) => this.changed(user, previous));
  }

  /** A message showing this person's card (e.g. the answer to a click) is kept in step too. */
  async shownAt(originalUpn: string, address: ConversationAddress): Promise<void> {
    if (!address.activityId) return;
    await this.d.tracker.update(originalUpn, (u) => (u.cards.some((c) => c.activityId === address.activityId) ? u : { ...u, cards: [...u.cards, address].slice(-CARDS_KEPT) }));
  }

  /** Waits for the card work queued so far (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.queues.size) await Promise.allSettled([...this.queues.values()]);
  }

  private changed(user: TrackedUser, previous: TrackingState | undefined): void {
    if (user.state === 'requested') return;
    const key = user.originalUpn.toLowerCase();
    const next = (this.queues.get(key) ?? Promise.resolve()).then(() => this.show(user.originalUpn, previous)).catch((err: unknown) => {
      this.d.logger.warn({ upn: user.currentUpn, err: err instanceof Error ? err.message : String(err) }, 'tracking card could not be shown');
    });
    this.queues.set(key, next);
    void next.then(() => { if (this.queues.get(key) === next) this.queues.delete(key); });
  }

  private async show(originalUpn: string, previous: TrackingState | undefined): Promise<void> {
    const user = this.d.tracker.find(originalUpn);
    if (!user) return;
    const card = renderTrackingCard(user, this.d.view);
    const notifyNow = user.state === 'completed' && previous !== 'completed' && !user.history.some((e) => e.state === 'access-confirmed');
    for (const address of user.cards) await this.d.poster.replace(address, card);
    if (user.cards.length === 0 || notifyNow) {
      const activityId = await this.d.poster.post(user.requestedIn, card);
      await this.shownAt(originalUpn, { ...user.requestedIn, activityId });
    }
  }
}
