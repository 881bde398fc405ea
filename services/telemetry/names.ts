// The names telemetry is found by in Application Insights: queries, alerts and workbooks are written
// against these, so they change only with a reason (README "Telemetry" lists them).

/** The tracer, meter and logger scope: cloud role name too (service.name). */
export const SERVICE_NAME = 'post-migration-bot';

/** Span attributes of our own. The rest are OpenTelemetry's HTTP semantic conventions, which the exporter maps. */
export const ATTR = {
  /** message, invoke, conversationUpdate… (Bot Framework activity type, known types only). */
  activityType: 'bot.activity.type',
  /** The card button clicked (Action.Execute verb, known verbs only). */
  cardVerb: 'bot.card.verb',
  /** HTTP tries the tenant call took (1 = no retry). */
  attempts: 'tenant.attempts',
  /** True when at least one try was answered 429, or 503 with Retry-After. */
  throttled: 'tenant.throttled',
  /** True when the call was sent more than once. */
  retried: 'tenant.retried',
  /** The longest wait a throttled answer asked for (Retry-After), in ms. */
  retryAfterMs: 'tenant.retry_after_ms',
  /** source or target: which tenant the call went to. */
  tenant: 'tenant.side',
  /** remove-redirects, remove-trust, migrate-back, notify… */
  planKind: 'job.plan_kind',
  /** done, failed or skipped for an item; done, partly-failed or failed for a job. */
  outcome: 'job.outcome',
} as const;

/** Metrics (customMetrics in Application Insights). */
export const METRIC = {
  /** Counter: items of approved plans finished, by plan kind and outcome. */
  jobItems: 'bot.job.items',
  /** Counter: jobs finished, by plan kind and final state. */
  jobsFinished: 'bot.job.finished',
} as const;
