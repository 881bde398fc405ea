// Every SharePoint, Graph and Entra token call as a dependency in telemetry, here and not per operation:
// the call (all its tries) is one client span around the retry loop, and each try reports its answer from
// inside the loop, so the span says how many tries it took and whether the tenant throttled it. With
// telemetry off both are pass-throughs (services/telemetry/telemetry.ts).
import type { Telemetry } from '../../telemetry/telemetry.js';
import { isThrottling, serverWaitMs } from './retry.js';
import type { Transport } from './transport.js';

/** Outermost: one span per call, around the retries. */
export function tracedCalls(transport: Transport, telemetry: Telemetry, side: string): Transport {
  if (!telemetry.enabled) return transport;
  return (url, init) => telemetry.tenantCall(side, url, init.method ?? 'GET', () => transport(url, init));
}

/** Inside the retry loop: each try's answer, counted on the call's span. */
export function tracedAttempts(transport: Transport, telemetry: Telemetry): Transport {
  if (!telemetry.enabled) return transport;
  return async (url, init) => {
    let response: Response;
    try {
      response = await transport(url, init);
    } catch (err) {
      telemetry.tenantAttempt({ throttled: false });
      throw err;
    }
    const throttled = isThrottling({ status: response.status, headers: response.headers });
    telemetry.tenantAttempt({ status: response.status, throttled, waitMs: throttled ? serverWaitMs(response.headers, new Date()) : undefined });
    return response;
  };
}
