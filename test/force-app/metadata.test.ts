/**
 * Offline validation of force-app: SDR must recognise every component and convert it to
 * metadata-API format; SDR does not check schemas, so this test also states and checks the
 * rules a deploy would enforce for the fields we ship, and that force-app matches the
 * worker's field list (src/salesforce/score-fields.ts) and factors payload shape.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ComponentSet, MetadataConverter } from '@salesforce/source-deploy-retrieve';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ASSIGNMENT_FIELDS } from '../../src/salesforce/assignment-fields.js';
import { SCORE_FIELDS, SCORE_FIELD_NAMES, FactorsPayloadV1 } from '../../src/salesforce/score-fields.js';
import { ModelRecord, MODEL_STATUSES } from '../../src/salesforce/model-registry.js';
import { ACCOUNT_SCORE_MODEL } from '../../src/local-org/objects/content.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FORCE_APP = join(ROOT, 'force-app');
const DEFAULT = join(FORCE_APP, 'main/default');
const LWC = join(DEFAULT, 'lwc/accountScorePanel');

// Tags that may repeat: always parse them as arrays so one-element lists look the same.
const ARRAYS = new Set(['values', 'fieldPermissions', 'objectPermissions', 'columns', 'filters', 'customMetadataTypeAccesses', 'userPermissions', 'targets', 'target', 'object']);
const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  isArray: (name, jpath) => ARRAYS.has(name) || String(jpath).endsWith('valueSetDefinition.value'),
});

// Parsed Salesforce XML is untyped by nature; tests assert on its shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Xml = Record<string, any>;
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
function readXml(path: string): Xml {
  return parser.parse(readFileSync(path, 'utf8'));
}
function fieldsOf(object: string): Map<string, Xml> {
  const dir = join(DEFAULT, 'objects', object, 'fields');
  return new Map(readdirSync(dir).map((f) => [f.replace('.field-meta.xml', ''), readXml(join(dir, f)).CustomField as Xml]));
}
const num = (s: unknown): number => (typeof s === 'string' && s.trim() !== '' ? Number(s) : NaN);

describe('force-app converts with source-deploy-retrieve', () => {
  let out: string;
  let types: Map<string, string[]>;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'account-score-mdapi-'));
    const set = ComponentSet.fromSource(FORCE_APP);
    types = new Map();
    for (const c of set.getSourceComponents().toArray()) {
      types.set(c.type.name, [...(types.get(c.type.name) ?? []), c.fullName]);
      for (const child of c.getChildren()) types.set(child.type.name, [...(types.get(child.type.name) ?? []), child.fullName]);
    }
    await new MetadataConverter().convert(set, 'metadata', { type: 'directory', outputDirectory: out, genUniqueDir: false });
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('recognises every component as a known metadata type', () => {
    expect([...types.keys()].sort()).toEqual(['CustomField', 'CustomMetadata', 'CustomObject', 'LightningComponentBundle', 'ListView', 'PermissionSet', 'ValidationRule']);
    expect(types.get('LightningComponentBundle')!.sort()).toEqual(['accountScoreBoard', 'accountScorePanel']);
    expect(types.get('CustomMetadata')).toEqual(['Account_Score_Setting.Default']);
    expect(types.get('PermissionSet')!.sort()).toEqual(['Account_Score_Admin', 'Account_Score_Integration', 'Account_Score_Viewer']);
    expect(types.get('ListView')!.sort()).toEqual(['Account.Hot_Accounts', 'Account.Score_Rising', 'Account.Unscored_Accounts', 'Account_Score_Model__c.All_Models']);
    expect(types.get('CustomObject')).toContain('Account_Score_Model__c');
    for (const name of SCORE_FIELD_NAMES) expect(types.get('CustomField')).toContain(`Account.${name}`);
  });

  it('writes a package.xml at API 62.0 and leaves tests and tooling files out', () => {
    const pkg = readXml(join(out, 'package.xml')).Package as Xml;
    expect(pkg.version).toBe('62.0');
    const files = walk(out).map((f) => relative(out, f));
    expect(files).toContain('objects/Account.object');
    expect(files).toContain('customMetadata/Account_Score_Setting.Default.md');
    expect(files.some((f) => f.includes('__tests__') || f.endsWith('package.json'))).toBe(false);
    expect(files).toEqual(expect.arrayContaining(['lwc/accountScorePanel/accountScorePanel.js', 'lwc/accountScorePanel/panelModel.js']));
  });

  it('produces well-formed XML everywhere, in source and converted form', () => {
    const xmlFiles = [...walk(FORCE_APP), ...walk(out)].filter((f) => /\.(xml|object|md|permissionset|listView)$|-meta\.xml$/.test(f) && !f.endsWith('.md.txt'));
    expect(xmlFiles.length).toBeGreaterThan(30);
    for (const file of xmlFiles) {
      if (file.endsWith('.md') && !readFileSync(file, 'utf8').startsWith('<?xml')) continue; // README.md
      const result = XMLValidator.validate(readFileSync(file, 'utf8'));
      expect({ file: relative(ROOT, file), result }).toEqual({ file: relative(ROOT, file), result: true });
    }
  });
});

/*
 * Field rules (what a deploy checks, stated here because SDR does not):
 * - every field: fullName equals the file name, label 1-40 chars, description and
 *   inlineHelpText present, help at most 510 chars;
 * - Number: 1 <= precision <= 18, 0 <= scale <= precision;
 * - Text: 1 <= length <= 255; LongTextArea: 256 <= length <= 131072, visibleLines >= 1;
 * - Picklist: at least one value, unique API names, label on each, restricted set;
 * - Checkbox: defaultValue true or false (formula checkboxes too).
 */
