// One field of a case report form: its control by type (number with unit and range, text, date,
// choice and yes/no as radio groups, multichoice as checkboxes, calculated read-only), a missing-data
// code, its error or warning tied with aria-describedby, and disclosures for its history and queries.
import { memo, useState, type ReactNode } from 'react';
import type { StudyContext } from './Console';
import { useTr, type Tr } from './i18n';
import { QueryThread } from './QueryThread';
import { formatDateTime } from './ui';
import type { Schemas } from './api';

export type MissingCode = 'not_done' | 'unknown' | 'not_applicable';

/** A form field as GET /studies/{study} describes it. */
export type FieldDef = Schemas['StudyFormFieldDto'];

/** What a control holds: text for typed fields, codes for choices, a missing-data code object. */
export type Raw = string | number | boolean | number[] | { missing: MissingCode } | null;

/** A row of GET /participants/{id}/events/{eventId}/forms/{formId}/audit. */
export type HistoryRow = Schemas['FormAuditEntryDto'];

export interface FieldWhere {
  participantId: string;
  eventId: string;
  formId: string;
  instance: number;
}

const MISSING_NAMES: Record<MissingCode, [string, string]> = {
  not_done: ['Not done', 'Niet gedaan'],
  unknown: ['Unknown', 'Onbekend'],
  not_applicable: ['Not applicable', 'Niet van toepassing'],
};

export function isMissing(raw: Raw): raw is { missing: MissingCode } {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'missing' in raw;
}

/** A value as a person reads it: option labels, Yes/No, missing-data codes spelled out. */
export function showValue(field: FieldDef | undefined, value: unknown, tr: Tr): string {
  if (value === null || value === undefined || value === '') return tr('(blank)', '(leeg)');
  if (isMissing(value as Raw)) {
    const names = MISSING_NAMES[(value as { missing: MissingCode }).missing];
    return names ? tr(names[0], names[1]) : JSON.stringify(value);
  }
  if (typeof value === 'boolean') return value ? tr('Yes', 'Ja') : tr('No', 'Nee');
  const label = (code: unknown) => field?.options?.find((o) => o.code === code)?.label ?? String(code);
  if (field?.type === 'choice') return label(value);
  if (Array.isArray(value)) return value.map(label).join(', ');
  if (typeof value === 'number' && field?.unit) return `${value} ${field.unit}`;
  return String(value);
}

const SEX_NL: Record<string, string> = { female: 'vrouw', male: 'man' };

/** Dutch for the messages libs/forms writes in English (the server's are shown as they come). */
export function translateMessage(message: string, tr: Tr): string {
  const rules: Array<[RegExp, (m: RegExpExecArray) => string]> = [
    [/^required$/, () => tr('Required to mark the form complete', 'Verplicht om het formulier compleet te markeren')],
    [/^must be a whole number$/, () => tr('Enter a whole number', 'Vul een geheel getal in')],
    [/^must be a number$/, () => tr('Enter a number', 'Vul een getal in')],
    [/^must be at least (.+)$/, (m) => tr(`Must be at least ${m[1]}`, `Moet minstens ${m[1]} zijn`)],
    [/^must be at most (\S+)$/, (m) => tr(`Must be at most ${m[1]}`, `Mag hoogstens ${m[1]} zijn`)],
    [/^must have at most (\d+) decimals?$/, (m) => tr(`At most ${m[1]} decimal(s)`, `Hoogstens ${m[1]} decimaal/decimalen`)],
    [/^must be a date written YYYY-MM-DD$/, () => tr('Enter a date (YYYY-MM-DD)', 'Vul een datum in (JJJJ-MM-DD)')],
    [/^is in the future \(today is (.+)\)$/, (m) => tr(`Is in the future (today is ${m[1]})`, `Ligt in de toekomst (vandaag is ${m[1]})`)],
    // Demographics that contradict enrolment (libs/forms/enrolment.ts).
    [
      /^Year of birth (\d+) differs from (\d+) recorded at enrolment$/,
      (m) => tr(m[0], `Geboortejaar ${m[1]} wijkt af van ${m[2]}, vastgelegd bij de inschrijving`),
    ],
    [
      /^Sex (female|male) differs from (female|male) recorded at enrolment$/,
      (m) => tr(m[0], `Geslacht ${SEX_NL[m[1]]} wijkt af van ${SEX_NL[m[2]]}, vastgelegd bij de inschrijving`),
    ],
    [
      /^Age (\d+) does not fit birth year (\d+) recorded at enrolment \((\d+) or (\d+) on (.+)\)$/,
      (m) =>
        tr(m[0], `Leeftijd ${m[1]} past niet bij geboortejaar ${m[2]}, vastgelegd bij de inschrijving (${m[3]} of ${m[4]} op ${m[5]})`),
    ],
  ];
  return message
    .split('; ')
    .map((part) => {
      for (const [re, text] of rules) {
        const m = re.exec(part);
        if (m) return text(m);
      }
      return part.charAt(0).toUpperCase() + part.slice(1);
    })
    .join('; ');
}

