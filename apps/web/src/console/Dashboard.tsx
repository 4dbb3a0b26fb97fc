// The study dashboard: recruitment per site at a glance (chart + table), the screening funnel,
// questionnaire completion per time point, overdue questionnaires, open queries and coordinator
// tasks. Each panel loads on its own; a 403 hides it (the role may not read it).
import { api, data, type Completion, type Criterion, type Recruitment, type Screening } from './api';
import { DataTable, niceTicks, PALETTE, StackedBars, XYChart, type Series } from './charts';
import type { StudyContext } from './Console';
import { canEnrol } from './Enrol';
import { useTr } from './i18n';
import { Badge, Empty, eventName, formatDate, humanise, lastDay, Link, monthLabel, Panel, percent, useLoad } from './ui';

export function Dashboard({ study }: { study: StudyContext }) {
  const s = study.code;
  const at = { params: { path: { study: s } } };
  const [recruitment] = useLoad(() => data(api.GET('/studies/{study}/recruitment', at)), [s]);
  const [screening] = useLoad(() => data(api.GET('/studies/{study}/screening', at)), [s]);
  const [criteria] = useLoad(() => data(api.GET('/studies/{study}/eligibility', at)), [s]);
  const [completion] = useLoad(() => data(api.GET('/studies/{study}/questionnaires/completion', at)), [s]);
  const [overdue] = useLoad(
    () => data(api.GET('/studies/{study}/questionnaires/due', { params: { path: { study: s }, query: { status: 'overdue' } } })),
    [s],
  );
  const [queries] = useLoad(
    () => data(api.GET('/studies/{study}/queries', { params: { path: { study: s }, query: { status: 'open' } } })),
    [s],
  );
  const [tasks] = useLoad(
    () => data(api.GET('/studies/{study}/tasks', { params: { path: { study: s }, query: { status: 'open' } } })),
    [s],
  );
  const tz = study.timeZone;
  const tr = useTr();

  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">{study.code}</p>
          <h1>{study.title}</h1>
        </div>
        <p className="scope">
          {study.siteCode ? tr(`Showing site ${study.siteCode} only`, `Alleen centrum ${study.siteCode}`) : tr('All sites', 'Alle centra')}
          <span className="sub time-zone">{tr(`Dates in ${study.timeZone} time`, `Data in tijdzone ${study.timeZone}`)}</span>
        </p>
        {canEnrol(study) ? (
          <Link to={`/console/${study.code}/enrol`} className="btn primary">
            {tr('Enrol participant', 'Deelnemer inschrijven')}
          </Link>
        ) : null}
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
        <Panel title={tr('Recruitment per site', 'Werving per centrum')} id="recruitment" load={recruitment} className="span-2">
          {(r) => <RecruitmentPanel r={r} />}
        </Panel>

        <Panel title={tr('Screening funnel', 'Screeningstrechter')} id="screening" load={screening}>
          {(sc) => <ScreeningPanel sc={sc} criteria={criteria.state === 'ok' ? criteria.data : []} />}
        </Panel>

        <Panel
          title={tr('Questionnaire completion per time point', 'Ingevulde vragenlijsten per meetmoment')}
          id="completion"
          load={completion}
          actions={<Link to={`/console/${study.code}/retention`}>{tr('By site and arm', 'Per centrum en arm')}</Link>}
        >
          {(c) => <CompletionPanel rows={c} />}
        </Panel>

        <Panel title={tr('Overdue questionnaires', 'Te late vragenlijsten')} id="overdue" load={overdue}>
          {(rows) =>
            rows.length === 0 ? (
              <Empty>{tr('No questionnaire is overdue.', 'Geen vragenlijst is te laat.')}</Empty>
            ) : (
              <div className="table-wrap">
                <table className="list">
                  <thead>
                    <tr>
                      <th scope="col">{tr('Participant', 'Deelnemer')}</th>
                      <th scope="col">{tr('Site', 'Centrum')}</th>
                      <th scope="col">{tr('Time point', 'Meetmoment')}</th>
                      <th scope="col">{tr('Window', 'Venster')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...rows]
                      .sort((a, b) => a.closesAt.localeCompare(b.closesAt))
                      .map((q) => (
                        <tr key={q.questionnaireId}>
                          <th scope="row">
                            <Link to={`/console/${study.code}/participants/${q.participantId}`}>{q.label}</Link>
                            {q.startedAt ? <span className="sub">{tr('started', 'begonnen')}</span> : null}
                          </th>
                          <td>{q.siteCode}</td>
                          <td>{eventName(q.eventId)}</td>
                          <td className="date" title={tr(`Due ${formatDate(q.dueAt, tz)}`, `Gepland ${formatDate(q.dueAt, tz)}`)}>
                            {Date.parse(q.closesAt) <= Date.now()
                              ? tr(`closed ${lastDay(q.closesAt, tz)}`, `gesloten ${lastDay(q.closesAt, tz)}`)
                              : tr(`open until ${lastDay(q.closesAt, tz)}`, `open tot en met ${lastDay(q.closesAt, tz)}`)}
                          </td>
                        </tr>
                      ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Panel>

        <Panel title={tr('Coordinator tasks', 'Taken coördinator')} id="tasks" load={tasks}>
          {(rows) =>
            rows.length === 0 ? (
              <Empty>{tr('No open tasks.', 'Geen open taken.')}</Empty>
            ) : (
              <>
                <p className="muted small">
                  {tr(
                    'Questionnaires still open two days before their window closes: call or remind the participant.',
                    'Vragenlijsten die twee dagen voor het sluiten van hun venster nog open zijn: bel of herinner de deelnemer.',
                  )}
                </p>
                <div className="table-wrap">
                  <table className="list">
                    <thead>
                      <tr>
                        <th scope="col">{tr('Participant', 'Deelnemer')}</th>
                        <th scope="col">{tr('Site', 'Centrum')}</th>
                        <th scope="col">{tr('Time point', 'Meetmoment')}</th>
                        <th scope="col">{tr('Last day', 'Laatste dag')}</th>
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

        <Panel title={tr('Open queries', 'Open queries')} id="queries" load={queries}>
          {(rows) =>
            rows.length === 0 ? (
              <Empty>{tr('No open queries.', 'Geen open queries.')}</Empty>
            ) : (
              <div className="table-wrap">
                <table className="list">
                  <thead>
                    <tr>
                      <th scope="col">{tr('Participant', 'Deelnemer')}</th>
                      <th scope="col">{tr('Site', 'Centrum')}</th>
                      <th scope="col">{tr('Form · field', 'Formulier · veld')}</th>
                      <th scope="col" className="num">
                        {tr('Age (days)', 'Leeftijd (dagen)')}
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
  const tr = useTr();
  const enrolled = r.sites.reduce((n, s) => n + s.enrolled, 0);
  const randomised = r.sites.reduce((n, s) => n + s.randomised, 0);
  const siteTargets = r.sites.every((s) => s.target !== null) ? r.sites.reduce((n, s) => n + (s.target ?? 0), 0) : null;
  const target = r.sites.length && siteTargets !== null ? siteTargets : r.target;
  const items: Array<[string, string, string?]> = [
    [
      tr('Enrolled', 'Ingeschreven'),
      String(enrolled),
      target ? tr(`of ${target} (${percent(enrolled / target)})`, `van ${target} (${percent(enrolled / target)})`) : undefined,
    ],
    [tr('Randomised', 'Gerandomiseerd'), String(randomised)],
    ...(overdue !== null ? ([[tr('Overdue questionnaires', 'Te late vragenlijsten'), String(overdue)]] as Array<[string, string]>) : []),
    ...(tasks !== null ? ([[tr('Open tasks', 'Open taken'), String(tasks)]] as Array<[string, string]>) : []),
    ...(queries !== null ? ([[tr('Open queries', 'Open queries'), String(queries)]] as Array<[string, string]>) : []),
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
  const tr = useTr();
  if (!r.sites.length) return <Empty>{tr('No sites take part in this study yet.', 'Er doen nog geen centra mee aan deze studie.')}</Empty>;
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
            name: tr(`${s.siteCode} target (${s.target})`, `${s.siteCode} doel (${s.target})`),
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
        <Empty>{tr('No one has been enrolled yet.', 'Er is nog niemand ingeschreven.')}</Empty>
      ) : (
        <XYChart
          className="recruitment-chart"
          title={tr('Cumulative enrolment per site', 'Cumulatieve inschrijving per centrum')}
          desc={`${tr(
            `Cumulative number enrolled per site by month, ${monthLabel(months[0])} to ${monthLabel(latest)}; dashed lines are each site's target.`,
            `Cumulatief aantal ingeschrevenen per centrum per maand, ${monthLabel(months[0])} tot ${monthLabel(latest)}; gestippelde lijnen zijn het doel van elk centrum.`,
          )} ${r.sites.map((s) => `${s.siteCode}: ${s.enrolled}${s.target !== null ? tr(` of ${s.target}`, ` van ${s.target}`) : ''}`).join('; ')}.`}
          xLabel={tr('Month of enrolment', 'Maand van inschrijving')}
          yLabel={tr('Enrolled (cumulative)', 'Ingeschreven (cumulatief)')}
          x={{ min: 0, max: n, ticks: xTicks }}
          y={{ min: 0, max: yMax, ticks: yTicks.map((v) => ({ value: v, label: String(v) })) }}
          series={series}
        />
      )}
      <div className="table-wrap">
        <table className="list recruitment-table">
          <caption className="sr-only">{tr('Recruitment per site against target', 'Werving per centrum tegen het doel')}</caption>
          <thead>
            <tr>
              <th scope="col">{tr('Site', 'Centrum')}</th>
              <th scope="col" className="num">
                {tr('Enrolled', 'Ingeschreven')}
              </th>
              <th scope="col" className="num">
                {tr('Randomised', 'Gerandomiseerd')}
              </th>
              <th scope="col" className="num">
                {tr('Target', 'Doel')}
              </th>
              <th scope="col">{tr('% target', '% doel')}</th>
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
          caption={tr('Cumulative enrolment per month', 'Cumulatieve inschrijving per maand')}
          head={[tr('Month', 'Maand'), ...r.sites.map((s) => s.siteCode)]}
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
  const tr = useTr();
  const total = (k: 'screened' | 'eligible' | 'enrolled') => sc.sites.reduce((n, s) => n + s[k], 0);
  const steps: Array<[string, number]> = [
    [tr('Screened', 'Gescreend'), total('screened')],
    [tr('Eligible', 'Geschikt'), total('eligible')],
    [tr('Enrolled', 'Ingeschreven'), total('enrolled')],
  ];
  const top = Math.max(1, steps[0][1]);
  const failures = Object.entries(sc.failures).sort((a, b) => b[1] - a[1]);
  const text = (id: string) => criteria.find((c) => c.id === id)?.text ?? humanise(id);
  if (steps[0][1] === 0) return <Empty>{tr('No one has been screened yet.', 'Er is nog niemand gescreend.')}</Empty>;
  return (
    <>
      <ol className="funnel" aria-label={tr('Screening funnel, all visible sites', 'Screeningstrechter, alle zichtbare centra')}>
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
              <th scope="col">{tr('Site', 'Centrum')}</th>
              <th scope="col" className="num">
                {tr('Screened', 'Gescreend')}
              </th>
              <th scope="col" className="num">
                {tr('Eligible', 'Geschikt')}
              </th>
              <th scope="col" className="num">
                {tr('Enrolled', 'Ingeschreven')}
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
          <h3>{tr('Most frequent reasons for ineligibility', 'Meest voorkomende redenen voor niet-geschiktheid')}</h3>
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
  const tr = useTr();
  if (!rows.length) return <Empty>{tr('No questionnaires are scheduled.', 'Er zijn geen vragenlijsten gepland.')}</Empty>;
  const segments = [
    { name: tr('Completed', 'Ingevuld'), color: '#009E73' },
    { name: tr('Missed', 'Gemist'), color: '#D55E00' },
    { name: tr('Open now', 'Nu open'), color: '#56B4E9' },
    { name: tr('Not yet open', 'Nog niet open'), color: '#d6dbe3' },
  ];
  const values = rows.map((r) => [r.completed, r.missed, r.open, Math.max(0, r.scheduled - r.completed - r.missed - r.open)]);
  return (
    <>
      <StackedBars
        title={tr('Questionnaire completion per time point', 'Ingevulde vragenlijsten per meetmoment')}
        desc={`${tr(
          'Questionnaires scheduled per time point, split into completed, missed, open and not yet open. Completion rate = completed / (completed + missed):',
          'Geplande vragenlijsten per meetmoment, verdeeld in ingevuld, gemist, open en nog niet open. Invulpercentage = ingevuld / (ingevuld + gemist):',
        )} ${rows.map((r) => `${eventName(r.eventId)} ${r.rate === null ? tr('not yet known', 'nog niet bekend') : percent(r.rate)}`).join('; ')}.`}
        yLabel={tr('Questionnaires', 'Vragenlijsten')}
        categories={rows.map((r) => eventName(r.eventId))}
        segments={segments}
        values={values}
        annotations={rows.map((r) => (r.rate === null ? '' : percent(r.rate)))}
      />
      <DataTable
        caption={tr('Completion per time point', 'Invullen per meetmoment')}
        head={[
          tr('Time point', 'Meetmoment'),
          tr('Scheduled', 'Gepland'),
          tr('Open', 'Open'),
          tr('Completed', 'Ingevuld'),
          tr('Missed', 'Gemist'),
          tr('Rate', 'Percentage'),
        ]}
        rows={rows.map((r) => [eventName(r.eventId), r.scheduled, r.open, r.completed, r.missed, percent(r.rate)])}
      />
      <p className="muted small">
        {tr('Rate = completed / (completed + missed).', 'Percentage = ingevuld / (ingevuld + gemist).')} <Badge value="missed" />{' '}
        {tr('means the window closed without an answer.', 'betekent dat het venster sloot zonder antwoord.')}
      </p>
    </>
  );
}
