const DAY_MS = 24 * 60 * 60 * 1000;
/** Under this many days the dashboard shows the licence deadline as urgent. */
export const LICENCE_WARNING_DAYS = 14;

export interface LicenceView { expiry: string; daysLeft: number; urgent: boolean }

/** Whole days from today (UTC) until the yyyy-mm-dd expiry; negative once it has passed. */
export function licenceView(expiry: string, now: Date): LicenceView {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const daysLeft = Math.round((Date.parse(`${expiry}T00:00:00Z`) - today) / DAY_MS);
  return { expiry, daysLeft, urgent: daysLeft < LICENCE_WARNING_DAYS };
}
