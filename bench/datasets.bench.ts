/**
 * Datasets benchmark (issue 5, issue 16): what the worker does for a dataset export, reading from
 * PostgreSQL. A scratch database is migrated and seeded (bench/datasets-seed.ts) with a study of 300
 * CRF fields and 10,000 participants whose every form is filled in, with the audit rows the platform
 * writes for that (sealed); the seed's time is printed apart and is in no measured figure. Then:
 *
 * - per format, in its own child process: the build's snapshot (`openSnapshot`, as `buildDataset`
 *   opens it) and that one format's
 *   writer exactly as `writeDatasetFiles` calls it, into a file: seconds (snapshot queries included,
 *   connecting not), the child's peak RSS (`process.resourceUsage().maxRSS`, the kernel's high-water
 *   mark) and the file's size, against the goal (< 5 s and < 300 MB per format);
 * - the whole `buildDataset` (the function the worker's exports handler calls) on a `datasets` row,
 *   in one child: total seconds and peak RSS, and per file the time from the previous file's last
 *   write to its own (file modification times: writeDatasetFiles writes the files one after another);
 * - same-run baselines: an idle child, and children that only read the participant records or the
 *   audit records from PostgreSQL (what each format pays before writing a byte);
 * - secondary: data.csv from generated rows (libs/datasets/synthetic.ts), the old measurement.
 *
 * Run from the compiled build: `npm run bench -- datasets` (BENCH_DATASET_PARTICIPANTS: participants, default 10,000).
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { auditHeadKey, databaseName } from '@trialdata/audit';
import { Database, DatasetsRepository, createDataSource } from '@trialdata/database';
import {
  auditCsv,
  buildDataset,
  buildExportPlan,
  datasetDir,
  dictionaryCsv,
  loadDo,
  loadR,
  loadSps,
  longCsv,
  odmXml,
  openSnapshot,
  syntheticParticipants,
  wideCsv,
  writeChunks,
  type DatasetSources,
  type ExportPlan,
} from '@trialdata/datasets';
import type { FieldDefinition, FormDefinition, StudyDefinition } from '@trialdata/protocol';
import { seedDatasetStudy } from './datasets-seed';
import { dropDatabase, migratedDatabase, type Log } from './support';

const PARTICIPANTS = Number(process.env.BENCH_DATASET_PARTICIPANTS ?? 10_000);
const EVENTS = 5;
const FORMS_PER_EVENT = 2;
const FIELDS_PER_FORM = 30; // 5 × 2 × 30 = 300 fields
const GOAL_SECONDS = 5;
const GOAL_MB = 300;
/** A child still running after this many seconds is killed and reported as unfinished. */
const CHILD_LIMIT_S = Number(process.env.BENCH_DATASET_CHILD_LIMIT_S ?? 60);
/** The files writeDatasetFiles writes from the participants, the audit trail or the plan (audit-head.json: only in the whole build). */
const FORMATS = ['data.csv', 'data-long.csv', 'odm.xml', 'audit.csv', 'dictionary.csv', 'load.R', 'load.do', 'load.sps'] as const;
const BASELINES = ['baseline:idle', 'baseline:read-participants', 'baseline:read-audit'] as const;
type Mode = (typeof FORMATS)[number] | (typeof BASELINES)[number] | 'build' | 'generated:data.csv';

interface ChildResult {
  seconds: number;
  bytes: number;
  maxRssKb: number;
  /** build: per file, bytes and seconds since the previous file's last write. */
  files?: Array<{ name: string; bytes: number; seconds: number }>;
  rows?: number;
  /** Killed after CHILD_LIMIT_S: seconds is the limit, bytes what it had written, maxRssKb its last report. */
  unfinished?: boolean;
}

