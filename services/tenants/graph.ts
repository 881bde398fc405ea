// Microsoft Graph reads. Same transport, User-Agent and retry as SharePoint, its own bearer for the Graph
// scope; not PnPjs (PnPjs's graph package would be a second pipeline for two GETs).
import { httpError } from './errorMessages.js';
import type { Transport } from './pipeline/transport.js';

export interface Graph {
  /** GET `<graphUrl><path>` (path already encoded) → parsed JSON; an error answer → TenantError with its status. */
  getJson<T>(path: string, signal?: AbortSignal): Promise<T>;
}

export function createGraph(deps: { graphUrl: string; getToken: () => Promise<string>; send: Transport }): Graph {
  const root = deps.graphUrl.replace(/\/+$/, '');
  return {
    async getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
      const url = new URL(`${root}${path}`);
      const response = await deps.send(url, {
        method: 'GET', signal, redirect: 'manual',
        headers: { Authorization: `Bearer ${await deps.getToken()}`, Accept: 'application/json' },
      });
      const text = await response.text();
      if (!response.ok) {
        const { code, message } = readGraphError(text);
        throw httpError('Graph', response.status, code, message, url.host);
      }
      return (text ? JSON.parse(text) : {}) as T;
    },
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