export interface FieldProps {
  study: StudyContext;
  where: FieldWhere;
  field: FieldDef;
  raw: Raw;
  /** Calculated fields: the value the form computes. */
  computed?: unknown;
  error?: string;
  warning?: string;
  readOnly: boolean;
  onChange: (id: string, raw: Raw) => void;
  onBlur: (id: string) => void;
  openQueries: number;
  history: HistoryRow[] | undefined;
  onQueriesChange: () => void;
}

/** Memoised: a key press re-renders the field typed in and those whose value, visibility or message changed. */
export const CrfField = memo(function CrfField(props: FieldProps) {
  const tr = useTr();
  const { field, raw, error, warning, readOnly } = props;
  const id = `f-${field.id}`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const warningId = `${id}-warning`;
  const hint = hintText(field, tr);
  const describedBy = [hint ? hintId : null, error ? errorId : null, warning ? warningId : null].filter(Boolean).join(' ') || undefined;
  const invalid = error ? true : undefined;
  const missing = isMissing(raw) ? raw.missing : null;
  const disabled = readOnly || missing !== null;
  const change = (value: Raw) => props.onChange(field.id, value);
  const blur = () => props.onBlur(field.id);
  const common = { 'aria-invalid': invalid, 'aria-describedby': describedBy, disabled, onBlur: blur };
  const required = field.required ? (
    <span className="req" aria-hidden="true">
      {' '}
      *
    </span>
  ) : null;

  let control: ReactNode;
  if (field.calculated !== undefined) {
    control = (
      <div className="crf-input">
        <label htmlFor={id}>{field.label}</label>
        <span className="crf-with-unit">
          <input
            id={id}
            readOnly
            value={props.computed === null || props.computed === undefined ? '' : String(props.computed)}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            className="calculated"
          />
          {field.unit ? <span className="unit">{field.unit}</span> : null}
        </span>
      </div>
    );
  } else if (field.type === 'choice' || field.type === 'boolean' || field.type === 'multichoice') {
    const options =
      field.type === 'boolean'
        ? [
            { code: 1, label: tr('Yes', 'Ja'), value: true as Raw },
            { code: 0, label: tr('No', 'Nee'), value: false as Raw },
          ]
        : (field.options ?? []).map((o) => ({ code: o.code, label: o.label, value: o.code as Raw }));
    const multi = field.type === 'multichoice';
    const chosen = Array.isArray(raw) ? raw : [];
    control = (
      <fieldset className="crf-choice" aria-describedby={describedBy}>
        <legend>
          {field.label}
          {required}
        </legend>
        {options.map((o) => (
          <label key={o.code} className="crf-option">
            <input
              type={multi ? 'checkbox' : 'radio'}
              name={id}
              checked={multi ? chosen.includes(o.code) : raw === o.value}
              onChange={(e) =>
                multi ? change(e.target.checked ? [...chosen, o.code] : chosen.filter((c) => c !== o.code)) : change(o.value)
              }
              {...common}
            />
            {o.label}
          </label>
        ))}
        {!multi && !readOnly && raw !== null && missing === null ? (
          <button type="button" className="btn ghost small" onClick={() => change(null)}>
            {tr('Clear', 'Wissen')}
            <span className="sr-only"> {field.label}</span>
          </button>
        ) : null}
      </fieldset>
    );
  } else {
    const text = typeof raw === 'string' ? raw : '';
    const long = field.type === 'text' && (field.maxLength ?? 0) > 120;
    control = (
      <div className="crf-input">
        <span className="crf-label">
          <label htmlFor={id}>{field.label}</label>
          {required}
        </span>
        <span className="crf-with-unit">
          {long ? (
            <textarea id={id} value={text} maxLength={field.maxLength} onChange={(e) => change(e.target.value)} rows={3} {...common} />
          ) : (
            <input
              id={id}
              type={field.type === 'date' ? 'date' : 'text'}
              inputMode={field.type === 'integer' ? 'numeric' : field.type === 'decimal' ? 'decimal' : undefined}
              value={text}
              maxLength={field.type === 'text' ? field.maxLength : undefined}
              onChange={(e) => change(e.target.value)}
              className={field.type === 'integer' || field.type === 'decimal' ? 'num' : undefined}
              {...common}
            />
          )}
          {field.unit ? <span className="unit">{field.unit}</span> : null}
        </span>
      </div>
    );
  }

  return (
    <div className={`crf-field${error ? ' has-error' : warning ? ' has-warning' : ''}`} data-field={field.id} id={`field-${field.id}`}>
      {control}
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {field.missingCodes?.length && field.calculated === undefined ? (
        <label className="crf-missing">
          {tr('Missing data', 'Ontbrekende gegevens')}
          <span className="sr-only">: {field.label}</span>{' '}
          <select
            value={missing ?? ''}
            disabled={readOnly}
            onChange={(e) => change(e.target.value ? { missing: e.target.value as MissingCode } : null)}
          >
            <option value="">—</option>
            {field.missingCodes.map((c) => (
              <option key={c} value={c}>
                {tr(MISSING_NAMES[c][0], MISSING_NAMES[c][1])}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error">
          {error}
        </p>
      ) : null}
      {warning ? (
        <p id={warningId} className="field-warning">
          <span className="sr-only">{tr('Warning: ', 'Waarschuwing: ')}</span>
          {warning}
        </p>
      ) : null}
      <div className="crf-extras">
        <FieldHistory study={props.study} field={field} rows={props.history} />
        <FieldQueries study={props.study} where={props.where} field={field} open={props.openQueries} onChange={props.onQueriesChange} />
      </div>
    </div>
  );
});

/** The field's query thread, loaded only when opened (a 40-field form would otherwise ask 40 times). */
function FieldQueries(props: { study: StudyContext; where: FieldWhere; field: FieldDef; open: number; onChange: () => void }) {
  const tr = useTr();
  const [shown, setShown] = useState(false);
  return (
    <details className="crf-queries" onToggle={(e) => setShown(e.currentTarget.open)}>
      <summary>
        {tr('Queries', 'Vragen')} <span className={`badge ${props.open ? 'warn' : 'muted'}`}>({props.open})</span>
        <span className="sr-only">: {props.field.label}</span>
      </summary>
      {shown ? (
        <QueryThread
          study={props.study}
          at={{ ...props.where, field: props.field.id, label: props.field.label }}
          onChange={props.onChange}
        />
      ) : null}
    </details>
  );
}

function hintText(field: FieldDef, tr: Tr): string {
  const parts: string[] = [];
  if (field.calculated !== undefined) parts.push(tr('Calculated', 'Berekend'));
  if (field.min !== undefined && field.max !== undefined) parts.push(`${field.min}–${field.max}${field.unit ? ` ${field.unit}` : ''}`);
  else if (field.min !== undefined) parts.push(`≥ ${field.min}${field.unit ? ` ${field.unit}` : ''}`);
  else if (field.max !== undefined) parts.push(`≤ ${field.max}${field.unit ? ` ${field.unit}` : ''}`);
  if (field.type === 'decimal' && field.precision !== undefined && field.calculated === undefined)
    parts.push(tr(`${field.precision} decimal(s)`, `${field.precision} decimaal/decimalen`));
  if (field.type === 'date') parts.push(tr('Not after today', 'Niet na vandaag'));
  return parts.join(' · ');
}

function FieldHistory({ study, field, rows }: { study: StudyContext; field: FieldDef; rows: HistoryRow[] | undefined }) {
  const tr = useTr();
  const mine = rows ?? [];
  return (
    <details className="crf-history">
      <summary>
        {tr('History', 'Geschiedenis')} ({mine.length})<span className="sr-only">: {field.label}</span>
      </summary>
      {mine.length === 0 ? (
        <p className="muted small">{tr('No changes yet.', 'Nog geen wijzigingen.')}</p>
      ) : (
        <ol className="history-list">
          {mine.map((r) => (
            <li key={r.seq}>
              <span className="date">{formatDateTime(r.at, study.timeZone)}</span> · {r.userName ?? tr('system', 'systeem')}:{' '}
              {showValue(field, r.from, tr)} → {showValue(field, r.to, tr)}
              {r.reason ? (
                <>
                  {' '}
                  · {tr('reason', 'reden')}: <q>{r.reason}</q>
                </>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