function checkField(object: string, name: string, f: Xml): string[] {
  const problems: string[] = [];
  const where = `${object}.${name}`;
  const bad = (msg: string) => problems.push(`${where}: ${msg}`);
  if (f.fullName !== name) bad(`fullName ${f.fullName} differs from file name`);
  if (!f.label || f.label.length > 40) bad(`label must be 1-40 chars, got "${f.label}"`);
  if (!f.description) bad('description missing');
  if (!f.inlineHelpText) bad('inlineHelpText missing');
  else if (f.inlineHelpText.length > 510) bad('inlineHelpText over 510 chars');
  switch (f.type) {
    case 'Number': {
      const p = num(f.precision);
      const s = num(f.scale);
      if (!(p >= 1 && p <= 18)) bad(`precision ${f.precision} not in 1-18`);
      if (!(s >= 0 && s <= p)) bad(`scale ${f.scale} not in 0-precision`);
      break;
    }
    case 'Text':
      if (!(num(f.length) >= 1 && num(f.length) <= 255)) bad(`Text length ${f.length} not in 1-255`);
      break;
    case 'LongTextArea':
      if (!(num(f.length) >= 256 && num(f.length) <= 131072)) bad(`LongTextArea length ${f.length} not in 256-131072`);
      if (!(num(f.visibleLines) >= 1)) bad('visibleLines missing');
      break;
    case 'Picklist': {
      const values: Xml[] = f.valueSet?.valueSetDefinition?.value ?? [];
      const names = values.map((v) => v.fullName);
      if (values.length === 0) bad('picklist has no values');
      if (new Set(names).size !== names.length) bad('duplicate picklist values');
      if (values.some((v) => !v.label)) bad('picklist value without label');
      if (f.valueSet?.restricted !== 'true') bad('picklist must be restricted');
      break;
    }
    case 'Checkbox':
      if (f.defaultValue !== 'true' && f.defaultValue !== 'false') bad('checkbox needs defaultValue');
      break;
    case 'Date':
    case 'DateTime':
      break;
    default:
      bad(`unexpected type ${f.type}`);
  }
  return problems;
}

