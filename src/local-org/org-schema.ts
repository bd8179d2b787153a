// One org's schema: the standard objects, plus the fields the program starting the org passes
// (`extraFields`, e.g. the product's score fields), then the org directory's schema.json
// (fields removed and added per object). The store, SOQL, DML, Bulk and describe all read
// the store's OrgSchema, so two orgs in one process can differ.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { FieldDef, ObjectDef, STANDARD_OBJECTS, SYSTEM_FIELD_NAMES, fieldDef } from './schema.js';
import { CONTENT_OBJECTS } from './objects/content.js';

const FIELD_TYPES = ['id', 'reference', 'string', 'textarea', 'email', 'url', 'phone', 'picklist', 'boolean', 'int', 'double', 'currency', 'percent', 'date', 'datetime'] as const;

/** A field as a program or schema.json describes it; Salesforce's defaults fill the rest. */
export const FieldSpec = z
  .object({
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'an API name: letters, digits and underscores, starting with a letter'),
    label: z.string().min(1).optional(),
    type: z.enum(FIELD_TYPES).refine((t) => t !== 'id', 'only the org defines Id fields'),
    length: z.number().int().positive().optional(),
    precision: z.number().int().min(1).max(18).optional(),
    scale: z.number().int().min(0).max(17).optional(),
    picklist: z.array(z.string().min(1)).min(1).optional(),
    restricted: z.boolean().optional(),
    referenceTo: z.string().min(1).optional(),
    relationshipName: z.string().min(1).optional(),
    nillable: z.boolean().optional(),
    updateable: z.boolean().optional(),
    createable: z.boolean().optional(),
    custom: z.boolean().optional(),
    required: z.boolean().optional(),
    calculated: z.boolean().optional(),
    calculatedFormula: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const issue = (message: string, path: string) => ctx.addIssue({ code: z.ZodIssueCode.custom, message, path: [path] });
    if (s.type === 'picklist' && !s.picklist) issue('a picklist field needs its values', 'picklist');
    if (s.type !== 'picklist' && s.picklist) issue(`only picklist fields have values (type is ${s.type})`, 'picklist');
    if (s.type === 'reference' && !s.referenceTo) issue('a reference field needs referenceTo', 'referenceTo');
    if (s.type !== 'reference' && s.referenceTo) issue(`only reference fields have referenceTo (type is ${s.type})`, 'referenceTo');
    if ((s.custom ?? s.name.endsWith('__c')) !== s.name.endsWith('__c')) issue('custom field names end in __c, standard ones do not', 'custom');
    if (s.calculatedFormula && s.calculated === false) issue('calculatedFormula is only for calculated fields', 'calculatedFormula');
    if ((s.calculated || s.calculatedFormula) && (s.createable || s.updateable)) issue('a calculated field is read-only', s.createable ? 'createable' : 'updateable');
    if ((s.calculated || s.calculatedFormula) && s.required) issue('a calculated field cannot be required', 'required');
    if (s.scale !== undefined && s.precision !== undefined && s.scale > s.precision) issue('scale cannot exceed precision', 'scale');
  });
export type FieldSpecInput = z.input<typeof FieldSpec>;

/** Fields added per object by the program that starts the org: `{ Account: [...] }`. */
export const ExtraFields = z.record(z.string(), z.array(FieldSpec));
export type ExtraFieldsInput = z.input<typeof ExtraFields>;

/** `<org dir>/schema.json`: how this org's objects differ from the standard ones. */
export const SchemaFile = z
  .object({
    objects: z.record(
      z.string(),
      z
        .object({
          removeFields: z.array(z.string().min(1)).default([]),
          addFields: z.array(FieldSpec).default([]),
        })
        .strict(),
    ),
  })
  .strict();
export type SchemaFileInput = z.input<typeof SchemaFile>;
export type SchemaFileDef = z.infer<typeof SchemaFile>;

export class SchemaError extends Error {}

// Defaults Salesforce's Setup applies when an admin leaves the size blank.
const DEFAULT_LENGTH: Partial<Record<FieldDef['type'], number>> = { string: 255, textarea: 32768, email: 80, url: 255, phone: 40, reference: 18 };

function toFieldDef(s: z.infer<typeof FieldSpec>): FieldDef {
  const calculated = s.calculated ?? s.calculatedFormula !== undefined;
  const numeric = ['double', 'currency', 'percent'].includes(s.type);
  return fieldDef({
    name: s.name,
    type: s.type,
    ...(s.label !== undefined && { label: s.label }),
    ...((s.length ?? DEFAULT_LENGTH[s.type]) !== undefined && { length: s.length ?? DEFAULT_LENGTH[s.type] }),
    ...(numeric && { precision: s.precision ?? 18, scale: s.scale ?? (s.type === 'currency' ? 2 : 0) }),
    ...(s.type === 'int' && { precision: s.precision ?? 18, scale: 0 }),
    ...(s.picklist && { picklist: s.picklist, restricted: s.restricted ?? true }),
    ...(s.referenceTo && { referenceTo: s.referenceTo, relationshipName: s.relationshipName ?? relationshipNameOf(s.name) }),
    ...(s.nillable !== undefined && { nillable: s.nillable }),
    ...(s.custom !== undefined && { custom: s.custom }),
    ...(s.required && { required: true, nillable: false }),
    updateable: calculated ? false : (s.updateable ?? true),
    createable: calculated ? false : (s.createable ?? true),
    ...(calculated && { calculated: true, calculatedFormula: s.calculatedFormula }),
  });
}

/** Salesforce's relationship names: Foo__c -> Foo__r, ParentId -> Parent. */
function relationshipNameOf(field: string): string {
  if (field.endsWith('__c')) return `${field.slice(0, -3)}__r`;
  return field.endsWith('Id') && field.length > 2 ? field.slice(0, -2) : field;
}

