// Coordinator tasks (call a patient whose questionnaire is still open two days before it closes) with
// an outcome log: each attempt is reached, no answer, refused or rescheduled (with a date), a note and
// when. "Mark done" closes the task.
import { useState, type FormEvent } from 'react';
import { api, data, type Schemas, type Task } from './api';
import type { StudyContext } from './Console';
import { can } from './permissions';
import { useTr, type Tr } from './i18n';
import { Badge, Empty, ErrorNote, eventName, formatDateTime, lastDay, Link, Panel, useLoad } from './ui';

type OutcomeRow = Schemas['TaskOutcomeDto'];
type Outcome = OutcomeRow['outcome'];

type TaskWithLog = Task;

const OUTCOMES: Outcome[] = ['reached', 'no_answer', 'refused', 'rescheduled'];

function outcomeName(tr: Tr, o: Outcome): string {
  switch (o) {
    case 'reached':
      return tr('Reached', 'Bereikt');
    case 'no_answer':
      return tr('No answer', 'Geen gehoor');
    case 'refused':
      return tr('Refused', 'Geweigerd');
    case 'rescheduled':
      return tr('Rescheduled', 'Verzet');
  }
}

export function TasksPage({ study }: { study: StudyContext }) {
  const tr = useTr();
  const [filter, setFilter] = useState<'open' | 'done' | 'all'>('open');
  const [tasks, reload] = useLoad(
    () =>
      data(
        api.GET('/studies/{study}/tasks', { params: { path: { study: study.code }, query: filter === 'all' ? {} : { status: filter } } }),
      ),
    [study.code, filter],
  );
  const canAct = !study.locked && can(study, 'follow_up');
  return (
    <>
      <div className="page-head">
        <h1>{tr('Tasks', 'Taken')}</h1>
      </div>
      <div className="filters">
        <label>
          {tr('Show', 'Toon')}
          <select value={filter} onChange={(e) => setFilter(e.target.value as typeof filter)}>
            <option value="open">{tr('Open tasks', 'Open taken')}</option>
            <option value="done">{tr('Done', 'Afgerond')}</option>
            <option value="all">{tr('All tasks', 'Alle taken')}</option>
          </select>
        </label>
      </div>
      <Panel title={tr('Coordinator tasks', 'Coördinatortaken')} id="tasks" load={tasks}>
        {(rows) =>
          rows.length === 0 ? (
            <Empty>{tr('No tasks.', 'Geen taken.')}</Empty>
          ) : (
            <ul className="tasks">
              {rows.map((t) => (
                <TaskItem key={t.id} study={study} task={t} canAct={canAct} onChange={reload} />
              ))}
            </ul>
          )
        }
      </Panel>
    </>
  );
}

