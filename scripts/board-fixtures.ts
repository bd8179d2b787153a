// Writes the accountScoreBoard jest/preview fixtures from a generated org, so the board is
// shown with realistic books: the GraphQL response the board's query would get for the SDR
// manager (team, per-rep/tier aggregate with expected conversions = the model's probabilities,
// Hot accounts nobody worked in 30 days, top of the pool).
//   node --import tsx scripts/board-fixtures.ts
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateOrg } from '../src/local-org/generate/index.js';
import { loadScoringModel, scoreMatrixRows, scoreOf, tierFor } from '../src/model/index.js';

const OUT = 'force-app/main/default/lwc/accountScoreBoard/__tests__/data';
const POOL = '005000000000000AAA';
const MANAGER = '005000000000001AAA';
const AS_OF = Date.parse('2026-11-01T00:00:00Z');
const DAY = 86_400_000;
const v = (value: unknown) => ({ value });

async function fixture(reps: number, accounts: number, seed: number) {
  const model = await loadScoringModel('model/account-score.onnx');
  const gen = [...generateOrg({ seed, accounts, opportunities: true, owners: { reps }, activity: true })];
  const agg = model.newContactAggregator();
  for (const g of gen) for (const c of g.contacts) agg.add(c as unknown as Record<string, unknown>);
  const recs = gen.map((g) => g.account as Record<string, unknown>);
  const { margins } = await scoreMatrixRows(model, model.encode(recs.map((account) => ({ account, contacts: agg.get(String(account.Id)) }))), recs.length);
  const { makePeople } = await import('../src/local-org/generate/people.js');
  await model.close();
  const people = makePeople({ reps, poolShare: 0.7, regions: true }, '2026-11-01T00:00:00.000+0000');
  const team = people.records.User.filter((u) => u.ManagerId === MANAGER);
  const lastActivity = new Map<string, number>();
  for (const g of gen) {
    for (const t of [...g.tasks, ...g.events]) {
      const d = Date.parse(String(t.ActivityDate ?? t.StartDateTime).slice(0, 10));
      if (d <= AS_OF) lastActivity.set(String(g.account.Id), Math.max(lastActivity.get(String(g.account.Id)) ?? 0, d));
    }
  }
  const rows = recs.map((a, i) => {
    const { score, probability } = scoreOf(model, margins[i]);
    return { a, score, tier: tierFor(score, { hot: 70, warm: 40 }), p: probability };
  });
  const groups = new Map<string, { owner: string; tier: string; n: number; p: number }>();
  for (const r of rows) {
    const owner = String(r.a.OwnerId);
    if (owner === POOL) continue;
    const k = `${owner}|${r.tier}`;
    const g = groups.get(k) ?? { owner, tier: r.tier, n: 0, p: 0 };
    g.n++;
    g.p += r.p;
    groups.set(k, g);
  }
  const node = (r: (typeof rows)[number]) => ({
    Id: String(r.a.Id),
    Name: v(r.a.Name),
    OwnerId: v(r.a.OwnerId),
    Account_Score__c: v(r.score),
    Account_Score_Tier__c: v(r.tier),
  });
  const notWorked = (r: (typeof rows)[number]) => (lastActivity.get(String(r.a.Id)) ?? 0) < AS_OF - 30 * DAY;
  const byScore = [...rows].sort((x, y) => y.score - x.score);
  return {
    uiapi: {
      query: {
        team: { edges: team.map((u) => ({ node: { Id: u.Id, Name: v(`${u.FirstName} ${u.LastName}`) } })) },
        hotNew: { edges: byScore.filter((r) => r.a.OwnerId !== POOL && r.tier === 'Hot' && notWorked(r)).slice(0, 6).map((r) => ({ node: node(r) })) },
        pool: { edges: byScore.filter((r) => r.a.OwnerId === POOL).slice(0, 10).map((r) => ({ node: node(r) })) },
      },
      aggregate: {
        Account: {
          edges: [...groups.values()].map((g) => ({
            node: {
              aggregate: {
                OwnerId: v(g.owner),
                Account_Score_Tier__c: v(g.tier),
                Id: { count: v(g.n) },
                Account_Score_Probability__c: { sum: v(Math.round(g.p * 1e5) / 1e5) },
              },
            },
          })),
        },
      },
    },
  };
}

await writeFile(path.join(OUT, 'team.json'), JSON.stringify(await fixture(8, 4000, 42), null, 1) + '\n');
await writeFile(path.join(OUT, 'manyReps.json'), JSON.stringify(await fixture(24, 9000, 7), null, 1) + '\n');
console.log(`wrote ${OUT}/team.json, manyReps.json`);