/** Formats zod issues with the path, so a bad entry names its object and field. */
export function describeIssues(err: z.ZodError, input: unknown, where: string): string {
  return err.issues
    .map((i) => {
      const path = i.path;
      // Name the field by its API name rather than by its array index when it has one.
      const named = path.map((p, k) => {
        if (typeof p !== 'number') return String(p);
        let node: unknown = input;
        for (const q of path.slice(0, k + 1)) node = (node as Record<string | number, unknown> | undefined)?.[q];
        const name = (node as { name?: unknown } | undefined)?.name;
        return typeof name === 'string' ? name : `[${p}]`;
      });
      return `${where}${named.length ? ` ${named.join('.')}` : ''}: ${i.message}`;
    })
    .join('; ');
}

export class OrgSchema {
  private readonly byName = new Map<string, ObjectDef>();

  private constructor(
    objects: readonly ObjectDef[],
    /** the schema.json this org was built with, written back when the org is saved */
    readonly file: SchemaFileDef | undefined,
  ) {
    for (const o of objects) this.byName.set(o.name.toLowerCase(), o);
  }

  /** The standard objects plus `extraFields`, then the org's schema.json. Throws SchemaError naming the bad entry. */
  static build(opts: { extraFields?: ExtraFieldsInput; file?: unknown } = {}): OrgSchema {
    // Files and the model registry object live in their own module (objects/content.ts)
    const objects = new Map([...STANDARD_OBJECTS, ...CONTENT_OBJECTS].map((o) => [o.name.toLowerCase(), { ...o, fields: [...o.fields], children: [...o.children] }]));
    const find = (name: string, where: string) => {
      const o = objects.get(name.toLowerCase());
      if (!o) throw new SchemaError(`${where}: no object named '${name}' in the local org (it has ${[...objects.values()].map((x) => x.name).join(', ')})`);
      return o;
    };
    const add = (obj: ObjectDef, specs: z.infer<typeof FieldSpec>[], where: string) => {
      for (const spec of specs) {
        // Not findField: it caches an object's index, and these objects are still being built.
        if (obj.fields.some((x) => x.name.toLowerCase() === spec.name.toLowerCase())) {
          throw new SchemaError(`${where} ${obj.name}.${spec.name}: the field already exists on ${obj.name}`);
        }
        if (spec.referenceTo && !objects.has(spec.referenceTo.toLowerCase())) {
          throw new SchemaError(`${where} ${obj.name}.${spec.name}: referenceTo '${spec.referenceTo}' is not an object of the local org`);
        }
        obj.fields.push(toFieldDef(spec));
      }
    };
    if (opts.extraFields) {
      const parsed = ExtraFields.safeParse(opts.extraFields);
      if (!parsed.success) throw new SchemaError(describeIssues(parsed.error, opts.extraFields, 'extraFields'));
      for (const [name, specs] of Object.entries(parsed.data)) add(find(name, 'extraFields'), specs, 'extraFields');
    }
    let file: SchemaFileDef | undefined;
    if (opts.file !== undefined) {
      const parsed = SchemaFile.safeParse(opts.file);
      if (!parsed.success) throw new SchemaError(describeIssues(parsed.error, opts.file, 'schema.json'));
      file = parsed.data;
      for (const [name, change] of Object.entries(file.objects)) {
        const obj = find(name, 'schema.json objects');
        for (const fieldName of change.removeFields) {
          const fd = obj.fields.find((x) => x.name.toLowerCase() === fieldName.toLowerCase());
          if (!fd) throw new SchemaError(`schema.json ${obj.name}.removeFields: no field '${fieldName}' on ${obj.name}`);
          const why = protectedReason(obj, fd, [...objects.values()]);
          if (why) throw new SchemaError(`schema.json ${obj.name}.removeFields: '${fd.name}' cannot be removed (${why})`);
          obj.fields = obj.fields.filter((x) => x !== fd);
        }
        add(obj, change.addFields, 'schema.json addFields');
      }
    }
    return new OrgSchema([...objects.values()], file);
  }

  static standard(): OrgSchema {
    return OrgSchema.build();
  }

  /** Case-insensitive lookup, as Salesforce resolves object names. */
  find(name: string): ObjectDef | undefined {
    return this.byName.get(name.toLowerCase());
  }

  objects(): ObjectDef[] {
    return [...this.byName.values()];
  }
}

// Fields the store computes from or relies on: removing them would break the org, not model one.
const DERIVED: Record<string, readonly string[]> = {
  Contact: ['FirstName', 'LastName', 'Name'],
  User: ['FirstName', 'LastName', 'Name', 'Username'],
  Opportunity: ['StageName', 'IsClosed', 'IsWon', 'Probability'],
  OpportunityStage: ['ApiName', 'MasterLabel', 'IsClosed', 'IsWon', 'DefaultProbability'],
  Account_Score_Setting__mdt: ['DeveloperName', 'MasterLabel'],
};

function protectedReason(obj: ObjectDef, fd: FieldDef, all: ObjectDef[]): string | undefined {
  if (SYSTEM_FIELD_NAMES.includes(fd.name)) return 'a system field every record has';
  if (DERIVED[obj.name]?.includes(fd.name)) return `the org derives ${obj.name} values from it`;
  if (fd.required) return 'a required standard field';
  if (all.some((o) => o.children.some((c) => c.childSObject === obj.name && c.field === fd.name))) return 'a parent relationship other objects list';
  return undefined;
}

/** Reads `<dir>/schema.json` when the org has one. */
export async function readSchemaFile(dir: string): Promise<unknown> {
  const file = join(dir, 'schema.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (e) {
    throw new SchemaError(`${file}: not valid JSON (${(e as Error).message})`);
  }
}
