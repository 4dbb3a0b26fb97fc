/**
 * Writing a dataset's files: each writer streams into its file through a SHA-256 hash, and the
 * dataset's own checksum is the SHA-256 of the manifest (what `LC_ALL=C sha256sum *` prints).
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { auditCsv, dictionaryCsv, longCsv, wideCsv } from './csv';
import type { AuditRecordRow, DatasetFileName, ExportPlan, ParticipantRecord } from './model';
import { odmXml, type OdmMeta } from './odm';
import { loadDo, loadR, loadSps } from './scripts';

export interface DatasetFile {
  name: string;
  bytes: number;
  sha256: string;
}

/** One line `<sha256>  <name>\n` per file, sorted by name in byte order. */
export function manifest(files: ReadonlyArray<Pick<DatasetFile, 'name' | 'sha256'>>): string {
  return [...files]
    .sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)))
    .map((f) => `${f.sha256}  ${f.name}\n`)
    .join('');
}

export function manifestSha256(files: ReadonlyArray<Pick<DatasetFile, 'name' | 'sha256'>>): string {
  return createHash('sha256').update(manifest(files)).digest('hex');
}

/** Streams text chunks into a file, hashing and counting on the way. */
export async function writeChunks(
  path: string,
  chunks: AsyncIterable<string> | Iterable<string>,
): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const source = Readable.from(
    (async function* () {
      for await (const c of chunks) if (c.length) yield Buffer.from(c, 'utf8');
    })(),
  );
  await pipeline(source, meter, createWriteStream(path));
  return { bytes, sha256: hash.digest('hex') };
}

/** What the writers read: fresh iterables on each call (one pass per file), plus ODM's lists. */
export interface DatasetSources {
  participantCount: number;
  participants(): AsyncIterable<ParticipantRecord>;
  /**
   * The audit rows in sequence order, in batches of about a hundred (DatasetsRepository.auditRows):
   * a trail has millions of rows, and an await per row through three generators cost 2 s of audit.csv's
   * 16.8 s at 3.11 million rows.
   */
  audit(): AsyncIterable<readonly AuditRecordRow[]>;
  meta: OdmMeta;
  /**
   * audit-head.json: the signed chain position of the last row written to audit.csv (seq 0 when
   * none), so the dataset's manifest pins its audit extract to the trail (docs/AUDIT.md).
   */
  auditHead?: (lastSeq: number) => Promise<string>;
  /** agreement.csv from the participants, for a study with double reading (libs/agreement); unset: no such file. */
  agreement?: (participants: AsyncIterable<ParticipantRecord>) => AsyncIterable<string>;
}

/** Writes the nine files into `dir` (which must exist); reports progress from 0 to 1. */
export async function writeDatasetFiles(
  dir: string,
  plan: ExportPlan,
  sources: DatasetSources,
  onProgress: (fraction: number) => Promise<void> | void = () => undefined,
): Promise<DatasetFile[]> {
  let lastAuditSeq = 0;
  const auditTracked = () =>
    (async function* () {
      for await (const batch of sources.audit()) {
        if (batch.length) lastAuditSeq = batch[batch.length - 1].seq;
        yield batch;
      }
    })();
  const steps: Array<{
    name: DatasetFileName;
    chunks: (counted: () => AsyncIterable<ParticipantRecord>) => AsyncIterable<string> | Iterable<string>;
    perParticipant: boolean;
  }> = [
    { name: 'dictionary.csv', chunks: () => dictionaryCsv(plan), perParticipant: false },
    { name: 'load.R', chunks: () => [loadR(plan)], perParticipant: false },
    { name: 'load.do', chunks: () => [loadDo(plan)], perParticipant: false },
    { name: 'load.sps', chunks: () => [loadSps(plan)], perParticipant: false },
    { name: 'data.csv', chunks: (counted) => wideCsv(plan, counted()), perParticipant: true },
    { name: 'data-long.csv', chunks: (counted) => longCsv(plan, counted()), perParticipant: true },
    { name: 'odm.xml', chunks: (counted) => odmXml(plan, counted(), sources.audit(), sources.meta), perParticipant: true },
    { name: 'audit.csv', chunks: () => auditCsv(auditTracked()), perParticipant: false },
    // After audit.csv, whose last row it names.
    {
      name: 'audit-head.json',
      chunks: () =>
        (async function* () {
          yield sources.auditHead ? await sources.auditHead(lastAuditSeq) : `${JSON.stringify({ seq: lastAuditSeq })}\n`;
        })(),
      perParticipant: false,
    },
    ...(sources.agreement
      ? [
          {
            name: 'agreement.csv' as const,
            chunks: (counted: () => AsyncIterable<ParticipantRecord>) => sources.agreement!(counted()),
            perParticipant: true,
          },
        ]
      : []),
  ];
  const weights = steps.map((s) => (s.perParticipant ? 10 : 1));
  const total = weights.reduce((a, b) => a + b, 0);
  let done = 0;
  const files: DatasetFile[] = [];
  for (const [i, step] of steps.entries()) {
    const base = done;
    const counted = () =>
      (async function* () {
        let n = 0;
        for await (const p of sources.participants()) {
          yield p;
          if (++n % 200 === 0 && sources.participantCount > 0)
            await onProgress((base + weights[i] * Math.min(1, n / sources.participantCount)) / total);
        }
      })();
    const { bytes, sha256 } = await writeChunks(join(dir, step.name), step.chunks(counted));
    files.push({ name: step.name, bytes, sha256 });
    done += weights[i];
    await onProgress(done / total);
  }
  return files.sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
}
