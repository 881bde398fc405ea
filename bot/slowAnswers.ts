// Every message is answered within Teams' deadline, whatever the tenant size. A command runs for at most
// `answerWithinMs` inside the turn; if it has not answered by then, the turn answers with a card saying
// what is being read and how far it has got, and the command goes on after the turn: that card is edited
// in place as it goes (paced by the card-edit throttle, like plan cards) and finally replaced by the
// answer. Azure Bot Service gives a bot 10-15 s before it answers the channel 504 and may deliver the
// message again; 1 s leaves the rest of the 2 s the product promises to the turn around it (sending the card,
// a busy machine).
import { renderReadingCard } from '../cards/reading.js';
import type { Card, CardView } from '../cards/render.js';
import type { ConversationAddress } from '../services/approvals/types.js';
import { CARD_EDIT_INTERVAL_MS, EditThrottle } from '../services/core/editThrottle.js';
import type { Logger } from '../services/ports.js';
import type { Reply } from './commands/command.js';
import { sendReply } from './replies.js';
import type { CardPoster } from './teamsMessenger.js';

export const DEFAULT_ANSWER_WITHIN_MS = 1_000;

export interface SlowAnswersDeps {
  poster: CardPoster;
  view: CardView;
  logger: Logger;
  answerWithinMs?: number;
  editIntervalMs?: number;
}

/** A command's run, given where to report what it is reading ("Move states: 3,200 of 10,000 people read"). */
export type ReadingWork = (progress: (text: string) => void) => Promise<Reply>;

export class SlowAnswers {
  private readonly following = new Set<Promise<void>>();
  /** Edits of each reading card (by conversation and message), its answer last. */
  private readonly edits: EditThrottle<string, () => Promise<void>>;

  constructor(private readonly d: SlowAnswersDeps) {
    this.edits = new EditThrottle({
      intervalMs: d.editIntervalMs ?? CARD_EDIT_INTERVAL_MS,
      send: (_card, edit) => edit(),
      failed: (_card, err) => d.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'reading card not edited this time'),
    });
  }

  /** The reply for the turn: the answer if it came in time, else a reading card followed by the answer. */
  async answer(command: string, work: ReadingWork, failed: (err: unknown) => Card): Promise<Reply> {
    const startedAt = Date.now();
    let lines: string[] = [];
    let changed = (): void => undefined;
    const running = work((text) => { lines = text.split('\n'); changed(); });
    // Settled either way, so a late failure is never an unhandled rejection.
    const settled = running.then((reply) => ({ reply }), (error: unknown) => ({ error }));
    const inTime = await Promise.race([settled, delay(this.d.answerWithinMs ?? DEFAULT_ANSWER_WITHIN_MS)]);
    if (inTime) {
      if ('error' in inTime) throw inTime.error;
      return inTime.reply;
    }
    const draw = () => renderReadingCard({ command, lines, seconds: Math.round((Date.now() - startedAt) / 1000) }, this.d.view);
    return {
      cards: [draw()],
      later: (where) => {
        const follow = this.follow(where, settled, draw, failed, (f) => { changed = f; })
          .catch((err: unknown) => this.d.logger.warn({ command, err: err instanceof Error ? err.message : String(err) }, 'slow answer could not be shown'))
          .finally(() => { this.following.delete(follow); });
        this.following.add(follow);
      },
    };
  }

  /** Waits for every answer still being read (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.following.size) await Promise.all([...this.following]);
  }

  private async follow(
    where: ConversationAddress,
    settled: Promise<{ reply: Reply } | { error: unknown }>,
    draw: () => Card,
    failed: (err: unknown) => Card,
    onChange: (f: () => void) => void,
  ): Promise<void> {
    const key = `${where.conversationId}|${where.activityId ?? ''}`;
    let done = false;
    onChange(() => {
      if (!done) this.edits.change(key, async () => { if (!done) await this.d.poster.replace(where, draw()); });
    });
    const outcome = await settled;
    done = true;
    // The answer takes the place of a progress edit still waiting: at once if the card was not edited yet,
    // else with the same spacing as the progress edits among themselves.
    let failure: { err: unknown } | undefined;
    this.edits.change(key, () => this.show(where, outcome, failed).catch((err: unknown) => { failure = { err }; }));
    await this.edits.settled(key);
    if (failure) throw failure.err;
  }

  private async show(where: ConversationAddress, outcome: { reply: Reply } | { error: unknown }, failed: (err: unknown) => Card): Promise<void> {
    if ('error' in outcome) {
      await this.d.poster.replace(where, failed(outcome.error));
      return;
    }
    // The other cards follow as new messages in the same conversation (not as replies to the reading card).
    const { activityId: _replaced, ...conversation } = where;
    await sendReply(outcome.reply, {
      first: (card) => this.d.poster.replace(where, card),
      next: async (card) => ({ ...conversation, activityId: await this.d.poster.post(conversation, card) }),
    });
  }
}

const delay = (ms: number) => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms).unref?.());
