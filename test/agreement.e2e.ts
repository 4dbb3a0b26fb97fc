/**
 * Inter-reader agreement for the POTEISS Miskin grading (issue 13 item 7): a reader grades the MRI
 * blind to the first reading (the API never shows it to them), and the agreement route gives kappa,
 * linear and quadratic weighted kappa with 95% intervals per grade and side, equal to libs/agreement
 * (checked against R's vcd::Kappa in libs/agreement/reference).
 */
import { crossTable, kappa } from '@trialdata/agreement';
import { day } from './support/clock';
import { enrolment, setUpWorld, type World } from './support/fixtures';
import { PASSWORD, startApi, type TestApi } from './support/harness';
import { waitFor } from './support/wait';
import { startTestWorker } from './support/worker';

let api: TestApi;
let world: World;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
const readers: Record<string, string> = {};

/** First readings (reader rad-a) and the blinded reader's grades, per participant: [cc, lr, foraminal, side]. */
const FIRST: Array<[number, number, number, number]> = [
  [0, 1, 0, 1],
  [1, 1, 2, 1],
  [2, 3, 1, 2],
  [3, 2, 2, 2],
  [1, 0, 0, 1],
  [2, 2, 3, 2],
];
const SECOND: Array<[number, number, number]> = [
  [0, 1, 1],
  [1, 2, 2],
  [3, 3, 1],
  [3, 2, 2],
  [0, 0, 0],
  [2, 1, 3],
];
const ids: string[] = [];

const mri = (cc: number, lr: number, foraminal: number, side: number) => ({
  scan_date: day(-20),
  reader: 'rad-a',
  diagnosis: 1,
  level: 4,
  hern_type: 2,
  location: 2,
  root_comp: 2,
  miskin_cc: cc,
  miskin_lr: lr,
  foraminal,
  modic: 0,
  side,
});
const grades = (cc: number, lr: number, foraminal: number) => ({ root_comp: 2, miskin_cc: cc, miskin_lr: lr, foraminal, modic: 0 });

