// Watches every tracked move back until it completes or fails. One Graph read per moving person per tick,
// spaced so the tenant never sees more than `maxPerSecond` of them, and ticks never overlap: a hundred
// people moving back cost a hundred reads per interval, not a burst. Entries still waiting on their plan
// are re-read from the stored plan (no tenant call), in case a plan change was missed across a restart.
// Everything it needs is in storage, so a new process picks up where the last one stopped.
import type { Approvals } from '../approvals/types.js';
import type { Clock, Logger } from '../ports.js';
import { readMoveByKey, siteMoveKeyFrom, type MoveTaskState } from '../knowledge/moveKeys.js';
import type { TenantClientApi, TenantSide } from '../tenants/types.js';
import type { RegressionService } from './regressionService.js';
import type { TrackedUser } from './types.js';

export interface PollerDeps {
  service: RegressionService;
  tenants: Record<TenantSide, TenantClientApi>;
  approvals: Pick<Approvals, 'get'>;
  clock: Clock;
  logger: Logger;
  /** Time between ticks (default 15 s). */
  intervalMs?: number;
  /** Graph reads per second at most (default 2). */
  maxPerSecond?: number;
}

export const DEFAULT_POLL_INTERVAL_MS = 15_000;
export const DEFAULT_POLLS_PER_SECOND = 2;
const MOVING = new Set(['move-started', 'moving']);
const PLAN_BOUND = new Set(['requested', 'redirect-cleared', 'access-confirmed']);

export class RegressionPoller {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private closing = false;
  private lastCallAt = 0;

  constructor(private readonly d: PollerDeps) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.closing = false;
    this.schedule(0);
  }

  /** Stops the timer and waits for a tick under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.closing = true;
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    await this.running;
  }

  /** One pass over every tracked person (tests call it directly). */
  async tick(): Promise<void> {
    const users = await this.d.service.tracker.load();
    for (const user of users) {
      if (this.closing) break;
      try {
        if (MOVING.has(user.state)) await this.pollMove(user);
        else if (PLAN_BOUND.has(user.state)) await this.replayPlans(user);
      } catch (err) {
        this.d.logger.warn({ upn: user.currentUpn, err: err instanceof Error ? err.message : String(err) }, 'could not read a tracked move');
      }
    }
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.tick().catch((err: unknown) => {
        this.d.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'move-back poll failed');
      }).finally(() => { this.running = null; this.schedule(this.d.intervalMs ?? DEFAULT_POLL_INTERVAL_MS); });
    }, delay);
    this.timer.unref();
  }

  private async pollMove(user: TrackedUser): Promise<void> {
    const move = await this.read(user);
    if (!move) return;
    const tracker = this.d.service.tracker;
    const status = move.status.toLowerCase();
    const extra = { moveStatus: move.status, ...(move.id ? { moveId: move.id } : {}) };
    if (status === 'inprogress') await tracker.advance(user.originalUpn, 'moving', extra, move.startedDateTime ? `started ${move.startedDateTime}` : undefined);
    else if (status === 'completed' || status === 'success') {
      if (user.state === 'move-started') await tracker.advance(user.originalUpn, 'moving', extra);
      await tracker.advance(user.originalUpn, 'completed', extra, move.finishedDateTime ? `finished ${move.finishedDateTime}` : undefined);
    } else if (status === 'failed' || status === 'cancelled') {
      const reason = `The move ${status}: ${move.error ?? 'the service gave no reason'}`;
      await tracker.advance(user.originalUpn, 'failed', { ...extra, reason }, reason);
    } else {
      await tracker.advance(user.originalUpn, user.state, extra);
    }
  }

  /** By task id when the step recorded it; else the latest move from that tenant by its move key. */
  private async read(user: TrackedUser): Promise<MoveTaskState | null> {
    await this.pace();
    const tenant = this.d.tenants[user.currentSide];
    if (!user.kind) return user.moveId ? tenant.getMoveTask(user.moveId) : tenant.getMoveState(user.currentUpn);
    if (user.moveId) return tenant.getSiteMoveTask(user.kind, user.moveId);
    return readMoveByKey(tenant, siteMoveKeyFrom(user.kind, user.currentUpn, user.aliases?.current));
  }

  private async replayPlans(user: TrackedUser): Promise<void> {
    const planId = user.state === 'access-confirmed' ? user.cleanupPlanId : user.planId;
    if (!planId) return;
    const record = await this.d.approvals.get(planId);
    if (record) await this.d.service.planChanged(record);
  }

  /** Spaces Graph reads at least 1/maxPerSecond apart. */
  private async pace(): Promise<void> {
    const gap = 1000 / (this.d.maxPerSecond ?? DEFAULT_POLLS_PER_SECOND);
    const wait = this.lastCallAt + gap - this.d.clock.now().getTime();
    if (wait > 0) await this.d.clock.sleep(wait);
    this.lastCallAt = this.d.clock.now().getTime();
  }
}
