// Describe + a sample of records: what spec inference reads from an org (field types, labels,
// formulas, and values to look at).
import type { Connection } from 'jsforce';
import { z } from 'zod';

export const DescribedField = z
  .object({
    name: z.string(),
    label: z.string(),
    type: z.string(),
    length: z.number().optional(),
    custom: z.boolean().optional(),
    calculated: z.boolean().optional(),
    nameField: z.boolean().optional(),
    calculatedFormula: z.string().nullable().optional(),
    createable: z.boolean().optional(),
    updateable: z.boolean().optional(),
  })
  .passthrough();
export type DescribedField = z.infer<typeof DescribedField>;

/** The object's fields as describe returns them (only those the running user can read). */
export async function describeFields(conn: Connection, object: string): Promise<DescribedField[]> {
  const d = await conn.sobject(object).describe();
  return z.array(DescribedField).parse(d.fields);
}

/** Up to `limit` records with the given fields (REST query, following nextRecordsUrl). Not random: the org's first records. */
export async function sampleRecords(conn: Connection, object: string, fields: readonly string[], limit: number): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let res = await conn.query<Record<string, unknown>>(`SELECT ${fields.join(', ')} FROM ${object} LIMIT ${limit}`, { autoFetch: false });
  for (;;) {
    for (const r of res.records) {
      const { attributes: _a, ...rest } = r as Record<string, unknown> & { attributes?: unknown };
      void _a;
      out.push(rest);
    }
    if (res.done || !res.nextRecordsUrl || out.length >= limit) break;
    res = await conn.queryMore<Record<string, unknown>>(res.nextRecordsUrl);
  }
  return out.slice(0, limit);
}
