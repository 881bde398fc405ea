import { daysUntil } from '../knowledge/freshness.js';

/** Under this many days the dashboard shows the licence deadline as urgent. */
export const LICENCE_WARNING_DAYS = 14;

export interface LicenceView { expiry: string; daysLeft: number; urgent: boolean }

/** Whole days from today (UTC) until the yyyy-mm-dd expiry; negative once it has passed. */
export function licenceView(expiry: string, now: Date): LicenceView {
  const daysLeft = daysUntil(expiry, now);
  return { expiry, daysLeft, urgent: daysLeft < LICENCE_WARNING_DAYS };
}
