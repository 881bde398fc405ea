// Progress reaches the stored record and the card at most once per interval while a job runs: 2,000 items
// must not become 2,000 record rewrites and card edits. Paced by the card-edit throttle.
import type { Clock, Logger } from '../ports.js';
import type { PlanStore } from '../approvals/planStore.js';
import type { PlanMessenger, PlanRecord } from '../approvals/types.js';
import { EditThrottle } from '../core/editThrottle.js';

export interface ProgressReporterDeps {
  plans: PlanStore;
  messenger: PlanMessenger;
  logger: Logger;
  clock: Clock;
  planId: string;
  intervalMs: number;
}

type Progress = PlanRecord['progress'];

export class ProgressReporter {
  private readonly edits: EditThrottle<string, Progress>;

  constructor(private readonly deps: ProgressReporterDeps) {
    this.edits = new EditThrottle({
      intervalMs: deps.intervalMs,
      now: () => deps.clock.now().getTime(),
      send: (_planId, progress) => this.send(progress),
      failed: (planId, err) => deps.logger.warn({ planId, err: err instanceof Error ? err.message : String(err) }, 'progress could not be shown'),
    });
  }

  changed(progress: Progress): void {
    this.edits.change(this.deps.planId, progress);
  }

  /** Waits for the write in flight and drops what still waits: the runner then writes the final record itself. */
  async stop(): Promise<void> {
    await this.edits.cancel(this.deps.planId);
  }

  private async send(progress: Progress): Promise<void> {
    const record = await this.deps.plans.update(this.deps.planId, (r) => (r.state === 'running' ? { ...r, progress } : r));
    if (record?.state === 'running') await this.deps.messenger.planChanged(record);
  }
}
