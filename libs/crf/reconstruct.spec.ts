import { formStateAt, type FormAuditRow } from './reconstruct';

const rows: FormAuditRow[] = [
  { seq: 1, at: '2026-11-27T10:00:00.000Z', action: 'status', field: null, from: 'not_started', to: 'incomplete' },
  { seq: 2, at: '2026-11-27T10:00:00.000Z', action: 'create', field: 'weight', from: null, to: 70 },
  { seq: 3, at: '2026-11-27T10:00:00.000Z', action: 'create', field: 'sex', from: null, to: 1 },
  { seq: 4, at: '2026-11-27T11:00:00.000Z', action: 'update', field: 'weight', from: 70, to: 72.5 },
  { seq: 5, at: '2026-11-27T11:00:00.000Z', action: 'update', field: 'sex', from: 1, to: null },
  { seq: 6, at: '2026-11-27T12:00:00.000Z', action: 'status', field: null, from: 'incomplete', to: 'complete' },
  { seq: 7, at: '2026-11-27T12:00:00.000Z', action: 'verify', field: 'weight', from: null, to: 72.5 },
];

describe('formStateAt', () => {
  it('is null before the first save', () => {
    expect(formStateAt(rows, '2026-11-27T09:59:59.999Z')).toBeNull();
  });

  it('replays value and status rows up to the instant, inclusive', () => {
    expect(formStateAt(rows, '2026-11-27T10:00:00.000Z')).toEqual({ status: 'incomplete', values: { weight: 70, sex: 1 } });
    expect(formStateAt(rows, '2026-11-27T11:30:00.000Z')).toEqual({ status: 'incomplete', values: { weight: 72.5 } });
    expect(formStateAt(rows, '2026-11-28T00:00:00.000Z')).toEqual({ status: 'complete', values: { weight: 72.5 } });
  });

  it('ignores rows that do not set values (verification, queries)', () => {
    expect(formStateAt(rows.slice(0, 4).concat(rows[6]), new Date('2030-01-01'))?.values).toEqual({ weight: 72.5, sex: 1 });
  });

  it('replays in chain order whatever order the rows come in', () => {
    expect(formStateAt([...rows].reverse(), '2026-11-27T11:00:00.000Z')).toEqual({ status: 'incomplete', values: { weight: 72.5 } });
  });
});
