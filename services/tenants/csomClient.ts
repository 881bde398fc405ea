// Sends CSOM requests: form digest from contextinfo (cached until shortly before it times out), then
// ProcessQuery through the SharePoint pipeline, then the reply parsed by csom.ts.
import { TenantError } from '../errors.js';
import type { Clock, Logger } from '../ports.js';
import { parseCsomReply, type CsomReply, type CsomRequest } from './csom.js';
import type { Spo } from './spo.js';

export interface CsomClient {
  /** Sends one request; throws TenantError when the reply carries ErrorInfo. */
  execute(request: CsomRequest, what: string, signal?: AbortSignal): Promise<CsomReply>;
}

const DIGEST_MARGIN_MS = 60_000;

export function createCsomClient(spo: Spo, clock: Clock, logger: Logger): CsomClient {
  let cached: { digest: string; expiresAt: number } | undefined;
  const digest = async (signal?: AbortSignal) => {
    if (cached && clock.now().getTime() < cached.expiresAt) return cached.digest;
    const info = await spo.contextInfo(signal);
    cached = { digest: info.digest, expiresAt: clock.now().getTime() + info.timeoutSeconds * 1000 - DIGEST_MARGIN_MS };
    return info.digest;
  };
  return {
    async execute(request, what, signal) {
      let body: string;
      try {
        body = await spo.processQuery(request.xml, await digest(signal), signal);
      } catch (err) {
        // A digest can be invalidated early (e.g. app pool recycle): SharePoint then answers 403. Renew once.
        if (!(err instanceof TenantError && err.httpStatus === 403 && cached)) throw err;
        cached = undefined;
        body = await spo.processQuery(request.xml, await digest(signal), signal);
      }
      try {
        const reply = parseCsomReply(body);
        logger.debug({ csom: what, correlationId: reply.header.TraceCorrelationId }, 'csom reply');
        return reply;
      } catch (err) {
        if (err instanceof TenantError) logger.warn({ csom: what, serviceCode: err.serviceCode, detail: err.detail }, 'csom error');
        throw err;
      }
    },
  };
}
