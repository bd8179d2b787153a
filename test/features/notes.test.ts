import { describe, it, expect } from '@jest/globals';
import { defaultFeatureSpec, parseNotes } from '../../src/features/index.js';

const spec = defaultFeatureSpec();
const sig = (text: unknown) => parseNotes(spec, text).signals;

describe('parseNotes: funding, round and amount', () => {
  it('reads a dense real-looking note', () => {
    const s = sig('Raised $40M Series B in March; hiring 12 SDRs across Austin and Dublin; new VP Talent since Q2');
    expect(s).toMatchObject({
      notes_funding: true,
      notes_round: 'B',
      notes_amount: 40e6,
      notes_hiring: true,
      notes_hiring_locations: 2,
      notes_new_leader: true,
      notes_layoffs: false,
    });
  });

  it('treats "no funding yet, bootstrapped" as no funding', () => {
    expect(sig('No funding yet, bootstrapped')).toMatchObject({ notes_funding: false, notes_round: 'none', notes_amount: null });
  });

  it('reads a misspelled round and a bare magnitude amount', () => {
    expect(sig('Seires C (120m)')).toMatchObject({ notes_round: 'C', notes_amount: 120e6, notes_funding: true });
  });

  it('folds accents and converts euros', () => {
    const s = sig('Série B de 15 M€');
    expect(s.notes_round).toBe('B');
    expect(s.notes_amount).toBeCloseTo(15e6 * 1.08, -1);
  });

  it.each([
    ['raised $40M', 40e6],
    ['closed a 40 million dollar round', 40e6],
    ['funding: €12m from Atomico', 12e6 * 1.08],
    ['Series D, raised 1.2B', 1.2e9],
    ['seed round of $500k', 500e3],
    ['raised $1,200,000 in seed', 1.2e6],
    ['levée de fonds de 1,5 M€', 1.5e6 * 1.08],
  ])('parses the amount in %j', (text, usd) => {
    expect(sig(text).notes_amount).toBeCloseTo(usd, -1);
  });

  it('keeps the highest round and the largest amount stated', () => {
    expect(sig('Seed in 2019 ($2M). Raised $30M Series A last year')).toMatchObject({ notes_round: 'A', notes_amount: 30e6 });
  });

  it('ignores numbers that are not funding amounts', () => {
    const s = sig('Hiring 12 SDRs in Q3; 250 employees; headcount up 30% since 2021. Revenue around $40M.');
    expect(s.notes_amount).toBeNull();
    expect(s.notes_funding).toBe(false);
  });

  it('does not read "raised concerns" as funding', () => {
    expect(sig('CFO raised concerns about pricing')).toMatchObject({ notes_funding: false });
  });

  it('does not negate across clauses', () => {
    expect(sig('No layoffs, hiring fast in Berlin and Paris')).toMatchObject({ notes_layoffs: false, notes_hiring: true, notes_hiring_locations: 2 });
    expect(sig('no ATS and hiring 5 devs')).toMatchObject({ notes_hiring: true });
  });
});

