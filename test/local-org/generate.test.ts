import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isValidId } from '../../src/local-org/ids.js';
import { OrgStore } from '../../src/local-org/store.js';
import { bestAchievableAuc, DEFAULT_SETTINGS_RECORD, generateOrg, rocAuc, writeOrgDir, type AccountRecord } from '../../src/local-org/generate/index.js';
import { COUNTRIES, INDUSTRY_NAMES, type Region } from '../../src/local-org/generate/vocab.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000\+0000$/;
const EMAIL = /^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$/;
const TYPES = ['Prospect', 'Customer - Direct', 'Customer - Channel', 'Channel Partner / Reseller', 'Installation Partner', 'Technology Partner', 'Other'];
const PERSONAS = ['Talent Acquisition', 'HR Operations', 'Sales Leadership', 'Founder', 'Finance', 'IT'];

// Tests that check no rate solve the calibration on its smallest sample: the default 20,000 draws
// cost ~0.7 s of CPU per seed; the rate tests below keep the default.
const CAL = { calibrationSample: 1000 } as const;

function serialise(seed: number, accounts: number): string {
  const out: string[] = [];
  for (const g of generateOrg({ seed, accounts, ...CAL })) out.push(JSON.stringify(g));
  return out.join('\n');
}

describe('generateOrg options', () => {
  it('rejects bad options with the option named', () => {
    expect(() => generateOrg({ seed: 1.5, accounts: 10 })).toThrow(/seed/);
    expect(() => generateOrg({ seed: 1, accounts: -1 })).toThrow(/accounts/);
    expect(() => generateOrg({ seed: 1, accounts: 10, positiveRate: 0 })).toThrow(/positiveRate/);
    expect(() => generateOrg({ seed: 1, accounts: 10, asOf: '2026-13-45' })).toThrow(/asOf/);
    expect(() => generateOrg({ seed: 1, accounts: 10, labelField: 'Converted To SQL' })).toThrow(/labelField/);
    expect(() => generateOrg({ seed: 1, accounts: 10, bogus: true } as never)).toThrow(/bogus/);
  });

  it('writes the label into the fields the caller names', () => {
    const all = [...generateOrg({ seed: 3, accounts: 1000, ...CAL, labelField: 'Won__c', labelDateField: 'Won_Date__c', positiveRate: 0.05 })];
    expect(all.every((g) => typeof g.account.Won__c === 'boolean' && !('Converted_To_SQL__c' in g.account))).toBe(true);
    expect(all.some((g) => g.account.Won__c === true && DATE.test(String(g.account.Won_Date__c)))).toBe(true);
  });
});

describe('generateOrg determinism', () => {
  it('same seed gives byte-identical output, another seed a different org', () => {
    const a = serialise(42, 300);
    expect(serialise(42, 300)).toBe(a);
    expect(serialise(43, 300)).not.toBe(a);
  });

  it('account i is the same whatever the org size (a small org is a prefix of a big one)', () => {
    const small = [...generateOrg({ seed: 9, accounts: 50, ...CAL })];
    const big = [...generateOrg({ seed: 9, accounts: 400, ...CAL })].slice(0, 50);
    expect(JSON.stringify(big)).toBe(JSON.stringify(small));
  });

  it('is lazy: the first accounts of a 50-million-account org arrive one by one, as in a small org', () => {
    // an eager generator would build 50M accounts before the first (and run out of memory)
    const it1 = generateOrg({ seed: 1, accounts: 50_000_000, ...CAL });
    const first = [it1.next(), it1.next(), it1.next()];
    expect(first.map((r) => r.done)).toEqual([false, false, false]);
    const small = [...generateOrg({ seed: 1, accounts: 3, ...CAL })];
    expect(JSON.stringify(first.map((r) => r.value))).toBe(JSON.stringify(small));
    it1.return(undefined);
  });
});

