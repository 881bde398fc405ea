import { systemClock, type Clock } from '../../services/ports.js';

/** A clock the test moves by hand, so expiry is tested without waiting. */
export class ManualClock implements Clock {
  constructor(private current = new Date('2026-11-02T09:00:00Z')) {}
  now(): Date { return new Date(this.current); }
  advance(ms: number): void { this.current = new Date(this.current.getTime() + ms); }
  async sleep(ms: number): Promise<void> { this.advance(ms); }
}

/** The real clock, with every sleep asked of it recorded: pacing is checked by the waits it asked for, not by wall time. */
export class RecordingClock implements Clock {
  readonly sleeps: number[] = [];
  now(): Date { return new Date(); }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return systemClock.sleep(ms, signal);
  }
}