/** A study of 300 fields of every type, no questionnaires. */
export function benchStudy(): StudyDefinition {
  const types: Array<FieldDefinition['type']> = ['integer', 'decimal', 'text', 'date', 'choice', 'boolean', 'multichoice'];
  const forms: FormDefinition[] = [];
  const schedule = Array.from({ length: EVENTS }, (_, e) => {
    const ids: string[] = [];
    for (let f = 0; f < FORMS_PER_EVENT; f++) {
      const id = `f${e}${f}`;
      ids.push(id);
      forms.push({
        id,
        title: `Form ${e}.${f}`,
        repeating: false,
        fields: Array.from({ length: FIELDS_PER_FORM }, (_, k): FieldDefinition => {
          const type = types[k % types.length];
          const base = { id: `x${k}`, label: `Field ${k} of form ${e}.${f}`, type, required: k % 3 !== 0 };
          if (type === 'integer') return { ...base, min: 0, max: 1000 };
          if (type === 'decimal') return { ...base, min: 0, max: 250, precision: 1, unit: 'kg' };
          if (type === 'text') return { ...base, maxLength: 60 };
          if (type === 'choice' || type === 'multichoice')
            return { ...base, options: [1, 2, 3, 4, 5].map((code) => ({ code, label: `Option ${code}` })) };
          if (k % 10 === 3) return { ...base, missingCodes: ['unknown'] };
          return base;
        }),
      });
    }
    return { id: `visit${e}`, title: `Visit ${e}`, offsetDays: e * 14, windowBefore: 3, windowAfter: 3, forms: ids, instruments: [] };
  });
  return {
    code: 'BENCH',
    title: 'Dataset benchmark',
    design: 'cohort',
    timeZone: 'Europe/Amsterdam',
    languages: ['en'],
    anchor: { kind: 'enrolment' },
    requiresPlannedAnchorDate: false,
    eligibility: [],
    schedule,
    forms,
    reminders: { reminderDays: [], coordinatorTaskDaysBeforeClose: 1 },
  };
}

/** The chunks of one file, as writeDatasetFiles (libs/datasets/files.ts) composes its writer. */
function formatChunks(
  format: (typeof FORMATS)[number],
  plan: ExportPlan,
  sources: DatasetSources,
): AsyncIterable<string> | Iterable<string> {
  switch (format) {
    case 'data.csv':
      return wideCsv(plan, sources.participants());
    case 'data-long.csv':
      return longCsv(plan, sources.participants());
    case 'odm.xml':
      return odmXml(plan, sources.participants(), sources.audit(), sources.meta);
    case 'audit.csv':
      return auditCsv(sources.audit());
    case 'dictionary.csv':
      return dictionaryCsv(plan);
    case 'load.R':
      return [loadR(plan)];
    case 'load.do':
      return [loadDo(plan)];
    case 'load.sps':
      return [loadSps(plan)];
  }
}

/** The child: one format, one baseline, or the whole build; reports seconds, bytes and peak RSS. */
async function child(mode: Mode, dir: string, databaseUrl: string): Promise<ChildResult> {
  const study = benchStudy();
  const plan = buildExportPlan(study);
  if (mode === 'baseline:idle') return { seconds: 0, bytes: 0, maxRssKb: process.resourceUsage().maxRSS };
  if (mode === 'generated:data.csv') {
    const started = performance.now();
    const { bytes } = await writeChunks(join(dir, 'generated-data.csv'), wideCsv(plan, syntheticParticipants(study, PARTICIPANTS, 42)));
    return { seconds: (performance.now() - started) / 1000, bytes, maxRssKb: process.resourceUsage().maxRSS };
  }
  // The worker's pool (apps/worker/src/worker.ts: poolSize 10), its statements prepared as PREPARED_STATEMENTS says.
  const ds = createDataSource(databaseUrl, { poolSize: 10, prepare: process.env.PREPARED_STATEMENTS !== 'off' });
  await ds.initialize();
  const db = new Database(ds);
  try {
    if (mode === 'build') return await wholeBuild(db, study, dir, databaseUrl);
    const started = performance.now();
    let bytes = 0;
    let rows = 0;
    await db.transaction(async (tx) => {
      // buildDataset's snapshot (libs/datasets/build.ts openSnapshot).
      const { sources } = await openSnapshot(tx, study);
      if (mode === 'baseline:read-participants') for await (const _p of sources.participants()) rows++;
      else if (mode === 'baseline:read-audit') for await (const batch of sources.audit()) rows += batch.length;
      else bytes = (await writeChunks(join(dir, mode), formatChunks(mode, plan, sources))).bytes;
    });
    return { seconds: (performance.now() - started) / 1000, bytes, rows, maxRssKb: process.resourceUsage().maxRSS };
  } finally {
    await ds.destroy();
  }
}