describe('a 20,000-account org', () => {
  const N = 20_000;
  const accounts: AccountRecord[] = [];
  const contactCounts: number[] = [];
  const propensity = new Float64Array(N);
  const label = new Uint8Array(N);
  const emails: (string | null)[] = [];
  const titles: (string | null)[] = [];
  const contactProblems: string[] = [];
  // One generation serves every test: withLatent only adds the read-only latent view (the
  // latent test checks on a prefix that the records are those generated without the option).
  const withoutNoise = new Float64Array(N);
  const latentOnAccount: string[] = [];
  const generated: unknown[] = [];
  const PREFIX = 2000;

  beforeAll(() => {
    let i = 0;
    for (const g of generateOrg({ seed: 2026, accounts: N, withLatent: true })) {
      if ('latent' in g.account) latentOnAccount.push(String(g.account.Id));
      withoutNoise[i] = g.latent!.propensityWithoutNoise;
      if (i < PREFIX) generated.push({ ...g, latent: undefined });
      accounts.push(g.account);
      contactCounts.push(g.contacts.length);
      propensity[i] = g.propensity;
      label[i] = g.account.Converted_To_SQL__c ? 1 : 0;
      if (i < 3000) {
        for (const c of g.contacts) {
          const bad = (why: string) => contactProblems.push(`${String(c.Id)}: ${why}`);
          if (!isValidId(String(c.Id)) || !String(c.Id).startsWith('003')) bad('Id');
          if (c.AccountId !== g.account.Id) bad('AccountId');
          if (typeof c.LastName !== 'string' || c.LastName.length === 0 || c.LastName.length > 80) bad('LastName');
          if (c.FirstName !== null && (typeof c.FirstName !== 'string' || c.FirstName.length > 40)) bad('FirstName');
          if (c.Title !== null && String(c.Title).length > 128) bad('Title');
          if (!DATETIME.test(String(c.CreatedDate)) || String(c.CreatedDate) < String(g.account.CreatedDate)) bad('CreatedDate');
          emails.push(c.Email as string | null);
          titles.push(c.Title as string | null);
        }
      }
      i++;
    }
  });

  it('realises the requested positive rate', () => {
    const rate = label.reduce((s, v) => s + v, 0) / N;
    expect(Math.abs(rate - 0.03)).toBeLessThan(0.006);
  });

  it('hits a low positive rate too (0.5%)', () => {
    let pos = 0;
    for (const g of generateOrg({ seed: 11, accounts: N, positiveRate: 0.005 })) if (g.account.Converted_To_SQL__c) pos++;
    expect(Math.abs(pos / N - 0.005)).toBeLessThan(0.0025);
  });

  it('has a realistic best achievable AUC (signal, but far from perfect)', () => {
    // Band narrowed from 0.7-0.97 when the unobservable noise went from 1.0 to 0.35 sd: the
    // ceiling now sits around 0.85-0.87, so a drift either way means the story changed.
    const auc = rocAuc(propensity, label);
    expect(auc).toBeGreaterThan(0.8);
    expect(auc).toBeLessThan(0.93);
  });

  it('keeps the unexplained part small: knowing every latent signal reaches ~all of the best AUC', () => {
    expect(latentOnAccount).toEqual([]);
    // Same accounts, contacts, labels and propensities as without the option: the latent view is
    // read-only (account i does not depend on the org size, so a prefix is the same org's start).
    const plain = [...generateOrg({ seed: 2026, accounts: PREFIX })];
    expect(plain[0]).not.toHaveProperty('latent');
    expect(JSON.stringify(plain)).toBe(JSON.stringify(generated));
    expect(rocAuc(withoutNoise, label) / rocAuc(propensity, label)).toBeGreaterThan(0.97);
  });

  it('carries the label signal in the notes: funded + hiring converts more, layoffs less', () => {
    const overall = label.reduce((s, v) => s + v, 0) / N;
    const rateWhere = (re1: RegExp, re2?: RegExp) => {
      let n = 0;
      let p = 0;
      accounts.forEach((a, i) => {
        const notes = String(a.Researcher_Notes__c ?? '');
        if (re1.test(notes) && (!re2 || re2.test(notes))) {
          n++;
          p += label[i];
        }
      });
      return { n, rate: p / Math.max(n, 1) };
    };
    const hot = rateWhere(/series [abc]\b|raised/i, /hiring|open reqs|open roles/i);
    const layoffs = rateWhere(/layoffs|cut \d+% of staff|RIF/i);
    expect(hot.n).toBeGreaterThan(200);
    expect(hot.rate).toBeGreaterThan(1.5 * overall);
    expect(layoffs.n).toBeGreaterThan(100);
    expect(layoffs.rate).toBeLessThan(overall);
  });

  it('gives valid field shapes, picklist values and consistent firmographics', () => {
    const regionOfCountry = new Map<string, Region>();
    for (const [region, countries] of Object.entries(COUNTRIES)) for (const c of countries) for (const [name] of c.names) regionOfCountry.set(name, region as Region);
    const problems: string[] = [];
    accounts.forEach((a, i) => {
      const bad = (field: string) => problems.push(`${String(a.Id)}.${field} = ${JSON.stringify(a[field])?.slice(0, 60)}`);
      if (!isValidId(String(a.Id)) || !String(a.Id).startsWith('001') || String(a.Id).length !== 18) bad('Id');
      if (!isValidId(String(a.OwnerId)) || !String(a.OwnerId).startsWith('005')) bad('OwnerId');
      if (typeof a.Name !== 'string' || a.Name.length === 0 || a.Name.length > 255) bad('Name');
      if (a.Type !== null && !TYPES.includes(String(a.Type))) bad('Type');
      if (a.Industry !== null && !INDUSTRY_NAMES.includes(String(a.Industry))) bad('Industry');
      if (!['North America', 'EMEA', 'APAC', 'LATAM'].includes(String(a.Region__c))) bad('Region__c');
      if (!['SMB', 'Mid-Market', 'Enterprise'].includes(String(a.GTM_Segment__c))) bad('GTM_Segment__c');
      if (![null, 'Tier 1', 'Tier 2', 'Tier 3'].includes(a.ABM_Group__c as string | null)) bad('ABM_Group__c');
      if (a.Persona__c !== null && !PERSONAS.includes(String(a.Persona__c))) bad('Persona__c');
      if (a.NumberOfEmployees !== null && !(Number.isInteger(a.NumberOfEmployees) && (a.NumberOfEmployees as number) >= 1)) bad('NumberOfEmployees');
      if (a.AnnualRevenue !== null && !(Number.isInteger(a.AnnualRevenue) && (a.AnnualRevenue as number) > 0)) bad('AnnualRevenue');
      if (a.BillingCity !== null && String(a.BillingCity).length > 40) bad('BillingCity');
      if (a.BillingCountry !== null && regionOfCountry.get(String(a.BillingCountry)) !== a.Region__c) bad('BillingCountry');
      if (a.Current_Technology__c !== null && String(a.Current_Technology__c).length > 255) bad('Current_Technology__c');
      if (!DATETIME.test(String(a.CreatedDate)) || !DATETIME.test(String(a.LastModifiedDate))) bad('CreatedDate');
      if (String(a.LastModifiedDate) < String(a.CreatedDate) || a.SystemModstamp !== a.LastModifiedDate) bad('LastModifiedDate');
      if (a.IsDeleted !== false) bad('IsDeleted');
      if (a.Converted_To_SQL__c !== (label[i] === 1)) bad('Converted_To_SQL__c');
      if (label[i]) {
        const days = (Date.parse('2026-11-01') - Date.parse(String(a.Converted_To_SQL_Date__c))) / 86_400_000;
        if (!DATE.test(String(a.Converted_To_SQL_Date__c)) || !(days >= 0 && days < 181)) bad('Converted_To_SQL_Date__c');
      } else if (a.Converted_To_SQL_Date__c !== null) bad('Converted_To_SQL_Date__c');
    });
    expect(problems.slice(0, 10)).toEqual([]);
    expect(contactProblems.slice(0, 10)).toEqual([]);
    // Segments follow headcount (with some fuzz at the boundaries, as in real CRMs).
    const median = (seg: string) => {
      const xs = accounts.filter((a) => a.GTM_Segment__c === seg && a.NumberOfEmployees !== null).map((a) => a.NumberOfEmployees as number);
      xs.sort((x, y) => x - y);
      return xs[xs.length >> 1];
    };
    expect(median('SMB')).toBeLessThan(200);
    expect(median('Mid-Market')).toBeGreaterThan(200);
    expect(median('Mid-Market')).toBeLessThan(2000);
    expect(median('Enterprise')).toBeGreaterThan(2000);
    const smbOut = accounts.filter((a) => a.GTM_Segment__c === 'SMB' && (a.NumberOfEmployees as number) > 400).length;
    expect(smbOut).toBe(0);
    // Missing revenue is common and not uniform across segments.
    const missing = accounts.filter((a) => a.AnnualRevenue === null).length / N;
    expect(missing).toBeGreaterThan(0.1);
    expect(missing).toBeLessThan(0.45);
  });

  it('writes notes with the variety researchers produce', () => {
    const notes = accounts.map((a) => a.Researcher_Notes__c as string | null);
    const share = (f: (s: string) => boolean) => notes.filter((s) => s !== null && f(s)).length / N;
    // ~21% empty (was 32%: researchers now cover more accounts, see README.md); still a real share.
    expect(notes.filter((s) => s === null).length / N).toBeGreaterThan(0.15);
    expect(notes.some((s) => s !== null && s.length >= 40_000)).toBe(true);
    expect(notes.every((s) => s === null || s.length <= 131_072)).toBe(true);
    expect(share((s) => /[\u3040-\u30ff\u4e00-\u9fff]|[\u0400-\u04ff]|[\u0600-\u06ff]/.test(s))).toBeGreaterThan(0.005);
    expect(share((s) => /hirng|hiriing|seires|fundng|raisd|layofs/i.test(s))).toBeGreaterThan(0.005);
    expect(share((s) => /\p{Extended_Pictographic}/u.test(s))).toBeGreaterThan(0.01);
    expect(share((s) => /[éãüöíóçñ]/i.test(s))).toBeGreaterThan(0.005);
    expect(share((s) => /not hiring|hiring freeze|no funding|bootstrapped/i.test(s))).toBeGreaterThan(0.02);
    expect(share((s) => s === s.toLowerCase() && /[a-z]{4}/.test(s))).toBeGreaterThan(0.05);
  });

  it('gives heavy-tailed contact counts that grow with company size', () => {
    const sorted = [...contactCounts].sort((a, b) => a - b);
    const mean = contactCounts.reduce((s, v) => s + v, 0) / N;
    expect(mean).toBeGreaterThan(4);
    expect(mean).toBeLessThan(6);
    expect(sorted[0]).toBe(0);
    expect(sorted[N - 1]).toBeGreaterThanOrEqual(100);
    expect(sorted[Math.floor(N * 0.99)]).toBeGreaterThan(5 * Math.max(1, sorted[N >> 1]));
    const meanFor = (seg: string) => {
      const idx = accounts.map((a, i) => (a.GTM_Segment__c === seg ? i : -1)).filter((i) => i >= 0);
      return idx.reduce((s, i) => s + contactCounts[i], 0) / idx.length;
    };
    expect(meanFor('Enterprise')).toBeGreaterThan(3 * meanFor('SMB'));
  });

  it('gives contacts realistic titles and well-formed emails, some free-mail, some missing', () => {
    expect(emails.length).toBeGreaterThan(5000);
    expect(emails.filter((e) => e !== null && (!EMAIL.test(e) || e.length > 80)).slice(0, 5)).toEqual([]);
    const nulls = emails.filter((e) => e === null).length / emails.length;
    const free = emails.filter((e) => e !== null && /@(gmail|yahoo|outlook|hotmail|icloud|aol|live)\./.test(e)).length / emails.length;
    expect(nulls).toBeGreaterThan(0.03);
    expect(free).toBeGreaterThan(0.02);
    expect(free).toBeLessThan(0.4);
    for (const t of ['CEO', 'Chief People Officer', 'VP, Talent', 'Head of Recruiting', 'Recruiter', 'Intern', 'Dir. Talent Acquisition']) expect(titles).toContain(t);
    expect(titles).toContain(null);
  });
});

