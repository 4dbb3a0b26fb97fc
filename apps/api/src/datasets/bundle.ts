import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { ZipFile } from 'yazl';
import type { Actor } from '@trialdata/accounts';
import { ConflictError } from '@trialdata/common';
import type { Database } from '@trialdata/database';
import { datasetDir, manifest, type DatasetsService, type DatasetView } from '@trialdata/datasets';

/** The manifest inside a zip: `sha256sum -c SHA256SUMS` checks the files; its own SHA-256 is the dataset's. */
export const MANIFEST_NAME = 'SHA256SUMS';

export interface DatasetVariable {
  name: string;
  label: string;
  form: string | null;
  /** integer, decimal, date, text, choice, boolean (0/1), option (one multichoice option, 0/1) or other. */
  type: string;
  numeric: boolean;
  choices: Array<{ code: number; label: string }>;
}

/**
 * A whole dataset at once: the zip a statistician unpacks and loads with load.R, load.do or load.sps
 * as they are (the files keep their names, in one folder), and data.csv's columns with the
 * dictionary's labels (what the model builder offers).
 */
export class DatasetBundles {
  constructor(
    private readonly db: Database,
    private readonly datasets: DatasetsService,
    private readonly storageDir: string,
  ) {}

  /** The zip of a ready dataset, streamed; one audit row records the download of every file in it. */
  async zip(actor: Actor, id: string): Promise<{ fileName: string; stream: Readable }> {
    const d = await this.ready(id);
    const folder = `${d.study}-v${d.version}`;
    const dir = datasetDir(this.storageDir, d.id);
    // Every file is checked before the first byte goes out: a broken zip is worse than a 409.
    for (const f of d.files) {
      const info = await stat(join(dir, f.name)).catch(() => null);
      if (!info || info.size !== f.bytes)
        throw new ConflictError(`The stored file ${f.name} of dataset ${d.id} is missing or changed (expected ${f.bytes} bytes)`);
    }
    await this.db.transaction((tx) =>
      tx.audit.append([
        {
          userId: actor.userId,
          action: 'download',
          entity: 'dataset',
          entityId: d.id,
          studyCode: d.study,
          field: 'zip',
          to: { sha256: d.sha256, version: d.version, files: d.files.map((f) => f.name) },
        },
      ]),
    );
    const zip = new ZipFile();
    const mtime = new Date(d.completedAt ?? d.createdAt);
    for (const f of [...d.files].sort((a, b) => (a.name < b.name ? -1 : 1)))
      // Opened one at a time as the zip is written, not all at once.
      zip.addReadStreamLazy(`${folder}/${f.name}`, { mtime, size: f.bytes }, (cb) => cb(null, createReadStream(join(dir, f.name))));
    zip.addBuffer(Buffer.from(manifest(d.files)), `${folder}/${MANIFEST_NAME}`, { mtime });
    zip.end();
    return { fileName: `${folder}.zip`, stream: zip.outputStream as Readable };
  }

  /** data.csv's columns in order, each with its dictionary label, form and choices. */
  async variables(id: string): Promise<DatasetVariable[]> {
    const d = await this.ready(id);
    const dir = datasetDir(this.storageDir, d.id);
    const header = await readHeader(join(dir, 'data.csv'));
    if (!header) throw new ConflictError(`Dataset ${d.id} has no data.csv`);
    const dictionary = new Map<string, string[]>();
    const text = await readFile(join(dir, 'dictionary.csv'), 'utf8').catch(() => '');
    if (text) for (const row of (parse(text, { bom: true, relax_column_count: true }) as string[][]).slice(1)) dictionary.set(row[0], row);
    return header.map((name) => describe(name, dictionary));
  }

  private async ready(id: string): Promise<DatasetView> {
    const d = await this.datasets.get(id);
    if (d.status !== 'ready')
      throw new ConflictError(
        `Dataset ${d.id} is ${d.status}${d.status === 'building' ? ` (${d.progress}%)` : ''}; its files are not available`,
      );
    return d;
  }
}

function choicesOf(text: string): Array<{ code: number; label: string }> {
  if (!text) return [];
  return text.split(' | ').flatMap((part) => {
    const m = /^(-?\d+), (.*)$/s.exec(part.trim());
    return m ? [{ code: Number(m[1]), label: m[2] }] : [];
  });
}

/** A data.csv column described from dictionary.csv (REDCap's layout: a checkbox row stands for its `<name>___<code>` columns). */
function describe(name: string, dictionary: ReadonlyMap<string, string[]>): DatasetVariable {
  const row = dictionary.get(name);
  if (row) {
    const [, form, , fieldType, label, choices, , validation] = row;
    const type =
      fieldType === 'radio'
        ? 'choice'
        : fieldType === 'yesno'
          ? 'boolean'
          : validation === 'integer'
            ? 'integer'
            : validation === 'number' || validation?.startsWith('number_')
              ? 'decimal'
              : validation?.startsWith('date')
                ? 'date'
                : fieldType === 'text'
                  ? 'text'
                  : 'other';
    return {
      name,
      label: label || name,
      form: form || null,
      type,
      numeric: type === 'integer' || type === 'decimal' || type === 'choice' || type === 'boolean',
      choices: type === 'choice' ? choicesOf(choices) : [],
    };
  }
  const option = /^(.*)___(-?\d+)$/.exec(name);
  const parent = option ? dictionary.get(option[1]) : undefined;
  if (option && parent) {
    const choice = choicesOf(parent[5]).find((c) => String(c.code) === option[2]);
    return {
      name,
      label: `${parent[4] || option[1]}: ${choice?.label ?? option[2]}`,
      form: parent[1] || null,
      type: 'option',
      numeric: true,
      choices: [],
    };
  }
  return { name, label: name, form: null, type: 'other', numeric: false, choices: [] };
}

/** The header row of a CSV file without reading the whole file; null when there is no file. */
async function readHeader(path: string): Promise<string[] | null> {
  const handle = await open(path, 'r').catch(() => null);
  if (!handle) return null;
  try {
    const buffer = Buffer.alloc(256 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const records = parse(buffer.subarray(0, bytesRead).toString('utf8'), {
      bom: true,
      to_line: 1,
      relax_column_count: true,
    }) as string[][];
    return records[0] ?? [];
  } finally {
    await handle.close();
  }
}