/** buildDataset on a fresh `datasets` row, as the exports handler calls it (signed audit head included). */
async function wholeBuild(db: Database, study: StudyDefinition, storageDir: string, databaseUrl: string): Promise<ChildResult> {
  const pool = db.repos.get(DatasetsRepository);
  const row = await db.transaction(async (tx) => {
    const repo = tx.get(DatasetsRepository);
    const version = await repo.nextVersion(study.code);
    return repo.insert({ studyCode: study.code, version, kind: 'interim', reason: 'benchmark', createdAt: new Date(), createdBy: null });
  });
  const startedAt = Date.now();
  const started = performance.now();
  const outcome = await buildDataset(
    {
      db,
      studies: { find: (code) => (code === study.code ? study : undefined) },
      storageDir,
      clock: () => new Date(),
      auditHead: { key: auditHeadKey(randomBytes(32)), database: databaseName(databaseUrl) },
    },
    row.id,
    async () => undefined,
    row.attempt,
  );
  const seconds = (performance.now() - started) / 1000;
  const maxRssKb = process.resourceUsage().maxRSS;
  if (outcome !== 'built') throw new Error(`buildDataset answered ${outcome}`);
  const built = await pool.find(row.id);
  const dir = datasetDir(storageDir, row.id);
  // writeDatasetFiles writes the files one after another: a file's time runs from the previous file's last write to its own.
  const written = readdirSync(dir)
    .map((name) => ({ name, bytes: statSync(join(dir, name)).size, mtime: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => a.mtime - b.mtime);
  let previous = startedAt;
  const files = written.map((f) => {
    const s = Math.max(0, (f.mtime - previous) / 1000);
    previous = f.mtime;
    return { name: f.name, bytes: f.bytes, seconds: s };
  });
  return { seconds, bytes: (built?.files ?? []).reduce((n, f) => n + f.bytes, 0), maxRssKb, files, rows: built?.participants ?? 0 };
}

/**
 * Runs one child; one that has not finished after CHILD_LIMIT_S seconds is killed and reported as such,
 * with its peak RSS so far (it reports it every second) and what it wrote by then.
 */
function runChild(mode: Mode, dir: string, databaseUrl: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const c = fork(__filename, ['--dataset-bench-child', mode, dir, databaseUrl], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: ChildResult | undefined;
    let rssSoFar = 0;
    const started = performance.now();
    const timer = setTimeout(() => {
      result = { seconds: (performance.now() - started) / 1000, bytes: writtenUnder(dir, mode), maxRssKb: rssSoFar, unfinished: true };
      c.kill('SIGKILL');
    }, CHILD_LIMIT_S * 1000);
    c.on('message', (m: ChildResult | { rssKb: number }) => {
      if ('rssKb' in m) rssSoFar = m.rssKb;
      else result = m;
    });
    c.on('error', reject);
    c.on('exit', (code) => {
      clearTimeout(timer);
      if (result?.unfinished || (code === 0 && result)) resolve(result!);
      else reject(new Error(`${mode}: child exited with ${code}`));
    });
  });
}

/** What an unfinished child wrote: its file, or (the build) the files in its partial dataset folder. */
function writtenUnder(dir: string, mode: Mode): number {
  const size = (path: string) => {
    try {
      return statSync(path).size;
    } catch {
      return 0;
    }
  };
  if (mode !== 'build') return size(join(dir, mode));
  const root = join(dir, 'datasets');
  let bytes = 0;
  for (const d of readdirSync(root).filter((n) => n.startsWith('.tmp-')))
    for (const f of readdirSync(join(root, d))) bytes += size(join(root, d, f));
  return bytes;
}

/** The files of the build's partial folder (name and size), for an unfinished build. */
function partialFiles(dir: string): string {
  const root = join(dir, 'datasets');
  const parts: string[] = [];
  for (const d of readdirSync(root).filter((n) => n.startsWith('.tmp-')))
    for (const f of readdirSync(join(root, d)).sort((a, b) => statSync(join(root, d, a)).mtimeMs - statSync(join(root, d, b)).mtimeMs))
      parts.push(`${f} ${mb(statSync(join(root, d, f)).size)} MB`);
  return parts.join(', ');
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
const rssMb = (kb: number) => (kb / 1024).toFixed(0);
const verdict = (r: ChildResult) =>
  r.unfinished
    ? `goal NOT met (did not finish in ${CHILD_LIMIT_S} s: killed)`
    : r.seconds < GOAL_SECONDS && r.maxRssKb / 1024 < GOAL_MB
      ? 'goal met'
      : `goal NOT met (${[r.seconds >= GOAL_SECONDS ? 'time' : '', r.maxRssKb / 1024 >= GOAL_MB ? 'memory' : ''].filter(Boolean).join(', ')})`;

export async function run(log: Log): Promise<void> {
  const study = benchStudy();
  const plan = buildExportPlan(study);
  const crf = plan.variables.filter((v) => v.source.kind === 'form').length;
  const size = `${PARTICIPANTS.toLocaleString('en-US')} participants x ${crf} fields`;
  const dir = mkdtempSync(join(tmpdir(), 'trialdata-bench-datasets-'));
  const databaseUrl = await migratedDatabase('datasets');
  try {
    const seed = await seedDatasetStudy(databaseUrl, study, PARTICIPANTS);
    log(
      `seed (not measured): ${seed.participants.toLocaleString('en-US')} participants, ${seed.formRecords.toLocaleString('en-US')} form records ` +
        `(${crf} values per participant), ${seed.auditRows.toLocaleString('en-US')} audit rows (sealed) in ${seed.seconds.toFixed(1)} s: ` +
        seed.steps.map((s) => `${s.step} ${s.seconds.toFixed(1)} s`).join(', '),
    );
    log(
      `data.csv: ${plan.columns.length} columns (+${plan.variables.length - crf} participant attributes, multichoice as 0/1 columns); ` +
        `each line in its own process, RSS = process.resourceUsage().maxRSS`,
    );
    for (const mode of BASELINES) {
      const r = await runChild(mode, dir, databaseUrl);
      const rows = r.unfinished ? 'the' : (r.rows ?? 0).toLocaleString('en-US');
      const what =
        mode === 'baseline:idle'
          ? 'an idle child'
          : mode === 'baseline:read-participants'
            ? `reading ${rows} participant records (snapshot, pages of 500), writing nothing`
            : `reading ${rows} audit records (snapshot, one COPY), writing nothing`;
      const time = r.unfinished ? `did not finish in ${CHILD_LIMIT_S} s (killed)` : `${r.seconds.toFixed(2)} s`;
      log(`datasets baseline: ${what}: ${time}, ${rssMb(r.maxRssKb)} MB peak RSS${r.unfinished ? ' so far' : ''}`);
    }
    for (const format of FORMATS) {
      const r = await runChild(format, dir, databaseUrl);
      const time = r.unfinished ? `> ${CHILD_LIMIT_S} s (killed)` : `${r.seconds.toFixed(2)} s`;
      log(
        `datasets (from PostgreSQL): ${format} ${size}: ${time}, ${rssMb(r.maxRssKb)} MB peak RSS${r.unfinished ? ' so far' : ''}, ` +
          `${mb(r.bytes)} MB file${r.unfinished ? ' written by then' : ''} (goal < ${GOAL_SECONDS} s and < ${GOAL_MB} MB): ${verdict(r)}`,
      );
    }
    const b = await runChild('build', dir, databaseUrl);
    const whole = `datasets (from PostgreSQL): whole buildDataset (all files, one after another, as the worker runs it) ${size}`;
    if (b.unfinished)
      log(
        `${whole}: did not finish in ${CHILD_LIMIT_S} s (killed), ${rssMb(b.maxRssKb)} MB peak RSS so far; written by then: ${partialFiles(dir)}`,
      );
    else {
      log(`${whole}: ${b.seconds.toFixed(2)} s, ${rssMb(b.maxRssKb)} MB peak RSS, ${mb(b.bytes)} MB in ${b.files!.length} files`);
      log(
        `  per file in that build (from file modification times): ${b.files!.map((f) => `${f.name} ${f.seconds.toFixed(2)} s`).join(', ')}`,
      );
    }
    const g = await runChild('generated:data.csv', dir, databaseUrl);
    log(
      `secondary, writer fed generated rows (no PostgreSQL): data.csv ${size}: ${g.seconds.toFixed(2)} s, ${rssMb(g.maxRssKb)} MB peak RSS, ${mb(g.bytes)} MB file`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await dropDatabase(databaseUrl);
  }
}

if (process.argv[2] === '--dataset-bench-child') {
  setInterval(() => process.send!({ rssKb: process.resourceUsage().maxRSS }), 1000).unref();
  child(process.argv[3] as Mode, process.argv[4], process.argv[5]).then(
    (result) => {
      process.send!(result, () => process.exit(0));
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