describe('parseNotes: hiring, growth, turnover, leaders', () => {
  it.each([
    ['not hiring atm', false],
    ['Hiring freeze since May', false],
    ['hiring is on hold until Q1', false],
    ["They aren't hiring this year", false],
    ['hirng aggressively', true],
    ['Recuiting for 4 nurses', true],
    ['10 open roles on their careers page', true],
    ['Hiring: none', false],
  ])('hiring in %j is %p', (text, expected) => {
    expect(sig(text).notes_hiring).toBe(expected);
  });

  it('counts hiring locations stated as a number or named', () => {
    expect(sig('Hiring in 3 locations (NYC, London, Berlin)').notes_hiring_locations).toBe(3);
    expect(sig('Hiring across two offices').notes_hiring_locations).toBe(2);
    expect(sig('Hiring engineers in München and Zürich, plus Tokyo').notes_hiring_locations).toBe(3);
    // Places outside a hiring sentence do not count.
    expect(sig('HQ in London. Hiring 3 AEs.').notes_hiring_locations).toBe(0);
  });

  it.each([
    ['layoffs in Q3', 'notes_layoffs'],
    ['headcount down 20%', 'notes_layoffs'],
    ['restructuring after the merger', 'notes_layoffs'],
    ['high turnover in the support team', 'notes_turnover'],
    ['attrition around 30%', 'notes_turnover'],
    ['headcount up 35% YoY', 'notes_growth'],
    ['hypergrowth, doubled headcount', 'notes_growth'],
    ['New CHRO joined in May', 'notes_new_leader'],
    ['appointed a new Head of Talent', 'notes_new_leader'],
    ['evaluating ATS vendors, RFP in Q4', 'notes_evaluating'],
    ['unhappy with Workday, manual screening', 'notes_tool_pain'],
    ['acquired by Oracle last year', 'notes_acquisition'],
  ])('%j sets %s', (text, id) => {
    expect(sig(text)[id]).toBe(true);
  });

  it('tolerates an explicit "no" after a colon', () => {
    expect(sig('Funding: none. Growth: no')).toMatchObject({ notes_funding: false, notes_growth: false });
  });

  it('reads " - no" as a negation only when it ends the fragment', () => {
    expect(sig('Hiring - no').notes_hiring).toBe(false);
    expect(sig('Hiring: none yet').notes_hiring).toBe(false);
    // " - " also separates fragments: the "no" belongs to the next one.
    expect(sig('self-funded - actively hiring - no tool, all via email').notes_hiring).toBe(true);
  });

  it.each([
    ['Greenhouse customer (per job posts)', 'notes_hiring'],
    ['using Excel for hiring', 'notes_hiring'],
    ['hiriing freeze', 'notes_hiring'],
    ['champion left, call back in Q1', 'notes_turnover'],
    ['raising a seed roud (not closed)', 'notes_funding'],
    ['looikng to raise Serie A next yr', 'notes_funding'],
  ])('%j does not set %s', (text, id) => {
    expect(sig(text)[id]).toBe(false);
  });

  it('reads rounds typed in a hurry and after a possessive', () => {
    expect(sig('33m B-rnd 10/26')).toMatchObject({ notes_round: 'B', notes_funding: true });
    expect(sig('Point Nine led their A round 3/26, €17M')).toMatchObject({ notes_round: 'A', notes_funding: true });
    expect(sig('closed a round of $5M').notes_round).toBe('none');
    expect(sig('raising a seed round (not closed)').notes_round).toBe('none');
  });
});

describe('parseNotes: when, how many, who', () => {
  const asOf = new Date('2026-11-01T00:00:00Z');
  const at = (text: string) => parseNotes(spec, text, { asOf }).signals;

  it.each([
    ['Raised $40M Series B in March', 8],
    ['$8M Series A Mar 2026', 8],
    ['closed $3M seed round 3/26', 8],
    ['Accel led their Series A in 2025, $12M', 17],
    ['raised Series C last month', 1],
    ['Seed in 2019 ($2M). Raised $30M Series A last year', 12],
    ['raised 18 months ago', 18],
    ['series b just announced', 0],
  ])('reads when the funding in %j was (%p months before the as-of date)', (text, months) => {
    expect(at(text).notes_funding_months_ago).toBe(months);
  });

  it('leaves the funding date unstated when no date follows a funding mention', () => {
    expect(at('series b - $40m (Accel)').notes_funding_months_ago).toBeNull();
    expect(at('HQ in Berlin since March').notes_funding_months_ago).toBeNull();
    expect(at('might raise in 2027?').notes_funding_months_ago).toBeNull();
    // A number after a month is not a year.
    expect(at('Raised $40M Series B in March, 12 SDRs hired').notes_funding_months_ago).toBe(8);
  });

  it('counts the open roles stated in a hiring context', () => {
    expect(at('hiring 12 SDRs in Austin').notes_hiring_count).toBe(12);
    expect(at('lots of open roles (25+) on LinkedIn').notes_hiring_count).toBe(25);
    expect(at('hiring a recruiter in Austin').notes_hiring_count).toBe(1);
    expect(at('Hiring: 5 devs').notes_hiring_count).toBe(5);
    expect(at('actively hiring').notes_hiring_count).toBe(0);
    expect(at('250 employees, 12 offices').notes_hiring_count).toBe(0);
  });

  it('reads the headcount growth stated, only in a growth context', () => {
    expect(at('headcount grew 35% YoY').notes_growth_pct).toBe(35);
    expect(at('+40% headcount (LinkedIn)').notes_growth_pct).toBe(40);
    expect(at('doubled the team since last yr').notes_growth_pct).toBe(100);
    expect(at('growing fast').notes_growth_pct).toBe(0);
    expect(at('cut 20% of staff').notes_growth_pct).toBe(0);
  });

  it('tells a new talent/people leader (the buyer) from other new leaders, and when they started', () => {
    expect(at('VP of Recruiting started in June 🎉')).toMatchObject({ notes_new_talent_leader: true, notes_new_leader: true, notes_leader_months_ago: 5 });
    expect(at('new Head of Talent Acquisition since Q2')).toMatchObject({ notes_new_talent_leader: true, notes_leader_months_ago: 7 });
    expect(at('CHRO is new (Mar)')).toMatchObject({ notes_new_talent_leader: true, notes_leader_months_ago: 8 });
    expect(at('New CRO joined Sep')).toMatchObject({ notes_new_talent_leader: false, notes_new_leader: true, notes_leader_months_ago: 2 });
  });
});

