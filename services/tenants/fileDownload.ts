// Downloads a file a person sent the bot in a Teams chat, as a stream for the identity-map importer.
// Teams' `downloadUrl` is pre-authenticated (a `tempauth` token in its query), so no Authorization header
// is ever sent: a bearer token must not go to an address that arrived in a message. The request goes
// through the project's Transport, so in sandbox mode it reaches the simulated tenants like every call.
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { DEFAULT_USER_AGENT, withUserAgent, type Transport } from './pipeline/transport.js';

/**
 * The only addresses a chat file is downloaded from. INFERRED from where Teams stores files sent in a chat:
 * the sender's OneDrive, `<tenant>-my.sharepoint.com` (Microsoft lists no download hosts for bots). The
 * address comes from a message, so anything else (another host, http, a port, user:password@) is refused
 * before any request: the bot must not be made to fetch a place a sender picked.
 */
export function isChatFileDownloadUrl(url: URL): boolean {
  return url.protocol === 'https:' && url.port === '' && url.username === '' && url.password === ''
    && url.hostname.endsWith('.sharepoint.com');
}

export type FileDownloadFailure = 'refused-url' | 'http' | 'unreachable';

/** The message names the host at most: the full address carries its tempauth token. */
export class FileDownloadError extends Error {
  constructor(readonly failure: FileDownloadFailure, message: string, readonly httpStatus?: number, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FileDownloadError';
  }
}

/** The body as it arrives; throws FileDownloadError before any byte when the file cannot be had. */
export type FileDownloader = (url: URL) => Promise<Readable>;

export interface FileDownloaderOptions {
  /** The whole download, body included (default 2 minutes: 50 MB on a slow link). */
  timeoutMs?: number;
  userAgent?: string;
}

const MAX_REDIRECTS = 3;

export function createFileDownloader(transport: Transport, options: FileDownloaderOptions = {}): FileDownloader {
  const send = withUserAgent(transport, options.userAgent ?? DEFAULT_USER_AGENT);
  return async (first) => {
    const signal = AbortSignal.timeout(options.timeoutMs ?? 120_000);
    let url = first;
    for (let hop = 0; ; hop++) {
      if (!isChatFileDownloadUrl(url)) throw new FileDownloadError('refused-url', `refused to download from ${url.protocol}//${url.host}: not a SharePoint address`);
      let response: Response;
      try {
        // Redirects are followed here, not by fetch, so every hop passes the same address rule.
        response = await send(url, { method: 'GET', redirect: 'manual', signal });
      } catch (err) {
        throw new FileDownloadError('unreachable', `${url.host} did not answer (${causeCode(err)})`, undefined, { cause: err });
      }
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location && hop < MAX_REDIRECTS) {
        await response.body?.cancel();
        url = new URL(location, url);
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new FileDownloadError('http', `${url.host} answered HTTP ${response.status}`, response.status);
      }
      return response.body ? Readable.fromWeb(response.body as ReadableStream<Uint8Array>) : Readable.from([]);
    }
  };
}

/** undici reports connection failures as `TypeError: fetch failed` with the socket error as `cause`. */
export function causeCode(err: unknown): string {
  const e = err as { name?: string; code?: string; cause?: { code?: string } } | undefined;
  return e?.cause?.code ?? e?.code ?? e?.name ?? 'error';
}
