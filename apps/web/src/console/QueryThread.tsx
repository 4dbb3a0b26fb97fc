// One field's queries as a thread: coordinators answer; monitors and data managers raise, close and reopen.
// What a role may do decides which controls show; the API still decides, and its refusal is shown as it says.
import { useCallback, useEffect, useId, useState } from 'react';
import type { StudyContext } from './Console';
import { ApiError, api, data, type Role, type Schemas } from './api';
import { useTr, type Tr } from './i18n';
import { Badge, ErrorNote, formatDateTime } from './ui';

export interface FieldRef {
  participantId: string;
  eventId: string;
  formId: string;
  instance: number;
  field: string;
  /** The field's label, for headings and accessible names. */
  label: string;
}

export type QueryMessage = Schemas['QueryMessageDto'];

/** A query as GET /participants/{id}/queries and GET /studies/{study}/queries answer it. */
export type QueryView = Schemas['FormQueryDto'];

// ----- one read per participant shared by the threads of a page -----

const QUERIES_CHANGED = 'console:queries-changed';
const reads = new Map<string, { at: number; p: Promise<QueryView[]> }>();

/** A participant's queries; threads rendered together share one request. */
export function participantQueries(participantId: string): Promise<QueryView[]> {
  const hit = reads.get(participantId);
  if (hit && Date.now() - hit.at < 3000) return hit.p;
  const p = data(api.GET('/participants/{id}/queries', { params: { path: { id: participantId } } }));
  p.catch(() => reads.delete(participantId));
  reads.set(participantId, { at: Date.now(), p });
  return p;
}

/** Tells every thread (and page) showing a participant's queries that they changed. */
export function queriesChanged(participantId: string): void {
  reads.delete(participantId);
  window.dispatchEvent(new CustomEvent(QUERIES_CHANGED, { detail: participantId }));
}

export function onQueriesChanged(fn: (participantId: string) => void): () => void {
  const listener = (e: Event) => fn(String((e as CustomEvent).detail));
  window.addEventListener(QUERIES_CHANGED, listener);
  return () => window.removeEventListener(QUERIES_CHANGED, listener);
}

// ----- who may do what (the API's rules, to offer only what will be accepted) -----

const has = (roles: Role[], ...any: Role[]) => roles.some((r) => any.includes(r));
export const mayAnswer = (roles: Role[]) => has(roles, 'admin', 'coordinator', 'investigator');
export const mayReview = (roles: Role[]) => has(roles, 'admin', 'data_manager', 'monitor');

export function queryStatusName(tr: Tr, status: string): string {
  return status === 'open'
    ? tr('Open', 'Open')
    : status === 'answered'
      ? tr('Answered', 'Beantwoord')
      : status === 'closed'
        ? tr('Closed', 'Gesloten')
        : status;
}

function kindName(tr: Tr, kind: string): string {
  return kind === 'open'
    ? tr('raised', 'opende')
    : kind === 'answer'
      ? tr('answered', 'antwoordde')
      : kind === 'close'
        ? tr('closed', 'sloot')
        : kind === 'reopen'
          ? tr('reopened', 'heropende')
          : kind;
}

export function QueryThread({ study, at, onChange }: { study: StudyContext; at: FieldRef; onChange?: () => void }) {
  const tr = useTr();
  const [queries, setQueries] = useState<QueryView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [n, setN] = useState(0);

  useEffect(() => {
    let live = true;
    participantQueries(at.participantId).then(
      (all) => {
        if (!live) return;
        setLoadError(null);
        setQueries(
          all.filter((q) => q.eventId === at.eventId && q.formId === at.formId && q.instance === at.instance && q.field === at.field),
        );
      },
      (e: unknown) => live && setLoadError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [at.participantId, at.eventId, at.formId, at.instance, at.field, n]);

  useEffect(() => onQueriesChanged((pid) => pid === at.participantId && setN((k) => k + 1)), [at.participantId]);

  const changed = useCallback(() => {
    queriesChanged(at.participantId);
    onChange?.();
  }, [at.participantId, onChange]);

  const review = mayReview(study.roles) && !study.locked;
  return (
    <div className="query-thread" role="group" aria-label={tr(`Queries on ${at.label}`, `Queries over ${at.label}`)}>
      {loadError ? <ErrorNote message={loadError} /> : null}
      {queries === null && !loadError ? (
        <p className="muted" role="status">
          {tr('Loading…', 'Laden…')}
        </p>
      ) : null}
      {queries && queries.length === 0 ? <p className="muted">{tr('No queries on this field.', 'Geen queries op dit veld.')}</p> : null}
      {queries?.map((q, i) => (
        <OneQuery key={q.id} study={study} query={q} number={i + 1} label={at.label} onDone={changed} />
      ))}
      {review ? <RaiseQuery at={at} onDone={changed} /> : null}
    </div>
  );
}

/** The text box and buttons shared by answering, raising, closing and reopening. */
function useAction(onDone: () => void) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; missingText: boolean } | null>(null);
  const run = async (call: () => Promise<unknown>, needsText: boolean, missing: string) => {
    if (needsText && !text.trim()) {
      setError({ message: missing, missingText: true });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await call();
      setText('');
      onDone();
    } catch (e) {
      setError({ message: e instanceof Error ? e.message : String(e), missingText: e instanceof ApiError && e.status === 400 });
    } finally {
      setBusy(false);
    }
  };
  return { text, setText, busy, error, run };
}

