// Uploads a file a person agreed to receive in Teams: when they accept a file consent card, Teams hands
// the bot an upload URL in their OneDrive (`uploadInfo.uploadUrl` of the fileConsent/invoke), and the bytes
// go there by OneDrive's upload-session protocol: PUTs of consecutive byte ranges, each with Content-Range
// and Content-Length; 202 with nextExpectedRanges until the last range, then 200/201 with the item.
// Sources: learn.microsoft.com/microsoftteams/platform/bots/how-to/bots-filesv4 (the invoke and its
// uploadInfo), BotBuilder-Samples 56.teams-file-upload (one PUT with Content-Range bytes 0-(n-1)/n) and
// learn.microsoft.com/graph/api/driveitem-createuploadsession ("Upload bytes to the upload session":
// ranges of a multiple of 320 KiB, at most 60 MiB each).
//
// The upload URL is pre-authenticated, so no Authorization header is ever sent: a bearer token must not go
// to an address that arrived in an activity. It goes through the project's Transport, so in sandbox mode it
// reaches the simulated tenants like every call.
import { DEFAULT_USER_AGENT, withUserAgent, type Transport } from './pipeline/transport.js';
import { causeCode, isChatFileDownloadUrl } from './fileDownload.js';

/** 10 × 320 KiB: a multiple of what the protocol asks, far under its 60 MiB cap; most exports take one PUT. */
export const FRAGMENT_BYTES = 10 * 320 * 1024;

export type FileUploadFailure = 'refused-url' | 'http' | 'unreachable';

/** The message names the host at most: the full address carries its token. */
export class FileUploadError extends Error {
  constructor(readonly failure: FileUploadFailure, message: string, readonly httpStatus?: number, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FileUploadError';
  }
}

export type FileUploader = (url: URL, bytes: Buffer) => Promise<void>;

export interface FileUploaderOptions {
  /** Bytes per PUT; a multiple of 320 KiB (tests use one to see several ranges go out). */
  fragmentBytes?: number;
  /** The whole upload (default 2 minutes). */
  timeoutMs?: number;
  userAgent?: string;
}

/**
 * The same address rule as chat-file downloads: https on a `*.sharepoint.com` host (the person's OneDrive),
 * no port, no user:password. Anything else is refused before any byte leaves.
 */
export const isUploadUrl = isChatFileDownloadUrl;

export function createFileUploader(transport: Transport, options: FileUploaderOptions = {}): FileUploader {
  const send = withUserAgent(transport, options.userAgent ?? DEFAULT_USER_AGENT);
  const fragment = options.fragmentBytes ?? FRAGMENT_BYTES;
  if (fragment <= 0 || fragment % (320 * 1024) !== 0) throw new Error('fragmentBytes must be a multiple of 320 KiB');
  return async (url, bytes) => {
    if (!isUploadUrl(url)) throw new FileUploadError('refused-url', `refused to upload to ${url.protocol}//${url.host}: not a SharePoint address`);
    if (bytes.length === 0) throw new FileUploadError('http', 'an empty file cannot be sent by upload session');
    const signal = AbortSignal.timeout(options.timeoutMs ?? 120_000);
    let start = 0;
    for (;;) {
      const end = Math.min(start + fragment, bytes.length) - 1;
      const body = Uint8Array.from(bytes.subarray(start, end + 1));
      let response: Response;
      try {
        response = await send(url, {
          method: 'PUT', redirect: 'manual', signal, body,
          headers: { 'Content-Length': String(body.length), 'Content-Range': `bytes ${start}-${end}/${bytes.length}` },
        });
      } catch (err) {
        throw new FileUploadError('unreachable', `${url.host} did not answer (${causeCode(err)})`, undefined, { cause: err });
      }
      const answer = await response.text().catch(() => '');
      if (response.status === 200 || response.status === 201) return;
      if (response.status !== 202) throw new FileUploadError('http', `${url.host} answered HTTP ${response.status}`, response.status);
      // The service says where to go on; it is the byte after this range unless it lost some.
      const next = nextStart(answer) ?? end + 1;
      if (next <= start || next >= bytes.length) throw new FileUploadError('http', `${url.host} asked for bytes from ${next} of ${bytes.length}`, response.status);
      start = next;
    }
  };
}

/** The first of nextExpectedRanges ("26-" or "26-127"), as a number. */
function nextStart(answer: string): number | undefined {
  try {
    const first = (JSON.parse(answer) as { nextExpectedRanges?: unknown }).nextExpectedRanges;
    const range = Array.isArray(first) ? first[0] : undefined;
    const m = typeof range === 'string' ? /^(\d+)-/.exec(range) : null;
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}
