/**
 * CSV writers: data.csv (wide), data-long.csv, dictionary.csv (REDCap's 18 columns) and audit.csv.
 * Each is an async generator of text chunks fed by an async iterable of records, so a dataset of
 * any size streams through in constant memory. RFC 4180 quoting as csv-stringify writes it (csvCell;
 * csv-line.spec.ts compares them), `\n` line ends, UTF-8, no BOM. Every cell goes through
 * neutraliseCell first, which defuses formula-like text.
 */
import { formKey, optionColumnName } from './plan';
import { stataNames } from './scripts';
import type { AuditRecordRow, ExportPlan, ParticipantRecord, PlanFormRef, Variable, VariableType } from './model';
import { ParticipantValues, formatOption, formatScalar, missingCode } from './values';

/**
 * CSV injection (OWASP): a spreadsheet runs a cell that begins with `=`, `+`, `-`, `@`, a tab or a
 * carriage return as a formula. Such a cell gets a leading `'`, unless it is a plain number (a
 * negative number stays a number). A value that already begins with apostrophes before one of
 * those characters gets one more, so that removing exactly one `'` always restores the value:
 * `restoreCell` here, and the same rule in load.R, load.do and load.sps.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
/** The characters a cell matching FORMULA_START can begin with. */
const FORMULA_FIRST = new Set(["'", '=', '+', '-', '@', '\t', '\r']);
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function neutraliseCell(value: string): string {
  // Most cells stop here, before the regexes.
  if (!FORMULA_FIRST.has(value[0])) return value;
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** The inverse of neutraliseCell for a cell as read back. */
export function restoreCell(value: string): string {
  return /^'+[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

/** What dictionary.csv says about text variables. */
export const NEUTRALISED_NOTE =
  "text beginning with = + - @ tab or CR (a spreadsheet formula) is written with a leading ' (OWASP CSV injection rule); load.R, load.do and load.sps remove it";

/**
 * RFC 4180 as csv-stringify writes it, with `\n` between records; a cell holding a lone carriage return
 * is quoted too (csv-stringify quotes only for the record delimiter itself), as R's read.csv needs.
 */
export const CSV_OPTIONS = { record_delimiter: '\n', quoted_match: /\r/ } as const;

/** What makes csv-stringify quote a cell (with CSV_OPTIONS): the delimiter, the quote, a line end. */
const NEEDS_QUOTES = /[",\n\r]/;

/**
 * One cell as it stands in a record: neutralised, and quoted as csv-stringify quotes it (with
 * CSV_OPTIONS) when it holds a comma, a quote or a line end: in double quotes, a quote doubled.
 * csv-stringify encodes each field on its own, so a record is its cells' encodings joined by commas
 * (csv-line.spec.ts holds csvLine to csv-stringify's own lines). Calling csv-stringify once per line
 * took most of data.csv's and data-long.csv's time, and once per quoted cell (it normalises its
 * options on every call) 0.9 s of audit.csv's by a CPU profile, where every JSON string value is quoted.
 */
export function csvCell(value: string): string {
  const cell = neutraliseCell(value);
  return NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** One record as csv-stringify writes it, with its line end. */
export function csvLine(cells: readonly string[]): string {
  const out = new Array<string>(cells.length);
  for (let i = 0; i < cells.length; i++) out[i] = csvCell(cells[i]);
  return `${out.join(',')}\n`;
}

/** A chunk is yielded once it holds this many characters: few, large writes without holding much. */
const CHUNK_CHARS = 1 << 18;

/** data.csv: one row per participant, one column per (non-repeating) variable, multichoice as 0/1 columns. */
export async function* wideCsv(plan: ExportPlan, participants: AsyncIterable<ParticipantRecord>): AsyncGenerator<string> {
  yield csvLine(plan.columns.map((c) => c.name));
  let chunk = '';
  for await (const p of participants) {
    const values = new ParticipantValues(p, plan.baselineEvent);
    const cells = plan.columns.map((c) => {
      const raw = values.value(c.variable);
      return c.option ? formatOption(raw, c.option.code) : formatScalar(c.variable.type, raw, c.variable.precision);
    });
    chunk += csvLine(cells);
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

export const LONG_HEADER = ['participant', 'event', 'form', 'instance', 'status', 'field', 'variable', 'value', 'missing_code'] as const;

/**
 * data-long.csv: one row per participant × event × form × instance × field, for every form instance
 * and questionnaire that exists (repeating forms included: this is where they live), and the derived
 * outcomes. `value` is formatted as in data.csv (multichoice: codes separated by spaces); a
 * missing-data code leaves `value` empty and names the code in `missing_code`.
 */
export async function* longCsv(plan: ExportPlan, participants: AsyncIterable<ParticipantRecord>): AsyncGenerator<string> {
  yield csvLine(LONG_HEADER);
  const byForm = new Map<string, Variable[]>();
  for (const v of plan.variables) {
    const s = v.source;
    const key =
      s.kind === 'form'
        ? `${s.eventId}|form:${s.formId}`
        : s.kind === 'item' || s.kind === 'score'
          ? `${s.eventId}|instrument:${s.instrument}`
          : s.kind === 'derived'
            ? `${s.eventId}|derived`
            : null;
    if (!key) continue;
    if (!byForm.has(key)) byForm.set(key, []);
    byForm.get(key)!.push(v);
  }
  let chunk = '';
  for await (const p of participants) {
    const values = new ParticipantValues(p, plan.baselineEvent);
    for (const event of plan.events) {
      for (const ref of event.forms) {
        const vars = byForm.get(`${event.id}|${formKey(ref)}`) ?? [];
        chunk += longRows(p, values, event.id, ref, vars);
      }
    }
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** A form's variables with their two encoded cells (field, variable), per list of variables (one per form in longCsv). */
const formFields = new WeakMap<Variable[], Array<{ v: Variable; fieldId: string; cells: string }>>();

function longRows(p: ParticipantRecord, values: ParticipantValues, eventId: string, ref: PlanFormRef, vars: Variable[]): string {
  let out = '';
  if (ref.kind === 'form') {
    const instances = p.forms.filter((f) => f.eventId === eventId && f.formId === ref.id).sort((a, b) => a.instance - b.instance);
    // The line's first five cells are the instance's, the next two the variable's: encoded once
    // (csvLine's cells, joined; see csvCell), not once per value.
    let fields = formFields.get(vars);
    if (!fields) {
      fields = vars.map((v) => {
        const s = v.source as Extract<Variable['source'], { kind: 'form' }>;
        return { v, fieldId: s.fieldId, cells: `${csvCell(s.fieldId)},${csvCell(v.name)},` };
      });
      formFields.set(vars, fields);
    }
    for (const f of instances) {
      const head = `${[p.label, eventId, ref.id, String(f.instance), f.status].map(csvCell).join(',')},`;
      for (const { v, fieldId, cells } of fields) {
        const raw = f.values[fieldId] ?? null;
        out += `${head}${cells}${csvCell(formatScalar(v.type, raw, v.precision))},${csvCell(missingCode(raw) ?? '')}\n`;
      }
    }
  } else if (ref.kind === 'instrument') {
    const q = p.questionnaires.find((x) => x.eventId === eventId && x.instrument === ref.id);
    if (!q) return '';
    for (const v of vars) {
      const s = v.source;
      const field = s.kind === 'item' ? s.itemId : s.kind === 'score' ? s.score : '';
      const raw = values.value(v);
      out += csvLine([
        p.label,
        eventId,
        ref.id,
        '1',
        q.status,
        field,
        v.name,
        formatScalar(v.type, raw, v.precision),
        missingCode(raw) ?? '',
      ]);
    }
  } else if (ref.kind === 'derived') {
    for (const v of vars) {
      const s = v.source as Extract<Variable['source'], { kind: 'derived' }>;
      out += csvLine([p.label, eventId, 'derived', '1', '', s.outcome, v.name, formatScalar(v.type, values.value(v), v.precision), '']);
    }
  }
  return out;
}

/** REDCap's data dictionary header, exactly. */
export const REDCAP_HEADER = [
  'Variable / Field Name',
  'Form Name',
  'Section Header',
  'Field Type',
  'Field Label',
  'Choices, Calculations, OR Slider Labels',
  'Field Note',
  'Text Validation Type OR Show Slider Number',
  'Text Validation Min',
  'Text Validation Max',
  'Identifier?',
  'Branching Logic (Show field only if...)',
  'Required Field?',
  'Custom Alignment',
  'Question Number (surveys only)',
  'Matrix Group Name',
  'Matrix Ranking?',
  'Field Annotation',
] as const;

/** The annotation that marks variables of repeating forms: in data-long.csv (and odm.xml), not data.csv. */
export const LONG_ONLY_ANNOTATION = '@LONG';

/** The annotation of a missing-code companion column, followed by the variable it belongs to. */
export const MISSING_ANNOTATION = '@MISSINGCODE=';

/**
 * dictionary.csv in REDCap's 18-column format: one row per variable. Non-repeating variables are
 * data.csv columns (a checkbox row stands for its `<name>___<code>` columns, as in REDCap);
 * variables of repeating forms carry `@LONG` and are found in data-long.csv's `variable` column.
 */
export async function* dictionaryCsv(plan: ExportPlan): AsyncGenerator<string> {
  yield csvLine(REDCAP_HEADER);
  const short = stataNames(plan.columns);
  const stata = new Map<string, string>();
  plan.columns.forEach((c, i) => {
    if (short[i] !== c.name) stata.set(c.name, short[i]);
  });
  let lastForm = '';
  let chunk = '';
  for (const v of plan.variables) {
    const section = v.formName !== lastForm ? (v.section ?? '') : '';
    lastForm = v.formName;
    chunk += csvLine(dictionaryRow(v, section, stata));
  }
  yield chunk;
}

/** The annotation naming a column's Stata name where load.do had to shorten it (32 characters). */
export const STATA_ANNOTATION = '@STATA=';

function dictionaryRow(v: Variable, section: string, stata: ReadonlyMap<string, string>): string[] {
  const choices =
    v.options?.length && (v.type === 'choice' || v.type === 'multichoice')
      ? v.options.map((o) => `${o.code}, ${o.label.replace(/\|/g, '/')}`).join(' | ')
      : '';
  const notes: string[] = [];
  if (v.unit) notes.push(v.unit);
  if (v.levels?.length) notes.push(`one of: ${v.levels.join(', ')}`);
  if (v.computed) notes.push(`computed: ${v.computed}`);
  if (v.missingCodes?.length && !v.repeating) notes.push(`missing-data codes (${v.missingCodes.join(', ')}) in ${v.name}_missing`);
  if (v.missingFor) notes.push(`missing-data code of ${v.missingFor}; empty when it has a value or nothing`);
  if (v.type === 'text') notes.push(NEUTRALISED_NOTE);
  const annotations: string[] = [];
  if (v.computed) annotations.push('@READONLY');
  if (v.missingFor) annotations.push(`${MISSING_ANNOTATION}${v.missingFor}`);
  if (v.repeating) annotations.push(`${LONG_ONLY_ANNOTATION} repeating form: one row per instance in data-long.csv`);
  else {
    const columns = v.type === 'multichoice' ? (v.options ?? []).map((o) => optionColumnName(v.name, o.code)) : [v.name];
    const renamed = columns.filter((c) => stata.has(c)).map((c) => (c === v.name ? stata.get(c)! : `${c}=${stata.get(c)}`));
    if (renamed.length) annotations.push(`${STATA_ANNOTATION}${renamed.join(',')}`);
  }
  return [
    v.name,
    v.formName,
    section,
    redcapType(v.type),
    v.label,
    choices,
    notes.join('; '),
    validation(v),
    v.min !== undefined ? String(v.min) : '',
    v.max !== undefined ? String(v.max) : '',
    '',
    v.showIf ? branching(v.showIf) : '',
    v.required ? 'y' : '',
    '',
    '',
    '',
    '',
    annotations.join(' '),
  ];
}

function redcapType(type: VariableType): string {
  switch (type) {
    case 'choice':
      return 'radio';
    case 'multichoice':
      return 'checkbox';
    case 'boolean':
      return 'yesno';
    case 'integer':
    case 'decimal':
    case 'date':
    case 'text':
      return 'text';
  }
}

function validation(v: Variable): string {
  switch (v.type) {
    case 'integer':
      return 'integer';
    case 'decimal':
      return v.precision !== undefined && v.precision >= 1 && v.precision <= 4 ? `number_${v.precision}dp` : 'number';
    case 'date':
      return 'date_ymd';
    case 'text':
    case 'choice':
    case 'multichoice':
    case 'boolean':
      return '';
  }
}

function branching(c: NonNullable<Variable['showIf']>): string {
  const one = (value: unknown) => {
    if (c.type === 'multichoice') return `[${c.variable}(${String(value)})] = '1'`;
    if (c.type === 'boolean') return `[${c.variable}] = '${value === true ? 1 : 0}'`;
    return `[${c.variable}] = '${String(value)}'`;
  };
  return c.values.length === 1 ? one(c.values[0]) : `(${c.values.map(one).join(' or ')})`;
}

export const AUDIT_HEADER = [
  'seq',
  'at',
  'user',
  'action',
  'entity',
  'entity_id',
  'participant',
  'site',
  'field',
  'from',
  'to',
  'reason',
] as const;

const json = (v: unknown): string => (v === null || v === undefined ? '' : JSON.stringify(v));

/** audit.csv: the study's audit trail in chain order; `from`/`to` as JSON; participants by label. */
export async function* auditCsv(batches: AsyncIterable<readonly AuditRecordRow[]>): AsyncGenerator<string> {
  yield csvLine(AUDIT_HEADER);
  let chunk = '';
  for await (const batch of batches)
    for (const r of batch) {
      chunk += csvLine([
        String(r.seq),
        r.at,
        r.user ?? '',
        r.action,
        r.entity,
        r.entityId,
        r.participant ?? '',
        r.site ?? '',
        r.field ?? '',
        json(r.from),
        json(r.to),
        r.reason ?? '',
      ]);
      if (chunk.length >= CHUNK_CHARS) {
        yield chunk;
        chunk = '';
      }
    }
  if (chunk) yield chunk;
}
