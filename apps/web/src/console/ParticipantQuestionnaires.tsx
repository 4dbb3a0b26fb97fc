// A participant's questionnaires from the coordinator's side: per time point its state, scores with
// the instrument's labels and the messages sent with their delivery state; a new patient link to copy
// (the old one stops working), a resent invitation (through the outbox), and answers given on paper or
// by phone entered by the site team.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, api, data, type ParticipantDetail, type ParticipantQuestionnaire, type Schemas } from './api';
import type { StudyContext } from './Console';
import { can } from './permissions';
import { useLang, useTr } from './i18n';
import { Badge, Empty, ErrorNote, eventName, formatDate, formatDateTime, humanise, lastDay, Panel, useLoad } from './ui';

type QuestionnaireRow = ParticipantQuestionnaire;
type InstrumentItem = Schemas['InstrumentItemDto'];
type Instrument = Schemas['InstrumentDto'];

export function QuestionnairesPanel({
  study,
  participant,
  onChange,
}: {
  study: StudyContext;
  participant: ParticipantDetail;
  onChange: () => void;
}) {
  const tr = useTr();
  const id = participant.id;
  const [questionnaires, reload] = useLoad(() => data(api.GET('/participants/{id}/questionnaires', { params: { path: { id } } })), [id]);
  const tz = study.timeZone;
  const stopped = ['withdrawn', 'completed', 'lost_to_follow_up'].includes(participant.status);
  const canLink = !study.locked && !stopped && can(study, 'send_links');
  const canEnter = !study.locked && can(study, 'follow_up');
  const changed = () => {
    reload();
    onChange();
  };
  return (
    <Panel title={tr('Questionnaires and messages', 'Vragenlijsten en berichten')} id="questionnaires" load={questionnaires}>
      {(rows) =>
        rows.length === 0 ? (
          <Empty>{tr('No questionnaires scheduled.', 'Geen vragenlijsten gepland.')}</Empty>
        ) : (
          <ul className="questionnaires">
            {rows.map((q) => {
              const answerable = q.status !== 'completed' && q.status !== 'cancelled' && q.status !== 'missed';
              return (
                <li key={q.id} className="questionnaire">
                  <div className="q-head">
                    <h3 className="q-title">{eventName(q.eventId)}</h3>
                    <Badge value={q.status} />
                    {q.overdue ? <Badge value="overdue" /> : null}
                    <span className="muted small">
                      {q.mode === 'clinic' ? tr('At the clinic', 'In de kliniek') : tr('Remote', 'Op afstand')} · {tr('window', 'venster')}{' '}
                      {formatDate(q.opensAt, tz)} – {lastDay(q.closesAt, tz)}
                      {q.submittedAt
                        ? ` · ${tr('submitted', 'ingevuld')} ${formatDateTime(q.submittedAt, tz)}${q.entryMode ? ` (${entryModeName(tr, q.entryMode)})` : ''}`
                        : ''}
                    </span>
                  </div>
                  <p className="small muted">{q.instruments.join(', ')}</p>
                  {q.scores ? <Scores scores={q.scores} eventId={q.eventId} /> : null}
                  <Messages q={q} tz={tz} />
                  {answerable && (canLink || canEnter) ? (
                    <QuestionnaireActions q={q} participantId={id} canLink={canLink} canEnter={canEnter} onChange={changed} />
                  ) : null}
                </li>
              );
            })}
          </ul>
        )
      }
    </Panel>
  );
}

function entryModeName(tr: (en: string, nl: string) => string, mode: string): string {
  return (
    { web: tr('web', 'web'), paper: tr('paper', 'papier'), phone: tr('phone', 'telefoon'), clinic: tr('clinic', 'kliniek') }[mode] ?? mode
  );
}

