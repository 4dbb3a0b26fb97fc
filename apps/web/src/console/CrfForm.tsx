// One case report form rendered from the study definition. The rules run in the browser with the
// server's own engine (libs/forms, pure and small), so branching, calculated fields, range and hard
// checks (errors) and soft checks (warnings) update as values change; the server decides on save.
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { formEvaluator, type FormValidationResult } from '@trialdata/forms';
import type { FormDefinition } from '@trialdata/protocol';
import { ApiError, api, data, type ParticipantDetail, type Query, type Schemas, type StudyDetail } from './api';
import { CrfField, isMissing, showValue, translateMessage, type FieldDef, type HistoryRow, type Raw } from './CrfField';
import type { StudyContext } from './Console';
import { useLang, useTr } from './i18n';
import { Badge, ErrorNote, Link } from './ui';

export type FormDef = Schemas['StudyFormDto'];
export type StudyDef = StudyDetail;
type FormView = Schemas['FormViewDto'];
type Saved = Schemas['SavedFormDto'];

const definitions = new Map<string, Promise<StudyDef>>();

/** `GET /studies/{study}` once per page load: the forms and schedule do not change while it is open. */
export function loadStudyDefinition(code: string): Promise<StudyDef> {
  let p = definitions.get(code);
  if (!p) {
    p = data(api.GET('/studies/{study}', { params: { path: { study: code } } }));
    p.catch(() => definitions.delete(code));
    definitions.set(code, p);
  }
  return p;
}

/** The calendar date of an instant in a time zone (YYYY-MM-DD). */
function dateIn(instant: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));
}

function toRaw(field: FieldDef, value: unknown): Raw {
  if (value === null || value === undefined)
    return field.type === 'multichoice' ? [] : field.type === 'choice' || field.type === 'boolean' ? null : '';
  if (isMissing(value as Raw)) return value as Raw;
  if (field.type === 'integer' || field.type === 'decimal') return String(value);
  return value as Raw;
}

/** What the API takes: numbers parsed (a decimal comma accepted), blanks as null; anything else as typed, for the rules to refuse. */
function toValue(field: FieldDef, raw: Raw): unknown {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (text === '') return null;
    if (field.type === 'integer' && /^[+-]?\d+$/.test(text)) return Number(text);
    if (field.type === 'decimal' && /^[+-]?(\d+([.,]\d*)?|[.,]\d+)$/.test(text)) return Number(text.replace(',', '.'));
    return field.type === 'text' ? raw : text;
  }
  if (Array.isArray(raw)) return raw.length ? raw : null;
  return raw;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

type Conflict = { theirs: FormView; changed: Array<{ field: FieldDef; base: unknown; theirs: unknown; mine: unknown }> };

