// Tasks and Events for the generated org (opt-in `activity`), from their own random stream.
// Reps work most of their own book (recent completed calls, some open follow-ups); a few pool
// accounts are being worked too (an open Task or a recent Event by some rep), which is what
// assignment must leave alone; a few have only old completed Tasks, which it may hand out.
import { makeId } from '../ids.js';
import { sfDate } from './account.js';
import { sfDateTime } from './contacts.js';
import type { Rng } from './prng.js';

export type ActivityRecord = Record<string, string | number | boolean | null>;

const DAY_MS = 86_400_000;
const SUBJECTS = ['Intro call', 'Follow-up email', 'Discovery call', 'LinkedIn touch', 'Send case study', 'Book demo'];

export interface ActivityContext {
  accountId: string;
  ownerId: string;
  /** true when the owner is the pool user */
  inPool: boolean;
  /** a rep to own activity on pool accounts */
  someRep: string;
  asOfMs: number;
  firstTask: number;
  firstEvent: number;
}

export function renderActivity(rng: Rng, ctx: ActivityContext): { tasks: ActivityRecord[]; events: ActivityRecord[] } {
  const tasks: ActivityRecord[] = [];
  const events: ActivityRecord[] = [];
  const task = (daysFromNow: number, open: boolean, owner: string) => {
    const due = ctx.asOfMs + daysFromNow * DAY_MS;
    tasks.push({
      Id: makeId('00T', ctx.firstTask + tasks.length),
      Subject: rng.pick(SUBJECTS),
      WhatId: ctx.accountId,
      OwnerId: owner,
      ActivityDate: sfDate(due),
      Status: open ? rng.pick(['Not Started', 'In Progress']) : 'Completed',
      Priority: rng.chance(0.2) ? 'High' : 'Normal',
      Type: rng.pick(['Call', 'Email', 'Other']),
      CreatedDate: sfDateTime(Math.min(ctx.asOfMs, due) - rng.int(0, 10) * DAY_MS),
    });
  };
  const event = (daysFromNow: number, owner: string) => {
    const start = ctx.asOfMs + daysFromNow * DAY_MS + rng.int(8, 17) * 3_600_000;
    events.push({
      Id: makeId('00U', ctx.firstEvent + events.length),
      Subject: 'Meeting',
      WhatId: ctx.accountId,
      OwnerId: owner,
      StartDateTime: sfDateTime(start),
      EndDateTime: sfDateTime(start + 30 * 60_000),
      DurationInMinutes: 30,
      CreatedDate: sfDateTime(Math.min(ctx.asOfMs, start) - rng.int(1, 14) * DAY_MS),
    });
  };
  if (!ctx.inPool) {
    if (rng.chance(0.6)) for (let n = rng.int(1, 3); n > 0; n--) task(-rng.int(1, 120), false, ctx.ownerId);
    if (rng.chance(0.25)) task(rng.int(-5, 14), true, ctx.ownerId);
    if (rng.chance(0.1)) event(rng.int(-30, 10), ctx.ownerId);
  } else {
    const r = rng.next();
    if (r < 0.03) task(rng.int(-20, 10), true, ctx.someRep);
    else if (r < 0.045) event(-rng.int(1, 25), ctx.someRep);
    else if (r < 0.1) task(-rng.int(90, 400), false, ctx.someRep);
  }
  return { tasks, events };
}
