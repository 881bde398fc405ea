// What the HTTP surface never does: read a body larger than an activity can be, or hand an internal
// error message to whoever called. Bot Framework activities (and Teams invokes) are far below 1 MB.
import { randomUUID } from 'node:crypto';
import type * as restify from 'restify';
import type { Logger } from '../services/ports.js';

/** Largest request body read, in bytes. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * 413 from the Content-Length alone, before a byte of the body is read or parsed. A body sent without a
 * length (chunked) is cut off by the body reader at the same size (bodyParser's maxBodySize), still before parsing.
 */
export function refuseLargeBodies(req: restify.Request, res: restify.Response, next: restify.Next): void {
  const length = Number(req.header('content-length') ?? 0);
  if (!(length > MAX_BODY_BYTES)) return next();
  res.header('connection', 'close');
  res.send(413, { error: 'request body too large', maxBytes: MAX_BODY_BYTES });
  return next(false);
}

/** The JSON body of every 500 answered here: no message, only an id to find the detail in the log. */
export function internalErrorBody(correlationId: string): { error: string; correlationId: string } {
  return { error: 'internal error', correlationId };
}

/**
 * The response handed to CloudAdapter.process, which answers a failure other than authentication with 500
 * and the error's own message as the body (botbuilder 4.23, CloudAdapter.process: `end(500, err.message)`),
 * e.g. the URL of OpenID metadata it could not fetch. Here that body is logged under a correlation id and
 * the caller gets only the id. Everything else passes through untouched.
 */
export function withoutInternalErrors(res: restify.Response, logger: Logger): restify.Response {
  let status = 200;
  return new Proxy(res, {
    get(target, prop, receiver) {
      if (prop === 'status') {
        return (code: number) => {
          status = code;
          return target.status(code);
        };
      }
      if (prop === 'send') {
        return (...args: unknown[]) => {
          if (status < 500) return (target.send as (...a: unknown[]) => unknown)(...args);
          const correlationId = randomUUID();
          logger.error({ correlationId, status, detail: describe(args[args.length - 1]) }, 'request failed inside the bot framework');
          target.header('content-type', 'application/json');
          return target.send(status, internalErrorBody(correlationId));
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

type AsyncHandler = (req: restify.Request, res: restify.Response) => Promise<void>;

/**
 * Route handler wrapper: a throw becomes a 500 with a correlation id, never the error's message. Two
 * parameters: restify refuses an async handler that also takes `next`.
 */
export function answering500(logger: Logger, handler: AsyncHandler): AsyncHandler {
  return async (req, res) => {
    try {
      await handler(req, res);
    } catch (err) {
      const correlationId = randomUUID();
      logger.error({ correlationId, detail: describe(err) }, 'request failed');
      if (!res.headersSent) res.send(500, internalErrorBody(correlationId));
    }
  };
}

// Message and stack only: a thrown HTTP error may carry headers, which stay out of the log.
function describe(value: unknown): object {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return { message: typeof value === 'string' ? value.slice(0, 500) : String(value) };
}
