// Participants: a filterable list (site-scoped by the API), and one participant's page with status,
// arm, schedule (windows and states) and questionnaires with their message history. Contact details
// are only fetched on request, for the site team (the API audits every read).
import { useMemo, useState } from 'react';
import { ApiError, enc, get, type Contact, type ParticipantDetail, type Participant, type ParticipantQuestionnaire } from './api';
import type { StudyContext } from './Console';
import { Badge, Empty, ErrorNote, eventName, formatDate, formatDateTime, humanise, lastDay, Link, Panel, useLoad } from './ui';

export function Participants({ study }: { study: StudyContext }) {
  const [list] = useLoad(() => get<Participant[]>(`/studies/${enc(study.code)}/participants`), [study.code]);
  const [query, setQuery] = useState('');
  const [site, setSite] = useState('');
  const [status, setStatus] = useState('');

  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">{study.code}</p>
          <h1>Participants</h1>
        </div>
        {study.siteCode ? <p className="scope">Site {study.siteCode}</p> : null}
      </div>
      {list.state === 'hidden' ? <ErrorNote message="Your role cannot list participants in this study." /> : null}
      <Panel title="All participants" id="participants" load={list}>
        {(rows) => {
          const sites = [...new Set(rows.map((r) => r.siteCode))].sort();
          const statuses = [...new Set(rows.map((r) => r.status))].sort();
          const q = query.trim().toLowerCase();
          const shown = rows
            .filter((r) => (!q || r.label.toLowerCase().includes(q)) && (!site || r.siteCode === site) && (!status || r.status === status))
            .sort((a, b) => a.label.localeCompare(b.label));
          return (
            <>
              <div className="filters" role="search">
                <label>
                  Search label
                  <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={`${study.code}-…`} />
                </label>
                {sites.length > 1 ? (
                  <label>
                    Site
                    <select value={site} onChange={(e) => setSite(e.target.value)}>
                      <option value="">All</option>
                      {sites.map((s) => (
                        <option key={s}>{s}</option>
                      ))}
                    </select>
                  </label>
                ) : null}
                <label>
                  Status
                  <select value={status} onChange={(e) => setStatus(e.target.value)}>
                    <option value="">All</option>
                    {statuses.map((s) => (
                      <option key={s} value={s}>
                        {humanise(s)}
                      </option>
                    ))}
                  </select>
                </label>
                <p className="muted small count" aria-live="polite">
                  {shown.length} of {rows.length}
                </p>
              </div>
              {rows.length === 0 ? (
                <Empty>No participants enrolled yet.</Empty>
              ) : (
                <div className="table-wrap">
                  <table className="list participants">
                    <thead>
                      <tr>
                        <th scope="col">Label</th>
                        <th scope="col">Site</th>
                        <th scope="col">Status</th>
                        {study.design === 'rct' ? <th scope="col">Arm</th> : <th scope="col">Cohort</th>}
                        <th scope="col">Enrolled</th>
                        <th scope="col">Anchor date</th>
                      </tr>
                    </thead>
                    <tbody>
                      {shown.map((p) => (
                        <tr key={p.id}>
                          <th scope="row">
                            <Link to={`/console/${study.code}/participants/${p.id}`}>{p.label}</Link>
                          </th>
                          <td>{p.siteCode}</td>
                          <td>
                            <Badge value={p.status} />
                          </td>
                          <td>{study.design === 'rct' ? (p.arm ?? '—') : p.cohort ? humanise(p.cohort) : '—'}</td>
                          <td className="date">{formatDate(p.enrolledAt, study.timeZone)}</td>
                          <td>{p.anchorDate ?? (p.plannedAnchorDate ? `${p.plannedAnchorDate} (planned)` : '—')}</td>
                        </tr>
                      ))}
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

export function ParticipantPage({ study, id }: { study: StudyContext; id: string }) {
  const [participant] = useLoad(() => get<ParticipantDetail>(`/participants/${enc(id)}`), [id]);
  const [questionnaires] = useLoad(() => get<ParticipantQuestionnaire[]>(`/participants/${enc(id)}/questionnaires`), [id]);
  const tz = study.timeZone;

  if (participant.state === 'loading')
    return (
      <p className="page-status" role="status">
        Loading…
      </p>
    );
  if (participant.state !== 'ok')
    return (
      <>
        <h1>Participant</h1>
        <ErrorNote message={participant.state === 'error' ? participant.message : 'Your role cannot open this participant.'} />
        <p>
          <Link to={`/console/${study.code}/participants`}>Back to participants</Link>
        </p>
      </>
    );
  const p = participant.data;

  return (
    <>
      <nav className="crumbs" aria-label="Breadcrumb">
        <Link to={`/console/${study.code}/participants`}>Participants</Link> <span aria-hidden="true">›</span> <span>{p.label}</span>
      </nav>
      <div className="page-head">
        <div>
          <p className="eyebrow">
            {study.code} · {p.siteCode}
          </p>
          <h1>{p.label}</h1>
        </div>
        <Badge value={p.status} />
      </div>

      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd>
            {humanise(p.status)}
            {p.statusReason ? ` — ${p.statusReason}` : ''}
          </dd>
        </div>
        {study.design === 'rct' ? (
          <div>
            <dt>Arm</dt>
            <dd>{p.arm ?? 'Not randomised'}</dd>
          </div>
        ) : null}
        {p.cohort ? (
          <div>
            <dt>Cohort</dt>
            <dd>{humanise(p.cohort)}</dd>
          </div>
        ) : null}
        <div>
          <dt>Site</dt>
          <dd>{p.siteCode}</dd>
        </div>
        <div>
          <dt>Sex · birth year</dt>
          <dd>
            {humanise(p.sex)} · {p.birthYear}
          </dd>
        </div>
        <div>
          <dt>Consent</dt>
          <dd>
            {p.consent.date} (version {p.consent.version})
          </dd>
        </div>
        <div>
          <dt>Enrolled</dt>
          <dd>{formatDate(p.enrolledAt, tz)}</dd>
        </div>
        <div>
          <dt>Anchor date</dt>
          <dd>{p.anchorDate ?? (p.plannedAnchorDate ? `${p.plannedAnchorDate} (planned)` : 'Not set')}</dd>
        </div>
      </dl>

      {p.hasContact && study.siteTeam ? <ContactDetails id={p.id} /> : null}

      <section className="panel" aria-labelledby="schedule-h" data-panel="schedule">
        <header className="panel-head">
          <h2 id="schedule-h">Schedule</h2>
        </header>
        {p.schedule.length === 0 ? (
          <Empty>No schedule yet (it starts at the anchor date).</Empty>
        ) : (
          <div className="table-wrap">
            <table className="list schedule">
              <thead>
                <tr>
                  <th scope="col">Time point</th>
                  <th scope="col">Due</th>
                  <th scope="col">Window</th>
                  <th scope="col">State</th>
                  <th scope="col">Forms</th>
                  <th scope="col">Questionnaires</th>
                </tr>
              </thead>
              <tbody>
                {p.schedule.map((e) => (
                  <tr key={e.eventId} data-event={e.eventId}>
                    <th scope="row">{e.title}</th>
                    <td className="date">{formatDate(e.dueAt, tz)}</td>
                    <td>
                      {e.opensAt ? `${formatDate(e.opensAt, tz)} – ${lastDay(e.closesAt, tz)}` : '—'}
                      <span className="sub">
                        {' '}
                        (−{e.windowBefore}/+{e.windowAfter} d)
                      </span>
                    </td>
                    <td>
                      <Badge value={e.state} />
                    </td>
                    <td>{e.forms.length ? e.forms.map(humanise).join(', ') : '—'}</td>
                    <td>{e.instruments.length ? e.instruments.join(', ') : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <Panel title="Questionnaires and messages" id="questionnaires" load={questionnaires}>
        {(rows) =>
          rows.length === 0 ? (
            <Empty>No questionnaires scheduled.</Empty>
          ) : (
            <ul className="questionnaires">
              {rows.map((q) => (
                <li key={q.id} className="questionnaire">
                  <div className="q-head">
                    <strong>{eventName(q.eventId)}</strong>
                    <Badge value={q.status} />
                    <span className="muted small">
                      {q.mode === 'clinic' ? 'At the clinic' : 'Remote'} · window {formatDate(q.opensAt, tz)} – {lastDay(q.closesAt, tz)}
                      {q.submittedAt ? ` · submitted ${formatDateTime(q.submittedAt, tz)}${q.entryMode ? ` (${q.entryMode})` : ''}` : ''}
                    </span>
                  </div>
                  <p className="small muted">{q.instruments.join(', ')}</p>
                  {q.messages.length ? (
                    <table className="list compact">
                      <caption className="sr-only">Messages for {eventName(q.eventId)}</caption>
                      <thead>
                        <tr>
                          <th scope="col">Message</th>
                          <th scope="col">Planned</th>
                          <th scope="col">State</th>
                          <th scope="col">Sent</th>
                          <th scope="col">Channel</th>
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
                  ) : (
                    <p className="small muted">No messages planned.</p>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </Panel>
    </>
  );
}

/** Contact details, for the site team on explicit request only (each read is audited by the API). */
function ContactDetails({ id }: { id: string }) {
  const [contact, setContact] = useState<Contact | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const show = async () => {
    setBusy(true);
    setError(null);
    try {
      setContact(await get<Contact>(`/participants/${enc(id)}/contact`));
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 403 ? 'Your role cannot see contact details.' : e instanceof Error ? e.message : 'Failed.',
      );
    } finally {
      setBusy(false);
    }
  };
  const fields = useMemo(() => (contact ? Object.entries(contact).filter(([, v]) => v) : []), [contact]);
  return (
    <section className="panel contact" aria-labelledby="contact-h">
      <header className="panel-head">
        <h2 id="contact-h">Contact details</h2>
        {contact ? (
          <button type="button" className="btn ghost" onClick={() => setContact(null)}>
            Hide
          </button>
        ) : (
          <button type="button" className="btn" onClick={() => void show()} disabled={busy}>
            {busy ? 'Loading…' : 'Show contact details'}
          </button>
        )}
      </header>
      {error ? <ErrorNote message={error} /> : null}
      {contact ? (
        <dl className="facts">
          {fields.map(([k, v]) => (
            <div key={k}>
              <dt>{humanise(k)}</dt>
              <dd>{String(v)}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="muted small">Hidden. Showing them is recorded in the audit trail.</p>
      )}
    </section>
  );
}
