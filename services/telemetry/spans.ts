// Requests, tenant calls and job progress on the OpenTelemetry API. Spans are explicit, not left to the
// distro's node:http instrumentation: under ESM that hooks only modules loaded through a loader hook, and
// its attributes carry whole URLs (a person's OneDrive, a UPN in a Graph path), which scrub.ts must shape first.
import { metrics, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { ATTR, METRIC, SERVICE_NAME } from './names.js';
import { scrubText, scrubUrl } from './scrub.js';
import type { RequestFacts, Telemetry } from './telemetry.js';

/** Per tenant call: what its tries came to, read when the call's span ends. */
interface CallState { attempts: number; throttled: boolean; retryAfterMs?: number; lastStatus?: number }

type Parts = Pick<Telemetry, 'request' | 'tenantCall' | 'tenantAttempt' | 'jobItem' | 'jobFinished'>;

export function otelParts(): Parts {
  const tracer = trace.getTracer(SERVICE_NAME);
  const meter = metrics.getMeter(SERVICE_NAME);
  const items = meter.createCounter(METRIC.jobItems, { description: 'Items of approved plans finished, by plan kind and outcome' });
  const jobs = meter.createCounter(METRIC.jobsFinished, { description: 'Jobs finished, by plan kind and final state' });
  const calls = new WeakMap<Span, CallState>();

  return {
    request: (facts, handle) => tracer.startActiveSpan(`${facts.method} ${facts.route}`, { kind: SpanKind.SERVER, attributes: requestAttributes(facts) }, async (span) => {
      try {
        const status = await handle();
        span.setAttribute('http.response.status_code', status);
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      } catch (err) {
        failed(span, err);
        throw err;
      } finally {
        span.end();
      }
    }),

    tenantCall: (side, url, method, send) => {
      const address = scrubUrl(url);
      const attributes = { 'http.request.method': method, 'url.full': address, 'server.address': url.hostname, [ATTR.tenant]: side };
      return tracer.startActiveSpan(`${method} ${new URL(address).pathname}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
        const state: CallState = { attempts: 0, throttled: false };
        calls.set(span, state);
        try {
          const response = await send();
          if (response.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
          return response;
        } catch (err) {
          failed(span, err);
          throw err;
        } finally {
          endCall(span, state);
        }
      });
    },

    tenantAttempt: (outcome) => {
      const span = trace.getActiveSpan();
      const state = span && calls.get(span);
      if (!state) return;
      state.attempts++;
      state.lastStatus = outcome.status;
      if (outcome.throttled) {
        state.throttled = true;
        if (outcome.waitMs !== undefined) state.retryAfterMs = Math.max(state.retryAfterMs ?? 0, outcome.waitMs);
      }
    },

    jobItem: (planKind, outcome) => items.add(1, { [ATTR.planKind]: planKind, [ATTR.outcome]: outcome }),
    jobFinished: (planKind, state) => jobs.add(1, { [ATTR.planKind]: planKind, [ATTR.outcome]: state }),
  };
}

function requestAttributes(facts: RequestFacts): Record<string, string> {
  return {
    'http.request.method': facts.method,
    'http.route': facts.route,
    ...(facts.activityType ? { [ATTR.activityType]: facts.activityType } : {}),
    ...(facts.cardVerb ? { [ATTR.cardVerb]: facts.cardVerb } : {}),
  };
}

function endCall(span: Span, state: CallState): void {
  if (state.lastStatus !== undefined) span.setAttribute('http.response.status_code', state.lastStatus);
  span.setAttributes({ [ATTR.attempts]: state.attempts, [ATTR.retried]: state.attempts > 1, [ATTR.throttled]: state.throttled });
  if (state.retryAfterMs !== undefined) span.setAttribute(ATTR.retryAfterMs, state.retryAfterMs);
  span.end();
}

/** The error's type and scrubbed message on the span; the full detail is the log's (error lines become exceptions). */
function failed(span: Span, err: unknown): void {
  const name = err instanceof Error ? err.name : 'Error';
  span.setAttribute('error.type', name);
  span.setStatus({ code: SpanStatusCode.ERROR, message: scrubText(err instanceof Error ? err.message : String(err)).slice(0, 500) });
}
