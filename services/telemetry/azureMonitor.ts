// Starts @azure/monitor-opentelemetry (imported only when telemetry is on: telemetry.ts). What is sent is
// what this product creates and nothing the distro would collect on its own: its node:http, Azure SDK,
// database and logging instrumentations are off (our spans and log records are made already scrubbed),
// Live Metrics is off (a second channel, to another endpoint, that the tests cannot hold to the same
// rules), and a last span processor reduces any URL attribute to its route all the same.
import { metrics, trace, context, propagation } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { shutdownAzureMonitor, useAzureMonitor, type AzureMonitorOpenTelemetryOptions } from '@azure/monitor-opentelemetry';
import { azureCredential } from '../azureCredential.js';
import { logRecordLines } from './logRecords.js';
import { SERVICE_NAME } from './names.js';
import { routeOf, scrubUrl } from './scrub.js';
import { otelParts } from './spans.js';
import type { Telemetry, TelemetrySettings } from './telemetry.js';

const OFF = { enabled: false };
const INSTRUMENTATIONS_OFF = {
  http: OFF, azureSdk: OFF, mongoDb: OFF, mySql: OFF, postgreSql: OFF, redis: OFF, redis4: OFF, bunyan: OFF, winston: OFF, console: OFF,
};

export function startAzureMonitor(settings: TelemetrySettings): Telemetry {
  const options: AzureMonitorOpenTelemetryOptions = {
    azureMonitorExporterOptions: {
      connectionString: settings.connectionString,
      // With DisableLocalAuth on the resource (infra/azuredeploy.json) only an Entra token is accepted.
      ...(settings.entraAuth ? { credential: azureCredential() } : {}),
      ...(settings.tlsCa ? { tlsOptions: { ca: settings.tlsCa } } : {}),
    },
    resource: resourceFromAttributes({ 'service.name': SERVICE_NAME, 'service.version': settings.version }) as never,
    // Every call, not the distro's 5 traces a second: a job's calls are each their own trace, and a capped
    // sampler would keep a handful of a 2,000-item job. OTEL_TRACES_SAMPLER (read by the distro) still overrides.
    samplingRatio: 1,
    tracesPerSecond: 0,
    enableLiveMetrics: false,
    instrumentationOptions: INSTRUMENTATIONS_OFF,
    spanProcessors: [urlScrubbingProcessor as never],
  };
  useAzureMonitor(options);
  return {
    enabled: true,
    ...otelParts(),
    logLines: logRecordLines(),
    shutdown: async () => {
      await shutdownAzureMonitor();
      // The distro leaves its providers registered: cleared, so a restart in this process starts afresh.
      trace.disable();
      metrics.disable();
      logs.disable();
      context.disable();
      propagation.disable();
    },
  };
}

/** URL-shaped attributes any span may carry (semantic conventions old and new), each made safe to send. */
const URL_ATTRIBUTES: Record<string, (value: string) => string> = {
  'url.full': scrubUrl,
  'http.url': scrubUrl,
  'http.target': (value) => routeOf(value.split('?')[0]!),
  'url.path': routeOf,
  'url.query': () => '',
};

/** Runs as each span ends, while it can still be changed (OpenTelemetry SDK 2 `onEnding`). */
const urlScrubbingProcessor = {
  onStart: () => undefined,
  onEnding: (span: { attributes: Record<string, unknown>; setAttribute(key: string, value: string): void }) => {
    for (const [key, scrub] of Object.entries(URL_ATTRIBUTES)) {
      const value = span.attributes[key];
      if (typeof value === 'string') span.setAttribute(key, scrub(value));
    }
  },
  onEnd: () => undefined,
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};