function TaskItem({ study, task, canAct, onChange }: { study: StudyContext; task: TaskWithLog; canAct: boolean; onChange: () => void }) {
  const tr = useTr();
  const tz = study.timeZone;
  const log = task.outcomes ?? [];
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const markDone = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await data(api.POST('/studies/{study}/tasks/{taskId}/done', { params: { path: { study: study.code, taskId: task.id } } }));
      onChange();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const headingId = `task-${task.id}-h`;
  return (
    <li className="task" aria-labelledby={headingId}>
      <div className="q-head">
        <h3 id={headingId} className="q-title">
          {tr('Call', 'Bel')} <Link to={`/console/${study.code}/participants/${task.participantId}`}>{task.label}</Link>:{' '}
          {eventName(task.eventId)}
        </h3>
        <Badge value={task.status} />
        <span className="muted small">
          {task.siteCode} · {tr('questionnaire open until', 'vragenlijst open tot en met')} {lastDay(task.closesAt, tz)} ·{' '}
          {tr('created', 'aangemaakt')} {formatDateTime(task.createdAt, tz)}
          {task.doneAt ? ` · ${tr('done', 'afgerond')} ${formatDateTime(task.doneAt, tz)}` : ''}
        </span>
      </div>
      {log.length ? (
        <div className="table-wrap">
          <table className="list compact">
            <caption className="sr-only">
              {tr('Call log for', 'Belverslag voor')} {task.label}
            </caption>
            <thead>
              <tr>
                <th scope="col">{tr('When', 'Wanneer')}</th>
                <th scope="col">{tr('Outcome', 'Uitkomst')}</th>
                <th scope="col">{tr('Note', 'Notitie')}</th>
                <th scope="col">{tr('By', 'Door')}</th>
              </tr>
            </thead>
            <tbody>
              {log.map((o) => (
                <tr key={o.id}>
                  <td>{formatDateTime(o.at, tz)}</td>
                  <td>
                    {outcomeName(tr, o.outcome)}
                    {o.rescheduleDate ? ` → ${o.rescheduleDate}` : ''}
                  </td>
                  <td>{o.note || '—'}</td>
                  <td>{o.userName ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="small muted">{tr('No call logged yet.', 'Nog geen gesprek vastgelegd.')}</p>
      )}
      {canAct ? <OutcomeForm study={study} task={task} onChange={onChange} /> : null}
      {canAct && task.status === 'open' ? (
        <div className="head-actions">
          <button type="button" className="btn" onClick={() => void markDone()} aria-disabled={busy}>
            {tr('Mark done', 'Afronden')}
            <span className="sr-only"> ({task.label})</span>
          </button>
        </div>
      ) : null}
      {error ? <ErrorNote message={error} /> : null}
    </li>
  );
}

function OutcomeForm({ study, task, onChange }: { study: StudyContext; task: TaskWithLog; onChange: () => void }) {
  const tr = useTr();
  const [outcome, setOutcome] = useState<Outcome | ''>('');
  const [note, setNote] = useState('');
  const [date, setDate] = useState('');
  const [errors, setErrors] = useState<{ outcome?: string; date?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const id = `task-${task.id}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (saving) return;
    const next: typeof errors = {};
    if (!outcome) next.outcome = tr('Choose the outcome of the call.', 'Kies de uitkomst van het gesprek.');
    if (outcome === 'rescheduled' && !date) next.date = tr('Give the date of the next call.', 'Geef de datum van het volgende gesprek.');
    setErrors(next);
    if (Object.keys(next).length || !outcome) return;
    setSaving(true);
    setError(null);
    try {
      await data(
        api.POST('/studies/{study}/tasks/{taskId}/outcomes', {
          params: { path: { study: study.code, taskId: task.id } },
          body: { outcome, note: note.trim() || undefined, ...(outcome === 'rescheduled' ? { date } : {}) },
        }),
      );
      setOutcome('');
      setNote('');
      setDate('');
      onChange();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="outcome-form" onSubmit={(e) => void submit(e)} noValidate>
      <fieldset aria-invalid={errors.outcome ? true : undefined} aria-describedby={errors.outcome ? `${id}-outcome-err` : undefined}>
        <legend>
          {tr('Outcome of the call', 'Uitkomst van het gesprek')}
          <span className="sr-only"> ({task.label})</span>
        </legend>
        {OUTCOMES.map((o) => (
          <label key={o} className="choice">
            <input type="radio" name={`${id}-outcome`} value={o} checked={outcome === o} onChange={() => setOutcome(o)} />
            {outcomeName(tr, o)}
          </label>
        ))}
        {errors.outcome ? (
          <p id={`${id}-outcome-err`} className="field-error">
            {errors.outcome}
          </p>
        ) : null}
      </fieldset>
      {outcome === 'rescheduled' ? (
        <div className="item">
          <label htmlFor={`${id}-date`}>{tr('Call again on', 'Opnieuw bellen op')}</label>
          <input
            id={`${id}-date`}
            type="date"
            value={date}
            aria-invalid={errors.date ? true : undefined}
            aria-describedby={errors.date ? `${id}-date-err` : undefined}
            onChange={(e) => setDate(e.target.value)}
          />
          {errors.date ? (
            <p id={`${id}-date-err`} className="field-error">
              {errors.date}
            </p>
          ) : null}
        </div>
      ) : null}
      <div className="item">
        <label htmlFor={`${id}-note`}>{tr('Note', 'Notitie')}</label>
        <textarea id={`${id}-note`} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </div>
      {error ? <ErrorNote message={error} /> : null}
      <div className="head-actions">
        <button type="submit" className="btn primary" aria-disabled={saving}>
          {tr('Log outcome', 'Uitkomst vastleggen')}
          <span className="sr-only"> ({task.label})</span>
        </button>
      </div>
    </form>
  );
}
