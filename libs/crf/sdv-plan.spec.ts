import type { FormDefinition } from '@trialdata/protocol';
import { fieldsToVerify, inSample } from './sdv-plan';

const form: FormDefinition = {
  id: 'f',
  title: 'F',
  repeating: false,
  fields: [
    { id: 'a', label: 'A', type: 'integer', required: true, critical: true },
    { id: 'b', label: 'B', type: 'integer', required: false },
    { id: 'c', label: 'C', type: 'integer', required: false, calculated: 'a + 1' },
    { id: 'd', label: 'D', type: 'integer', required: false, critical: true },
  ],
};

describe('fieldsToVerify', () => {
  const values = { a: 1, b: 2, c: 2 };
  it('asks for every entered field under an all-fields plan, never calculated or blank ones', () => {
    expect(fieldsToVerify({ kind: 'all', samplePercent: null }, form, values, false)).toEqual(['a', 'b']);
  });
  it('asks only for critical fields under a critical plan', () => {
    expect(fieldsToVerify({ kind: 'critical', samplePercent: null }, form, values, false)).toEqual(['a']);
  });
  it('asks for everything of sampled participants and nothing of the others', () => {
    expect(fieldsToVerify({ kind: 'sample', samplePercent: 20 }, form, values, true)).toEqual(['a', 'b']);
    expect(fieldsToVerify({ kind: 'sample', samplePercent: 20 }, form, values, false)).toEqual([]);
  });
});

describe('inSample', () => {
  it('is stable and takes about the given share', () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const taken = ids.filter((id) => inSample('TEIAS', id, 25)).length;
    expect(taken / ids.length).toBeGreaterThan(0.2);
    expect(taken / ids.length).toBeLessThan(0.3);
    expect(ids.filter((id) => inSample('TEIAS', id, 25)).length).toBe(taken);
    expect(ids.every((id) => inSample('TEIAS', id, 100))).toBe(true);
  });
});
