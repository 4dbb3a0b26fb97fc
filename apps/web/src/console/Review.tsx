// The monitor's page (helper I, issue 12): source data verification progress per site and participant
// under the study's SDV plan, and the protocol deviations. Verifying, signatures, the audit trail and
// the casebook are on each participant's page (ParticipantReview.tsx).
import { useState } from 'react';
import { api, data, enc, type Schemas } from './api';
import type { StudyContext } from './Console';
import { useTr, type Tr } from './i18n';
import { planName } from './ParticipantReview';
import { Badge, Empty, eventName, humanise, Link, Panel, useLoad } from './ui';

type Deviation = Schemas['DetectedDeviationDto'];

function kindName(tr: Tr, kind: Deviation['kind']): string {
  if (kind === 'out_of_window') return tr('Outside the visit window', 'Buiten het bezoekvenster');
  if (kind === 'missing_form') return tr('Missing form', 'Ontbrekend formulier');
  return tr('Treatment in the other arm', 'Behandeling in de andere arm');
}

export function ReviewPage({ study }: { study: StudyContext }) {
  const tr = useTr();
  const [report] = useLoad(() => data(api.GET('/studies/{study}/sdv', { params: { path: { study: study.code } } })), [study.code]);
  const [deviations] = useLoad(
    () => data(api.GET('/studies/{study}/deviations', { params: { path: { study: study.code } } })),
    [study.code],
  );
  const [site, setSite] = useState('');
  const [kind, setKind] = useState('');
  const participantLink = (id: string) => `/console/${study.code}/participants/${enc(id)}`;

  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">{study.code}</p>
          <h1>{tr('Review', 'Review')}</h1>
        </div>
        {study.siteCode ? <p className="scope">{tr(`Site ${study.siteCode}`, `Centrum ${study.siteCode}`)}</p> : null}
      </div>
      <p className="small">
        {tr(
          'Verify forms, sign and follow the audit trail on each participant’s page.',
          'Verifieer formulieren, onderteken en volg de audittrail op de pagina van elke deelnemer.',
        )}
      </p>

      <Panel title={tr('Source data verification', 'Brondataverificatie')} id="sdv-report" load={report}>
        {(r) => {
          const sites = [...new Set(r.participants.map((p) => p.siteCode))].sort();
          const rows = r.participants.filter((p) => !site || p.siteCode === site).sort((a, b) => a.label.localeCompare(b.label));
          return (
            <>
              <p className="small">
                {tr('Plan', 'Plan')}: {planName(tr, r.plan)} ·{' '}
                {tr(`${r.remaining} fields left to verify`, `nog ${r.remaining} velden te verifiëren`)}
              </p>
              <h3>{tr('Progress per site', 'Voortgang per centrum')}</h3>
              {sites.length === 0 ? (
                <Empty>{tr('No participants yet.', 'Nog geen deelnemers.')}</Empty>
              ) : (
                <ul className="sdv-sites">
                  {sites.map((s) => {
                    const at = r.participants.filter((p) => p.siteCode === s);
                    const done = at.filter((p) => p.remaining === 0).length;
                    const left = at.reduce((n, p) => n + p.remaining, 0);
                    return (
                      <li key={s}>
                        <span className="sdv-site-name">{s}</span>
                        <progress
                          max={at.length}
                          value={done}
                          aria-label={tr(`${s}: participants fully verified`, `${s}: deelnemers volledig geverifieerd`)}
                        />
                        <span className="small">
                          {tr(
                            `${done} of ${at.length} participants fully verified · ${left} fields left`,
                            `${done} van ${at.length} deelnemers volledig geverifieerd · nog ${left} velden`,
                          )}
                        </span>
                      </li>
                    );
                  })}
                </ul>
              )}
              {sites.length > 1 ? (
                <div className="filters" role="search">
                  <label>
                    {tr('Site', 'Centrum')}
                    <select value={site} onChange={(e) => setSite(e.target.value)}>
                      <option value="">{tr('All', 'Alle')}</option>
                      {sites.map((s) => (
                        <option key={s} value={s}>
                          {s}
                        </option>
                      ))}
                    </select>
                  </label>
                </div>
              ) : null}
              {rows.length ? (
                <div className="table-wrap">
                  <table className="review-table">
                    <caption className="sr-only">{tr('Verification per participant', 'Verificatie per deelnemer')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{tr('Participant', 'Deelnemer')}</th>
                        <th scope="col">{tr('Site', 'Centrum')}</th>
                        <th scope="col">{tr('Fields left', 'Resterende velden')}</th>
                        <th scope="col">{tr('State', 'Stand')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((p) => (
                        <tr key={p.participantId}>
                          <td>
                            <Link to={participantLink(p.participantId)}>{p.label}</Link>
                          </td>
                          <td>{p.siteCode}</td>
                          <td>{p.remaining}</td>
                          <td>
                            {p.remaining === 0 ? (
                              <Badge value="done" tone="good" />
                            ) : (
                              <Badge value={tr('to verify', 'te verifiëren')} tone="info" />
                            )}
                            {r.plan.kind === 'sample' && p.sampled ? (
                              <span className="small"> · {tr('in sample', 'in steekproef')}</span>
                            ) : null}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : null}
            </>
          );
        }}
      </Panel>

      <Panel title={tr('Protocol deviations', 'Protocoldeviaties')} id="deviations" load={deviations}>
        {(rows) => {
          const kinds = [...new Set(rows.map((d) => d.kind))].sort();
          const shown = rows.filter((d) => !kind || d.kind === kind).sort((a, b) => a.label.localeCompare(b.label));
          const graded = rows.some((d) => d.grade);
          return rows.length === 0 ? (
            <Empty>{tr('No protocol deviations.', 'Geen protocoldeviaties.')}</Empty>
          ) : (
            <>
              {kinds.length > 1 ? (
                <div className="filters" role="search">
                  <label>
                    {tr('Kind', 'Soort')}
                    <select value={kind} onChange={(e) => setKind(e.target.value)}>
                      <option value="">{tr('All', 'Alle')}</option>
                      {kinds.map((k) => (
                        <option key={k} value={k}>
                          {kindName(tr, k)}
                        </option>
                      ))}
                    </select>
                  </label>
                </div>
              ) : null}
              <div className="table-wrap">
                <table className="review-table">
                  <caption className="sr-only">{tr('Protocol deviations', 'Protocoldeviaties')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{tr('Participant', 'Deelnemer')}</th>
                      <th scope="col">{tr('Site', 'Centrum')}</th>
                      <th scope="col">{tr('Kind', 'Soort')}</th>
                      {graded ? <th scope="col">{tr('Grade', 'Ernst')}</th> : null}
                      <th scope="col">{tr('Where', 'Waar')}</th>
                      <th scope="col">{tr('Detail', 'Toelichting')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((d, i) => (
                      <tr key={`${d.participantId}-${d.eventId}-${d.formId}-${i}`}>
                        <td>
                          <Link to={participantLink(d.participantId)}>{d.label}</Link>
                        </td>
                        <td>{d.siteCode}</td>
                        <td>{kindName(tr, d.kind)}</td>
                        {graded ? <td>{d.grade ? <Badge value={d.grade} /> : '—'}</td> : null}
                        <td>
                          {eventName(d.eventId)} · {humanise(d.formId)}
                        </td>
                        <td>{d.detail}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          );
        }}
      </Panel>
    </>
  );
}
