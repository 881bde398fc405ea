// An OperationContext whose CSOM channel answers from a script of reply bodies (fixture texts), parsed by
// the real csom.ts parser, and records every request XML: for operation tests without HTTP or msal.
import { parseCsomReply } from '../../../services/tenants/csom.js';
import type { CsomClient } from '../../../services/tenants/csomClient.js';
import type { OperationContext } from '../../../services/tenants/operations/context.js';
import type { TenantSide } from '../../../services/tenants/types.js';
import { FakeClock } from './fakeClock.js';
import { RecordingLogger } from './recordingLogger.js';

export const APP = 'PostMigrationBot/0.1.0';

export interface ScriptedCsom {
  ctx: OperationContext;
  requests: Array<{ what: string; xml: string }>;
  clock: FakeClock;
  logger: RecordingLogger;
}

/** `replies` are served in order; once the script runs out, the last reply repeats (a service that never finishes). */
export function scriptedCsom(replies: string[], side: TenantSide = 'source', clock = new FakeClock()): ScriptedCsom {
  const requests: ScriptedCsom['requests'] = [];
  const logger = new RecordingLogger();
  const csom: CsomClient = {
    async execute(request, what, signal) {
      signal?.throwIfAborted();
      requests.push({ what, xml: request.xml });
      const body = replies[Math.min(requests.length - 1, replies.length - 1)];
      return parseCsomReply(body);
    },
  };
  const unused = () => { throw new Error('not used by CSOM operations'); };
  const ctx: OperationContext = {
    side, adminUrl: 'https://northwind-admin.sharepoint.com', appName: APP, csom, logger, clock,
    spo: { contextInfo: unused, processQuery: unused, readWeb: unused, readSiteAdmins: unused }, graph: { getJson: unused, postJson: unused, getAllPages: unused },
  };
  return { ctx, requests, clock, logger };
}
