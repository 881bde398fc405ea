// The closed set of domain errors. Each carries a stable code; bot/errorReplies.ts turns them into what
// a person reads. `userMessage` says what to do next; `detail` is for the log only (never a secret).

export type ErrorCode =
  | 'input' // the person typed something we cannot use
  | 'not-allowed' // the caller may not do this
  | 'conflict' // someone else changed the stored state first
  | 'expired'
  | 'throttled' // the service kept throttling past our retry budget
  | 'tenant' // the tenant answered with an error
  | 'unreachable' // the tenant could not be reached (resets, timeouts, DNS)
  | 'still-reading' // a read of the tenants outlasted the time a command waits for it
  | 'config';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly userMessage: string,
    readonly detail?: Record<string, unknown>,
  ) {
    super(userMessage);
    this.name = new.target.name;
  }
}

export class InputError extends DomainError {
  constructor(userMessage: string, detail?: Record<string, unknown>) { super('input', userMessage, detail); }
}
export class NotAllowedError extends DomainError {
  constructor(userMessage: string, detail?: Record<string, unknown>) { super('not-allowed', userMessage, detail); }
}
export class ConflictError extends DomainError {
  constructor(userMessage: string, detail?: Record<string, unknown>) { super('conflict', userMessage, detail); }
}
export class ExpiredError extends DomainError {
  constructor(userMessage: string, detail?: Record<string, unknown>) { super('expired', userMessage, detail); }
}
export class ConfigError extends DomainError {
  constructor(userMessage: string, detail?: Record<string, unknown>) { super('config', userMessage, detail); }
}
export class ThrottledError extends DomainError {
  constructor(userMessage: string, detail?: Record<string, unknown>) { super('throttled', userMessage, detail); }
}
export class UnreachableError extends DomainError {
  constructor(userMessage: string, detail?: Record<string, unknown>) { super('unreachable', userMessage, detail); }
}

/** A command waited as long as it may for a read of the tenants; the message says what it was waiting for. */
export class StillReadingError extends DomainError {
  constructor(userMessage: string, detail?: Record<string, unknown>) { super('still-reading', userMessage, detail); }
}

/**
 * An error answer from SharePoint, Graph or Entra. `serviceCode` is the service's own code:
 * CSOM `ErrorTypeName` or an `MnAStatusCode` name, Graph `error.code`, Entra `error`, or `HTTP <n>`.
 */
export class TenantError extends DomainError {
  constructor(
    readonly serviceCode: string,
    userMessage: string,
    readonly httpStatus?: number,
    detail?: Record<string, unknown>,
  ) {
    super('tenant', userMessage, { serviceCode, httpStatus, ...detail });
  }
}