function OneQuery({
  study,
  query: q,
  number,
  label,
  onDone,
}: {
  study: StudyContext;
  query: QueryView;
  number: number;
  label: string;
  onDone: () => void;
}) {
  const tr = useTr();
  const id = useId();
  const { text, setText, busy, error, run } = useAction(onDone);
  const answer = mayAnswer(study.roles) && !study.locked && q.status !== 'closed';
  const review = mayReview(study.roles) && !study.locked;
  const at = { params: { path: { id: q.participantId, queryId: q.id } } };
  const needText = tr('Write a message first.', 'Schrijf eerst een bericht.');
  const headingId = `${id}-h`;
  const errorId = `${id}-e`;
  return (
    <article className={`query query-${q.status}`} aria-labelledby={headingId} data-query={q.id}>
      <header className="query-head">
        <h4 id={headingId}>
          {tr(`Query ${number}`, `Query ${number}`)} <span className="sr-only">{tr(`on ${label}`, `over ${label}`)}</span>
        </h4>
        <Badge value={q.status} />
        <span className="sr-only">{queryStatusName(tr, q.status)}</span>
        <span className="muted">{q.ageDays === 1 ? tr('1 day', '1 dag') : tr(`${q.ageDays} days`, `${q.ageDays} dagen`)}</span>
      </header>
      <ol className="query-messages">
        {q.messages.map((m, i) => (
          <li key={i} className={`query-message kind-${m.kind}`}>
            <p className="query-meta">
              <strong>
                {m.userName ?? (m.userId ? tr('Unknown user', 'Onbekende gebruiker') : tr('System (check)', 'Systeem (controle)'))}
              </strong>{' '}
              {kindName(tr, m.kind)} · <time dateTime={m.at}>{formatDateTime(m.at, study.timeZone)}</time>
            </p>
            <p className="query-text">{m.text}</p>
          </li>
        ))}
      </ol>
      {answer || review ? (
        <div className="query-actions">
          <label htmlFor={`${id}-t`}>
            {answer && !review ? tr('Your answer', 'Uw antwoord') : tr('Message', 'Bericht')}
            <span className="sr-only">{tr(` (query ${number} on ${label})`, ` (query ${number} over ${label})`)}</span>
          </label>
          <textarea
            id={`${id}-t`}
            rows={2}
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={error?.missingText ? true : undefined}
            aria-describedby={error ? errorId : undefined}
          />
          {error ? (
            <p id={errorId} className="field-error" role="alert">
              {error.message}
            </p>
          ) : null}
          <div className="query-buttons">
            {answer ? (
              <button
                type="button"
                className="btn primary"
                disabled={busy}
                onClick={() =>
                  run(
                    () => data(api.POST('/participants/{id}/queries/{queryId}/answer', { ...at, body: { text: text.trim() } })),
                    true,
                    needText,
                  )
                }
              >
                {tr('Answer', 'Beantwoorden')}
              </button>
            ) : null}
            {review && q.status !== 'closed' ? (
              <button
                type="button"
                className="btn"
                disabled={busy}
                onClick={() =>
                  run(
                    () =>
                      data(
                        api.POST('/participants/{id}/queries/{queryId}/close', { ...at, body: text.trim() ? { text: text.trim() } : {} }),
                      ),
                    false,
                    needText,
                  )
                }
              >
                {tr('Close query', 'Query sluiten')}
              </button>
            ) : null}
            {review && q.status === 'closed' ? (
              <button
                type="button"
                className="btn"
                disabled={busy}
                onClick={() =>
                  run(
                    () => data(api.POST('/participants/{id}/queries/{queryId}/reopen', { ...at, body: { text: text.trim() } })),
                    true,
                    needText,
                  )
                }
              >
                {tr('Reopen query', 'Query heropenen')}
              </button>
            ) : null}
          </div>
        </div>
      ) : null}
    </article>
  );
}

function RaiseQuery({ at, onDone }: { at: FieldRef; onDone: () => void }) {
  const tr = useTr();
  const id = useId();
  const { text, setText, busy, error, run } = useAction(onDone);
  const errorId = `${id}-e`;
  return (
    <div className="query-raise">
      <label htmlFor={`${id}-t`}>
        {tr('New query', 'Nieuwe query')}
        <span className="sr-only">{tr(` on ${at.label}`, ` over ${at.label}`)}</span>
      </label>
      <textarea
        id={`${id}-t`}
        rows={2}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={error?.missingText ? true : undefined}
        aria-describedby={error ? errorId : undefined}
      />
      {error ? (
        <p id={errorId} className="field-error" role="alert">
          {error.message}
        </p>
      ) : null}
      <div className="query-buttons">
        <button
          type="button"
          className="btn"
          disabled={busy}
          onClick={() =>
            run(
              () =>
                data(
                  api.POST('/participants/{id}/queries', {
                    params: { path: { id: at.participantId } },
                    body: { eventId: at.eventId, formId: at.formId, instance: at.instance, field: at.field, text: text.trim() },
                  }),
                ),
              true,
              tr('Write the question first.', 'Schrijf eerst de vraag.'),
            )
          }
        >
          {tr('Raise query', 'Query openen')}
        </button>
      </div>
    </div>
  );
}
