// The real clock, keeping every wait asked of it: against the sandbox, operations report completion by
// wall time, so waits must be real; the record shows which intervals the client honoured.
import { systemClock, type Clock } from '../../../services/ports.js';

export class RecordingClock implements Clock {
  readonly sleeps: number[] = [];
  now(): Date { return systemClock.now(); }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return systemClock.sleep(ms, signal);
  }
}
