// Microsoft Graph reads and move creation. Same transport, User-Agent and retry as SharePoint, its own bearer for the Graph
// scope; not PnPjs (PnPjs's graph package would be a second pipeline for a few calls).
import { httpError } from './errorMessages.js';
import type { Transport } from './pipeline/transport.js';

export interface Graph {
  /** GET `<graphUrl><path>` (path already encoded) → parsed JSON; an error answer → TenantError with its status. */
  getJson<T>(path: string, signal?: AbortSignal, headers?: Record<string, string>): Promise<T>;
  /** POST `body` as JSON to `<graphUrl><path>` → parsed JSON answer; errors as getJson. */
  postJson<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T>;
  /** Every item of a collection: GET `path`, then each `@odata.nextLink` (absolute, on the same root) until none. */
  getAllPages<T>(path: string, signal?: AbortSignal): Promise<T[]>;
}

export function createGraph(deps: { graphUrl: string; getToken: () => Promise<string>; send: Transport }): Graph {
  const root = deps.graphUrl.replace(/\/+$/, '');
  async function call<T>(method: 'GET' | 'POST', path: string, body: unknown, signal?: AbortSignal, extra: Record<string, string> = {}): Promise<T> {
    const url = new URL(`${root}${path}`);
    const headers: Record<string, string> = { ...extra, Authorization: `Bearer ${await deps.getToken()}`, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await deps.send(url, {
      method, signal, redirect: 'manual', headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      const { code, message } = readGraphError(text);
      throw httpError('Graph', response.status, code, message, url.host);
    }
    return (text ? JSON.parse(text) : {}) as T;
  }
  async function getAllPages<T>(path: string, signal?: AbortSignal): Promise<T[]> {
    const items: T[] = [];
    for (let next: string | undefined = path; next;) {
      const page: { value?: T[]; '@odata.nextLink'?: string } = await call('GET', next, undefined, signal);
      items.push(...(page.value ?? []));
      const link = page['@odata.nextLink'];
      // The link names the root it was asked on; anything else is not followed (the token goes only to Graph).
      if (link && !link.startsWith(root)) throw new Error(`Graph paging link outside ${root}: ${new URL(link).host}`);
      next = link?.slice(root.length);
    }
    return items;
  }
  return {
    getJson: <T>(path: string, signal?: AbortSignal, headers?: Record<string, string>) => call<T>('GET', path, undefined, signal, headers),
    postJson: <T>(path: string, body: unknown, signal?: AbortSignal) => call<T>('POST', path, body, signal),
    getAllPages,
  };
}

function readGraphError(text: string): { code?: string; message: string } {
  try {
    const error = JSON.parse(text)?.error;
    return { code: typeof error?.code === 'string' ? error.code : undefined, message: String(error?.message ?? text.slice(0, 300)) };
  } catch {
    return { message: text.slice(0, 300) };
  }
}

/** A path segment: percent-encoded except `@`, which RFC 3986 allows in a segment and Graph shows raw. */
export function pathSegment(value: string): string {
  return encodeURIComponent(value).replace(/%40/g, '@');
}
