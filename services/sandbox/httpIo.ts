// The request/answer values route handlers work with, so handlers stay free of node:http details.
import type { IncomingHttpHeaders } from 'node:http';
import { randomUUID } from 'node:crypto';

export interface SandboxRequest {
  method: string;
  /** The host the caller meant (Host or x-original-host), lower case, no port. */
  host: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export function json(status: number, value: unknown, headers: Record<string, string> = {}): Answer {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(value) };
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A request to the sandbox's own loopback address under `prefix` (routes that have no Microsoft host of their own). */
export function onOwnAddress(host: string, path: string | undefined, prefix: string): boolean {
  return LOOPBACK.has(host) && (path ?? '').startsWith(prefix);
}

export function header(req: SandboxRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** A correlation id in SharePoint's style (time-ordered-looking, random here). */
export function correlationId(): string {
  return randomUUID();
}