describe('writeOrgDir', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'gen-org-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes an org directory that round-trips line by line, and the truth file outside it', async () => {
    const dir = path.join(root, 'org');
    const truthFile = path.join(root, 'org.truth.csv');
    const progress: number[] = [];
    const res = await writeOrgDir(dir, { seed: 5, accounts: 1500, ...CAL }, { truthFile, progressEvery: 500, onProgress: (d) => progress.push(d) });
    expect(progress).toEqual([500, 1000, 1500, 1500]);
    expect((await readdir(dir)).sort()).toEqual(['Account.ndjson', 'Account_Score_Setting__mdt.ndjson', 'Contact.ndjson']);

    const lines = async (f: string) => (await readFile(f, 'utf8')).split('\n').filter((l) => l !== '');
    const acc = (await lines(path.join(dir, 'Account.ndjson'))).map((l) => JSON.parse(l) as AccountRecord);
    const con = (await lines(path.join(dir, 'Contact.ndjson'))).map((l) => JSON.parse(l) as Record<string, unknown>);
    const set = (await lines(path.join(dir, 'Account_Score_Setting__mdt.ndjson'))).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(acc).toHaveLength(1500);
    expect(con).toHaveLength(res.contacts);
    expect(set).toEqual([DEFAULT_SETTINGS_RECORD]);
    expect(set[0]).toMatchObject({ DeveloperName: 'Default', Hot_Threshold__c: 70, Warm_Threshold__c: 40, Model_Version__c: null });
    expect(acc.filter((a) => a.Converted_To_SQL__c === true)).toHaveLength(res.positives);
    const accountIds = new Set(acc.map((a) => a.Id));
    expect(con.every((c) => accountIds.has(c.AccountId as string))).toBe(true);
    // Same records as the in-memory generator.
    expect(JSON.stringify(acc)).toBe(JSON.stringify([...generateOrg({ seed: 5, accounts: 1500, ...CAL })].map((g) => g.account)));
    // No ground truth leaks into the org.
    expect(acc.every((a) => !('propensity' in a))).toBe(true);

    const truth = await lines(truthFile);
    expect(truth[0]).toBe('Id,propensity,label');
    expect(truth).toHaveLength(1501);
    expect(truth[1].split(',')[0]).toBe(acc[0].Id);
    expect(await bestAchievableAuc(truthFile)).toBeCloseTo(res.bestAchievableAuc!, 12);
    expect(res.bytes.total).toBe(res.bytes.account + res.bytes.contact + res.bytes.settings + res.bytes.truth);
  });

  it('loads into the local org store with every record accepted by its schema', async () => {
    const dir = path.join(root, 'org-load');
    const res = await writeOrgDir(dir, { seed: 21, accounts: 800, ...CAL }, { truthFile: path.join(root, 'org-load.truth.csv') });
    const store = await OrgStore.loadDir(dir);
    expect(store.count('Account')).toBe(800);
    expect(store.count('Contact')).toBe(res.contacts);
    const first = [...generateOrg({ seed: 21, accounts: 1, ...CAL })][0].account;
    const back = store.get('Account', String(first.Id))!;
    for (const f of ['Name', 'Industry', 'NumberOfEmployees', 'Researcher_Notes__c', 'GTM_Segment__c', 'Converted_To_SQL__c', 'CreatedDate']) {
      expect(back[f] ?? null).toEqual(first[f]);
    }
  });

  it('refuses a truth file inside the org directory and writes nothing', async () => {
    const dir = path.join(root, 'org2');
    await expect(writeOrgDir(dir, { seed: 1, accounts: 10 }, { truthFile: path.join(dir, 'truth.csv') })).rejects.toThrow(/outside the org directory/);
    await expect(readdir(dir)).rejects.toThrow();
  });

  it('reports a corrupt truth file with its line number', async () => {
    const { writeFile } = await import('node:fs/promises');
    const f = path.join(root, 'bad.truth.csv');
    await writeFile(f, 'Id,propensity,label\n001000000000000AAA,0.2,1\n001000000000001AAA,abc,0\n');
    await expect(bestAchievableAuc(f)).rejects.toThrow(/bad\.truth\.csv:3/);
  });
});

describe('rocAuc', () => {
  it('is exact, with ties counted as half', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
    expect(rocAuc([0.5, 0.5, 0.5], [1, 0, 0])).toBeCloseTo(0.5, 12);
    expect(rocAuc([0.2, 0.5, 0.5, 0.9], [0, 1, 0, 1])).toBeCloseTo(0.875, 12);
  });
  it('refuses one-class labels and non-finite scores', () => {
    expect(() => rocAuc([0.1, 0.2], [1, 1])).toThrow(/positives/);
    expect(() => rocAuc([0.1, Number.NaN], [0, 1])).toThrow(/index 1/);
  });
});