describe('custom fields', () => {
  const account = fieldsOf('Account');
  const settings = fieldsOf('Account_Score_Setting__mdt');

  it('follow the stated field rules', () => {
    const problems = [
      ...[...account].flatMap(([n, f]) => checkField('Account', n, f)),
      ...[...settings].flatMap(([n, f]) => checkField('Account_Score_Setting__mdt', n, f)),
    ];
    expect(problems).toEqual([]);
  });

  it('match the worker field list in src/salesforce/score-fields.ts exactly (one source of truth)', () => {
    const TYPE: Record<string, string> = { double: 'Number', picklist: 'Picklist', textarea: 'LongTextArea', datetime: 'DateTime', string: 'Text' };
    for (const spec of Object.values(SCORE_FIELDS) as Array<Xml>) {
      const f = account.get(spec.name);
      expect({ field: spec.name, exists: !!f }).toEqual({ field: spec.name, exists: true });
      const actual: Record<string, unknown> = { field: spec.name, type: f!.type, label: f!.label, help: f!.inlineHelpText };
      const expected: Record<string, unknown> = { field: spec.name, type: TYPE[spec.type], label: spec.label, help: spec.help };
      if (spec.precision !== undefined) {
        actual.precision = num(f!.precision);
        actual.scale = num(f!.scale);
        expected.precision = spec.precision;
        expected.scale = spec.scale;
      }
      if (spec.length !== undefined) {
        actual.length = num(f!.length);
        expected.length = spec.length;
      }
      if (spec.values !== undefined) {
        actual.values = (f!.valueSet.valueSetDefinition.value as Xml[]).map((v) => v.fullName);
        expected.values = [...spec.values];
      }
      expect(actual).toEqual(expected);
    }
  });

  it('include the org fields the model reads, with the agreed types', () => {
    const expected: Record<string, string> = {
      Region__c: 'Picklist', GTM_Segment__c: 'Picklist', ABM_Group__c: 'Picklist', Persona__c: 'Picklist',
      Current_Technology__c: 'Text', Researcher_Notes__c: 'LongTextArea', Converted_To_SQL__c: 'Checkbox', Converted_To_SQL_Date__c: 'Date',
    };
    for (const [name, type] of Object.entries(expected)) expect([name, account.get(name)?.type]).toEqual([name, type]);
    expect(account.get('Researcher_Notes__c')!.length).toBe('131072');
    expect((account.get('Region__c')!.valueSet.valueSetDefinition.value as Xml[]).map((v) => v.fullName)).toEqual(['North America', 'EMEA', 'APAC', 'LATAM']);
  });

  it('has the assignment history fields apply writes with OwnerId, as ASSIGNMENT_FIELDS says, and the probability field the board sums', () => {
    for (const spec of Object.values(ASSIGNMENT_FIELDS)) {
      const f = account.get(spec.name)!;
      expect({ name: spec.name, type: f.type, length: num(f.length), label: f.label, help: f.inlineHelpText }).toEqual({
        name: spec.name, type: 'Text', length: spec.length, label: spec.label, help: spec.help,
      });
    }
    const p = account.get('Account_Score_Probability__c')!;
    expect([p.type, num(p.precision), num(p.scale)]).toEqual(['Number', 6, 5]);
  });

  it('has a Score rising formula that compares score with previous score', () => {
    const rising = account.get('Account_Score_Rising__c')!;
    expect(rising.type).toBe('Checkbox');
    expect(rising.formula).toContain(`${SCORE_FIELDS.score.name} > ${SCORE_FIELDS.previousScore.name}`);
  });
});

