// Participants: a filterable list (site-scoped by the API), and one participant's page with status,
// arm, schedule (windows and states) and questionnaires with their message history. Contact details
// are only fetched on request, for the site team (the API audits every read).
import { useMemo, useState } from 'react';
import { ApiError, api, data, type Contact } from './api';
import type { StudyContext } from './Console';
import { canEnrol } from './Enrol';
import { useTr } from './i18n';
import { FormsPanel } from './Forms';
import { QuestionnairesPanel } from './ParticipantQuestionnaires';
import { ParticipantReviewPanel } from './ParticipantReview';
import { RandomisePanel } from './Randomise';
import { StatusPanel } from './Status';
import { Badge, Empty, ErrorNote, formatDate, humanise, lastDay, Link, Panel, useLoad } from './ui';

export function Participants({ study }: { study: StudyContext }) {
  const [list] = useLoad(() => data(api.GET('/studies/{study}/participants', { params: { path: { study: study.code } } })), [study.code]);
  const [query, setQuery] = useState('');
  const [site, setSite] = useState('');
  const [status, setStatus] = useState('');
  const tr = useTr();

  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">{study.code}</p>
          <h1>{tr('Participants', 'Deelnemers')}</h1>
        </div>
        {study.siteCode ? <p className="scope">{tr(`Site ${study.siteCode}`, `Centrum ${study.siteCode}`)}</p> : null}
        {canEnrol(study) ? (
          <Link to={`/console/${study.code}/enrol`} className="btn primary">
            {tr('Enrol participant', 'Deelnemer inschrijven')}
          </Link>
        ) : null}
      </div>
      {list.state === 'hidden' ? (
        <ErrorNote
          message={tr('Your role cannot list participants in this study.', 'Uw rol mag de deelnemers van deze studie niet zien.')}
        />
      ) : null}
      <Panel title={tr('All participants', 'Alle deelnemers')} id="participants" load={list}>
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
                  {tr('Search label', 'Zoek label')}
                  <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={`${study.code}-…`} />
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
                  {tr('Status', 'Status')}
                  <select value={status} onChange={(e) => setStatus(e.target.value)}>
                    <option value="">{tr('All', 'Alle')}</option>
                    {statuses.map((s) => (
                      <option key={s} value={s}>
                        {humanise(s)}
                      </option>
                    ))}
                  </select>
                </label>
                <p className="muted small count" aria-live="polite">
                  {tr(`${shown.length} of ${rows.length}`, `${shown.length} van ${rows.length}`)}
                </p>
              </div>
              {rows.length === 0 ? (
                <Empty>{tr('No participants enrolled yet.', 'Nog geen deelnemers ingeschreven.')}</Empty>
              ) : (
                <div className="table-wrap">
                  <table className="list participants">
                    <thead>
                      <tr>
                        <th scope="col">{tr('Label', 'Label')}</th>
                        <th scope="col">{tr('Site', 'Centrum')}</th>
                        <th scope="col">{tr('Status', 'Status')}</th>
                        {study.design === 'rct' ? <th scope="col">{tr('Arm', 'Arm')}</th> : <th scope="col">{tr('Cohort', 'Cohort')}</th>}
                        <th scope="col">{tr('Enrolled', 'Ingeschreven')}</th>
                        <th scope="col">{tr('Anchor date', 'Ankerdatum')}</th>
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
                          <td>{p.anchorDate ?? (p.plannedAnchorDate ? `${p.plannedAnchorDate} ${tr('(planned)', '(gepland)')}` : '—')}</td>
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
  const [participant, reload] = useLoad(() => data(api.GET('/participants/{id}', { params: { path: { id } } })), [id]);
  const tz = study.timeZone;
  const tr = useTr();

  if (participant.state === 'loading')
    return (
      <p className="page-status" role="status">
        {tr('Loading…', 'Laden…')}
      </p>
    );
  if (participant.state !== 'ok')
    return (
      <>
        <h1>{tr('Participant', 'Deelnemer')}</h1>
        <ErrorNote
          message={
            participant.state === 'error'
              ? participant.message
              : tr('Your role cannot open this participant.', 'Uw rol mag deze deelnemer niet openen.')
          }
        />
        <p>
          <Link to={`/console/${study.code}/participants`}>{tr('Back to participants', 'Terug naar deelnemers')}</Link>
        </p>
      </>
    );
  const p = participant.data;

  return (
    <>
      <nav className="crumbs" aria-label={tr('Breadcrumb', 'Kruimelpad')}>
        <Link to={`/console/${study.code}/participants`}>{tr('Participants', 'Deelnemers')}</Link> <span aria-hidden="true">›</span>{' '}
        <span>{p.label}</span>
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
          <dt>{tr('Status', 'Status')}</dt>
          <dd>
            {humanise(p.status)}
            {p.statusReason ? ` — ${p.statusReason}` : ''}
          </dd>
        </div>
        {study.design === 'rct' ? (
          <div>
            <dt>{tr('Arm', 'Arm')}</dt>
            <dd>{p.arm ?? tr('Not randomised', 'Niet gerandomiseerd')}</dd>
          </div>
        ) : null}
        {p.cohort ? (
          <div>
            <dt>{tr('Cohort', 'Cohort')}</dt>
            <dd>{humanise(p.cohort)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{tr('Site', 'Centrum')}</dt>
          <dd>{p.siteCode}</dd>
        </div>
        <div>
          <dt>{tr('Sex · birth year', 'Geslacht · geboortejaar')}</dt>
          <dd>
            {humanise(p.sex)} · {p.birthYear}
          </dd>
        </div>
        <div>
          <dt>{tr('Consent', 'Toestemming')}</dt>
          <dd>{tr(`${p.consent.date} (version ${p.consent.version})`, `${p.consent.date} (versie ${p.consent.version})`)}</dd>
        </div>
        <div>
          <dt>{tr('Enrolled', 'Ingeschreven')}</dt>
          <dd>{formatDate(p.enrolledAt, tz)}</dd>
        </div>
        <div>
          <dt>{tr('Anchor date', 'Ankerdatum')}</dt>
          <dd>
            {p.anchorDate ??
              (p.plannedAnchorDate ? `${p.plannedAnchorDate} ${tr('(planned)', '(gepland)')}` : tr('Not set', 'Niet vastgesteld'))}
          </dd>
        </div>
      </dl>

      {p.hasContact && study.siteTeam ? <ContactDetails id={p.id} /> : null}

      <section className="panel" aria-labelledby="schedule-h" data-panel="schedule">
        <header className="panel-head">
          <h2 id="schedule-h">{tr('Schedule', 'Schema')}</h2>
        </header>
        {p.schedule.length === 0 ? (
          <Empty>{tr('No schedule yet (it starts at the anchor date).', 'Nog geen schema (het begint op de ankerdatum).')}</Empty>
        ) : (
          <div className="table-wrap">
            <table className="list schedule">
              <thead>
                <tr>
                  <th scope="col">{tr('Time point', 'Meetmoment')}</th>
                  <th scope="col">{tr('Due', 'Gepland')}</th>
                  <th scope="col">{tr('Window', 'Venster')}</th>
                  <th scope="col">{tr('State', 'Stand')}</th>
                  <th scope="col">{tr('Forms', 'Formulieren')}</th>
                  <th scope="col">{tr('Questionnaires', 'Vragenlijsten')}</th>
                </tr>
              </thead>
              <tbody>
                {p.schedule.map((e) => (
                  <tr key={e.eventId} data-event={e.eventId}>
                    <th scope="row">{e.title}</th>
                    <td className="date" data-label={tr('Due', 'Gepland')}>
                      {formatDate(e.dueAt, tz)}
                    </td>
                    <td data-label={tr('Window', 'Venster')}>
                      {e.opensAt ? `${formatDate(e.opensAt, tz)} – ${lastDay(e.closesAt, tz)}` : '—'}
                      <span className="sub">
                        {' '}
                        (−{e.windowBefore}/+{e.windowAfter} {tr('d', 'd')})
                      </span>
                    </td>
                    <td data-label={tr('State', 'Stand')}>
                      <Badge value={e.state} />
                    </td>
                    <td data-label={tr('Forms', 'Formulieren')}>{e.forms.length ? e.forms.map(humanise).join(', ') : '—'}</td>
                    <td data-label={tr('Questionnaires', 'Vragenlijsten')}>{e.instruments.length ? e.instruments.join(', ') : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <RandomisePanel study={study} participant={p} onChange={reload} />
      <FormsPanel study={study} participant={p} />
      <QuestionnairesPanel study={study} participant={p} onChange={reload} />
      <StatusPanel study={study} participant={p} onChange={reload} />
      <ParticipantReviewPanel study={study} participant={p} onChange={reload} />
    </>
  );
}

/** Contact details, for the site team on explicit request only (each read is audited by the API). */
function ContactDetails({ id }: { id: string }) {
  const [contact, setContact] = useState<Contact | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const tr = useTr();
  const show = async () => {
    setBusy(true);
    setError(null);
    try {
      setContact(await data(api.GET('/participants/{id}/contact', { params: { path: { id } } })));
    } catch (e) {
      setError(
        e instanceof ApiError && e.status === 403
          ? tr('Your role cannot see contact details.', 'Uw rol mag geen contactgegevens zien.')
          : e instanceof Error
            ? e.message
            : tr('Failed.', 'Mislukt.'),
      );
    } finally {
      setBusy(false);
    }
  };
  const fields = useMemo(() => (contact ? Object.entries(contact).filter(([, v]) => v) : []), [contact]);
  return (
    <section className="panel contact" aria-labelledby="contact-h">
      <header className="panel-head">
        <h2 id="contact-h">{tr('Contact details', 'Contactgegevens')}</h2>
        {contact ? (
          <button type="button" className="btn ghost" onClick={() => setContact(null)}>
            {tr('Hide', 'Verbergen')}
          </button>
        ) : (
          <button type="button" className="btn" onClick={() => void show()} disabled={busy}>
            {busy ? tr('Loading…', 'Laden…') : tr('Show contact details', 'Contactgegevens tonen')}
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
        <p className="muted small">
          {tr('Hidden. Showing them is recorded in the audit trail.', 'Verborgen. Tonen wordt vastgelegd in de audittrail.')}
        </p>
      )}
    </section>
  );
}
