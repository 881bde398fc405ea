// Progress reaches the stored record and the card at most once per interval while a job runs: 2,000 items
// must not become 2,000 record rewrites and card edits. The last change is always delivered.
import type { Clock, Logger } from '../ports.js';
import type { PlanStore } from '../approvals/planStore.js';
import type { PlanMessenger, PlanRecord } from '../approvals/types.js';

export interface ProgressReporterDeps {
  plans: PlanStore;
  messenger: PlanMessenger;
  logger: Logger;
  clock: Clock;
  planId: string;
  intervalMs: number;
}

export class ProgressReporter {
  private latest: PlanRecord['progress'] | null = null;
  private timer: NodeJS.Timeout | null = null;
  private sending: Promise<void> = Promise.resolve();
  private lastSent = 0;

  constructor(private readonly deps: ProgressReporterDeps) {}

  changed(progress: PlanRecord['progress']): void {
    this.latest = progress;
    if (this.timer) return;
    const wait = Math.max(0, this.lastSent + this.deps.intervalMs - this.deps.clock.now().getTime());
    this.timer = setTimeout(() => { this.timer = null; this.sending = this.sending.then(() => this.send()); }, wait);
  }

  /** Sends what is still waiting and stops; the runner then writes the final record itself. */
  async stop(): Promise<void> {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    await this.sending;
  }

  private async send(): Promise<void> {
    const progress = this.latest;
    if (!progress) return;
    this.latest = null;
    this.lastSent = this.deps.clock.now().getTime();
    try {
      const record = await this.deps.plans.update(this.deps.planId, (r) => (r.state === 'running' ? { ...r, progress } : r));
      if (record?.state === 'running') await this.deps.messenger.planChanged(record);
    } catch (err) {
      this.deps.logger.warn({ planId: this.deps.planId, err: err instanceof Error ? err.message : String(err) }, 'progress could not be shown');
    }
  }
}