describe('Account_Score_Setting__mdt Default record', () => {
  const record = readXml(join(DEFAULT, 'customMetadata/Account_Score_Setting.Default.md-meta.xml')).CustomMetadata as Xml;
  const values = new Map<string, string | null>(
    (record.values as Xml[]).map((v) => [v.field, v.value?.['@_xsi:nil'] === 'true' ? null : (v.value?.['#text'] ?? null)]),
  );
  const settingsFields = fieldsOf('Account_Score_Setting__mdt');

  it('only sets fields the type has, and sets every required one', () => {
    for (const field of values.keys()) expect([field, settingsFields.has(field)]).toEqual([field, true]);
    for (const [name, f] of settingsFields) if (f.required === 'true') expect([name, values.get(name) ?? null]).not.toEqual([name, null]);
  });

  it('has valid thresholds and limits (warm < hot, both 0-100)', () => {
    const hot = num(values.get('Hot_Threshold__c'));
    const warm = num(values.get('Warm_Threshold__c'));
    expect([hot, warm]).toEqual([70, 40]);
    expect(warm).toBeLessThan(hot);
    for (const t of [hot, warm]) expect(t >= 0 && t <= 100).toBe(true);
    const tolerance = num(values.get('Score_Change_Tolerance__c'));
    expect(tolerance >= 0 && tolerance < 100).toBe(true);
    const reserve = num(values.get('Api_Reserve_Percent__c'));
    expect(reserve >= 0 && reserve <= 90).toBe(true);
    const top = num(values.get('Top_Factor_Count__c'));
    expect(Number.isInteger(top) && top >= 1 && top <= 10).toBe(true);
  });

  it('has validation rules guarding the same constraints in the org', () => {
    const dir = join(DEFAULT, 'objects/Account_Score_Setting__mdt/validationRules');
    const rules = readdirSync(dir).map((f) => readXml(join(dir, f)).ValidationRule as Xml);
    const warmBelowHot = rules.find((r) => r.fullName === 'Warm_Below_Hot');
    expect(warmBelowHot?.errorConditionFormula).toBe('Warm_Threshold__c >= Hot_Threshold__c');
    for (const r of rules) {
      expect(r.active).toBe('true');
      expect(r.errorMessage).toBeTruthy();
      expect(settingsFields.has(r.errorDisplayField)).toBe(true);
    }
  });
});

describe('permission sets', () => {
  const ps = (name: string) => readXml(join(DEFAULT, `permissionsets/${name}.permissionset-meta.xml`)).PermissionSet as Xml;
  const perms = (p: Xml) => new Map((p.fieldPermissions as Xml[]).map((f) => [f.field as string, { read: f.readable === 'true', edit: f.editable === 'true' }]));
  const scoreFields = SCORE_FIELD_NAMES.map((n) => `Account.${n}`);

  it('viewer reads every score field and edits nothing', () => {
    const p = perms(ps('Account_Score_Viewer'));
    for (const f of scoreFields) expect([f, p.get(f)]).toEqual([f, { read: true, edit: false }]);
    expect([...p.values()].some((v) => v.edit)).toBe(false);
  });

  it('admin reads score fields and has access to the settings type', () => {
    const p = ps('Account_Score_Admin');
    for (const f of scoreFields) expect(perms(p).get(f)).toEqual({ read: true, edit: false });
    expect(p.customMetadataTypeAccesses).toEqual([{ enabled: 'true', name: 'Account_Score_Setting__mdt' }]);
  });

  it('integration edits exactly the score fields and reads what the model reads', () => {
    const p = ps('Account_Score_Integration');
    const fp = perms(p);
    const editable = [...fp].filter(([, v]) => v.edit).map(([k]) => k).sort();
    expect(editable).toEqual([...scoreFields].sort());
    for (const f of ['Account.Region__c', 'Account.Researcher_Notes__c', 'Account.Current_Technology__c', 'Contact.Title', 'Contact.Email']) expect(fp.get(f)?.read).toBe(true);
    expect(p.customMetadataTypeAccesses[0].name).toBe('Account_Score_Setting__mdt');
  });

  it('only grant fields that exist in force-app or are standard fields', () => {
    const objects = new Map([['Account', fieldsOf('Account')], ['Account_Score_Model__c', fieldsOf('Account_Score_Model__c')]]);
    for (const name of ['Account_Score_Viewer', 'Account_Score_Admin', 'Account_Score_Integration']) {
      for (const field of perms(ps(name)).keys()) {
        const [object, api] = field.split('.');
        if (api.endsWith('__c')) expect([name, field, objects.get(object)?.has(api)]).toEqual([name, field, true]);
      }
    }
  });

  it('model registry: admins read and edit every model field and record, the integration user reads them, viewers nothing', () => {
    const modelFields = [...fieldsOf('Account_Score_Model__c').keys()].map((f) => `Account_Score_Model__c.${f}`);
    const objectPerm = (p: Xml) => (p.objectPermissions as Xml[] | undefined)?.find((o) => [o.object].flat()[0] === 'Account_Score_Model__c');
    const admin = ps('Account_Score_Admin');
    for (const f of modelFields) expect([f, perms(admin).get(f)]).toEqual([f, { read: true, edit: true }]);
    expect(objectPerm(admin)).toMatchObject({ allowCreate: 'true', allowEdit: 'true', allowRead: 'true', viewAllRecords: 'true', modifyAllRecords: 'true' });
    const integration = ps('Account_Score_Integration');
    for (const f of modelFields) expect([f, perms(integration).get(f)]).toEqual([f, { read: true, edit: false }]);
    expect(objectPerm(integration)).toMatchObject({ allowCreate: 'false', allowEdit: 'false', allowRead: 'true', viewAllRecords: 'true' });
    expect(objectPerm(ps('Account_Score_Viewer'))).toBeUndefined();
  });
});

