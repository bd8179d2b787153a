import { describe, it, expect } from '@jest/globals';
import { coerceLabel } from '../../src/features/index.js';

describe('coerceLabel (the one reading of a label value)', () => {
  it('reads checkboxes as Salesforce, files and CSVs spell them', () => {
    for (const v of [true, 'true', 'TRUE', ' True ', 1, '1', 'yes', 'Y']) expect(coerceLabel(v, 'x')).toBe(1);
    for (const v of [false, 'false', 'FALSE', 0, '0', 'no', 'N', '', null, undefined]) expect(coerceLabel(v, 'x')).toBe(0);
  });
  it('reads a date field as converted when set', () => {
    expect(coerceLabel('2025-03-14', 'x')).toBe(1);
    expect(coerceLabel('2025-03-14T10:00:00.000Z', 'x')).toBe(1);
    expect(coerceLabel('2025-03-14T10:00:00.000+0000', 'x')).toBe(1);
  });
  it('refuses anything else, naming where it was found', () => {
    expect(() => coerceLabel('yes please', 'Account 001A Converted_To_SQL__c')).toThrow('Account 001A Converted_To_SQL__c is "yes please"; a label must be a checkbox (true/false, 1/0, yes/no) or a date');
    expect(() => coerceLabel(2, 'line 3')).toThrow(/line 3 is 2/);
    expect(() => coerceLabel('2025-13-45', 'line 4')).toThrow(/line 4/);
    expect(() => coerceLabel({}, 'line 5')).toThrow(/line 5/);
  });
});
