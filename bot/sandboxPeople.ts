// The fixed people of the simulated tenants. The Agents Playground configuration and the tests use the
// same ids, so a rehearsal has an admin, an approver and someone who is neither.
export interface SandboxPerson { aadObjectId: string; teamsId: string; name: string }

export const SANDBOX_PEOPLE = {
  admin: { aadObjectId: '6f1c2a4e-8b3d-4c5e-9a7f-1d2e3f4a5b6c', teamsId: '29:1sandbox-admin', name: 'Avery Admin' },
  approver: { aadObjectId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', teamsId: '29:1sandbox-approver', name: 'Parker Approver' },
  user: { aadObjectId: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f', teamsId: '29:1sandbox-user', name: 'Riley User' },
} as const satisfies Record<string, SandboxPerson>;