describe('Account_Score_Model__c (the model registry)', () => {
  const fields = fieldsOf('Account_Score_Model__c');
  const object = readXml(join(DEFAULT, 'objects/Account_Score_Model__c/Account_Score_Model__c.object-meta.xml')).CustomObject as Xml;

  it('follows the stated field rules; the record name is the model version', () => {
    expect([...fields].flatMap(([n, f]) => checkField('Account_Score_Model__c', n, f))).toEqual([]);
    expect(object.nameField).toEqual({ label: 'Model Version', type: 'Text' });
    expect(fields.get('SHA256__c')).toMatchObject({ unique: 'true', length: '64' });
    expect((fields.get('Status__c')!.valueSet.valueSetDefinition.value as Xml[]).map((v) => v.fullName)).toEqual([...MODEL_STATUSES]);
  });

  it('has exactly the fields the registry reads and the local org defines, with the same types', () => {
    const TYPE: Record<string, string> = { double: 'Number', picklist: 'Picklist', datetime: 'DateTime', string: 'Text' };
    const registry = Object.keys(ModelRecord.shape).filter((k) => k.endsWith('__c')).sort();
    expect([...fields.keys()].sort()).toEqual(registry);
    const local = ACCOUNT_SCORE_MODEL.fields.filter((f) => f.custom);
    expect(local.map((f) => f.name).sort()).toEqual(registry);
    for (const f of local) {
      const x = fields.get(f.name)!;
      const actual: Record<string, unknown> = { field: f.name, type: x.type };
      const expected: Record<string, unknown> = { field: f.name, type: TYPE[f.type] };
      if (f.type === 'double') {
        Object.assign(actual, { p: num(x.precision), s: num(x.scale) });
        Object.assign(expected, { p: f.precision, s: f.scale });
      }
      if (f.type === 'string') {
        Object.assign(actual, { length: num(x.length) });
        Object.assign(expected, { length: f.length });
      }
      expect(actual).toEqual(expected);
    }
  });

  it('has a list view of every model with fields that exist', () => {
    const view = readXml(join(DEFAULT, 'objects/Account_Score_Model__c/listViews/All_Models.listView-meta.xml')).ListView as Xml;
    expect(view.filterScope).toBe('Everything');
    for (const col of view.columns as string[]) if (col.endsWith('__c')) expect([col, fields.has(col)]).toEqual([col, true]);
    expect(view.columns).toEqual(expect.arrayContaining(['NAME', 'Status__c', 'Holdout_ROC_AUC__c']));
  });
});

