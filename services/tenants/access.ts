// What one app-only token grants, as the setup check reports it. Kept apart from types.ts so the read and
// change contracts of the tenant client stay as they are.

/** Which token: SharePoint (the admin host's scope) or Microsoft Graph. */
export type AccessResource = 'sharepoint' | 'graph';

export interface AccessDescription {
  resource: AccessResource;
  /** The scope asked for, e.g. https://contoso-admin.sharepoint.com/.default */
  scope: string;
  /** Application permissions granted to the app, from the token's `roles` claim (empty when none). */
  roles: string[];
  /** When the token stops being accepted, from its `exp` claim; undefined when the token carries none. */
  expiresOn?: Date;
}
