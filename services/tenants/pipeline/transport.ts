// The one place a tenant request leaves the process. Live: the real URL. Sandbox: the same path and query
// sent to the sandbox's loopback server, with the real host in a header, because Node's fetch (undici)
// ignores a `Host` header we set (toolchain.md, "PnPjs 4.21.0 in Node").
import { ORIGINAL_HOST_HEADER } from '../../loopbackRouting.js';
import { assertFenced, currentFence, FencedError } from '../../core/fence.js';
import { socketFence } from './socketFence.js';

export type Transport = (url: URL, init: RequestInit) => Promise<Response>;

export function createTransport(options: { sandboxUrl?: string }): Transport {
  const { sandboxUrl } = options;
  if (!sandboxUrl) return (url, init) => fetch(url, init);
  const base = sandboxUrl.replace(/\/+$/, '');
  return (url, init) => {
    const headers = new Headers(init.headers);
    headers.set(ORIGINAL_HOST_HEADER, url.host);
    return fetch(`${base}${url.pathname}${url.search}`, { ...init, headers });
  };
}

export const DEFAULT_USER_AGENT = 'NONISV|PostMigrationBot|PostMigrationBot/0.1.0';

/** Microsoft asks tenant-admin tools to identify themselves (`NONISV|<Org>|<App>/<version>`) on every call. */
export function withUserAgent(transport: Transport, userAgent: string): Transport {
  return (url, init) => {
    const headers = new Headers(init.headers);
    headers.set('User-Agent', userAgent);
    return transport(url, { ...init, headers });
  };
}

/**
 * Refuses to send once the work the request belongs to has lost its lease (services/core/fence.ts). It sits
 * innermost, after the throttle gate's wait and the retry loop's pause, so that neither a first try nor a
 * retry leaves a process that woke up from a stall past its lease. The fence is checked before fetch and
 * again at the socket, just before the request is written (socketFence.ts).
 */
export function fencedTransport(transport: Transport): Transport {
  return async (url, init) => {
    const fence = currentFence();
    if (!fence) return transport(url, init);
    assertFenced();
    const atSocket = await socketFence(fence);
    try {
      // `dispatcher` is undici's extension of RequestInit, not in the DOM type.
      return await transport(url, atSocket ? ({ ...init, dispatcher: atSocket.dispatcher } as RequestInit) : init);
    } catch (err) {
      throw atSocket?.refused() ? new FencedError() : err;
    }
  };
}
