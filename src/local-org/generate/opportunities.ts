// Opportunities for the generated org (opt-in `opportunities: true`), drawn from their own
// random stream so accounts, contacts and labels are unchanged whether or not they are made.
// A converted account gets an Opportunity created 0-60 days after its conversion date (none yet
// when that falls after asOf), moving through the standard stages over a 30-150 day cycle and
// ending Closed Won or Closed Lost. About 5% of the other accounts carry noise: an old
// Opportunity (mostly lost, some won long ago, a few stale open ones) or a recent lost one.
import { STANDARD_STAGES } from '../opportunity-stages.js';
import { makeId } from '../ids.js';
import { sfDate } from './account.js';
import { sfDateTime } from './contacts.js';
import type { Rng } from './prng.js';

export type Opportunity = Record<string, string | number | boolean | null>;

const DAY_MS = 86_400_000;
const OPEN_STAGES = STANDARD_STAGES.filter((s) => !s.isClosed);
const stage = (name: string) => STANDARD_STAGES.find((s) => s.name === name)!;
const KINDS = ['New Business', 'Pilot', 'Platform', 'Expansion', 'Annual Plan'] as const;
/** Share of non-converted accounts with a (noise) Opportunity. */
export const NOISE_OPPORTUNITY_RATE = 0.05;

export interface OpportunityContext {
  accountId: string;
  accountName: string;
  accountCreatedMs: number;
  /** conversion date (ms) for converted accounts, null otherwise */
  convertedMs: number | null;
  employees: number;
  asOfMs: number;
  /** index of the first Opportunity Id to use */
  firstIndex: number;
}

interface Draft {
  createdMs: number;
  stageName: string;
  closeMs: number;
  modifiedMs: number;
}

/** Walks an Opportunity created at createdMs through the stages up to asOf. */
function progress(rng: Rng, createdMs: number, asOfMs: number, winRate: number): Draft {
  const cycleDays = rng.int(30, 150);
  const ageDays = (asOfMs - createdMs) / DAY_MS;
  const endMs = createdMs + cycleDays * DAY_MS + rng.int(0, 86_399) * 1000;
  if (ageDays >= cycleDays) {
    const won = rng.chance(winRate);
    return { createdMs, stageName: won ? 'Closed Won' : 'Closed Lost', closeMs: endMs, modifiedMs: endMs };
  }
  const reached = Math.min(OPEN_STAGES.length - 1, Math.floor((ageDays / cycleDays) * OPEN_STAGES.length));
  const modifiedMs = createdMs + Math.floor(rng.next() * (asOfMs - createdMs));
  return { createdMs, stageName: OPEN_STAGES[reached].name, closeMs: endMs, modifiedMs };
}

function noise(rng: Rng, ctx: OpportunityContext): Draft | null {
  if (!rng.chance(NOISE_OPPORTUNITY_RATE)) return null;
  const oldEnd = ctx.asOfMs - 200 * DAY_MS;
  if (oldEnd > ctx.accountCreatedMs && rng.chance(0.85)) {
    const createdMs = ctx.accountCreatedMs + Math.floor(rng.next() * (oldEnd - ctx.accountCreatedMs));
    if (rng.chance(0.15)) {
      // a stale open one nobody closed: early stage, close date long past
      const st = rng.pick(OPEN_STAGES.slice(0, 3)).name;
      const closeMs = createdMs + rng.int(30, 120) * DAY_MS;
      return { createdMs, stageName: st, closeMs, modifiedMs: createdMs + rng.int(0, 20) * DAY_MS };
    }
    return progress(rng, createdMs, oldEnd, 0.2); // closed long before the current window
  }
  // a recent one that was lost
  const createdMs = ctx.accountCreatedMs + Math.floor(rng.next() * (ctx.asOfMs - ctx.accountCreatedMs));
  const closeMs = Math.min(ctx.asOfMs, createdMs + rng.int(5, 60) * DAY_MS);
  return { createdMs, stageName: 'Closed Lost', closeMs, modifiedMs: closeMs };
}

export function renderOpportunities(rng: Rng, ctx: OpportunityContext): Opportunity[] {
  let draft: Draft | null = null;
  if (ctx.convertedMs !== null) {
    const createdMs = ctx.convertedMs + rng.int(0, 60) * DAY_MS + rng.int(0, 86_399) * 1000;
    if (createdMs <= ctx.asOfMs) draft = progress(rng, createdMs, ctx.asOfMs, 0.45);
  } else {
    draft = noise(rng, ctx);
  }
  if (!draft) return [];
  const st = stage(draft.stageName);
  const perSeat = rng.int(40, 160);
  const amount = Math.max(1000, Math.round((Math.min(ctx.employees, 5000) * perSeat) / 100) * 100);
  return [
    {
      Id: makeId('006', ctx.firstIndex),
      AccountId: ctx.accountId,
      Name: `${ctx.accountName} - ${rng.pick(KINDS)}`.slice(0, 120),
      StageName: st.name,
      CloseDate: sfDate(draft.closeMs),
      Amount: rng.chance(0.1) ? null : amount,
      Probability: st.probability,
      IsClosed: st.isClosed,
      IsWon: st.isWon,
      CreatedDate: sfDateTime(draft.createdMs),
      LastModifiedDate: sfDateTime(Math.min(ctx.asOfMs, draft.modifiedMs)),
      IsDeleted: false,
    },
  ];
}