describe('parseNotes: robustness', () => {
  it.each([null, undefined, '', '   \n '])('marks %p notes as missing with null signals', (text) => {
    const r = parseNotes(spec, text);
    expect(r.missing).toBe(true);
    expect(Object.values(r.signals).every((v) => v === null)).toBe(true);
    expect(Object.keys(r.signals)).toHaveLength(spec.notes!.signals.length);
  });

  it('does not crash on non-Latin text and emojis, and still finds signals next to them', () => {
    expect(parseNotes(spec, '日本語のメモ кириллица العربية 🚀🔥').missing).toBe(false);
    expect(sig('🚀 Raised $10M Series A 🎉 — 東京 office, hiring in 東京 and Osaka')).toMatchObject({
      notes_round: 'A',
      notes_amount: 10e6,
      notes_hiring_locations: 2,
    });
  });

  // A regex that backtracks catastrophically would not finish within the test timeout on these
  // inputs; no wall-clock assertion (a busy machine must not fail them).
  it('parses a 50 KB note', () => {
    const para = 'Raised $40M Series B in March; hiring 12 SDRs across Austin and Dublin; new VP Talent since Q2. ';
    const text = para.repeat(Math.ceil(50_000 / para.length));
    expect(sig(text)).toMatchObject({ notes_round: 'B', notes_hiring_locations: 2 });
  });

  it.each([
    ['digits', '1'.repeat(50_000)],
    ['digit groups', '1,111'.repeat(10_000)],
    ['repeated words', 'series '.repeat(7_000)],
    ['negation cues', 'no not never '.repeat(4_000)],
    ['currency soup', '$€£ m b '.repeat(6_000)],
    ['no spaces', 'a'.repeat(50_000)],
    ['decimals', '1.1.1.1.'.repeat(6_000)],
  ])('finishes on pathological input (%s)', (_name, text) => {
    const r = parseNotes(spec, text);
    expect(r.missing).toBe(false);
  });

  it('returns evidence for explanations', () => {
    expect(parseNotes(spec, 'They raised $40M Series B').evidence).toMatchObject({ notes_round: 'series b', notes_amount: '$40m' });
  });
});

describe('parseNotes: phrasings researchers actually use', () => {
  it.each([
    ['Ser. C (€46M) led by Atomico, Mar 2024', { notes_round: 'C', notes_funding: true }],
    ['C-round - usd 60m (Accel)', { notes_round: 'C', notes_amount: 60e6 }],
    ['Raised 12 mil A round last spring', { notes_round: 'A', notes_amount: 12e6 }],
    ['closed a round of funding', { notes_round: 'none', notes_funding: true }],
    ['looking to raise Series A next yr', { notes_round: 'none', notes_funding: false }],
    ['not VC-backed afaik', { notes_funding: false }],
    ['family owned, no investors', { notes_funding: false }],
    ['1 open req on careers page', { notes_hiring: true }],
    ['froze hiring this yr', { notes_hiring: false }],
    ['hiring freeze lifted, 12 open reqs', { notes_hiring: true }],
    ['+35% headcount (LinkedIn)', { notes_growth: true }],
    ['headcount 2x in 12 months', { notes_growth: true }],
    ['cut 15% of staff in Mar', { notes_layoffs: true }],
    ['LI shows -12% employees', { notes_layoffs: true }],
    ['recruiters keep leaving', { notes_turnover: true }],
    ['Chief People Officer started in March', { notes_new_leader: true }],
    ['HQ in Toronto | hiring 5 devs in Austin', { notes_hiring_locations: 1 }],
  ])('%j', (text, expected) => {
    expect(sig(text)).toMatchObject(expected);
  });
});
