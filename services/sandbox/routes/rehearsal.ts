// The sandbox's own control route, for bot instances that join a shared sandbox (SANDBOX_URL): what a
// bot needs to reach the simulated tenants (their ids, app credentials, hosts, identity map, connector
// address) and what each person received (`sandbox inbox`: Teams messages and e-mails). Served only on the sandbox's loopback
// address, under /_sandbox/, and never faulted: it is the rehearsal's wiring, not a Microsoft service.
//
// It hands out the simulated apps' private keys. Those keys are made when the sandbox starts, are
// trusted by nothing but this sandbox, and the server listens on 127.0.0.1 only: publishing them to the
// processes of the same machine is what lets several bot instances share one pair of tenants.
import { json, onOwnAddress, type Answer, type SandboxRequest } from '../httpIo.js';
import type { HostService } from '../server.js';
import type { SandboxInboxEntry, SandboxMail, SandboxRehearsal } from '../types.js';

export const REHEARSAL_PATH_PREFIX = '/_sandbox/';

export function rehearsalService(describe: () => SandboxRehearsal, inbox: (who: string) => SandboxInboxEntry[], mail: (who: string) => SandboxMail[]): HostService {
  return {
    name: 'rehearsal',
    control: true,
    matches: (host, path) => onOwnAddress(host, path, REHEARSAL_PATH_PREFIX),
    handle: (req: SandboxRequest): Answer => {
      if (req.method !== 'GET') return json(405, { error: 'Only GET is served here.' }, { allow: 'GET' });
      const path = req.url.pathname.slice(REHEARSAL_PATH_PREFIX.length);
      if (path === 'rehearsal') return json(200, describe());
      if (path === 'inbox') {
        const who = req.url.searchParams.get('who')?.trim();
        if (!who) return json(400, { error: 'Name the person: /_sandbox/inbox?who=<upn>.' });
        return json(200, inbox(who));
      }
      if (path === 'mail') {
        const who = req.url.searchParams.get('who')?.trim();
        if (!who) return json(400, { error: 'Name the address or person: /_sandbox/mail?who=<address>.' });
        return json(200, mail(who));
      }
      return json(404, { error: `No such sandbox control path: ${req.url.pathname}` });
    },
    failure: (status) => json(status, { error: 'The sandbox control route failed.' }),
  };
}
