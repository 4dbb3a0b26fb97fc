// The study's queries: open, answered and closed, filterable, each linking to its field and
// expanding its thread inline (GET /studies/{study}/queries: the caller's sites only).
import { Fragment, useEffect, useState } from 'react';
import type { StudyContext } from './Console';
import { api, data, enc } from './api';
import { can } from './permissions';
import { useTr } from './i18n';
import { onQueriesChanged, QueryThread, queryStatusName, type QueryView } from './QueryThread';
import { Badge, eventName, formatDate, humanise, Link, Panel, useLoad } from './ui';

interface Names {
  forms: Map<string, { title: string; fields: Map<string, string> }>;
  events: Map<string, string>;
}

const names = new Map<string, Promise<Names>>();

/** Form titles and field labels from GET /studies/{study}, once per page load. */
function studyNames(code: string): Promise<Names> {
  let p = names.get(code);
  if (!p) {
    p = data(api.GET('/studies/{study}', { params: { path: { study: code } } })).then((d) => ({
      forms: new Map((d.forms ?? []).map((f) => [f.id, { title: f.title, fields: new Map(f.fields.map((x) => [x.id, x.label])) }])),
      events: new Map((d.schedule ?? []).map((e) => [e.id, e.title])),
    }));
    p.catch(() => names.delete(code));
    names.set(code, p);
  }
  return p;
}

/** The form page of a query's field, with the field as the anchor. */
export function queryHref(study: string, q: Pick<QueryView, 'participantId' | 'eventId' | 'formId' | 'instance' | 'field'>): string {
  return `/console/${enc(study)}/participants/${enc(q.participantId)}/forms/${enc(q.eventId)}/${enc(q.formId)}/${q.instance}#field-${q.field}`;
}

/** The number of open queries the caller can see, for the nav badge; null while unknown or not allowed. */
export function useOpenQueryCount(study: string, enabled = true): number | null {
  const [count, setCount] = useState<number | null>(null);
  const [n, setN] = useState(0);
  useEffect(() => onQueriesChanged(() => setN((k) => k + 1)), []);
  useEffect(() => {
    let live = true;
    if (!enabled) return;
    data(api.GET('/studies/{study}/queries', { params: { path: { study }, query: { status: 'open' } } })).then(
      (rows) => live && setCount(rows.length),
      () => live && setCount(null),
    );
    return () => {
      live = false;
    };
  }, [study, n, enabled]);
  return count;
}

const STATUSES = ['open', 'answered', 'closed'] as const;

