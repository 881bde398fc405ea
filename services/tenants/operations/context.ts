// What an operation gets from the tenant client: the configured facts and the three channels.
import type { Clock, Logger } from '../../ports.js';
import type { CsomClient } from '../csomClient.js';
import type { Graph } from '../graph.js';
import type { Spo } from '../spo.js';
import type { TenantSide } from '../types.js';

export interface OperationContext {
  side: TenantSide;
  adminUrl: string;
  hostUrlOverride?: string;
  /** `ApplicationName` in CSOM requests. */
  appName: string;
  csom: CsomClient;
  spo: Spo;
  graph: Graph;
  logger: Logger;
  /** Waits between operation polls go through it, so tests run them on a fake clock. */
  clock: Clock;
}