export function CrfFormPage({
  study,
  participantId,
  eventId,
  formId,
  instance,
}: {
  study: StudyContext;
  participantId: string;
  eventId: string;
  formId: string;
  instance: number;
}) {
  const tr = useTr();
  const [def, setDef] = useState<StudyDef | null>(null);
  const [participant, setParticipant] = useState<ParticipantDetail | null>(null);
  const [base, setBase] = useState<FormView | null>(null);
  const [raw, setRaw] = useState<Record<string, Raw>>({});
  const [loadError, setLoadError] = useState<string | null>(null);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [serverWarnings, setServerWarnings] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [busy, setBusy] = useState(false);
  const [history, setHistory] = useState<HistoryRow[]>([]);
  const [queries, setQueries] = useState<Query[]>([]);
  const noticeRef = useRef<HTMLDivElement>(null);

  const at = { params: { path: { id: participantId, eventId, formId }, query: { instance } } };
  const form = def?.forms.find((f) => f.id === formId) ?? null;
  const event = def?.schedule.find((e) => e.id === eventId) ?? null;

  const loadHistory = useCallback(() => {
    data(
      api.GET('/participants/{id}/events/{eventId}/forms/{formId}/audit', {
        params: { path: { id: participantId, eventId, formId }, query: { instance } },
      }),
    ).then(
      (r) => setHistory(r.rows),
      () => setHistory([]),
    );
  }, [participantId, eventId, formId, instance]);
  const loadQueries = useCallback(() => {
    data(api.GET('/participants/{id}/queries', { params: { path: { id: participantId } } })).then(
      (all) => setQueries(all.filter((q) => q.eventId === eventId && q.formId === formId && q.instance === instance)),
      () => setQueries([]),
    );
  }, [participantId, eventId, formId, instance]);

  const adopt = useCallback((view: FormView, f: FormDef) => {
    setBase(view);
    setRaw(Object.fromEntries(f.fields.map((x) => [x.id, toRaw(x, view.values[x.id])])));
    setTouched(new Set());
    setShowAll(false);
    setServerErrors({});
    setReason('');
    setReasonError(null);
  }, []);

  useEffect(() => {
    let live = true;
    Promise.all([
      loadStudyDefinition(study.code),
      data(api.GET('/participants/{id}', { params: { path: { id: participantId } } })),
      data(api.GET('/participants/{id}/events/{eventId}/forms/{formId}', at)),
    ]).then(
      ([d, p, view]) => {
        if (!live) return;
        const f = d.forms.find((x) => x.id === formId);
        setDef(d);
        setParticipant(p);
        if (f) adopt(view, f);
      },
      (e: unknown) => live && setLoadError(e instanceof Error ? e.message : String(e)),
    );
    loadHistory();
    loadQueries();
    return () => {
      live = false;
    };
  }, [study.code, participantId, eventId, instance, formId, adopt, loadHistory, loadQueries]);

  const { lang } = useLang();
  useEffect(() => {
    document.title =
      form && participant ? `${form.title} · ${participant.label} · trialdata` : `${tr('Form', 'Formulier')} · ${study.code} · trialdata`;
  }, [form, participant, study.code, lang]);

  const evaluate = useMemo(() => (form ? formEvaluator(form as unknown as FormDefinition) : null), [form]);
  const context = useMemo(() => {
    if (!participant) return {};
    return {
      enrolment: {
        date: dateIn(participant.enrolledAt, study.timeZone),
        birthYear: participant.birthYear,
        sex: participant.sex,
        ...(participant.cohort ? { cohort: participant.cohort } : {}),
      },
      ...(participant.anchorDate ? { anchor: { date: participant.anchorDate } } : {}),
    };
  }, [participant, study.timeZone]);

  const entered = useMemo(() => {
    if (!form) return {};
    return Object.fromEntries(form.fields.filter((f) => f.calculated === undefined).map((f) => [f.id, toValue(f, raw[f.id] ?? null)]));
  }, [form, raw]);

  // What a save sends: values typed into fields that branching now hides are kept on screen (they come
  // back if the answer changes back) but never sent, so a second pass evaluates without them.
  const [values, result] = useMemo((): [Record<string, unknown>, FormValidationResult | null] => {
    if (!evaluate) return [entered, null];
    try {
      const first = evaluate(entered, { status: 'incomplete', context });
      if (!first.hidden.some((id) => entered[id] !== null && entered[id] !== undefined)) return [entered, first];
      const shown = Object.fromEntries(Object.entries(entered).filter(([id]) => !first.hidden.includes(id)));
      return [shown, evaluate(shown, { status: 'incomplete', context })];
    } catch {
      return [entered, null]; // a definition the engine cannot run: the server will say so on save
    }
  }, [evaluate, entered, context]);

  const hidden = useMemo(() => new Set(result?.hidden ?? []), [result]);
  const liveErrors = useMemo(() => Object.fromEntries((result?.errors ?? []).map((e) => [e.field, e.message])), [result]);
  const liveWarnings = useMemo(() => {
    const out: Record<string, string> = {};
    for (const w of result?.warnings ?? []) out[w.field] = out[w.field] ? `${out[w.field]}; ${w.message}` : w.message;
    return out;
  }, [result]);

  const onChange = useCallback((id: string, value: Raw) => {
    setRaw((r) => ({ ...r, [id]: value }));
    setServerErrors((e) => {
      if (!(id in e)) return e;
      const next = { ...e };
      delete next[id];
      return next;
    });
  }, []);
  const onBlur = useCallback((id: string) => setTouched((t) => (t.has(id) ? t : new Set(t).add(id))), []);
  const onQueriesChange = useCallback(() => loadQueries(), [loadQueries]);
  const where = useMemo(() => ({ participantId, eventId, formId, instance }), [participantId, eventId, formId, instance]);

  const historyByField = useMemo(() => {
    const map = new Map<string, HistoryRow[]>();
    for (const r of history) {
      if (!r.field || (r.action !== 'create' && r.action !== 'update')) continue;
      map.set(r.field, [...(map.get(r.field) ?? []), r]);
    }
    return map;
  }, [history]);
  const openByField = useMemo(() => {
    const map = new Map<string, number>();
    for (const q of queries) if (q.status === 'open') map.set(q.field, (map.get(q.field) ?? 0) + 1);
    return map;
  }, [queries]);

  // A link to `#field-<id>` (the queries page's) lands on that field once the form is on screen: scrolled
  // to, its control focused and its query thread opened. Again when the hash changes on this page.
  const ready = !!(def && participant && base && result && form);
  const landedOn = useRef<string | null>(null);
  useEffect(() => {
    if (!ready) return;
    const land = () => {
      const hash = window.location.hash;
      if (!hash.startsWith('#field-') || landedOn.current === hash) return;
      landedOn.current = hash;
      focusFieldFromHash(decodeURIComponent(hash.slice('#field-'.length)));
    };
    land();
    const again = () => {
      landedOn.current = null;
      land();
    };
    window.addEventListener('hashchange', again);
    return () => window.removeEventListener('hashchange', again);
  }, [ready]);

  if (loadError)
    return (
      <>
        <h1>{tr('Form', 'Formulier')}</h1>
        <ErrorNote message={loadError} />
        <p>
          <Link to={`/console/${study.code}/participants/${participantId}`}>
            {tr('Back to the participant', 'Terug naar de deelnemer')}
          </Link>
        </p>
      </>
    );
  if (!def || !participant || !base || !result)
    return (
      <p className="page-status" role="status">
        {tr('Loading…', 'Laden…')}
      </p>
    );
  if (!form)
    return (
      <>
        <h1>{tr('Form not found', 'Formulier niet gevonden')}</h1>
        <ErrorNote message={tr(`${study.code} has no form ${formId}.`, `${study.code} heeft geen formulier ${formId}.`)} />
      </>
    );

  const wasComplete = base.status === 'complete';
  const changedFields = form.fields.filter(
    (f) => f.calculated === undefined && !sameValue(hidden.has(f.id) ? null : values[f.id], base.values[f.id]),
  );
  const dirty = changedFields.length > 0;
  const shown = (id: string) => showAll || touched.has(id);
  const errorFor = (id: string): string | undefined => {
    const message = serverErrors[id] ?? (shown(id) ? liveErrors[id] : undefined);
    return message ? translateMessage(message, tr) : undefined;
  };

  const warningFor = (id: string): string | undefined => {
    const message = serverWarnings[id] ?? liveWarnings[id];
    return message ? translateMessage(message, tr) : undefined;
  };

  const submit = async (status: 'incomplete' | 'complete' | undefined) => {
    setNotice(null);
    setShowAll(true);
    const check = evaluate!(values, {
      status: status === 'complete' || (status === undefined && wasComplete) ? 'complete' : 'incomplete',
      context,
    });
    const firstInvalid = form.fields.find((f) => check.errors.some((e) => e.field === f.id) && !hidden.has(f.id));
    if (check.errors.length) {
      setServerErrors(Object.fromEntries(check.errors.map((e) => [e.field, e.message])));
      setNotice({ kind: 'error', text: tr('Correct the marked fields.', 'Verbeter de gemarkeerde velden.') });
      focusField(firstInvalid?.id);
      return;
    }
    const needsReason = wasComplete && (dirty || (status !== undefined && status !== base.status));
    if (needsReason && !reason.trim()) {
      setReasonError(tr('Give the reason for changing a complete form.', 'Geef de reden voor het wijzigen van een compleet formulier.'));
      document.getElementById('crf-reason')?.focus();
      return;
    }
    setReasonError(null);
    const version = conflict?.theirs.version ?? base.version;
    const body: Schemas['SaveFormDto'] = {
      values: Object.fromEntries(Object.entries(values).filter(([id, v]) => v !== null && !hidden.has(id))),
      ...(status ? { status } : {}),
      ...(version !== null ? { version } : {}),
      ...(needsReason || (conflict?.theirs.status === 'complete' && reason.trim()) ? { reason: reason.trim() } : {}),
    };
    setBusy(true);
    try {
      const saved: Saved = await data(api.PUT('/participants/{id}/events/{eventId}/forms/{formId}', { ...at, body }));
      adopt(saved, form);
      setConflict(null);
      const warned: Record<string, string> = {};
      for (const w of saved.warnings ?? []) warned[w.field] = warned[w.field] ? `${warned[w.field]}; ${w.message}` : w.message;
      setServerWarnings(warned);
      setNotice({
        kind: 'ok',
        text:
          saved.status === 'complete'
            ? tr(`Saved: complete (version ${saved.version}).`, `Opgeslagen: compleet (versie ${saved.version}).`)
            : tr(`Saved: incomplete (version ${saved.version}).`, `Opgeslagen: incompleet (versie ${saved.version}).`),
      });
      loadHistory();
      loadQueries();
    } catch (e) {
      await refused(e);
    } finally {
      setBusy(false);
    }
  };

  const refused = async (e: unknown) => {
    if (!(e instanceof ApiError)) {
      setNotice({ kind: 'error', text: e instanceof Error ? e.message : String(e) });
      return;
    }
    const errors = (e.problem?.errors as Array<{ field: string; message: string }> | undefined) ?? [];
    if (e.status === 400 && errors.length) {
      const byField: Record<string, string> = {};
      const other: string[] = [];
      for (const x of errors) {
        if (form.fields.some((f) => f.id === x.field))
          byField[x.field] = byField[x.field] ? `${byField[x.field]}; ${x.message}` : x.message;
        else other.push(`${x.field}: ${x.message}`);
      }
      setServerErrors(byField);
      setNotice({
        kind: 'error',
        text: [tr('Not saved: correct the marked fields.', 'Niet opgeslagen: verbeter de gemarkeerde velden.'), ...other].join(' '),
      });
      focusField(form.fields.find((f) => byField[f.id])?.id);
      return;
    }
    if (e.status === 422 && errors.some((x) => x.field === 'reason')) {
      setReasonError(tr('Give the reason for changing a complete form.', 'Geef de reden voor het wijzigen van een compleet formulier.'));
      document.getElementById('crf-reason')?.focus();
      return;
    }
    if (e.status === 409 && e.problem && 'currentVersion' in e.problem) {
      try {
        const theirs: FormView = await data(api.GET('/participants/{id}/events/{eventId}/forms/{formId}', at));
        const start = conflict?.theirs ?? base;
        const changed = form.fields
          .filter((f) => !sameValue(start.values[f.id], theirs.values[f.id]))
          .map((f) => ({ field: f, base: start.values[f.id], theirs: theirs.values[f.id], mine: values[f.id] }));
        setConflict({ theirs, changed });
        setNotice({
          kind: 'error',
          text: tr(
            'Someone else saved this form meanwhile. Your values are kept; check the changes below, then save again to keep yours.',
            'Iemand anders heeft dit formulier intussen opgeslagen. Uw waarden blijven staan; bekijk de wijzigingen hieronder en sla opnieuw op om de uwe te houden.',
          ),
        });
      } catch (again) {
        setNotice({ kind: 'error', text: again instanceof Error ? again.message : String(again) });
      }
      return;
    }
    setNotice({ kind: 'error', text: e.message });
  };

  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    void submit(wasComplete ? undefined : 'incomplete');
  };

  const readOnly = busy;
  const errorCount = form.fields.filter((f) => !hidden.has(f.id) && errorFor(f.id)).length;

  return (
    <>
      <nav className="crumbs" aria-label={tr('Breadcrumb', 'Kruimelpad')}>
        <Link to={`/console/${study.code}/participants`}>{tr('Participants', 'Deelnemers')}</Link> <span aria-hidden="true">›</span>{' '}
        <Link to={`/console/${study.code}/participants/${participantId}`}>{participant.label}</Link> <span aria-hidden="true">›</span>{' '}
        <span>{form.title}</span>
      </nav>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            {participant.label} · {event?.title ?? eventId}
            {form.repeating ? ` · #${instance}` : ''}
          </p>
          <h1>{form.title}</h1>
        </div>
        <span data-testid="form-status">
          <Badge value={base.status} />
        </span>
      </div>
      <p className="muted small">
        {tr(
          'Fields marked * are required to mark the form complete.',
          'Velden met * zijn verplicht om het formulier compleet te markeren.',
        )}{' '}
        {base.version !== null ? tr(`Version ${base.version}.`, `Versie ${base.version}.`) : tr('Not saved yet.', 'Nog niet opgeslagen.')}
      </p>

      <div ref={noticeRef} aria-live="polite" className="crf-notice">
        {notice ? (
          <p className={notice.kind === 'ok' ? 'ok-note' : 'alert'} role={notice.kind === 'error' ? 'alert' : 'status'}>
            {notice.text}
            {notice.kind === 'error' && errorCount ? ` (${errorCount})` : ''}
          </p>
        ) : null}
      </div>

      {conflict ? (
        <section className="panel crf-conflict" aria-labelledby="conflict-h">
          <h2 id="conflict-h">{tr('Changed by someone else', 'Gewijzigd door iemand anders')}</h2>
          <p className="small">
            {tr(
              `The form is now at version ${conflict.theirs.version} (${conflict.theirs.status}). Saving again replaces their values with yours.`,
              `Het formulier staat nu op versie ${conflict.theirs.version} (${conflict.theirs.status}). Opnieuw opslaan vervangt hun waarden door de uwe.`,
            )}
          </p>
          {conflict.changed.length ? (
            <ul>
              {conflict.changed.map((c) => (
                <li key={c.field.id}>
                  <strong>{c.field.label}</strong>: {showValue(c.field, c.base, tr)} → {showValue(c.field, c.theirs, tr)} (
                  {tr('yours', 'de uwe')}: {showValue(c.field, c.mine, tr)})
                </li>
              ))}
            </ul>
          ) : (
            <p className="small">
              {tr('No values changed (only the status or version).', 'Geen waarden gewijzigd (alleen status of versie).')}
            </p>
          )}
          <button type="button" className="btn ghost" onClick={() => (adopt(conflict.theirs, form), setConflict(null), setNotice(null))}>
            {tr('Discard my changes', 'Mijn wijzigingen verwerpen')}
          </button>
        </section>
      ) : null}

      <form className="crf-form" onSubmit={onSubmit} noValidate aria-labelledby="crf-title-h">
        <h2 id="crf-title-h" className="sr-only">
          {form.title}
        </h2>
        {form.fields.map((f) =>
          hidden.has(f.id) ? null : (
            <CrfField
              key={f.id}
              study={study}
              where={where}
              field={f}
              raw={raw[f.id] ?? null}
              computed={f.calculated !== undefined ? result.values[f.id] : undefined}
              error={errorFor(f.id)}
              warning={warningFor(f.id)}
              readOnly={readOnly}
              onChange={onChange}
              onBlur={onBlur}
              openQueries={openByField.get(f.id) ?? 0}
              history={historyByField.get(f.id)}
              onQueriesChange={onQueriesChange}
            />
          ),
        )}

        {wasComplete && (dirty || reasonError) ? (
          <div className="crf-field crf-reason">
            <span className="crf-label">
              <label htmlFor="crf-reason">{tr('Reason for the change', 'Reden van de wijziging')}</label>
              <span className="req" aria-hidden="true">
                *
              </span>
            </span>
            <textarea
              id="crf-reason"
              rows={2}
              value={reason}
              maxLength={1000}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={reasonError ? true : undefined}
              aria-describedby={reasonError ? 'crf-reason-error' : 'crf-reason-hint'}
            />
            {reasonError ? (
              <p id="crf-reason-error" className="field-error">
                {reasonError}
              </p>
            ) : (
              <p id="crf-reason-hint" className="hint">
                {tr(
                  'This form is complete: every change is recorded with its reason.',
                  'Dit formulier is compleet: elke wijziging wordt met de reden vastgelegd.',
                )}
              </p>
            )}
          </div>
        ) : null}

        <div className="actions crf-actions">
          <button type="submit" className="btn" disabled={busy}>
            {tr('Save', 'Opslaan')}
          </button>
          {!wasComplete ? (
            <button type="button" className="btn primary" disabled={busy} onClick={() => void submit('complete')}>
              {tr('Mark complete', 'Markeren als compleet')}
            </button>
          ) : null}
          <Link to={`/console/${study.code}/participants/${participantId}`}>
            {tr('Back to the participant', 'Terug naar de deelnemer')}
          </Link>
        </div>
      </form>
    </>
  );
}

function focusFieldFromHash(id: string): void {
  const wrapper = document.getElementById(`field-${id}`);
  if (!wrapper) return; // hidden by branching, or no such field
  const thread = wrapper.querySelector<HTMLDetailsElement>('details.crf-queries');
  if (thread) thread.open = true;
  const control =
    wrapper.querySelector<HTMLElement>('input:checked:not([disabled])') ??
    wrapper.querySelector<HTMLElement>('input:not([type=hidden]):not([disabled]), textarea:not([disabled]), select:not([disabled])');
  if (control) control.focus({ preventScroll: true });
  else {
    wrapper.tabIndex = -1;
    wrapper.focus({ preventScroll: true });
  }
  wrapper.scrollIntoView({ block: 'start' });
}

function focusField(id: string | undefined): void {
  if (!id) return;
  const el = document.querySelector<HTMLElement>(`[data-field="${id}"] input:not([type=hidden]), [data-field="${id}"] textarea`);
  el?.focus();
}