export function QueriesPage({ study }: { study: StudyContext }) {
  const tr = useTr();
  const [list, reload] = useLoad(
    () => data(api.GET('/studies/{study}/queries', { params: { path: { study: study.code } } })),
    [study.code],
  );
  const [defs, setDefs] = useState<Names | null>(null);
  const [status, setStatus] = useState('');
  const [site, setSite] = useState('');
  const [form, setForm] = useState('');
  const [minAge, setMinAge] = useState('');
  const [expanded, setExpanded] = useState<Set<string>>(new Set());

  useEffect(() => {
    studyNames(study.code).then(setDefs, () => setDefs(null));
  }, [study.code]);
  useEffect(() => onQueriesChanged(() => reload()), [reload]);

  const formTitle = (id: string) => defs?.forms.get(id)?.title ?? humanise(id);
  const fieldLabel = (formId: string, field: string) => defs?.forms.get(formId)?.fields.get(field) ?? humanise(field);
  const eventTitle = (id: string) => defs?.events.get(id) ?? eventName(id);
  const toggle = (id: string) =>
    setExpanded((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <>
      <h1>{tr('Queries', 'Queries')}</h1>
      <Panel title={tr('Queries at your sites', 'Queries op uw centra')} id="queries" load={list}>
        {(rows) => {
          const sites = [...new Set(rows.map((r) => r.siteCode))].sort();
          const forms = [...new Set(rows.map((r) => r.formId))].sort((a, b) => formTitle(a).localeCompare(formTitle(b)));
          const age = Number(minAge);
          const shown = rows
            .filter(
              (r) =>
                (!status || r.status === status) &&
                (!site || r.siteCode === site) &&
                (!form || r.formId === form) &&
                (!minAge || !Number.isFinite(age) || r.ageDays >= age),
            )
            .sort((a, b) => b.ageDays - a.ageDays || a.participantLabel.localeCompare(b.participantLabel));
          const counts = Object.fromEntries(STATUSES.map((s) => [s, rows.filter((r) => r.status === s).length]));
          return (
            <>
              <div className="filters" role="search" aria-label={tr('Filter queries', 'Queries filteren')}>
                <label>
                  {tr('Status', 'Status')}
                  <select value={status} onChange={(e) => setStatus(e.target.value)}>
                    <option value="">{tr(`All (${rows.length})`, `Alle (${rows.length})`)}</option>
                    {STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {`${queryStatusName(tr, s)} (${counts[s]})`}
                      </option>
                    ))}
                  </select>
                </label>
                {sites.length > 1 ? (
                  <label>
                    {tr('Site', 'Centrum')}
                    <select value={site} onChange={(e) => setSite(e.target.value)}>
                      <option value="">{tr('All', 'Alle')}</option>
                      {sites.map((s) => (
                        <option key={s}>{s}</option>
                      ))}
                    </select>
                  </label>
                ) : null}
                <label>
                  {tr('Form', 'Formulier')}
                  <select value={form} onChange={(e) => setForm(e.target.value)}>
                    <option value="">{tr('All', 'Alle')}</option>
                    {forms.map((f) => (
                      <option key={f} value={f}>
                        {formTitle(f)}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  {tr('Open at least (days)', 'Minstens open (dagen)')}
                  <input type="number" min={0} inputMode="numeric" value={minAge} onChange={(e) => setMinAge(e.target.value)} />
                </label>
                <p className="muted small count" aria-live="polite">
                  {tr(`${shown.length} of ${rows.length}`, `${shown.length} van ${rows.length}`)}
                </p>
              </div>
              {shown.length === 0 ? (
                <p className="empty">{tr('No queries match.', 'Geen queries gevonden.')}</p>
              ) : (
                <div className="table-wrap" tabIndex={0} role="region" aria-label={tr('Queries table', 'Tabel met queries')}>
                  <table className="list queries-table">
                    <thead>
                      <tr>
                        <th scope="col">{tr('Participant', 'Deelnemer')}</th>
                        <th scope="col">{tr('Field', 'Veld')}</th>
                        <th scope="col">{tr('Site', 'Centrum')}</th>
                        <th scope="col">{tr('Status', 'Status')}</th>
                        <th scope="col">{tr('Age (days)', 'Dagen open')}</th>
                        <th scope="col">{tr('Opened', 'Geopend')}</th>
                        <th scope="col">{tr('Thread', 'Berichten')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {shown.map((q) => {
                        const label = fieldLabel(q.formId, q.field);
                        const open = expanded.has(q.id);
                        const last = q.messages[q.messages.length - 1];
                        return (
                          <Fragment key={q.id}>
                            <tr data-query={q.id}>
                              <td data-label={tr('Participant', 'Deelnemer')}>
                                <Link to={queryHref(study.code, q)}>
                                  {q.participantLabel}
                                  <span className="sr-only">{`: ${label}`}</span>
                                </Link>
                              </td>
                              <td data-label={tr('Field', 'Veld')}>
                                <strong>{label}</strong>
                                <br />
                                <span className="muted small">
                                  {eventTitle(q.eventId)} · {formTitle(q.formId)}
                                  {q.instance > 1 ? ` #${q.instance}` : ''}
                                </span>
                              </td>
                              <td data-label={tr('Site', 'Centrum')}>{q.siteCode}</td>
                              <td data-label={tr('Status', 'Status')}>
                                <Badge value={q.status} />
                              </td>
                              <td
                                data-label={tr('Age (days)', 'Dagen open')}
                                className={q.status !== 'closed' && q.ageDays > 14 ? 'num overdue' : 'num'}
                              >
                                {q.ageDays}
                              </td>
                              <td data-label={tr('Opened', 'Geopend')}>{formatDate(q.openedAt, study.timeZone)}</td>
                              <td data-label={tr('Thread', 'Berichten')}>
                                <button
                                  type="button"
                                  className="btn ghost small"
                                  aria-expanded={open}
                                  aria-controls={open ? `thread-${q.id}` : undefined}
                                  onClick={() => toggle(q.id)}
                                >
                                  {open ? tr('Hide thread', 'Berichten verbergen') : tr('Show thread', 'Berichten tonen')}
                                  <span className="sr-only">{` ${q.participantLabel} ${label}`}</span>
                                </button>
                                {last ? <p className="muted small query-last">{last.text}</p> : null}
                              </td>
                            </tr>
                            {open ? (
                              <tr className="thread-row">
                                <td colSpan={7} id={`thread-${q.id}`}>
                                  <QueryThread
                                    study={study}
                                    at={{
                                      participantId: q.participantId,
                                      eventId: q.eventId,
                                      formId: q.formId,
                                      instance: q.instance,
                                      field: q.field,
                                      label: `${q.participantLabel} · ${label}`,
                                    }}
                                  />
                                </td>
                              </tr>
                            ) : null}
                          </Fragment>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
              )}
            </>
          );
        }}
      </Panel>
    </>
  );
}

/** The console nav's "Queries" tab with the number of open queries (for the roles that may read them). */
export function QueriesTab({ study, current }: { study: Pick<StudyContext, 'code' | 'permissions'>; current: boolean }) {
  const tr = useTr();
  // GET /studies/{study}/queries is `view_records` in the permission table.
  const allowed = can(study, 'view_records');
  const count = useOpenQueryCount(study.code, allowed);
  if (!allowed) return null;
  return (
    <Link to={`/console/${study.code}/queries`} current={current}>
      {tr('Queries', 'Queries')}
      {count !== null && count > 0 ? (
        <span className="tab-badge">
          {' '}
          {count}
          <span className="sr-only">{tr(' open', ' open')}</span>
        </span>
      ) : null}
    </Link>
  );
}