describe('list views', () => {
  const dir = join(DEFAULT, 'objects/Account/listViews');
  const views = new Map(readdirSync(dir).map((f) => [basename(f, '.listView-meta.xml'), readXml(join(dir, f)).ListView as Xml]));
  const account = fieldsOf('Account');

  it('filter and show only fields that exist', () => {
    for (const [name, v] of views) {
      for (const col of [...v.columns, ...v.filters.map((f: Xml) => f.field)] as string[]) {
        if (col.endsWith('__c')) expect([name, col, account.has(col)]).toEqual([name, col, true]);
      }
    }
  });

  it('define Hot accounts, Score rising and Unscored', () => {
    expect(views.get('Hot_Accounts')!.filters).toEqual([{ field: 'Account_Score_Tier__c', operation: 'equals', value: 'Hot' }]);
    expect(views.get('Hot_Accounts')!.columns[1]).toBe('Account_Score__c');
    // a list view sorts by one column: Expected Conversion orders accounts that share a 2-decimal score
    expect(views.get('Hot_Accounts')!.columns[2]).toBe('Account_Score_Probability__c');
    expect(views.get('Score_Rising')!.filters).toEqual([{ field: 'Account_Score_Rising__c', operation: 'equals', value: '1' }]);
    expect(views.get('Unscored_Accounts')!.filters).toEqual([{ field: 'Account_Score_Date__c', operation: 'equals' }]);
  });
});

describe('accountScorePanel matches the worker contract', () => {
  const js = readFileSync(join(LWC, 'accountScorePanel.js'), 'utf8');
  const model = readFileSync(join(LWC, 'panelModel.js'), 'utf8');

  it('imports every score field through @salesforce/schema, and only fields that exist', () => {
    const imported = [...js.matchAll(/@salesforce\/schema\/Account\.(\w+)/g)].map((m) => m[1]).sort();
    expect(imported).toEqual([...SCORE_FIELD_NAMES].sort());
    const fieldMap = Object.fromEntries([...model.matchAll(/^\s+(\w+): '(\w+__c)'/gm)].map((m) => [m[1], m[2]]));
    expect(fieldMap).toEqual(Object.fromEntries(Object.entries(SCORE_FIELDS).map(([k, v]) => [k, v.name])));
  });

  it('reads FactorsPayloadV1 keys, and its v1 fixtures validate against the worker schema', () => {
    expect(model).toContain('SUPPORTED_FACTORS_VERSION = 1');
    for (const key of Object.keys(FactorsPayloadV1.shape)) expect(model).toContain(`data.${key}`);
    for (const key of Object.keys(FactorsPayloadV1.shape.f.element.shape)) expect(model).toContain(`f.${key}`);
    const fixture = (name: string) => JSON.parse(readFileSync(join(LWC, '__tests__/data', `${name}.json`), 'utf8')).fields.Account_Score_Factors__c.value;
    for (const good of ['scored', 'manyFactors']) expect([good, FactorsPayloadV1.safeParse(JSON.parse(fixture(good))).success]).toEqual([good, true]);
    expect(FactorsPayloadV1.safeParse(JSON.parse(fixture('unknownVersion'))).success).toBe(false);
    expect(() => JSON.parse(fixture('malformedFactors'))).toThrow();
  });

  it('is exposed on Account record pages at API 62.0', () => {
    const meta = readXml(join(LWC, 'accountScorePanel.js-meta.xml')).LightningComponentBundle as Xml;
    expect(meta.apiVersion).toBe('62.0');
    expect(meta.isExposed).toBe('true');
    expect(meta.targets[0].target).toEqual(['lightning__RecordPage']);
    expect(existsSync(join(ROOT, '.forceignore'))).toBe(true);
  });
});
