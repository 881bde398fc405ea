// Files a bot sends a person in Teams. When the person accepts a file consent card, Teams makes an upload
// session in their OneDrive and hands the bot its URL (fileConsent/invoke `uploadInfo`); the bot PUTs the
// bytes there, range by range. This is that session, on the person's -my host, and `offer` makes the
// uploadInfo Teams would send, so a test can accept a file as Teams does.
//
// Subset served: PUT /personal/<x>/_api/v2.0/drive/items/<item>/uploadSession?…&tempauth=<token> with
// Content-Range `bytes a-b/n` and Content-Length; ranges must come in order. 202 with nextExpectedRanges
// until the last byte, then 201 with the item. INFERRED: the URL's path and query (Teams documents only
// "an upload URL"); the answers follow Graph's "Upload bytes to the upload session": 416 for a range that is
// not the next expected one, 400 for a malformed one. Uploads are the person's, not an app's: not charged
// to the app-only resource-unit budget.
import { randomBytes, randomUUID } from 'node:crypto';
import { header, json, type Answer, type SandboxRequest } from '../httpIo.js';
import { personalSiteUrl, tenantBySharePointHost, type SandboxWorld, type TenantState } from '../model.js';
import type { HostService } from '../server.js';
import { spFailure, spUnauthorized } from './spShapes.js';

const UPLOAD_PATH = /^\/personal\/([^/]+)\/_api\/v2\.0\/drive\/items\/([^/]+)\/uploadSession$/i;
const SESSION_MS = 15 * 60 * 1000;

/** What Teams puts in fileConsent/invoke `value.uploadInfo`. */
export interface UploadInfo { name: string; uploadUrl: string; contentUrl: string; uniqueId: string; fileType: string; etag?: string }

/** A file as it landed in the person's OneDrive. */
export interface UploadedFile { ownerUpn: string; name: string; contentUrl: string; content: Buffer }

interface Session {
  tenant: TenantState;
  ownerUpn: string;
  path: string;
  itemId: string;
  info: UploadInfo;
  size?: number;
  received: Buffer[];
  bytes: number;
  expiresAt: number;
}

export class FileUploads {
  /** Sessions by tempauth; finished files by uniqueId. */
  private readonly sessions = new Map<string, Session>();
  private readonly files = new Map<string, UploadedFile>();

  constructor(private readonly world: SandboxWorld) {}

  offer(ownerUpn: string, name: string): UploadInfo {
    const domain = ownerUpn.split('@')[1]?.toLowerCase();
    const tenant = this.world.tenants.find((t) => t.domain === domain);
    if (!tenant) throw new Error(`offerFileUpload: ${ownerUpn} is not on a simulated tenant (${this.world.tenants.map((t) => t.domain).join(', ')})`);
    const site = personalSiteUrl(tenant.myHost, ownerUpn);
    const itemId = `01${randomBytes(16).toString('hex').toUpperCase()}`;
    const tempauth = `v1.${randomBytes(32).toString('base64url')}`;
    const info: UploadInfo = {
      name,
      uploadUrl: `${site}/_api/v2.0/drive/items/${itemId}/uploadSession?guid=${randomUUID()}&overwrite=False&rename=True&tempauth=${tempauth}`,
      // As Teams' docs show it: the file in the person's Documents/Applications folder.
      contentUrl: `${site}/Documents/Applications/${encodeURIComponent(name)}`,
      uniqueId: randomUUID().toUpperCase(),
      fileType: name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '',
      etag: '1',
    };
    this.sessions.set(tempauth, {
      tenant, ownerUpn, path: new URL(site).pathname.toLowerCase(), itemId: itemId.toLowerCase(), info, received: [], bytes: 0,
      expiresAt: Date.now() + SESSION_MS,
    });
    return info;
  }

  /** The file uploaded under that uniqueId, once its last byte arrived. */
  uploaded(uniqueId: string): UploadedFile | undefined {
    const file = this.files.get(uniqueId.toUpperCase());
    return file && { ...file, content: Buffer.from(file.content) };
  }

  service(): HostService {
    return {
      name: 'onedrive-upload-sessions',
      matches: (host, path) => {
        const tenant = tenantBySharePointHost(this.world, host);
        return tenant?.myHost === host && UPLOAD_PATH.test((path ?? '').split('?')[0] ?? '');
      },
      handle: (req) => this.put(req),
      failure: spFailure,
    };
  }

  private put(req: SandboxRequest): Answer {
    const tenant = tenantBySharePointHost(this.world, req.host) as TenantState;
    if (req.method !== 'PUT') return problem(405, 'invalidRequest', 'Only PUT is allowed on an upload session.');
    const session = this.sessions.get(req.url.searchParams.get('tempauth') ?? '');
    if (!session || session.expiresAt < Date.now()) return spUnauthorized(tenant.tenantId, 'invalid');
    const [, personal, item] = UPLOAD_PATH.exec(decodeURIComponent(req.url.pathname)) ?? [];
    if (session.tenant !== tenant || session.path !== `/personal/${personal}`.toLowerCase() || session.itemId !== item?.toLowerCase()) {
      return problem(404, 'itemNotFound', 'The upload session was not found.');
    }
    const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header(req, 'content-range') ?? '');
    const length = Number(header(req, 'content-length') ?? NaN);
    if (!range) return problem(400, 'invalidRequest', 'Content-Range must be "bytes a-b/n".');
    const [from, to, size] = [Number(range[1]), Number(range[2]), Number(range[3])];
    if (to < from || to >= size || length !== req.body.length || to - from + 1 !== req.body.length) {
      return problem(400, 'invalidRequest', 'Content-Range, Content-Length and the body do not agree.');
    }
    if (session.size !== undefined && session.size !== size) return problem(400, 'invalidRequest', 'The file size changed during the session.');
    if (from !== session.bytes) return problem(416, 'invalidRange', `The next expected range starts at ${session.bytes}.`);
    session.size = size;
    session.received.push(Buffer.from(req.body));
    session.bytes += req.body.length;
    if (session.bytes < size) {
      return json(202, { expirationDateTime: new Date(session.expiresAt).toISOString(), nextExpectedRanges: [`${session.bytes}-`] });
    }
    const file: UploadedFile = { ownerUpn: session.ownerUpn, name: session.info.name, contentUrl: session.info.contentUrl, content: Buffer.concat(session.received) };
    this.files.set(session.info.uniqueId, file);
    for (const [token, s] of this.sessions) if (s === session) this.sessions.delete(token);
    return json(201, { id: session.itemId.toUpperCase(), name: file.name, size, webUrl: file.contentUrl, file: {} });
  }
}

/** OneDrive's error shape. */
function problem(status: number, code: string, message: string): Answer {
  return json(status, { error: { code, message } });
}
