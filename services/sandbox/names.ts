// Name material for the seeded scenario's people and sites.

export const FIRST_NAMES = [
  'Adele', 'Alex', 'Amara', 'Ana', 'Anders', 'Aoife', 'Ben', 'Camille', 'Chen', 'Chloe', 'Daniel', 'Diego',
  'Elena', 'Emma', 'Fatima', 'Felix', 'Grace', 'Hannah', 'Hiro', 'Ines', 'Isaac', 'Jana', 'Jonas', 'Julia',
  'Kai', 'Laura', 'Leila', 'Liam', 'Lucas', 'Maria', 'Mateo', 'Maya', 'Megan', 'Mohammed', 'Nadia', 'Nathan',
  'Noah', 'Olivia', 'Omar', 'Priya', 'Rafael', 'Ravi', 'Rosa', 'Ryan', 'Sara', 'Sofia', 'Tomas', 'Uma',
  'Victor', 'Yara', 'Yusuf', 'Zoe',
] as const;

export const LAST_NAMES = [
  'Adams', 'Ahmed', 'Alvarez', 'Bauer', 'Becker', 'Bernard', 'Brown', 'Chen', 'Costa', 'Dubois', 'Evans',
  'Fischer', 'Garcia', 'Gupta', 'Hall', 'Hansen', 'Ito', 'Jensen', 'Johnson', 'Kim', 'Kowalski', 'Larsen',
  'Lee', 'Lopez', 'Martin', 'Meyer', 'Moreau', 'Muller', 'Nakamura', 'Nguyen', 'Novak', 'Okafor', 'Patel',
  'Perez', 'Petit', 'Quinn', 'Rossi', 'Santos', 'Schmidt', 'Silva', 'Singh', 'Smith', 'Suzuki', 'Taylor',
  'Thomas', 'Torres', 'Wagner', 'Walker', 'Wang', 'Weber', 'Wilson', 'Young',
] as const;

export const JOB_TITLES = [
  'Account Manager', 'Analyst', 'Designer', 'Engineer', 'Finance Officer', 'HR Partner', 'Lawyer',
  'Marketing Lead', 'Product Manager', 'Sales Representative', 'Support Specialist', 'Team Lead',
] as const;

export const TEAM_SITE_NAMES = [
  'Finance', 'HR', 'Legal', 'Marketing', 'Sales', 'Engineering', 'Operations', 'Projects', 'Intranet',
  'Procurement', 'Facilities', 'Communications', 'Research', 'Support', 'Training', 'Leadership',
] as const;

/** Move failures use names from the public CSOM `MnAStatusCode` enum; the message texts are inferred. */
export const MOVE_FAILURES = [
  { code: 'MnAOdbUsersAreNotLicensed', message: 'The target user does not have a OneDrive licence.' },
  { code: 'MnATargetUserIsNotSpoEnabled', message: 'The target user is not enabled for SharePoint.' },
  { code: 'MnAIdentityMapEntryDoesNotExistsForSourceUPN', message: 'The source user is not in the identity map.' },
] as const;

/** Sites moved by the scenario: none of TEAM_SITE_NAMES, which stand on both tenants already. */
export const MOVED_SITE_NAMES = [
  'ProjectAtlas', 'Contracts', 'BoardPapers', 'Onboarding', 'Quality', 'Logistics', 'Brand', 'Partners',
  'Audit', 'Events', 'Policies', 'Roadmap',
] as const;

/** Aliases of the Microsoft 365 groups whose sites the scenario moves. */
export const MOVED_GROUP_ALIASES = ['sales-emea', 'design-team', 'it-helpdesk', 'field-ops', 'data-science', 'customer-care'] as const;

/**
 * Site move failures. INFERRED (docs/moves.md: no site-specific failure is public): the codes and texts;
 * the causes are the documented limits (400-character paths, 2 TB or 1 million items, read-only source).
 */
export const SITE_MOVE_FAILURES = [
  { code: 'PathTooLong', message: 'Some full paths would pass 400 characters at the target URL (Find-SPOCrossTenantLongFilePathsForSiteRename lists them).' },
  { code: 'SiteTooLarge', message: 'The site holds more than 2 TB or 1 million items and its move timed out.' },
  { code: 'SourceSiteReadOnly', message: 'The source site was read-only when the move began; make it read/write and move it again.' },
] as const;
