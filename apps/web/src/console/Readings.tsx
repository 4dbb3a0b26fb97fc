// Blinded further reading (issue 13 item 7): a reader grades the scans the first reading covered, blind
// to its grades. The list shows what to grade (level, side: from the first reading, never its grades)
// and how far the reader's own reading is; the form saves the reader's grades (GET/PUT
// /studies/{study}/readings/{participantId}; libs/agreement). The server sets the reader id and what is read.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError, api, data, type Schemas } from './api';
import type { StudyContext } from './Console';
import { useTr } from './i18n';
import { Empty, ErrorNote, Link, useLoad } from './ui';

type Task = Schemas['ReadingTaskDto'];
type Reading = Schemas['BlindedReadingDto'];
type FormDef = Schemas['StudyDetailDto']['forms'][number];
type FieldDef = FormDef['fields'][number];
type Value = number | { missing: 'not_done' } | undefined;

/** Readers (the read_blinded permission) see the tab. */
export const mayRead = (study: Pick<StudyContext, 'permissions'>): boolean => study.permissions.includes('read_blinded');

export function ReadingsTab({ study, current }: { study: Pick<StudyContext, 'code' | 'permissions'>; current: boolean }) {
  const tr = useTr();
  if (!mayRead(study)) return null;
  return (
    <Link to={`/console/${study.code}/readings`} current={current}>
      {tr('Readings', 'Beoordelingen')}
    </Link>
  );
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function ReadingsPage({ study, participantId }: { study: StudyContext; participantId?: string }) {
  return participantId ? <ReadingForm study={study} participantId={participantId} /> : <ReadingList study={study} />;
}

function statusText(task: Task, tr: ReturnType<typeof useTr>): string {
  if (!task.reading) return tr('Not started', 'Niet begonnen');
  return task.reading.status === 'complete' ? tr('Complete', 'Compleet') : tr('Draft', 'Concept');
}

function ReadingList({ study }: { study: StudyContext }) {
  const tr = useTr();
  const [tasks] = useLoad(() => data(api.GET('/studies/{study}/readings', { params: { path: { study: study.code } } })), [study.code]);
  const open = tasks.state === 'ok' ? tasks.data.filter((t) => t.reading?.status !== 'complete').length : 0;
  return (
    <section aria-labelledby="readings-title">
      <h1 id="readings-title">{tr('Blinded readings', 'Geblindeerde beoordelingen')}</h1>
      <p className="muted">
        {tr(
          'Grade each scan at the level and side shown. You never see the first reader’s grades, and no one else sees yours until the agreement is computed.',
          'Beoordeel elke scan op het getoonde niveau en de getoonde zijde. U ziet de graderingen van de eerste beoordelaar nooit, en niemand anders ziet de uwe tot de overeenstemming wordt berekend.',
        )}
      </p>
      {tasks.state === 'loading' ? (
        <p role="status">{tr('Loading…', 'Laden…')}</p>
      ) : tasks.state === 'error' ? (
        <ErrorNote message={tasks.message} />
      ) : tasks.state === 'hidden' ? (
        <ErrorNote message={tr('Readings are for blinded readers.', 'Beoordelingen zijn voor geblindeerde beoordelaars.')} />
      ) : tasks.data.length === 0 ? (
        <Empty>
          {tr(
            'No scans to grade yet: a scan appears here once its first reading is complete.',
            'Nog geen scans te beoordelen: een scan verschijnt hier zodra de eerste beoordeling compleet is.',
          )}
        </Empty>
      ) : (
        <>
          <p role="status">
            {tr(`${open} of ${tasks.data.length} still to grade.`, `Nog ${open} van ${tasks.data.length} te beoordelen.`)}
          </p>
          <table className="list queries-table">
            <caption>{tr('Scans to grade', 'Te beoordelen scans')}</caption>
            <thead>
              <tr>
                <th scope="col">{tr('Participant', 'Deelnemer')}</th>
                <th scope="col">{tr('Grade at', 'Beoordelen op')}</th>
                <th scope="col">{tr('Your reading', 'Uw beoordeling')}</th>
                <th scope="col">
                  <span className="visually-hidden">{tr('Action', 'Actie')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tasks.data.map((t) => (
                <tr key={t.participantId} data-participant={t.label}>
                  <th scope="row" data-label={tr('Participant', 'Deelnemer')}>
                    {t.label}
                  </th>
                  <td data-label={tr('Grade at', 'Beoordelen op')}>{t.subject.map((s) => `${s.label}: ${s.text}`).join(', ')}</td>
                  <td data-label={tr('Your reading', 'Uw beoordeling')}>{statusText(t, tr)}</td>
                  <td>
                    <Link to={`/console/${study.code}/readings/${t.participantId}`}>
                      {t.reading?.status === 'complete'
                        ? tr(`Open reading of ${t.label}`, `Beoordeling van ${t.label} openen`)
                        : tr(`Grade ${t.label}`, `${t.label} beoordelen`)}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function ReadingForm({ study, participantId }: { study: StudyContext; participantId: string }) {
  const tr = useTr();
  const [reading, setReading] = useState<Reading | null>(null);
  const [forms, setForms] = useState<FormDef[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [values, setValues] = useState<Record<string, Value>>({});
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  /** Per control (field id, or `reason`): the message shown next to it. */
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    Promise.all([
      data(api.GET('/studies/{study}/readings/{participantId}', { params: { path: { study: study.code, participantId } } })),
      data(api.GET('/studies/{study}', { params: { path: { study: study.code } } })),
    ]).then(
      ([r, detail]) => {
        if (!live) return;
        setReading(r);
        setValues(r.values as Record<string, Value>);
        setForms(detail.forms);
      },
      (e: unknown) => live && setLoadError(message(e)),
    );
    return () => {
      live = false;
    };
  }, [study.code, participantId]);

  // The grade fields' labels and options, from the study's form that holds them (the further-reading form).
  const fields = useMemo(() => {
    if (!reading || !forms) return [];
    const holder = forms.find((f) => reading.fields.every((id) => f.fields.some((x) => x.id === id)));
    return reading.fields.map((id) => holder?.fields.find((x) => x.id === id)).filter((f): f is FieldDef => f !== undefined);
  }, [reading, forms]);

  if (loadError) return <ErrorNote message={loadError} />;
  if (!reading) return <p role="status">{tr('Loading…', 'Laden…')}</p>;
  const complete = reading.reading?.status === 'complete';
  const readOnly = study.locked;

  const save = async (status: 'incomplete' | 'complete', e?: FormEvent) => {
    e?.preventDefault();
    setSaved(null);
    const problems: Record<string, string> = {};
    if (status === 'complete')
      for (const f of fields) if (values[f.id] === undefined) problems[f.id] = tr('Choose a grade', 'Kies een gradering');
    if (complete && !reason.trim())
      problems.reason = tr('Give the reason: the reading was complete', 'Geef de reden: de beoordeling was compleet');
    setFieldErrors(problems);
    const labelOf = (id: string) =>
      id === 'reason' ? tr('Reason for the change', 'Reden van de wijziging') : (fields.find((f) => f.id === id)?.label ?? id);
    setErrors(Object.entries(problems).map(([id, m]) => `${labelOf(id)}: ${m}`));
    if (Object.keys(problems).length) return;
    setBusy(true);
    try {
      const body = {
        values: Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)),
        status,
        version: reading.reading?.version ?? null,
        ...(complete ? { reason: reason.trim() } : {}),
      };
      const next = await data(
        api.PUT('/studies/{study}/readings/{participantId}', { params: { path: { study: study.code, participantId } }, body }),
      );
      setReading(next);
      setValues(next.values as Record<string, Value>);
      setReason('');
      setSaved(
        status === 'complete'
          ? tr('Reading saved as complete.', 'Beoordeling compleet opgeslagen.')
          : tr('Draft saved.', 'Concept opgeslagen.'),
      );
    } catch (err: unknown) {
      setErrors([
        err instanceof ApiError && err.status === 409 ? tr(`Not saved: ${err.message}`, `Niet opgeslagen: ${err.message}`) : message(err),
      ]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="reading-title">
      <p>
        <Link to={`/console/${study.code}/readings`}>{tr('← All readings', '← Alle beoordelingen')}</Link>
      </p>
      <h1 id="reading-title">{tr(`Reading of ${reading.label}`, `Beoordeling van ${reading.label}`)}</h1>
      <dl className="facts">
        {reading.subject.map((s) => (
          <div key={s.field}>
            <dt>{s.label}</dt>
            <dd>{s.text}</dd>
          </div>
        ))}
        <div>
          <dt>{tr('Your reading', 'Uw beoordeling')}</dt>
          <dd>{statusText(reading, tr)}</dd>
        </div>
      </dl>
      {errors.length > 0 ? (
        <div role="alert" className="alert">
          <h2>{tr('Please check', 'Controleer')}</h2>
          <ul>
            {errors.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {saved ? (
        <p role="status" className="page-status">
          {saved}
        </p>
      ) : null}
      <form className="crf-form" onSubmit={(e) => void save('complete', e)} noValidate>
        {fields.map((f) => {
          const v = values[f.id];
          const name = `r-${f.id}`;
          const error = fieldErrors[f.id];
          const invalid = error ? true : undefined;
          return (
            <div key={f.id} className="crf-field">
              <fieldset className="crf-choice" aria-describedby={error ? `${name}-error` : undefined}>
                <legend>
                  {f.label}
                  <span aria-hidden="true"> *</span>
                </legend>
                {error ? (
                  <p id={`${name}-error`} className="field-error">
                    {error}
                  </p>
                ) : null}
                {(f.options ?? []).map((o) => (
                  <label key={o.code} className="crf-option">
                    <input
                      type="radio"
                      name={name}
                      checked={v === o.code}
                      aria-invalid={invalid}
                      disabled={readOnly}
                      onChange={() => setValues((all) => ({ ...all, [f.id]: o.code }))}
                    />{' '}
                    {o.label}
                  </label>
                ))}
                {f.missingCodes?.includes('not_done') ? (
                  <label className="crf-option">
                    <input
                      type="radio"
                      name={name}
                      checked={typeof v === 'object' && v?.missing === 'not_done'}
                      aria-invalid={invalid}
                      disabled={readOnly}
                      onChange={() => setValues((all) => ({ ...all, [f.id]: { missing: 'not_done' } }))}
                    />{' '}
                    {tr('Not done', 'Niet gedaan')}
                  </label>
                ) : null}
              </fieldset>
            </div>
          );
        })}
        {complete ? (
          <p>
            <label htmlFor="reading-reason">{tr('Reason for the change', 'Reden van de wijziging')}</label>
            <br />
            <input
              id="reading-reason"
              value={reason}
              maxLength={1000}
              disabled={readOnly}
              aria-invalid={fieldErrors.reason ? true : undefined}
              aria-describedby={fieldErrors.reason ? 'reading-reason-error' : undefined}
              onChange={(e) => setReason(e.target.value)}
            />
            {fieldErrors.reason ? (
              <span id="reading-reason-error" className="field-error">
                {fieldErrors.reason}
              </span>
            ) : null}
          </p>
        ) : null}
        {readOnly ? (
          <p className="muted">
            {tr('The study is locked: readings cannot change.', 'De studie is vergrendeld: beoordelingen kunnen niet wijzigen.')}
          </p>
        ) : (
          <div className="form-actions">
            {!complete ? (
              <button type="button" className="btn" disabled={busy} onClick={() => void save('incomplete')}>
                {tr('Save', 'Opslaan')}
              </button>
            ) : null}
            <button type="submit" className="btn primary" disabled={busy}>
              {complete ? tr('Save', 'Opslaan') : tr('Mark complete', 'Markeren als compleet')}
            </button>
          </div>
        )}
      </form>
    </section>
  );
}
