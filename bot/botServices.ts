// What command and action handlers may use. Built once by the composition root (bot/index.ts); tests
// build the same object around the sandbox, so handlers never reach for a global.
import type { CardView } from '../cards/render.js';
import type { Approvals, AuditLog, Person, Plan } from '../services/approvals/types.js';
import type { IdentityMapFile } from '../services/identityMap/identityMap.js';
import type { SiteMapFile } from '../services/identityMap/siteMap.js';
import type { TenantPair } from '../services/insights/tenantPair.js';
import type { Clock, Logger } from '../services/ports.js';
import type { SnapshotStore } from '../services/store/snapshotStore.js';
import type { CheckReport } from '../services/setupCheck/types.js';
import type { MoveState, TenantSide } from '../services/tenants/types.js';
import type { FileDownloader } from '../services/tenants/fileDownload.js';
import type { PeopleDirectory } from './peopleDirectory.js';
import type { GuidanceServices } from './guidanceSetup.js';
import type { SandboxInboxEntry } from '../services/sandbox/types.js';
import type { PlanCards } from './planCards.js';
import type { RegressionService } from '../services/regression/regressionService.js';

import type { RedirectScope } from '../services/approvals/removeRedirectsPlan.js';
import type { MoveTaskState } from '../services/knowledge/moveKeys.js';
import type { Knowledge } from '../services/knowledge/knowledge.js';
import type { OrchestratorMoves } from '../services/knowledge/orchestratorMoves.js';
import type { RoleCheck } from '../services/approvals/roleCheck.js';
import type { SlowAnswers } from './slowAnswers.js';
import type { ExportFiles } from './exportFiles.js';

export type { RedirectScope };

/** The planners, as the commands call them: typed arguments and who asks → a concrete plan. */
export interface Planners {
  removeTrust(args: { side: TenantSide | 'both' }, by: Person, progress?: (text: string) => void): Promise<Plan>;
  removeRedirects(args: { side: TenantSide; scope: RedirectScope; purge: boolean; unlock: boolean }, by: Person, progress?: (text: string) => void): Promise<Plan>;
}

/** Final move states recorded before trust removal (Graph answers 422 for move states afterwards). */
export interface RecordedMoves {
  /** null when nothing was recorded for that person; a record with state null = no move existed. */
  record(sourceUpn: string): Promise<{ state: MoveTaskState | null; recordedAt: string } | null>;
}

export interface BotServices {
  tenants: TenantPair;
  identityMap: IdentityMapFile;
  /** Which sites and group sites moved where (SITE_MAP_PATH, or one an admin sent in chat): `siteMap.load()`. */
  siteMap: SiteMapFile;
  /** Move states and redirect sites as last read, kept in the store and refreshed in the background. */
  knowledge: Knowledge;
  /** Answers inside Teams' deadline: a reading card stands in for an answer that takes longer. */
  slowAnswers: SlowAnswers;
  snapshots: SnapshotStore;
  clock: Clock;
  logger: Logger;
  /** yyyy-mm-dd, from SOURCE_LICENSE_EXPIRY or the sandbox. */
  licenceExpiry?: string;
  /** Who is an admin or an approver (ADMIN_IDS / APPROVER_IDS and their Entra groups): ask it, never a set. */
  roles: RoleCheck;
  allowedTenantIds: ReadonlySet<string>;
  /** Every card is drawn for this view (the sandbox banner). */
  view: CardView;
  approvals: Approvals;
  audit: AuditLog;
  planners: Planners;
  planCards: PlanCards;
  people: PeopleDirectory;
  recordedMoves?: RecordedMoves;
  /** Moves back: plans, tracking, access checks. */
  regression?: RegressionService;
  /** Sign-in and resync guidance for migrated people: campaigns, their status, the people's own answers. */
  guidance?: GuidanceServices;
  /** Simulated tenants only: what one person received in Teams (`sandbox inbox`). */
  sandboxInbox?: (who: string) => SandboxInboxEntry[] | Promise<SandboxInboxEntry[]>;
  /** `check setup`: the same report as `npm run doctor`, for this bot's configuration. */
  setupCheck?: () => Promise<CheckReport>;
  /** Files sent to the bot in chat (the identity map or the site map), through the tenants' transport; no token sent. */
  downloadFile?: FileDownloader;
  /** People's OneDrive moves from the orchestrator's jobs, its jobs for `status`, and whether it is the source. */
  orchestrator?: OrchestratorMoves;
  /** Lists as CSV files sent in the personal chat (`export …`): kept until accepted, then uploaded. */
  exports?: ExportFiles;
}
