import type { FormDefinition } from './types';
import { diffValues } from './index';

const form: FormDefinition = {
  id: 'demographics',
  title: 'Demographics',
  repeating: false,
  fields: ['weight', 'height', 'bmi', 'complications'].map((id) => ({ id, label: id, type: 'decimal', required: false })),
};

describe('diffValues', () => {
  it('finds nothing between identical saves, comparing lists and objects by content', () => {
    const values = { weight: 80, complications: [1, 9], height: { missing: 'not_done' } };
    expect(diffValues(values, structuredClone(values), form)).toEqual([]);
  });

  it('records a changed value with its JSON from and to', () => {
    expect(diffValues({ weight: 80, bmi: 24.7 }, { weight: 82, bmi: 25.3 }, form)).toEqual([
      { field: 'weight', from: 80, to: 82 },
      { field: 'bmi', from: 24.7, to: 25.3 },
    ]);
  });

  it('counts a field left out of the new values as cleared to null', () => {
    expect(diffValues({ weight: 80, height: 180 }, { weight: 80 }, form)).toEqual([{ field: 'height', from: 180, to: null }]);
  });

  it('sees no change between absent and null', () => {
    expect(diffValues({ weight: null }, {}, form)).toEqual([]);
    expect(diffValues({}, { weight: null, height: undefined }, form)).toEqual([]);
  });

  it('records a first value as a change from null', () => {
    expect(diffValues({}, { weight: 80 })).toEqual([{ field: 'weight', from: null, to: 80 }]);
    expect(diffValues(null, { weight: 80 })).toEqual([{ field: 'weight', from: null, to: 80 }]);
  });

  it('records changes inside lists and objects, and between a value and a missing-data code', () => {
    expect(diffValues({ complications: [1] }, { complications: [1, 9] }, form)).toEqual([
      { field: 'complications', from: [1], to: [1, 9] },
    ]);
    expect(diffValues({ height: 180 }, { height: { missing: 'not_done' } }, form)).toEqual([
      { field: 'height', from: 180, to: { missing: 'not_done' } },
    ]);
    expect(diffValues({ height: { missing: 'unknown' } }, { height: { missing: 'not_done' } })).toHaveLength(1);
  });

  it('treats object key order as irrelevant but list order as meaningful', () => {
    expect(diffValues({ x: { a: 1, b: 2 } }, { x: { b: 2, a: 1 } })).toEqual([]);
    expect(diffValues({ x: [1, 2] }, { x: [2, 1] })).toHaveLength(1);
  });

  it('orders changes by the form, then other fields by id, whatever the key order', () => {
    const changes = diffValues({ zeta: 1, bmi: 1, alpha: 1, weight: 1 }, { weight: 2, alpha: 2, bmi: 2, zeta: 2 }, form);
    expect(changes.map((c) => c.field)).toEqual(['weight', 'bmi', 'alpha', 'zeta']);
    expect(diffValues({ b: 1, a: 1 }, {}, ['b']).map((c) => c.field)).toEqual(['b', 'a']);
  });

  it('keeps its own copy of list values', () => {
    const next = { complications: [1] };
    const [change] = diffValues({}, next);
    next.complications.push(2);
    expect(change.to).toEqual([1]);
  });
});
