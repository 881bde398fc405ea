// Fault knobs: latency, throttling (429), unavailability (503) and connection resets, drawn from a seeded
// generator so the same seed gives the same sequence of faults for the same sequence of requests.
import { createHash } from 'node:crypto';
import { seededRandom } from './random.js';
import type { SandboxFaults } from './types.js';
import { GRAPH_HOST } from './routes/graphShapes.js';

export const LOGIN_HOST = 'login.microsoftonline.com';

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'reset' }
  | { kind: 'throttle' | 'unavailable'; retryAfter: string };

export class FaultInjector {
  private faults: SandboxFaults = {};
  private readonly next: () => number;
  private throttleCount = 0;
  /** Faults given so far per call (faultsPerCallAtMost): method, host, path and a hash of the body. */
  private readonly faultsPerCall = new Map<string, number>();

  constructor(seed: number, faults: SandboxFaults = {}) {
    this.next = seededRandom(seed ^ 0x5eed);
    this.set(faults);
  }

  set(faults: SandboxFaults): void {
    this.faults = { ...faults };
    this.faultsPerCall.clear();
  }

  latencyMs(host: string): number {
    if (!this.applies(host)) return 0;
    const surface = host === GRAPH_HOST ? this.faults.graphLatencyMs : host.endsWith('.sharepoint.com') ? this.faults.sharePointLatencyMs : undefined;
    return Math.max(0, surface ?? this.faults.latencyMs ?? 0);
  }

  /**
   * One draw per request: reset, then throttle, then unavailable, by cumulative rate. `call` names the request
   * (its retries name it the same) for faultsPerCallAtMost.
   */
  decide(host: string, now = Date.now(), call?: { method: string; path: string; body: Buffer }): FaultDecision {
    const decision = this.draw(host, now);
    const most = this.faults.faultsPerCallAtMost;
    if (decision.kind === 'none' || most === undefined || !call) return decision;
    const key = `${call.method} ${host}${call.path} ${createHash('sha1').update(call.body).digest('hex')}`;
    const given = this.faultsPerCall.get(key) ?? 0;
    if (given >= most) return { kind: 'none' };
    this.faultsPerCall.set(key, given + 1);
    return decision;
  }

  private draw(host: string, now: number): FaultDecision {
    if (!this.applies(host)) return { kind: 'none' };
    const reset = this.faults.resetRate ?? 0;
    const throttle = this.faults.throttleRate ?? 0;
    const unavailable = this.faults.unavailableRate ?? 0;
    if (reset + throttle + unavailable <= 0) return { kind: 'none' };
    const r = this.next();
    if (r < reset) return { kind: 'reset' };
    if (r < reset + throttle) return { kind: 'throttle', retryAfter: this.retryAfter(now) };
    if (r < reset + throttle + unavailable) return { kind: 'unavailable', retryAfter: this.retryAfter(now) };
    return { kind: 'none' };
  }

  private applies(host: string): boolean {
    if (this.faults.hosts) return this.faults.hosts.includes(host);
    return host !== LOGIN_HOST;
  }

  private retryAfter(now: number): string {
    const seconds = Math.max(0, Math.round(this.faults.retryAfterSeconds ?? 1));
    const form = this.faults.retryAfterForm ?? 'seconds';
    const useDate = form === 'date' || (form === 'both' && this.throttleCount % 2 === 1);
    this.throttleCount++;
    // An HTTP date has whole seconds: round up so the wait is never shorter than asked.
    return useDate ? new Date(Math.ceil((now + seconds * 1000) / 1000) * 1000).toUTCString() : String(seconds);
  }
}
