// What command and action handlers may use. Built once by the composition root (bot/index.ts); tests
// build the same object around the sandbox, so handlers never reach for a global.
import type { CardView } from '../cards/render.js';
import type { IdentityMapFile } from '../services/identityMap/identityMap.js';
import type { TenantPair } from '../services/insights/tenantPair.js';
import type { Clock, Logger } from '../services/ports.js';
import type { SnapshotStore } from '../services/store/snapshotStore.js';

export interface BotServices {
  tenants: TenantPair;
  identityMap: IdentityMapFile;
  snapshots: SnapshotStore;
  clock: Clock;
  logger: Logger;
  /** yyyy-mm-dd, from SOURCE_LICENSE_EXPIRY or the sandbox. */
  licenceExpiry?: string;
  adminIds: ReadonlySet<string>;
  allowedTenantIds: ReadonlySet<string>;
  /** Every card is drawn for this view (the sandbox banner). */
  view: CardView;
}
