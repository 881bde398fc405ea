// One gate per tenant client, in front of every attempt the retry layer makes. Without it, each request
// in flight learns about throttling on its own 429, and SharePoint counts every throttled call against
// the app's budget, so a busy job keeps itself throttled. With it:
//  - a 429/503 that names a wait (Retry-After / RateLimit-Reset, the larger) closes the gate for every
//    request of this tenant until then;
//  - past 80 % of the budget SharePoint sends RateLimit-Limit/-Remaining/-Reset on every answer: when the
//    units remaining fall to the reserve, new requests wait for the reset instead of spending the rest.
// (SharePoint's throttling guidance: honour Retry-After, and the RateLimit headers when present.)
import type { Clock, Logger } from '../../ports.js';
import { serverWaitMs } from './retry.js';
import type { Transport } from './transport.js';

/** Units kept in hand: a few calls' worth (CSOM/REST calls cost about 2 units or more), or 2 % of the budget. */
export function reserveUnits(limit: number): number {
  return Math.max(8, Math.ceil(limit * 0.02));
}

export class ThrottleGate {
  private openAt = 0;
  private pushBacks = 0;

  /** How many 429/503 answers this tenant has given us so far: bulk readers slow down when it grows. */
  get throttleCount(): number { return this.pushBacks; }

  constructor(private readonly clock: Clock, private readonly logger: Logger) {}

  /** Resolves once the gate is open (it may be closed again while waiting: check again). */
  async pass(signal?: AbortSignal): Promise<void> {
    for (let wait = this.openAt - this.clock.now().getTime(); wait > 0; wait = this.openAt - this.clock.now().getTime()) {
      await this.clock.sleep(wait, signal);
    }
  }

  observe(status: number, headers: Headers): void {
    const now = this.clock.now();
    let holdMs: number | undefined;
    if (status === 429 || status === 503) {
      this.pushBacks++;
      holdMs = serverWaitMs(headers, now);
    } else {
      const limit = Number(headers.get('ratelimit-limit'));
      const remaining = Number(headers.get('ratelimit-remaining'));
      const reset = Number(headers.get('ratelimit-reset'));
      if (headers.has('ratelimit-remaining') && Number.isFinite(remaining) && Number.isFinite(reset) && remaining <= reserveUnits(limit || 0)) {
        holdMs = Math.max(0, reset) * 1000;
      }
    }
    if (holdMs === undefined || holdMs <= 0) return;
    const until = now.getTime() + holdMs;
    if (until > this.openAt) {
      this.openAt = until;
      this.logger.info({ status, holdMs }, 'tenant budget: holding new requests');
    }
  }
}

/** Every attempt passes the gate first and reports its answer to it. */
export function gatedTransport(transport: Transport, gate: ThrottleGate): Transport {
  return async (url, init) => {
    await gate.pass(init.signal ?? undefined);
    const response = await transport(url, init);
    gate.observe(response.status, response.headers);
    return response;
  };
}
