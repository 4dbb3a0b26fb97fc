// Retention (issue 13 item 6): questionnaire completion per time point by site and by arm, so that a
// site or an arm that loses patients (differential attrition, the thesis's 30% loss to follow-up) is
// seen while it can still be acted on, and why questionnaires were missed, as coordinators recorded it.
import { api, data, type Completion, type Schemas } from './api';
import type { StudyContext } from './Console';
import { useTr, type Tr } from './i18n';
import { Empty, eventName, Link, Panel, percent, useLoad } from './ui';

type Counts = Omit<Schemas['SiteCompletionDto'], 'siteCode'>;

/** GET /studies/{study}/questionnaires/completion: per time point, with the breakdowns. */
type Retention = Completion;

function reasonName(tr: Tr, reason: string): string {
  switch (reason) {
    case 'not_reached':
      return tr('Could not be reached', 'Niet bereikbaar');
    case 'refused':
      return tr('Declined', 'Geweigerd');
    case 'too_ill':
      return tr('Too ill', 'Te ziek');
    case 'forgot':
      return tr('Forgot', 'Vergeten');
    case 'technical':
      return tr('Technical problem', 'Technisch probleem');
    case 'admin_error':
      return tr('Study team error', 'Fout van het studieteam');
    case 'other':
      return tr('Other', 'Anders');
    case 'unrecorded':
      return tr('No reason recorded', 'Geen reden vastgelegd');
    default:
      return reason;
  }
}

function CountsTable({ caption, first, rows }: { caption: string; first: string; rows: Array<[string, Counts]> }) {
  const tr = useTr();
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{first}</th>
            <th scope="col">{tr('Scheduled', 'Gepland')}</th>
            <th scope="col">{tr('Open', 'Open')}</th>
            <th scope="col">{tr('Completed', 'Ingevuld')}</th>
            <th scope="col">{tr('Missed', 'Gemist')}</th>
            <th scope="col">{tr('Completion rate', 'Invulpercentage')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, c]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{c.scheduled}</td>
              <td>{c.open}</td>
              <td>{c.completed}</td>
              <td>{c.missed}</td>
              <td>{c.rate === null ? tr('not yet known', 'nog niet bekend') : percent(c.rate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The largest difference in completion rate between two arms, when both have settled questionnaires. */
function armGap(byArm: Array<Counts & { arm: string }>): { low: string; high: string; gap: number } | null {
  const known = byArm.filter((a) => a.rate !== null);
  if (known.length < 2) return null;
  const low = known.reduce((a, b) => (b.rate! < a.rate! ? b : a));
  const high = known.reduce((a, b) => (b.rate! > a.rate! ? b : a));
  return { low: low.arm, high: high.arm, gap: high.rate! - low.rate! };
}

function TimePoint({ row, study }: { row: Retention; study: StudyContext }) {
  const tr = useTr();
  const name = eventName(row.eventId);
  const bySite = row.bySite ?? [];
  const byArm = row.byArm ?? [];
  const reasons = Object.entries(row.missedReasons ?? {}).sort((a, b) => b[1] - a[1]);
  const gap = armGap(byArm);
  return (
    <section className="panel" aria-labelledby={`retention-${row.eventId}-h`} data-timepoint={row.eventId}>
      <header className="panel-head">
        <h3 id={`retention-${row.eventId}-h`}>{name}</h3>
      </header>
      <p>
        {tr(
          `${row.completed} of ${row.completed + row.missed} settled questionnaires completed (${percent(row.rate)}); ${row.open} open now.`,
          `${row.completed} van ${row.completed + row.missed} afgeronde vragenlijsten ingevuld (${percent(row.rate)}); ${row.open} nu open.`,
        )}
      </p>
      <CountsTable
        caption={tr(`${name}: completion per site`, `${name}: invullen per centrum`)}
        first={tr('Site', 'Centrum')}
        rows={bySite.map((s) => [s.siteCode, s])}
      />
      {study.design === 'rct' && byArm.length ? (
        <>
          <CountsTable
            caption={tr(`${name}: completion per arm`, `${name}: invullen per arm`)}
            first={tr('Arm', 'Arm')}
            rows={byArm.map((a) => [a.arm, a])}
          />
          {gap && gap.gap >= 0.1 ? (
            <p className="alert-inline" data-testid="differential-attrition">
              {tr(
                `Differential attrition: completion in ${gap.low} is ${Math.round(gap.gap * 100)} percentage points lower than in ${gap.high}.`,
                `Ongelijke uitval: invullen in ${gap.low} ligt ${Math.round(gap.gap * 100)} procentpunten lager dan in ${gap.high}.`,
              )}
            </p>
          ) : null}
        </>
      ) : null}
      {reasons.length ? (
        <>
          <h4>{tr('Why questionnaires were missed', 'Waarom vragenlijsten gemist zijn')}</h4>
          <ul>
            {reasons.map(([reason, n]) => (
              <li key={reason}>
                {reasonName(tr, reason)}: {n}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

export function RetentionPage({ study }: { study: StudyContext }) {
  const tr = useTr();
  const [load] = useLoad(
    () => data(api.GET('/studies/{study}/questionnaires/completion', { params: { path: { study: study.code } } })),
    [study.code],
  );
  return (
    <>
      <header className="page-head">
        <h1>{tr('Retention: completion by site and arm', 'Retentie: invullen per centrum en arm')}</h1>
        <p className="muted">
          {tr(
            'Completion rate = completed / (completed + missed). Reasons for missed questionnaires are recorded by the coordinator on the participant’s questionnaires.',
            'Invulpercentage = ingevuld / (ingevuld + gemist). Redenen voor gemiste vragenlijsten legt de coördinator vast bij de vragenlijsten van de deelnemer.',
          )}{' '}
          <Link to={`/console/${study.code}`}>{tr('Back to the dashboard', 'Terug naar het dashboard')}</Link>
        </p>
      </header>
      <Panel title={tr('Time points', 'Meetmomenten')} id="retention" load={load}>
        {(rows) =>
          rows.length === 0 ? (
            <Empty>{tr('No questionnaires are scheduled.', 'Er zijn geen vragenlijsten gepland.')}</Empty>
          ) : (
            <div className="retention">
              {rows.map((r) => (
                <TimePoint key={r.eventId} row={r} study={study} />
              ))}
            </div>
          )
        }
      </Panel>
    </>
  );
}