async function reader(key: string, siteCode?: string): Promise<string> {
  const email = `${key}@test.trialdata.org`;
  const r = await api.request('POST', '/users', {
    token: world.adminToken,
    body: { email, password: PASSWORD, name: key, memberships: [{ study: 'POTEISS', role: 'reader', ...(siteCode ? { siteCode } : {}) }] },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return api.login(email);
}

beforeAll(async () => {
  api = await startApi();
  world = await setUpWorld(api);
  readers.b = await reader('reader-b');
  readers.c = await reader('reader-c');
  readers.hmc = await reader('reader-hmc', 'HMC');
  for (const [cc, lr, foraminal, side] of FIRST) {
    const e = await api.request('POST', '/studies/POTEISS/participants', {
      token: world.tokens['coordinator.LUMC'],
      body: enrolment(api.studies.get('POTEISS'), 'LUMC'),
    });
    expect(e.status, JSON.stringify(e.body)).toBe(201);
    ids.push(e.body.id);
    const r = await api.request('PUT', `/participants/${e.body.id}/events/baseline/forms/mri`, {
      token: world.tokens['investigator.LUMC'],
      body: { values: mri(cc, lr, foraminal, side), status: 'complete' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
}, 120_000);

afterAll(async () => {
  await worker?.close();
  await api?.close();
});

describe('the blinded second reading', () => {
  it('never shows the first reading to a reader: its form is refused (404, as for any record the role may not reach) and the reader routes carry only what to grade', async () => {
    const first = await api.request('GET', `/participants/${ids[0]}/events/baseline/forms/mri`, { token: readers.b });
    expect(first.status).toBe(404);
    expect(JSON.stringify(first.body)).not.toContain('rad-a');
    expect(first.body.values).toBeUndefined();
    // Nor any other way into the record: the participant, its forms, audit trail and casebook.
    for (const path of [
      `/participants/${ids[0]}`,
      `/participants/${ids[0]}/forms`,
      `/participants/${ids[0]}/events/baseline/forms/mri/audit`,
    ]) {
      expect((await api.request('GET', path, { token: readers.b })).status, path).toBe(404);
    }

    const tasks = await api.request('GET', '/studies/POTEISS/readings', { token: readers.b });
    expect(tasks.status).toBe(200);
    expect(tasks.body).toHaveLength(FIRST.length);
    expect(tasks.body[0]).toEqual({
      participantId: ids[0],
      label: expect.stringMatching(/^POTEISS-LUMC-\d{4}$/),
      subject: [
        { field: 'level', label: 'Level', code: 4, text: 'L4–L5' },
        { field: 'side', label: expect.any(String), code: 1, text: 'Left' },
      ],
      reading: null,
    });
    const one = await api.request('GET', `/studies/POTEISS/readings/${ids[0]}`, { token: readers.b });
    expect(one.status).toBe(200);
    expect(one.body.values).toEqual({});
    expect(one.body.fields).toEqual(['root_comp', 'miskin_cc', 'miskin_lr', 'foraminal', 'modic']);
    for (const body of [tasks.body, one.body]) {
      const text = JSON.stringify(body);
      expect(text).not.toContain('rad-a');
      expect(text).not.toMatch(/miskin_cc"?\s*:\s*\d/);
    }
  });

  it('saves the reading as an audited mri_reread instance with the reader’s id and the first reading’s level and side', async () => {
    for (const [i, [cc, lr, foraminal]] of SECOND.entries()) {
      const r = await api.request('PUT', `/studies/POTEISS/readings/${ids[i]}`, {
        token: readers.b,
        body: { values: grades(cc, lr, foraminal), status: 'complete' },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toMatchObject({ reading: { instance: 1, status: 'complete', version: 1 }, values: grades(cc, lr, foraminal) });
    }
    const stored = await api.request('GET', `/participants/${ids[2]}/events/baseline/forms/mri_reread?instance=1`, {
      token: world.tokens.monitor,
    });
    expect(stored.body.values).toMatchObject({ level: 4, side: 2, miskin_cc: 3, reader: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const audit = await api.request('GET', `/participants/${ids[2]}/events/baseline/forms/mri_reread/audit?instance=1`, {
      token: world.tokens.monitor,
    });
    expect(audit.body.rows.some((row: { field: string; to: unknown }) => row.field === 'miskin_cc' && row.to === 3)).toBe(true);

    // A change to a complete reading needs the version and a reason, as on any form.
    const stale = await api.request('PUT', `/studies/POTEISS/readings/${ids[0]}`, { token: readers.b, body: { values: grades(0, 1, 1) } });
    expect(stale.status).toBe(409);
  });

  it('refuses a reader id or a subject field in the body, and another site’s participant for a site-bound reader', async () => {
    for (const values of [
      { ...grades(1, 1, 1), reader: 'rad-a' },
      { ...grades(1, 1, 1), level: 5 },
      { ...grades(1, 1, 1), side: 2 },
    ]) {
      const r = await api.request('PUT', `/studies/POTEISS/readings/${ids[1]}`, { token: readers.c, body: { values } });
      expect(r.status, JSON.stringify(values)).toBe(400);
    }
    expect((await api.request('GET', `/studies/POTEISS/readings/${ids[1]}`, { token: readers.hmc })).status).toBe(404);
    expect((await api.request('GET', '/studies/POTEISS/readings', { token: readers.hmc })).body).toEqual([]);
    // Site staff are not readers.
    expect((await api.request('GET', '/studies/POTEISS/readings', { token: world.tokens['coordinator.LUMC'] })).status).toBe(403);
  });

  it('shows a second blinded reader neither the first reading nor the other reader’s', async () => {
    const r = await api.request('GET', `/studies/POTEISS/readings/${ids[0]}`, { token: readers.c });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ reading: null, values: {} });
    const other = await api.request('GET', `/participants/${ids[0]}/events/baseline/forms/mri_reread?instance=1`, { token: readers.c });
    expect(other.status).toBe(404);
    expect(other.body.values).toBeUndefined();
  });
});

describe('agreement', () => {
  it('gives kappa, linear and quadratic weighted kappa with 95% intervals per grade and side, as libs/agreement computes them', async () => {
    const r = await api.request('GET', '/studies/POTEISS/agreement', { token: world.tokens.statistician });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ study: 'POTEISS', firstReadings: 6, pairs: 6, blindedReadings: 6 });
    const rows = r.body.rows as Array<Record<string, any>>;
    expect(rows.map((row) => `${row.grade}:${row.side?.label ?? 'all'}:${row.n}`)).toEqual([
      'miskin_cc:all:6',
      'miskin_lr:all:6',
      'miskin_lr:Left:3',
      'miskin_lr:Right:3',
      'foraminal:all:6',
      'foraminal:Left:3',
      'foraminal:Right:3',
    ]);
    const expected = (g: 0 | 1 | 2, side?: number) =>
      kappa(
        crossTable(
          FIRST.map((f, i) => [f[g], SECOND[i]![g]] as const).filter((_, i) => side === undefined || FIRST[i]![3] === side),
          [0, 1, 2, 3],
        ),
      );
    const check = (row: Record<string, any>, want: ReturnType<typeof kappa>) => {
      for (const w of ['unweighted', 'linear', 'quadratic'] as const) {
        expect(row[w].value).toBeCloseTo(want[w].value!, 12);
        expect(row[w].lower).toBeCloseTo(want[w].lower!, 12);
        expect(row[w].upper).toBeCloseTo(want[w].upper!, 12);
      }
    };
    check(rows[0]!, expected(0));
    check(rows[1]!, expected(1));
    check(rows[3]!, expected(1, 2));
    check(rows[4]!, expected(2));
    // miskin_cc: first 0,1,2,3,1,2 against 0,1,3,3,0,2 → 4 of 6 agree.
    expect(rows[0]!.observedAgreement).toBeCloseTo(4 / 6, 12);
    expect(rows[0]!.table[2][3]).toBe(1);
  });

  it('is for study-wide members who may see it: not a reader, not site staff; 404 in a study without double reading', async () => {
    expect((await api.request('GET', '/studies/POTEISS/agreement', { token: readers.b })).status).toBe(403);
    expect((await api.request('GET', '/studies/POTEISS/agreement', { token: world.tokens['coordinator.LUMC'] })).status).toBe(403);
    expect((await api.request('GET', '/studies/POTEISS/agreement', { token: world.tokens.monitor })).status).toBe(200);
    expect((await api.request('GET', '/studies/TEIAS/agreement', { token: world.tokens.statistician })).status).toBe(404);
  });
});

describe('the dataset', () => {
  it('carries agreement.csv: the same kappa rows, from the snapshot, with the cross table', async () => {
    worker = await startTestWorker(api);
    const created = await api.request('POST', '/studies/POTEISS/datasets', {
      token: world.tokens.statistician,
      body: { kind: 'interim', reason: 'Inter-reader agreement' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const ready = await waitFor(
      'the dataset',
      async () => {
        const list = await api.request<any[]>('GET', '/studies/POTEISS/datasets', { token: world.tokens.statistician });
        const d = list.body.find((x) => x.id === created.body.id);
        return d?.status === 'ready' || d?.status === 'failed' ? d : null;
      },
      { timeoutMs: 120_000 },
    );
    expect(ready.status).toBe('ready');
    expect(ready.files.map((f: { name: string }) => f.name)).toContain('agreement.csv');
    const res = await fetch(`${api.url}/datasets/${created.body.id}/files/agreement.csv`, {
      headers: { authorization: `Bearer ${world.tokens.statistician}` },
    });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split('\n');
    const header = lines[0]!.split(',');
    expect(header.slice(0, 6)).toEqual(['grade', 'label', 'side', 'side_label', 'n', 'observed_agreement']);
    const api_ = (await api.request('GET', '/studies/POTEISS/agreement', { token: world.tokens.statistician })).body;
    expect(lines).toHaveLength(1 + api_.rows.length);
    const cc = Object.fromEntries(
      lines[1]!
        .replace(/"[^"]*"/g, 'label')
        .split(',')
        .map((v, i) => [header[i], v]),
    );
    expect(cc).toMatchObject({ grade: 'miskin_cc', side_label: 'all', n: '6' });
    expect(Number(cc.kappa_linear)).toBe(api_.rows[0].linear.value);
    expect(Number(cc.kappa_quadratic_lower)).toBe(api_.rows[0].quadratic.lower);
    expect(cc.table).toBe(api_.rows[0].table.map((r: number[]) => r.join(' ')).join('|'));
  }, 180_000);
});
