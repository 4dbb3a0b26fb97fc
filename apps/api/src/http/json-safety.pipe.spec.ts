import { jsonSafetyErrors } from './json-safety.pipe';

describe('jsonSafetyErrors', () => {
  it('accepts ordinary bodies', () => {
    expect(jsonSafetyErrors({ a: [1, 'x', { b: null }], c: 'Ünïcødé ✓' })).toEqual([]);
  });

  it('refuses NUL characters and lone surrogates, naming the field', () => {
    expect(jsonSafetyErrors({ consent: { version: 'a\u0000b' } })).toEqual([
      { field: 'consent.version', message: 'must not contain NUL characters' },
    ]);
    expect(jsonSafetyErrors({ name: '\ud800' })).toEqual([{ field: 'name', message: 'must be well-formed Unicode' }]);
  });

  it('refuses keys that are built-in object members', () => {
    expect(jsonSafetyErrors(JSON.parse('{"factors": {"toString": "x"}, "__proto__": 1}'))).toEqual(
      expect.arrayContaining([
        { field: 'factors.toString', message: 'unknown field' },
        { field: '__proto__', message: 'unknown field' },
      ]),
    );
  });

  it('refuses deep nesting without recursing', () => {
    const deep = JSON.parse('['.repeat(50_000) + ']'.repeat(50_000));
    expect(jsonSafetyErrors(deep)[0].message).toMatch(/nested more than 32 levels/);
  });
});