/** Scores per instrument, with the instrument's own labels (ODI band, HADS category) beside the numbers. */
/** `scores`: instrument code → score name → value (the document leaves the values open). */
function Scores({ scores, eventId }: { scores: Record<string, unknown>; eventId: string }) {
  const tr = useTr();
  return (
    <table className="list compact scores">
      <caption className="sr-only">
        {tr('Scores for', 'Scores voor')} {eventName(eventId)}
      </caption>
      <thead>
        <tr>
          <th scope="col">{tr('Instrument', 'Instrument')}</th>
          <th scope="col">{tr('Scores', 'Scores')}</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(scores).map(([code, s]) => (
          <tr key={code}>
            <th scope="row">{code}</th>
            <td>{scoreText(tr, (s ?? {}) as Record<string, unknown>)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "40 (moderate)" for a score with its band; other names as "anxiety 9 (borderline)"; null as "not computable". */
export function scoreText(tr: (en: string, nl: string) => string, s: Record<string, unknown>): string {
  const names = Object.keys(s);
  if (!names.length) return tr('no score', 'geen score');
  const labelOf = (name: string): string | null => {
    const label = s[`${name}Category`] ?? (name === 'score' ? s.band : undefined);
    return typeof label === 'string' ? label : null;
  };
  const shown = names.filter((n) => n !== 'band' && !n.endsWith('Category'));
  return shown
    .map((n) => {
      const v = s[n];
      const value =
        v === null || v === undefined
          ? tr('not computable', 'niet te berekenen')
          : typeof v === 'boolean'
            ? v
              ? tr('yes', 'ja')
              : tr('no', 'nee')
            : String(v);
      const label = labelOf(n);
      return `${n === 'score' ? '' : `${n} `}${value}${label ? ` (${label})` : ''}`;
    })
    .join(' · ');
}

function Messages({ q, tz }: { q: QuestionnaireRow; tz: string }) {
  const tr = useTr();
  if (!q.messages.length) return <p className="small muted">{tr('No messages planned.', 'Geen berichten gepland.')}</p>;
  return (
    <div className="table-wrap">
      <table className="list compact">
        <caption className="sr-only">
          {tr('Messages for', 'Berichten voor')} {eventName(q.eventId)}
        </caption>
        <thead>
          <tr>
            <th scope="col">{tr('Message', 'Bericht')}</th>
            <th scope="col">{tr('Planned', 'Gepland')}</th>
            <th scope="col">{tr('State', 'Status')}</th>
            <th scope="col">{tr('Sent', 'Verstuurd')}</th>
            <th scope="col">{tr('Channel', 'Kanaal')}</th>
          </tr>
        </thead>
        <tbody>
          {q.messages.map((m) => (
            <tr key={`${m.kind}-${m.number}`}>
              <th scope="row">
                {humanise(m.kind)} {m.number > 1 ? m.number : ''}
              </th>
              <td>{formatDateTime(m.sendAt, tz)}</td>
              <td>
                <Badge value={m.state} />
                {m.reason ? <span className="sub"> {m.reason}</span> : null}
              </td>
              <td>{formatDateTime(m.sentAt, tz)}</td>
              <td>{m.channel ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function QuestionnaireActions({
  q,
  participantId,
  canLink,
  canEnter,
  onChange,
}: {
  q: QuestionnaireRow;
  participantId: string;
  canLink: boolean;
  canEnter: boolean;
  onChange: () => void;
}) {
  const tr = useTr();
  const [busy, setBusy] = useState<'link' | 'resend' | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [entering, setEntering] = useState(false);
  const at = { params: { path: { id: participantId, qid: q.id } } };
  const remote = q.mode === 'remote';

  const issueLink = async () => {
    if (busy) return;
    setBusy('link');
    setError(null);
    setNote(null);
    try {
      const r = await data(api.POST('/participants/{id}/questionnaires/{qid}/link', at));
      setLink(r.link);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  const resend = async () => {
    if (busy) return;
    setBusy('resend');
    setError(null);
    setLink(null);
    try {
      const r = await data(api.POST('/participants/{id}/questionnaires/{qid}/resend', at));
      setNote(
        r.created
          ? tr(
              'A new invitation with a new link will be sent shortly. Earlier links no longer work.',
              'Een nieuwe uitnodiging met een nieuwe link wordt zo verstuurd. Eerdere links werken niet meer.',
            )
          : tr(
              'An invitation is already waiting to be sent; nothing more was added.',
              'Er wacht al een uitnodiging om verstuurd te worden; er is niets toegevoegd.',
            ),
      );
      onChange();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="q-actions">
      <div className="head-actions">
        {canLink && remote ? (
          <>
            <button type="button" className="btn" onClick={() => void issueLink()} aria-disabled={busy !== null}>
              {tr('Copy patient link', 'Patiëntlink kopiëren')}
            </button>
            <button type="button" className="btn" onClick={() => void resend()} aria-disabled={busy !== null}>
              {tr('Resend invitation', 'Uitnodiging opnieuw sturen')}
            </button>
          </>
        ) : null}
        {canEnter && !entering ? (
          <button type="button" className="btn" onClick={() => setEntering(true)}>
            {tr('Enter on paper', 'Op papier invoeren')}
          </button>
        ) : null}
      </div>
      <div role="status" aria-live="polite">
        {note ? <p className="small">{note}</p> : null}
      </div>
      {error ? <ErrorNote message={error} /> : null}
      {link ? <LinkBox link={link} eventId={q.eventId} /> : null}
      {entering ? (
        <PaperEntry
          q={q}
          participantId={participantId}
          onCancel={() => setEntering(false)}
          onDone={() => {
            setEntering(false);
            onChange();
          }}
        />
      ) : null}
    </div>
  );
}

/** The new link in a read-only box with a copy button (the clipboard API when the browser allows it). */
function LinkBox({ link, eventId }: { link: string; eventId: string }) {
  const tr = useTr();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const inputId = `link-${eventId}`;
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [link]);
  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(link);
      setCopied(tr('Copied to the clipboard.', 'Gekopieerd naar het klembord.'));
    } catch {
      input.current?.select();
      setCopied(tr('Select the link and copy it (Ctrl+C).', 'Selecteer de link en kopieer hem (Ctrl+C).'));
    }
  };
  return (
    <div className="link-box">
      <label htmlFor={inputId}>{tr('Patient link', 'Patiëntlink')}</label>
      <div className="link-row">
        <input id={inputId} ref={input} type="text" readOnly value={link} aria-describedby={`${inputId}-note`} />
        <button type="button" className="btn primary" onClick={() => void copy()}>
          {tr('Copy', 'Kopiëren')}
        </button>
      </div>
      <p id={`${inputId}-note`} className="small">
        {tr(
          'This is a new link: the link the patient had before no longer works.',
          'Dit is een nieuwe link: de link die de patiënt eerder had, werkt niet meer.',
        )}
      </p>
      <p role="status" className="small">
        {copied}
      </p>
    </div>
  );
}

type Answers = Record<string, Record<string, number | number[] | string>>;

/** Answers given on paper or by phone, one fieldset per instrument, entered by the site team. */
function PaperEntry({
  q,
  participantId,
  onCancel,
  onDone,
}: {
  q: QuestionnaireRow;
  participantId: string;
  onCancel: () => void;
  onDone: () => void;
}) {
  const tr = useTr();
  const { lang } = useLang();
  const [instruments, setInstruments] = useState<Instrument[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [mode, setMode] = useState<'paper' | 'phone'>('paper');
  const [answers, setAnswers] = useState<Answers>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summary, setSummary] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const prefix = `entry-${q.id.slice(0, 8)}`;

  useEffect(() => {
    let live = true;
    Promise.all(
      q.instruments.map((code) => data(api.GET('/instruments/{code}', { params: { path: { code }, query: { language: lang } } }))),
    ).then(
      (list) => live && setInstruments(list),
      (e: unknown) => live && setLoadError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [q.id, lang]);
  useEffect(() => heading.current?.focus(), []);

  const setItem = (code: string, item: string, value: number | number[] | string | null) => {
    setAnswers((a) => {
      const next = { ...a, [code]: { ...(a[code] ?? {}) } };
      if (value === null || value === '' || (Array.isArray(value) && !value.length)) delete next[code][item];
      else next[code][item] = value;
      return next;
    });
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (saving) return;
    setSaving(true);
    setErrors({});
    setSummary(null);
    try {
      await data(
        api.POST('/participants/{id}/questionnaires/{qid}/entry', {
          params: { path: { id: participantId, qid: q.id } },
          body: { answers, mode },
        }),
      );
      onDone();
    } catch (err) {
      const list =
        (err instanceof ApiError ? (err.problem?.errors as Array<{ field: string; message: string }> | undefined) : undefined) ?? [];
      const byField: Record<string, string> = {};
      for (const x of list) byField[x.field] = x.message;
      setErrors(byField);
      const names = list.map((x) => `${x.field} ${x.message}`).join('; ');
      setSummary(`${err instanceof Error ? err.message : String(err)}${names ? `: ${names}` : ''}`);
      setTimeout(() => alertRef.current?.focus(), 0);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="paper-entry" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${prefix}-h`}>
      <h4 id={`${prefix}-h`} ref={heading} tabIndex={-1}>
        {tr('Answers on paper or by phone', 'Antwoorden op papier of telefonisch')}: {eventName(q.eventId)}
      </h4>
      <fieldset>
        <legend>{tr('How were the answers given?', 'Hoe zijn de antwoorden gegeven?')}</legend>
        <label className="choice">
          <input type="radio" name={`${prefix}-mode`} checked={mode === 'paper'} onChange={() => setMode('paper')} />
          {tr('On paper', 'Op papier')}
        </label>
        <label className="choice">
          <input type="radio" name={`${prefix}-mode`} checked={mode === 'phone'} onChange={() => setMode('phone')} />
          {tr('By phone', 'Telefonisch')}
        </label>
      </fieldset>
      {loadError ? <ErrorNote message={loadError} /> : null}
      {!instruments && !loadError ? (
        <p role="status" className="muted">
          {tr('Loading…', 'Laden…')}
        </p>
      ) : null}
      {instruments?.map((ins) => (
        <fieldset
          key={ins.code}
          className="instrument"
          data-code={ins.code}
          aria-describedby={errors[ins.code] ? `${prefix}-${ins.code}-err` : undefined}
        >
          <legend>
            {ins.code} – {ins.title}
          </legend>
          {errors[ins.code] ? (
            <p id={`${prefix}-${ins.code}-err`} className="field-error">
              {ins.title}: {errors[ins.code]}
            </p>
          ) : null}
          {ins.items
            .filter((it) => !it.showIf || answers[ins.code]?.[it.showIf.item] === it.showIf.equals)
            .map((it) => (
              <ItemInput
                key={it.id}
                id={`${prefix}-${ins.code}-${it.id}`}
                item={it}
                value={answers[ins.code]?.[it.id]}
                error={errors[`${ins.code}.${it.id}`]}
                onChange={(v) => setItem(ins.code, it.id, v)}
              />
            ))}
        </fieldset>
      ))}
      <div ref={alertRef} tabIndex={-1}>
        {summary ? <ErrorNote message={summary} /> : null}
      </div>
      <div className="head-actions">
        <button type="submit" className="btn primary" aria-disabled={saving || !instruments}>
          {tr('Save answers', 'Antwoorden opslaan')}
        </button>
        <button type="button" className="btn ghost" onClick={onCancel}>
          {tr('Cancel', 'Annuleren')}
        </button>
      </div>
    </form>
  );
}

function ItemInput({
  id,
  item,
  value,
  error,
  onChange,
}: {
  id: string;
  item: InstrumentItem;
  value: number | number[] | string | undefined;
  error?: string;
  onChange: (v: number | number[] | string | null) => void;
}) {
  const tr = useTr();
  const errId = `${id}-err`;
  const errorNote = error ? (
    <p id={errId} className="field-error">
      {error}
    </p>
  ) : null;
  if (item.type === 'choice' || item.type === 'multichoice') {
    const multi = item.type === 'multichoice';
    const chosen = multi ? ((value as number[] | undefined) ?? []) : value;
    return (
      <fieldset className="item" aria-invalid={error ? true : undefined} aria-describedby={error ? errId : undefined}>
        <legend>{item.label}</legend>
        {item.options.map((o) => (
          <label key={o.code} className="choice">
            <input
              type={multi ? 'checkbox' : 'radio'}
              name={id}
              checked={multi ? (chosen as number[]).includes(o.code) : chosen === o.code}
              onChange={(e) => {
                if (!multi) onChange(o.code);
                else {
                  const list = (chosen as number[]).filter((c) => c !== o.code);
                  onChange(e.target.checked ? [...list, o.code].sort((a, b) => a - b) : list);
                }
              }}
            />
            {o.label}
          </label>
        ))}
        {!multi && value !== undefined ? (
          <button type="button" className="link-btn small" onClick={() => onChange(null)}>
            {tr('Clear answer', 'Antwoord wissen')}
            <span className="sr-only">: {item.label}</span>
          </button>
        ) : null}
        {errorNote}
      </fieldset>
    );
  }
  return (
    <div className="item">
      <label htmlFor={id}>
        {item.label}
        {item.type === 'integer' && item.min !== undefined && item.max !== undefined ? (
          <span className="muted small">
            {' '}
            ({item.min}–{item.max})
          </span>
        ) : null}
      </label>
      <input
        id={id}
        type={item.type === 'date' ? 'date' : 'number'}
        inputMode={item.type === 'integer' ? 'numeric' : undefined}
        min={item.min}
        max={item.max}
        value={value === undefined ? '' : String(value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errId : undefined}
        onChange={(e) => {
          const raw = e.target.value;
          if (item.type === 'date') onChange(raw || null);
          else onChange(raw === '' ? null : Number(raw));
        }}
      />
      {errorNote}
    </div>
  );
}
