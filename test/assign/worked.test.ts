import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { makeId, startLocalOrg, type LocalOrg } from '../../src/local-org/index.js';
import { connect } from '../../src/salesforce/connection.js';
import { readWorked } from '../../src/salesforce/owners.js';
import { scoreStore } from '../helpers/score-org.js';

const acc = (n: number) => makeId('001', n);
let org: LocalOrg;

beforeAll(async () => {
  const store = scoreStore();
  store.addRecords('User', [{ Id: makeId('005', 500), Username: 'rep@x.test', LastName: 'Rep', IsActive: true }]);
  store.addRecords('Account', Array.from({ length: 9 }, (_, i) => ({ Id: acc(i), Name: `A${i}` })));
  const rep = makeId('005', 500);
  store.addRecords('Task', [
    { Id: makeId('00T', 1), WhatId: acc(1), OwnerId: rep, ActivityDate: '2026-11-20', Status: 'Completed' }, // done inside the window
    { Id: makeId('00T', 2), WhatId: acc(2), OwnerId: rep, ActivityDate: '2026-12-05', Status: 'Not Started' }, // planned
    { Id: makeId('00T', 3), WhatId: acc(3), OwnerId: rep, ActivityDate: null, Status: 'In Progress' }, // open, no date
    { Id: makeId('00T', 4), WhatId: acc(4), OwnerId: rep, ActivityDate: '2026-09-01', Status: 'Completed' }, // old
    { Id: makeId('00T', 5), WhatId: acc(5), OwnerId: rep, ActivityDate: null, Status: 'Completed' }, // closed, no date
  ]);
  store.addRecords('Event', [
    { Id: makeId('00U', 1), WhatId: acc(6), OwnerId: rep, StartDateTime: '2026-11-25T15:00:00.000Z', EndDateTime: '2026-11-25T15:30:00.000Z', DurationInMinutes: 30 },
    { Id: makeId('00U', 2), WhatId: acc(7), OwnerId: rep, StartDateTime: '2026-10-01T15:00:00.000Z', EndDateTime: '2026-10-01T15:30:00.000Z', DurationInMinutes: 30 },
  ]);
  store.addRecords('Opportunity', [
    { Id: makeId('006', 1), AccountId: acc(8), Name: 'Pilot', StageName: 'Prospecting', CloseDate: '2027-01-31' },
    { Id: makeId('006', 2), AccountId: acc(0), Name: 'Lost deal', StageName: 'Closed Lost', CloseDate: '2026-01-31' },
  ]);
  org = await startLocalOrg({ store });
});
afterAll(() => org?.close());

describe('readWorked', () => {
  it('counts activity dated in the window or later, open undated Tasks and open Opportunities, and nothing else', async () => {
    const { conn } = await connect({ instanceUrl: org.url, accessToken: org.issueToken() });
    const why = await readWorked(conn, Array.from({ length: 9 }, (_, i) => acc(i)), { since: '2026-11-01' });
    expect(Object.fromEntries(why)).toEqual({
      [acc(1)]: 'Task dated 2026-11-20',
      [acc(2)]: 'open Task dated 2026-12-05',
      [acc(3)]: 'open Task without a date',
      [acc(6)]: 'Event on 2026-11-25',
      [acc(8)]: 'open Opportunity "Pilot" (Prospecting)',
    });
    await expect(readWorked(conn, [acc(1)], { since: '1 Nov' })).rejects.toThrow(/YYYY-MM-DD/);
  });
});
