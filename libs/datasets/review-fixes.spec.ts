/**
 * Review fixes of issue 5: audit pseudonyms (links kept, no database ids), missing-code companion
 * columns, hash-based Stata names listed in the dictionary, and the never-started-forms checklist item.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { DatasetsRepository, ExportAuditRow } from '@trialdata/database';
import { TEIAS, type StudyDefinition } from '@trialdata/protocol';
import {
  AuditPseudonyms,
  MISSING_ANNOTATION,
  STATA_ANNOTATION,
  buildExportPlan,
  datasetJobId,
  dictionaryCsv,
  neverStartedForms,
  stataNames,
  syntheticParticipants,
  wideCsv,
  writeDatasetFiles,
  type Column,
  type ParticipantRecord,
} from './index';

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const c of chunks) out += c;
  return out;
}
async function* list<T>(items: T[]): AsyncGenerator<T> {
  for (const i of items) yield i;
}

const U1 = '11111111-1111-4111-8111-111111111111';
const U2 = '22222222-2222-4222-8222-222222222222';
const P1 = '33333333-3333-4333-8333-333333333333';
const Q1 = '44444444-4444-4444-8444-444444444444';
const Q2 = '55555555-5555-4555-8555-555555555555';
const S1 = '66666666-6666-4666-8666-666666666666';

const row = (r: Partial<ExportAuditRow> & Pick<ExportAuditRow, 'seq' | 'entity' | 'entityId'>): ExportAuditRow => ({
  entityFirstSeq: r.seq,
  at: '2026-11-20T09:00:00.000000Z',
  userId: U1,
  action: 'update',
  participantId: P1,
  participantLabel: 'TEIAS-LUMC-0001',
  site: 'LUMC',
  field: null,
  from: null,
  to: null,
  reason: null,
  ...r,
});

describe('audit pseudonyms', () => {
  const trail = [
    row({ seq: 3, entity: 'participant', entityId: P1, action: 'enrol', to: { label: 'TEIAS-LUMC-0001' } }),
    row({ seq: 5, entity: 'query', entityId: Q1, action: 'open', userId: U2, to: { status: 'open', form: 'enrolment/demographics/1' } }),
    row({ seq: 6, entity: 'query', entityId: Q2, action: 'open', to: { status: 'open' } }),
    row({
      seq: 8,
      entity: 'query',
      entityId: Q1,
      entityFirstSeq: 5,
      action: 'answer',
      userId: U2,
      from: 'open',
      to: { status: 'answered' },
    }),
    row({ seq: 9, entity: 'signature', entityId: S1, action: 'sign', to: { by: U2, about: Q1, unknown: `x ${S1.replace('6', '7')} y` } }),
    row({ seq: 10, entity: 'signature', entityId: P1, action: 'sign_refused', to: { why: 'wrong password' } }),
  ];

  it('keeps the links between rows: entities as <entity>-<first seq>, users as user-<n>, participants as labels', () => {
    const p = new AuditPseudonyms([U1, U2]);
    const out = trail.map((r) => p.record(r));
    expect(out.map((r) => r.entityId)).toEqual(['TEIAS-LUMC-0001', 'query-5', 'query-6', 'query-5', 'signature-9', 'TEIAS-LUMC-0001']);
    expect(out.map((r) => r.user)).toEqual(['user-1', 'user-2', 'user-1', 'user-2', 'user-1', 'user-1']);
    expect(out[4].to).toEqual({ by: 'user-2', about: 'query-5', unknown: 'x  y' });
  });

  it('leaves no database id anywhere and is the same on every pass', () => {
    const once = JSON.stringify(trail.map((r) => new AuditPseudonyms([U1, U2]).record(r)));
    const all = JSON.stringify(
      (() => {
        const p = new AuditPseudonyms([U1, U2]);
        return trail.map((r) => p.record(r));
      })(),
    );
    expect(all).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    const again = JSON.stringify(
      (() => {
        const p = new AuditPseudonyms([U1, U2]);
        return trail.map((r) => p.record(r));
      })(),
    );
    expect(again).toBe(all);
    expect(once).not.toMatch(new RegExp(U1));
  });

  it('gives each build attempt its own job id', () => {
    expect(datasetJobId(Q1)).toBe(`dataset-${Q1}`);
    expect(datasetJobId(Q1, 3)).toBe(`dataset-${Q1}-3`);
  });
});

describe('missing-data codes in data.csv', () => {
  const plan = buildExportPlan(TEIAS);
  const p: ParticipantRecord = {
    label: 'TEIAS-LUMC-0001',
    site: 'LUMC',
    status: 'randomised',
    arm: 'TEI',
    cohort: null,
    sex: 'female',
    birthYear: 1980,
    consentDate: '2026-11-20',
    consentVersion: '1.0',
    enrolmentDate: '2026-11-20',
    randomisationDate: '2026-11-21',
    anchorDate: '2026-11-21',
    forms: [
      {
        eventId: 'enrolment',
        formId: 'demographics',
        instance: 1,
        status: 'complete',
        values: { birth_year: 1980, sex: 1, height: { missing: 'unknown' }, weight: 80.25, smoking: 2 },
      },
    ],
    questionnaires: [],
  };

  it('puts the code in a <column>_missing companion right after the field, empty for a value or a blank', async () => {
    const rows = parse(await text(wideCsv(plan, list([p])))) as string[][];
    const header = rows[0];
    const cell = Object.fromEntries(header.map((n, i) => [n, rows[1][i]]));
    expect(header.indexOf('enrolment_demographics_height_missing')).toBe(header.indexOf('enrolment_demographics_height') + 1);
    expect(cell.enrolment_demographics_height).toBe('');
    expect(cell.enrolment_demographics_height_missing).toBe('unknown');
    expect(cell.enrolment_demographics_weight_missing ?? '').toBe('');
    // Fields without missing codes get no companion; repeating forms keep theirs in data-long.csv.
    expect(header).not.toContain('enrolment_demographics_birth_year_missing');
    expect(header.some((n) => n.includes('conmed'))).toBe(false);
  });

  it('has a dictionary row for each companion: text with the allowed codes, annotated with its field', async () => {
    const dict = parse(await text(dictionaryCsv(plan))) as string[][];
    const companion = dict.find((r) => r[0] === 'enrolment_demographics_height_missing')!;
    expect(companion).toBeDefined();
    expect(companion[3]).toBe('text');
    expect(companion[6]).toContain('one of: unknown');
    expect(companion[17]).toContain(`${MISSING_ANNOTATION}enrolment_demographics_height`);
    const field = dict.find((r) => r[0] === 'enrolment_demographics_height')!;
    expect(field[6]).toContain('enrolment_demographics_height_missing');
  });

  it.skipIf(!existsSync('/usr/bin/Rscript'))('loads as a factor in R', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'datasets-missing-'));
    try {
      await writeDatasetFiles(dir, plan, {
        participantCount: 1,
        participants: () => list([p]),
        audit: () => list([]),
        meta: { asOf: '2026-11-21T00:00:00.000Z', sites: ['LUMC'], users: [] },
      });
      const out = execFileSync(
        '/usr/bin/Rscript',
        [
          '-e',
          'source("load.R"); cat(class(data$enrolment_demographics_height_missing), as.character(data$enrolment_demographics_height_missing), is.na(data$enrolment_demographics_height), sep="|")',
        ],
        { cwd: dir, encoding: 'utf8' },
      );
      expect(out.trim()).toBe('factor|unknown|TRUE');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Stata names', () => {
  const column = (name: string) => ({ name }) as Column;
  const long = (i: number) => `event_with_a_long_name_form_with_a_long_name_field_${i}`;

  it('shorten to 32 characters with a hash of the full name, so adding a column renames nothing else', () => {
    const before = stataNames([column('participant'), column(long(1)), column(long(2))]);
    const after = stataNames([column('participant'), column(long(0)), column(long(1)), column('new_short'), column(long(2))]);
    expect(before.every((n) => n.length <= 32)).toBe(true);
    expect(new Set(after).size).toBe(after.length);
    expect(after[2]).toBe(before[1]);
    expect(after[4]).toBe(before[2]);
    expect(before[0]).toBe('participant');
  });

  it('are listed in the dictionary where they differ', async () => {
    const study: StudyDefinition = {
      ...TEIAS,
      forms: TEIAS.forms.map((f) =>
        f.id === 'demographics'
          ? { ...f, fields: [...f.fields, { id: 'a_field_with_a_very_long_identifier', label: 'Long', type: 'integer', required: false }] }
          : f,
      ),
    };
    const plan = buildExportPlan(study);
    const names = stataNames(plan.columns);
    const i = plan.columns.findIndex((c) => c.name === 'enrolment_demographics_a_field_with_a_very_long_identifier');
    expect(names[i]).toMatch(/^enrolment_demographics_a_[0-9a-f]{6}$/);
    const dict = parse(await text(dictionaryCsv(plan))) as string[][];
    expect(dict.find((r) => r[0] === plan.columns[i].name)![17]).toContain(`${STATA_ANNOTATION}${names[i]}`);
  });
});

describe('checklist: required forms never started', () => {
  const participants = [
    { id: 'p1', label: 'TEIAS-LUMC-0001', arm: 'TEI', cohort: null, anchorDate: '2026-11-02' },
    { id: 'p2', label: 'TEIAS-LUMC-0002', arm: 'UC', cohort: null, anchorDate: '2026-11-02' },
    { id: 'p3', label: 'TEIAS-LUMC-0003', arm: null, cohort: null, anchorDate: null },
    { id: 'p4', label: 'TEIAS-LUMC-0004', arm: 'UC', cohort: null, anchorDate: '2026-11-27' },
  ];
  const saved = [
    // p1 saved every enrolment form (one incomplete: that is the incomplete_forms item, not this one) but not the injection.
    ...['eligibility', 'consent', 'demographics'].map((formId) => ({
      participantId: 'p1',
      eventId: 'enrolment',
      formId,
      status: 'complete',
    })),
    { participantId: 'p1', eventId: 'enrolment', formId: 'history_exam', status: 'incomplete' },
    { participantId: 'p2', eventId: 'enrolment', formId: 'eligibility', status: 'complete' },
  ].map((r) => ({ ...r, instance: 1, createdAt: '2026-11-02T10:00:00.000Z' }));
  const repo = {
    dueParticipantsPage: async (_code: string, after: string) => participants.filter((p) => p.label > after),
    formKeysFor: async (ids: string[]) => saved.filter((r) => ids.includes(r.participantId)),
  } as unknown as DatasetsRepository;

  it('lists, per participant, the forms of closed windows with no saved instance (applicable to the arm)', async () => {
    const r = await neverStartedForms(repo, TEIAS, new Date('2026-11-27T12:00:00Z'), 20);
    expect(r.details).toEqual([
      { participant: 'TEIAS-LUMC-0001', where: 'baseline/injection' },
      { participant: 'TEIAS-LUMC-0002', where: 'enrolment/consent' },
      { participant: 'TEIAS-LUMC-0002', where: 'enrolment/demographics' },
      { participant: 'TEIAS-LUMC-0002', where: 'enrolment/history_exam' },
    ]);
    expect(r.count).toBe(4);
    const limited = await neverStartedForms(repo, TEIAS, new Date('2026-11-27T12:00:00Z'), 2);
    expect(limited).toMatchObject({ count: 4, details: { length: 2 } });
  });

  it('waits until the window has closed', async () => {
    expect((await neverStartedForms(repo, TEIAS, new Date('2026-11-02T12:00:00Z'), 20)).count).toBe(0);
  });
});

describe('synthetic data', () => {
  it('still give byte-identical data.csv with companions', async () => {
    const plan = buildExportPlan(TEIAS);
    const a = await text(wideCsv(plan, syntheticParticipants(TEIAS, 30, 3)));
    const b = await text(wideCsv(plan, syntheticParticipants(TEIAS, 30, 3)));
    expect(a).toBe(b);
    expect(a).toMatch(/,unknown,|,not_done,/);
  });
});
