/**
 * Datasets benchmark (issue 5): exports 10,000 participants × 300 CRF fields (synthetic, seeded)
 * through the streaming writers into files, one format at a time, each in its own child process, and
 * reports seconds, size and the child's peak RSS (`process.resourceUsage().maxRSS`, the kernel's
 * high-water mark, so nothing is missed between samples). Same-run baselines: an idle child, and a
 * child that only generates the records (what every format pays before writing a byte).
 * Run from the compiled build: `npm run bench -- datasets`.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  auditCsv,
  buildExportPlan,
  dictionaryCsv,
  loadDo,
  loadR,
  loadSps,
  longCsv,
  odmXml,
  prng,
  syntheticParticipants,
  wideCsv,
  writeChunks,
  type AuditRecordRow,
} from '@trialdata/datasets';
import type { FieldDefinition, FormDefinition, StudyDefinition } from '@trialdata/protocol';

const PARTICIPANTS = Number(process.env.BENCH_DATASET_PARTICIPANTS ?? 10_000);
const EVENTS = 5;
const FORMS_PER_EVENT = 2;
const FIELDS_PER_FORM = 30; // 5 × 2 × 30 = 300 fields
const FORMATS = [
  'baseline:idle',
  'baseline:generate',
  'data.csv',
  'data-long.csv',
  'odm.xml',
  'audit.csv',
  'dictionary.csv',
  'load.R',
  'load.do',
  'load.sps',
] as const;
type Format = (typeof FORMATS)[number];

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

async function* syntheticAudit(count: number): AsyncGenerator<AuditRecordRow> {
  const r = prng(99);
  for (let i = 1; i <= count; i++) {
    const p = 1 + Math.floor(r() * PARTICIPANTS);
    yield {
      seq: i,
      at: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
      user: 'user-1',
      action: 'update',
      entity: 'form',
      entityId: `BENCH-S${p % 2}-${p}/visit0/f00/1`,
      participant: `BENCH-LUMC-${String(p).padStart(4, '0')}`,
      site: 'LUMC',
      field: `x${i % 30}`,
      from: i % 7,
      to: (i + 1) % 7,
      reason: i % 5 === 0 ? 'corrected, see source' : null,
    };
  }
}

/** The child: writes one format and reports seconds, bytes and peak RSS. */
async function child(format: Format, dir: string): Promise<void> {
  const study = benchStudy();
  const plan = buildExportPlan(study);
  const people = () => syntheticParticipants(study, PARTICIPANTS, 42);
  const started = performance.now();
  let bytes = 0;
  const write = async (chunks: AsyncIterable<string> | Iterable<string>) => (bytes = (await writeChunks(join(dir, format), chunks)).bytes);
  switch (format) {
    case 'baseline:idle':
      break;
    case 'baseline:generate':
      for await (const p of people()) bytes += p.forms.length;
      break;
    case 'data.csv':
      await write(wideCsv(plan, people()));
      break;
    case 'data-long.csv':
      await write(longCsv(plan, people()));
      break;
    case 'odm.xml':
      await write(
        odmXml(plan, people(), syntheticAudit(PARTICIPANTS * 10), {
          asOf: '2026-12-31T00:00:00.000Z',
          sites: ['HMC', 'LUMC'],
          users: ['user-1'],
        }),
      );
      break;
    case 'audit.csv':
      await write(auditCsv(syntheticAudit(PARTICIPANTS * 10)));
      break;
    case 'dictionary.csv':
      await write(dictionaryCsv(plan));
      break;
    case 'load.R':
      await write([loadR(plan)]);
      break;
    case 'load.do':
      await write([loadDo(plan)]);
      break;
    case 'load.sps':
      await write([loadSps(plan)]);
      break;
  }
  const seconds = (performance.now() - started) / 1000;
  process.send!({ seconds, bytes, maxRssKb: process.resourceUsage().maxRSS });
}

function runChild(format: Format, dir: string): Promise<{ seconds: number; bytes: number; maxRssKb: number }> {
  return new Promise((resolve, reject) => {
    const c = fork(__filename, ['--dataset-bench-child', format, dir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: { seconds: number; bytes: number; maxRssKb: number } | undefined;
    c.on('message', (m) => (result = m as typeof result));
    c.on('error', reject);
    c.on('exit', (code) => (code === 0 && result ? resolve(result) : reject(new Error(`${format}: child exited with ${code}`))));
  });
}

export async function run(log: (line: string) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'trialdata-bench-datasets-'));
  const plan = buildExportPlan(benchStudy());
  const crf = plan.variables.filter((v) => v.source.kind === 'form').length;
  log(
    `${PARTICIPANTS} participants × ${crf} CRF fields (+${plan.variables.length - crf} participant attributes; ${plan.columns.length} data.csv columns, multichoice as 0/1 columns); audit: ${PARTICIPANTS * 10} rows`,
  );
  log('format            seconds   MB written   peak RSS MB   (each in its own process; RSS = process.resourceUsage().maxRSS)');
  try {
    for (const format of FORMATS) {
      const r = await runChild(format, dir);
      log(
        `${format.padEnd(18)}${r.seconds.toFixed(2).padStart(7)}   ${(r.bytes / 1e6).toFixed(1).padStart(10)}   ${(r.maxRssKb / 1024).toFixed(0).padStart(11)}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--dataset-bench-child') {
  child(process.argv[3] as Format, process.argv[4]).then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
