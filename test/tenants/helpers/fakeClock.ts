// A clock whose time moves only when someone sleeps on it: retry waits take no real time and can be read back.
import type { Clock } from '../../../services/ports.js';

export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  private current: number;

  constructor(start = Date.parse('2026-01-01T10:00:00Z')) { this.current = start; }

  now(): Date { return new Date(this.current); }

  advance(ms: number): void { this.current += ms; }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.current += ms;
  }
}
