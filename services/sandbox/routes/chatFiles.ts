// Files a person sent in a Teams chat. Teams keeps them in the sender's OneDrive (<tenant>-my) and gives
// a bot a pre-authenticated link to SharePoint's download page: the `tempauth` query value is the only
// credential, so this service answers before (and instead of) the bearer check of sharepoint.ts.
//
// Subset served: GET /personal/<x>/_layouts/15/download.aspx?UniqueId=<id>&tempauth=<token> on the
// tenant's -my host, for files put there by SandboxHandle.putChatFile. A tempauth the sandbox did not
// issue is 401; a UniqueId or personal site that is not the file's is 404. Downloads are the user's,
// not an app's: they are not charged to the app-only resource-unit budget.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Answer, SandboxRequest } from '../httpIo.js';
import { personalSiteUrl, tenantBySharePointHost, type SandboxWorld, type TenantState } from '../model.js';
import type { HostService } from '../server.js';
import { fileNotFound, flavourOf, spError, spFailure, spUnauthorized } from './spShapes.js';

const DOWNLOAD_PATH = /^\/personal\/([^/]+)\/_layouts\/15\/download\.aspx$/i;

interface ChatFile { tenant: TenantState; personalPath: string; uniqueId: string; name: string; content: Buffer }

export interface ChatFileLink { downloadUrl: string; uniqueId: string }

export class ChatFiles {
  /** By tempauth: each link carries its own token, as Teams' links do. */
  private readonly byToken = new Map<string, ChatFile>();

  constructor(private readonly world: SandboxWorld) {}

  put(ownerUpn: string, name: string, content: string | Buffer): ChatFileLink {
    const domain = ownerUpn.split('@')[1]?.toLowerCase();
    const tenant = this.world.tenants.find((t) => t.domain === domain);
    if (!tenant) throw new Error(`putChatFile: ${ownerUpn} is not on a simulated tenant (${this.world.tenants.map((t) => t.domain).join(', ')})`);
    const site = personalSiteUrl(tenant.myHost, ownerUpn);
    const uniqueId = randomUUID();
    const tempauth = `v1.${randomBytes(32).toString('base64url')}`;
    this.byToken.set(tempauth, { tenant, personalPath: new URL(site).pathname.toLowerCase(), uniqueId, name, content: Buffer.from(content) });
    return { downloadUrl: `${site}/_layouts/15/download.aspx?UniqueId=${uniqueId}&Translate=false&tempauth=${tempauth}&ApiVersion=2.0`, uniqueId };
  }

  service(): HostService {
    return {
      name: 'sharepoint-chat-files',
      matches: (host, path) => {
        const tenant = tenantBySharePointHost(this.world, host);
        return tenant?.myHost === host && DOWNLOAD_PATH.test((path ?? '').split('?')[0] ?? '');
      },
      handle: (req) => this.download(req),
      failure: spFailure,
    };
  }

  private download(req: SandboxRequest): Answer {
    const flavour = flavourOf(req);
    const tenant = tenantBySharePointHost(this.world, req.host) as TenantState;
    if (req.method !== 'GET') return spError(flavour, 405, '-1, System.NotSupportedException', 'The HTTP method is not allowed for this resource.');
    const file = this.byToken.get(param(req.url, 'tempauth') ?? '');
    // INFERRED: SharePoint's answer to a bad or expired tempauth is not documented; its app-only 401 is used.
    if (!file) return spUnauthorized(tenant.tenantId, 'invalid');
    const uniqueId = (param(req.url, 'UniqueId') ?? '').replace(/[{}]/g, '').toLowerCase();
    const path = decodeURIComponent(req.url.pathname).replace(/\/_layouts\/.*$/i, '').toLowerCase();
    if (file.tenant !== tenant || file.personalPath !== path || file.uniqueId !== uniqueId) return fileNotFound(flavour);
    return {
      status: 200,
      headers: {
        'content-type': 'application/octet-stream',
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      },
      // Answers are text (httpIo.ts): a CSV is, so the bytes go out as UTF-8.
      body: file.content.toString('utf8'),
    };
  }
}

/** SharePoint reads query names in any case (UniqueId, uniqueid). */
function param(url: URL, name: string): string | undefined {
  for (const [key, value] of url.searchParams) if (key.toLowerCase() === name.toLowerCase()) return value;
  return undefined;
}
