// The shapes SOQL evaluation passes around: resolved paths, operands, results.
import type { FieldDef, ObjectDef, StorageKind } from '../schema.js';
import type { PlainRecord } from '../values.js';
import type { Table } from '../table.js';
import type { Stored } from '../values.js';

/** A resolved field path: Account.Name from Contact is [AccountId ref -> Account table, Name]. */
export interface Path {
  raw: string;
  /** canonical names along the path, e.g. ['Account', 'Name'] */
  names: string[];
  /** relationship hops */
  hops: { ref: FieldDef; relName: string; target: Table; read: (row: number) => Stored }[];
  field: FieldDef;
  table: Table;
  read: (row: number) => Stored;
}

/** One SELECT column as the query resource's `columns=true` describes it. */
export interface ColumnMetadata {
  aggregate: boolean;
  apexType: string | null;
  booleanType: boolean;
  columnName: string;
  custom: boolean;
  displayName: string;
  foreignKeyName: string | null;
  insertable: boolean;
  joinColumns: ColumnMetadata[];
  numberType: boolean;
  textType: boolean;
  updatable: boolean;
}

export interface ColumnsResult {
  kind: 'columns';
  columnMetadata: ColumnMetadata[];
  entityName: string;
  groupBy: boolean;
  idSelected: boolean;
  keyPrefix: string | null;
}

/** The query resource's `explain=` answer: the plans Salesforce's optimizer would weigh, best first. */
export interface ExplainResult {
  kind: 'explain';
  plans: {
    cardinality: number;
    fields: string[];
    leadingOperationType: 'Index' | 'TableScan';
    notes: { description: string; fields: string[]; tableEnumOrId: string }[];
    relativeCost: number;
    sobjectCardinality: number;
    sobjectType: string;
  }[];
  sourceQuery: string;
}

export interface RecordsResult {
  kind: 'records';
  object: ObjectDef;
  rows: Int32Array;
  totalSize: number;
  paths: Path[];
  /** the base object's Id column */
  idRead: (row: number) => Stored;
  /** child relationship subqueries, e.g. (SELECT LastName FROM Contacts) */
  children: ChildPlan[];
}

/** A child relationship subquery: its columns, and its matching child rows per parent Id. */
export interface ChildPlan {
  relName: string;
  object: ObjectDef;
  paths: Path[];
  idRead: (row: number) => Stored;
  /** child rows per parent Id (filtered, ordered, limited per parent), built on first use */
  byParent(): Map<string, number[]>;
}
export interface AggregateResult {
  kind: 'aggregate';
  records: PlainRecord[];
  totalSize: number;
}
export interface CountResult {
  kind: 'count';
  totalSize: number;
}
export type QueryResult = RecordsResult | AggregateResult | CountResult;

export interface QueryOptions {
  includeDeleted?: boolean;
  now?: number;
  /** Bulk API: no OFFSET limit, no aggregates with more than 2000 groups concerns */
  bulk?: boolean;
  /** the running user, for USING SCOPE mine */
  userId?: string;
  /** the running user's time zone (IANA), for convertTimezone() */
  timeZone?: string;
}

/** A value a condition, GROUP BY or HAVING reads: a field path, a date function of one, or an aggregate. */
export interface Operand {
  read: (i: number) => Stored;
  kind: StorageKind;
  /** type name for messages: the field's type, or 'int' for functions that count */
  type: string;
  /** the text the query used, for messages */
  raw: string;
  isId: boolean;
}

export type Pred = (row: number) => boolean;
