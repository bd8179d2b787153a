// Owners for the generated org (opt-in `owners`): a pool user holding unassigned accounts, an
// SDR manager, and SDRs with a role, a public group, a permission set and a region each. Their
// records are a pure function of the options; which account each owns is drawn per account
// from its own random stream, so accounts, contacts and labels are unchanged.
import { makeId } from '../ids.js';
import type { Rng } from './prng.js';
import { REGION_WEIGHTS } from './vocab.js';

export type PeopleRecord = Record<string, string | number | boolean | null>;

/**
 * Regions for `n` reps in proportion to where the accounts are (largest remainder), as a
 * manager staffs territories; reps of one region are listed together.
 */
export function repRegions(n: number): string[] {
  const quota = REGION_WEIGHTS.map(([r, w]) => ({ r, q: w * n, k: Math.floor(w * n) }));
  let left = n - quota.reduce((s, x) => s + x.k, 0);
  for (const x of [...quota].sort((a, b) => b.q - b.k - (a.q - a.k))) if (left-- > 0) x.k++;
  return quota.flatMap((x) => Array.from({ length: x.k }, () => x.r));
}
const FIRST = ['Avery', 'Jordan', 'Riley', 'Casey', 'Morgan', 'Quinn', 'Harper', 'Rowan', 'Emerson', 'Sasha', 'Noor', 'Mateo', 'Priya', 'Lena', 'Kenji', 'Ines', 'Tomás', 'Aisha', 'Felix', 'Yara'];
const LAST = ['Patel', 'Okafor', 'Nguyen', 'Schmidt', 'García', 'Kowalski', 'Haddad', 'Lindqvist', 'Tanaka', 'Moreau', 'Silva', 'Brennan', 'Rossi', 'Novak', 'Adeyemi', 'Fischer', 'Costa', 'Ibrahim', 'Larsen', 'Chen'];

export interface OwnersOptions {
  reps: number;
  poolShare: number;
  regions: boolean;
}

export interface People {
  poolUserId: string;
  managerId: string;
  reps: { id: string; region: string | null }[];
  records: Record<'UserRole' | 'User' | 'Group' | 'GroupMember' | 'PermissionSet' | 'PermissionSetAssignment', PeopleRecord[]>;
}

/** The org's people. User Ids are 005 0..reps+1 (pool, manager, reps). */
export function makePeople(o: OwnersOptions, createdDate: string): People {
  const managerRole = makeId('00E', 0);
  const sdrRole = makeId('00E', 1);
  const poolUserId = makeId('005', 0);
  const managerId = makeId('005', 1);
  const user = (n: number, first: string, last: string, extra: PeopleRecord): PeopleRecord => ({
    Id: makeId('005', n),
    Username: `${first}.${last}`.toLowerCase().normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/\s+/g, '') + `@acme-sales.example`,
    FirstName: first,
    LastName: last,
    Email: null,
    IsActive: true,
    TimeZoneSidKey: 'America/Los_Angeles',
    LanguageLocaleKey: 'en_US',
    UserType: 'Standard',
    CreatedDate: createdDate,
    ...extra,
  });
  const users: PeopleRecord[] = [
    user(0, 'Account', 'Pool', { Title: 'Unassigned accounts', UserRoleId: null }),
    user(1, 'Dana', 'Whitfield', { Title: 'SDR Manager', UserRoleId: managerRole }),
  ];
  const reps: People['reps'] = [];
  const regions = repRegions(o.reps);
  for (let k = 0; k < o.reps; k++) {
    const region = o.regions ? regions[k] : null;
    const first = FIRST[k % FIRST.length];
    const last = LAST[(k * 7 + Math.floor(k / FIRST.length)) % LAST.length];
    const u = user(k + 2, first, last, { Title: 'Sales Development Representative', UserRoleId: sdrRole, ManagerId: managerId, Region__c: region });
    users.push(u);
    reps.push({ id: u.Id as string, region });
  }
  for (const u of users) u.Email = u.Username;
  const group = makeId('00G', 0);
  const permSet = makeId('0PS', 0);
  return {
    poolUserId,
    managerId,
    reps,
    records: {
      UserRole: [
        { Id: managerRole, Name: 'SDR Manager', DeveloperName: 'SDR_Manager', ParentRoleId: null, CreatedDate: createdDate },
        { Id: sdrRole, Name: 'SDR', DeveloperName: 'SDR', ParentRoleId: managerRole, CreatedDate: createdDate },
      ],
      User: users,
      Group: [{ Id: group, Name: 'SDR Team', DeveloperName: 'SDR_Team', Type: 'Regular', CreatedDate: createdDate }],
      GroupMember: reps.map((r, k) => ({ Id: makeId('011', k), GroupId: group, UserOrGroupId: r.id, CreatedDate: createdDate })),
      PermissionSet: [{ Id: permSet, Name: 'Outbound_SDR', Label: 'Outbound SDR', IsOwnedByProfile: false, CreatedDate: createdDate }],
      PermissionSetAssignment: reps.map((r, k) => ({ Id: makeId('0Pa', k), AssigneeId: r.id, PermissionSetId: permSet, CreatedDate: createdDate })),
    },
  };
}

/** The owner of one account: the pool with probability poolShare, else a rep of its region (any rep when none). */
export function drawOwner(rng: Rng, people: People, poolShare: number, region: unknown): string {
  if (rng.chance(poolShare)) return people.poolUserId;
  const local = people.reps.filter((r) => r.region !== null && r.region === region);
  return rng.pick(local.length ? local : people.reps).id;
}
