// The study dashboard: recruitment per site at a glance (chart + table), the screening funnel,
// questionnaire completion per time point, overdue questionnaires, open queries and coordinator
// tasks. Each panel loads on its own; a 403 hides it (the role may not read it).
import {
  enc,
  get,
  type Completion,
  type Criterion,
  type DueQuestionnaire,
  type Query,
  type Recruitment,
  type Screening,
  type Task,
} from './api';
import { DataTable, niceTicks, PALETTE, StackedBars, XYChart, type Series } from './charts';
import type { StudyContext } from './Console';
import { Badge, Empty, eventName, formatDate, humanise, lastDay, Link, monthLabel, Panel, percent, useLoad } from './ui';

export function Dashboard({ study }: { study: StudyContext }) {
  const s = enc(study.code);
  const [recruitment] = useLoad(() => get<Recruitment>(`/studies/${s}/recruitment`), [s]);
  const [screening] = useLoad(() => get<Screening>(`/studies/${s}/screening`), [s]);
  const [criteria] = useLoad(() => get<Criterion[]>(`/studies/${s}/eligibility`), [s]);
  const [completion] = useLoad(() => get<Completion[]>(`/studies/${s}/questionnaires/completion`), [s]);
  const [overdue] = useLoad(() => get<DueQuestionnaire[]>(`/studies/${s}/questionnaires/due?status=overdue`), [s]);
  const [queries] = useLoad(() => get<Query[]>(`/studies/${s}/queries?status=open`), [s]);
  const [tasks] = useLoad(() => get<Task[]>(`/studies/${s}/tasks?status=open`), [s]);
  const tz = study.timeZone;

  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">{study.code}</p>
          <h1>{study.title}</h1>
        </div>
        {study.siteCode ? <p className="scope">Showing site {study.siteCode} only</p> : <p className="scope">All sites</p>}
      </div>

      {recruitment.state === 'ok' ? (
        <KeyFigures
          r={recruitment.data}
          overdue={overdue.state === 'ok' ? overdue.data.length : null}
          queries={queries.state === 'ok' ? queries.data.length : null}
          tasks={tasks.state === 'ok' ? tasks.data.length : null}
        />
      ) : null}

      <div className="grid-2">
        <Panel title="Recruitment per site" id="recruitment" load={recruitment} className="span-2">
          {(r) => <RecruitmentPanel r={r} />}
        </Panel>

        <Panel title="Screening funnel" id="screening" load={screening}>
          {(sc) => <ScreeningPanel sc={sc} criteria={criteria.state === 'ok' ? criteria.data : []} />}
        </Panel>

        <Panel title="Questionnaire completion per time point" id="completion" load={completion}>
          {(c) => <CompletionPanel rows={c} />}
        </Panel>

        <Panel title="Overdue questionnaires" id="overdue" load={overdue}>
          {(rows) =>
            rows.length === 0 ? (
              <Empty>No questionnaire is overdue.</Empty>
            ) : (
              <div className="table-wrap">
                <table className="list">
                  <thead>
                    <tr>
                      <th scope="col">Participant</th>
                      <th scope="col">Site</th>
                      <th scope="col">Time point</th>
                      <th scope="col">Window</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...rows]
                      .sort((a, b) => a.closesAt.localeCompare(b.closesAt))
                      .map((q) => (
                        <tr key={q.questionnaireId}>
                          <th scope="row">
                            <Link to={`/console/${study.code}/participants/${q.participantId}`}>{q.label}</Link>
                            {q.startedAt ? <span className="sub">started</span> : null}
                          </th>
                          <td>{q.siteCode}</td>
                          <td>{eventName(q.eventId)}</td>
                          <td className="date" title={`Due ${formatDate(q.dueAt, tz)}`}>
                            {Date.parse(q.closesAt) <= Date.now()
                              ? `closed ${lastDay(q.closesAt, tz)}`
                              : `open until ${lastDay(q.closesAt, tz)}`}
                          </td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Panel>

        <Panel title="Coordinator tasks" id="tasks" load={tasks}>
          {(rows) =>
            rows.length === 0 ? (
              <Empty>No open tasks.</Empty>
            ) : (
              <>
                <p className="muted small">
                  Questionnaires still open two days before their window closes: call or remind the participant.
                </p>
                <div className="table-wrap">
                  <table className="list">
                    <thead>
                      <tr>
                        <th scope="col">Participant</th>
                        <th scope="col">Site</th>
                        <th scope="col">Time point</th>
                        <th scope="col">Last day</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((t) => (
                        <tr key={t.id}>
                          <th scope="row">
                            <Link to={`/console/${study.code}/participants/${t.participantId}`}>{t.label}</Link>
                          </th>
                          <td>{t.siteCode}</td>
                          <td>{eventName(t.eventId)}</td>
                          <td className="date">{lastDay(t.closesAt, tz)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            )
          }
        </Panel>

        <Panel title="Open queries" id="queries" load={queries}>
          {(rows) =>
            rows.length === 0 ? (
              <Empty>No open queries.</Empty>
            ) : (
              <div className="table-wrap">
                <table className="list">
                  <thead>
                    <tr>
                      <th scope="col">Participant</th>
                      <th scope="col">Site</th>
                      <th scope="col">Form · field</th>
                      <th scope="col" className="num">
                        Age (days)
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...rows]
                      .sort((a, b) => b.ageDays - a.ageDays)
                      .map((q) => (
                        <tr key={q.id}>
                          <th scope="row">
                            <Link to={`/console/${study.code}/participants/${q.participantId}`}>{q.participantLabel}</Link>
                          </th>
                          <td>{q.siteCode}</td>
                          <td>
                            {eventName(q.eventId)} · {humanise(q.formId)} · <code>{q.field}</code>
                          </td>
                          <td className={`num ${q.ageDays > 14 ? 'late' : ''}`}>{q.ageDays}</td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Panel>
      </div>
    </>
  );
}

function KeyFigures({
  r,
  overdue,
  queries,
  tasks,
}: {
  r: Recruitment;
  overdue: number | null;
  queries: number | null;
  tasks: number | null;
}) {
  const enrolled = r.sites.reduce((n, s) => n + s.enrolled, 0);
  const randomised = r.sites.reduce((n, s) => n + s.randomised, 0);
  const siteTargets = r.sites.every((s) => s.target !== null) ? r.sites.reduce((n, s) => n + (s.target ?? 0), 0) : null;
  const target = r.sites.length && siteTargets !== null ? siteTargets : r.target;
  const items: Array<[string, string, string?]> = [
    ['Enrolled', String(enrolled), target ? `of ${target} (${percent(enrolled / target)})` : undefined],
    ['Randomised', String(randomised)],
    ...(overdue !== null ? ([['Overdue questionnaires', String(overdue)]] as Array<[string, string]>) : []),
    ...(tasks !== null ? ([['Open tasks', String(tasks)]] as Array<[string, string]>) : []),
    ...(queries !== null ? ([['Open queries', String(queries)]] as Array<[string, string]>) : []),
  ];
  return (
    <dl className="key-figures">
      {items.map(([k, v, sub]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>
            {v}
            {sub ? <span className="sub">{sub}</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function RecruitmentPanel({ r }: { r: Recruitment }) {
  if (!r.sites.length) return <Empty>No sites take part in this study yet.</Empty>;
  const months = r.months;
  const n = months.length;
  const colour = (i: number) => PALETTE[i % PALETTE.length];
  // x: position k is the start of month k; the cumulative count after month i is drawn at i + 1,
  // from zero at the start of the first month.
  const series: Series[] = r.sites.flatMap((s, i) => {
    const line: Series = {
      name: s.siteCode,
      key: s.siteCode,
      color: colour(i),
      kind: 'line',
      markers: n <= 24,
      points: [{ x: 0, y: 0 }, ...s.months.map((m, k) => ({ x: k + 1, y: m.cumulative }))],
    };
    const target: Series | null =
      s.target !== null && n > 0
        ? {
            name: `${s.siteCode} target (${s.target})`,
            key: `${s.siteCode}-target`,
            color: colour(i),
            kind: 'dashed',
            points: [
              { x: 0, y: s.target },
              { x: n, y: s.target },
            ],
          }
        : null;
    return target ? [line, target] : [line];
  });
  const maxY = Math.max(1, ...r.sites.map((s) => Math.max(s.enrolled, s.target ?? 0)));
  const yTicks = niceTicks(0, maxY, 5);
  const yMax = Math.max(maxY, yTicks[yTicks.length - 1]);
  const every = Math.max(1, Math.ceil(n / 8));
  const xTicks = months.flatMap((m, k) => (k % every === 0 || k === n - 1 ? [{ value: k + 0.5, label: monthLabel(m, n > 12) }] : []));
  const latest = months[n - 1];

  return (
    <div className="recruitment">
      {n === 0 ? (
        <Empty>No one has been enrolled yet.</Empty>
      ) : (
        <XYChart
          className="recruitment-chart"
          title="Cumulative enrolment per site"
          desc={`Cumulative number enrolled per site by month, ${monthLabel(months[0])} to ${monthLabel(latest)}; dashed lines are each site's target. ${r.sites
            .map((s) => `${s.siteCode}: ${s.enrolled}${s.target !== null ? ` of ${s.target}` : ''}`)
            .join('; ')}.`}
          xLabel="Month of enrolment"
          yLabel="Enrolled (cumulative)"
          x={{ min: 0, max: n, ticks: xTicks }}
          y={{ min: 0, max: yMax, ticks: yTicks.map((v) => ({ value: v, label: String(v) })) }}
          series={series}
        />
      )}
      <div className="table-wrap">
        <table className="list recruitment-table">
          <caption className="sr-only">Recruitment per site against target</caption>
          <thead>
            <tr>
              <th scope="col">Site</th>
              <th scope="col" className="num">
                Enrolled
              </th>
              <th scope="col" className="num">
                Randomised
              </th>
              <th scope="col" className="num">
                Target
              </th>
              <th scope="col">% target</th>
            </tr>
          </thead>
          <tbody>
            {r.sites.map((s, i) => (
              <tr key={s.siteCode}>
                <th scope="row">
                  <span className="swatch" style={{ background: colour(i) }} aria-hidden="true" />
                  {s.siteCode}
                </th>
                <td className="num">{s.enrolled}</td>
                <td className="num">{s.randomised}</td>
                <td className="num">{s.target ?? '—'}</td>
                <td>
                  {s.target ? (
                    <span className="meter">
                      <span className="meter-bar" aria-hidden="true">
                        <span style={{ width: `${Math.min(100, (s.enrolled / s.target) * 100)}%`, background: colour(i) }} />
                      </span>
                      {percent(s.enrolled / s.target)}
                    </span>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {n > 0 ? (
        <DataTable
          caption="Cumulative enrolment per month"
          head={['Month', ...r.sites.map((s) => s.siteCode)]}
          rows={months.map((m, k) => [
            monthLabel(m),
            ...r.sites.map((s) => `${s.months[k]?.cumulative ?? 0} (+${s.months[k]?.enrolled ?? 0})`),
          ])}
        />
      ) : null}
    </div>
  );
}

function ScreeningPanel({ sc, criteria }: { sc: Screening; criteria: Criterion[] }) {
  const total = (k: 'screened' | 'eligible' | 'enrolled') => sc.sites.reduce((n, s) => n + s[k], 0);
  const steps: Array<[string, number]> = [
    ['Screened', total('screened')],
    ['Eligible', total('eligible')],
    ['Enrolled', total('enrolled')],
  ];
  const top = Math.max(1, steps[0][1]);
  const failures = Object.entries(sc.failures).sort((a, b) => b[1] - a[1]);
  const text = (id: string) => criteria.find((c) => c.id === id)?.text ?? humanise(id);
  if (steps[0][1] === 0) return <Empty>No one has been screened yet.</Empty>;
  return (
    <>
      <ol className="funnel" aria-label="Screening funnel, all visible sites">
        {steps.map(([label, v], i) => (
          <li key={label}>
            <span className="funnel-label">{label}</span>
            <span className="funnel-bar" aria-hidden="true">
              <span style={{ width: `${(v / top) * 100}%`, background: PALETTE[[0, 5, 2][i]] }} />
            </span>
            <span className="funnel-value">
              {v}
              {i > 0 ? <span className="sub"> {percent(v / top)}</span> : null}
            </span>
          </li>
        ))}
      </ol>
      <div className="table-wrap">
        <table className="list">
          <thead>
            <tr>
              <th scope="col">Site</th>
              <th scope="col" className="num">
                Screened
              </th>
              <th scope="col" className="num">
                Eligible
              </th>
              <th scope="col" className="num">
                Enrolled
              </th>
            </tr>
          </thead>
          <tbody>
            {sc.sites.map((s) => (
              <tr key={s.siteCode}>
                <th scope="row">{s.siteCode}</th>
                <td className="num">{s.screened}</td>
                <td className="num">{s.eligible}</td>
                <td className="num">{s.enrolled}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {failures.length ? (
        <>
          <h3>Most frequent reasons for ineligibility</h3>
          <ul className="failures">
            {failures.slice(0, 6).map(([id, count]) => (
              <li key={id}>
                <span>{text(id)}</span> <strong>{count}</strong>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

function CompletionPanel({ rows }: { rows: Completion[] }) {
  if (!rows.length) return <Empty>No questionnaires are scheduled.</Empty>;
  const segments = [
    { name: 'Completed', color: '#009E73' },
    { name: 'Missed', color: '#D55E00' },
    { name: 'Open now', color: '#56B4E9' },
    { name: 'Not yet open', color: '#d6dbe3' },
  ];
  const values = rows.map((r) => [r.completed, r.missed, r.open, Math.max(0, r.scheduled - r.completed - r.missed - r.open)]);
  return (
    <>
      <StackedBars
        title="Questionnaire completion per time point"
        desc={`Questionnaires scheduled per time point, split into completed, missed, open and not yet open. Completion rate = completed / (completed + missed): ${rows
          .map((r) => `${eventName(r.eventId)} ${r.rate === null ? 'not yet known' : percent(r.rate)}`)
          .join('; ')}.`}
        yLabel="Questionnaires"
        categories={rows.map((r) => eventName(r.eventId))}
        segments={segments}
        values={values}
        annotations={rows.map((r) => (r.rate === null ? '' : percent(r.rate)))}
      />
      <DataTable
        caption="Completion per time point"
        head={['Time point', 'Scheduled', 'Open', 'Completed', 'Missed', 'Rate']}
        rows={rows.map((r) => [eventName(r.eventId), r.scheduled, r.open, r.completed, r.missed, percent(r.rate)])}
      />
      <p className="muted small">
        Rate = completed / (completed + missed). <Badge value="missed" /> means the window closed without an answer.
      </p>
    </>
  );
}
