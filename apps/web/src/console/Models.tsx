// Datasets and models (statistician, data manager, admin; not site-bound): dataset versions with
// their files, and a model's result — coefficients with ratios and 95% intervals, tests, validation —
// with the calibration plot and Kaplan–Meier curves by risk group drawn from GET /models/{id}/figures.
import { useEffect, useState } from 'react';
import { ApiError, api, data, download, modelResult, type Dataset, type ModelFigures, type ModelStatus, type paths } from './api';
import { DataTable, niceTicks, PALETTE, XYChart, type Series } from './charts';
import type { StudyContext } from './Console';
import { useTr } from './i18n';
import { ModelList, specFormula, termLabel, useVariableLabels } from './Statistician';
import { Badge, Empty, ErrorNote, formatDateTime, Link, num, Panel, percent, pValue, useLoad } from './ui';

/** The files a dataset offers (DatasetDto.files lists those of this one). */
type DatasetFileName = paths['/datasets/{id}/files/{name}']['get']['parameters']['path']['name'];

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 ** 2).toFixed(1)} MB`;
}

export function Datasets({ study }: { study: StudyContext }) {
  const [list, reload] = useLoad(
    () => data(api.GET('/studies/{study}/datasets', { params: { path: { study: study.code } } })),
    [study.code],
  );
  const [fileError, setFileError] = useState<string | null>(null);
  const [zipping, setZipping] = useState<string | null>(null);
  const tr = useTr();
  const building = list.state === 'ok' && list.data.some((d) => d.status === 'building');
  useEffect(() => {
    if (!building) return;
    const t = setTimeout(reload, 2000);
    return () => clearTimeout(t);
  });

  // Saved under its own name: load.R, load.do and load.sps read `data.csv`, not a renamed copy.
  const fetchFile = async (d: Dataset, name: string) => {
    setFileError(null);
    try {
      await download(
        api.GET('/datasets/{id}/files/{name}', { params: { path: { id: d.id, name: name as DatasetFileName } }, parseAs: 'blob' }),
        name,
      );
    } catch (e) {
      setFileError(`${name}: ${e instanceof Error ? e.message : tr('download failed', 'downloaden mislukt')}`);
    }
  };

  const fetchZip = async (d: Dataset) => {
    setFileError(null);
    setZipping(d.id);
    try {
      await download(api.GET('/datasets/{id}/zip', { params: { path: { id: d.id } }, parseAs: 'blob' }), `${d.study}-v${d.version}.zip`);
    } catch (e) {
      setFileError(`${d.study}-v${d.version}.zip: ${e instanceof Error ? e.message : tr('download failed', 'downloaden mislukt')}`);
    } finally {
      setZipping(null);
    }
  };

  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">{study.code}</p>
          <h1>{tr('Datasets & models', 'Datasets & modellen')}</h1>
        </div>
      </div>

      {list.state === 'hidden' ? (
        <ErrorNote message={tr('Your role cannot read datasets of this study.', 'Uw rol mag de datasets van deze studie niet lezen.')} />
      ) : null}
      <Panel
        title={tr('Dataset versions', 'Datasetversies')}
        id="datasets"
        load={list}
        actions={
          <button type="button" className="btn ghost" onClick={reload}>
            {tr('Refresh', 'Vernieuwen')}
          </button>
        }
      >
        {(rows) =>
          rows.length === 0 ? (
            <Empty>
              {tr(
                'No datasets yet. A lock or an interim snapshot creates one.',
                'Nog geen datasets. Een lock of een tussentijdse momentopname maakt er een.',
              )}
            </Empty>
          ) : (
            <>
              {fileError ? <ErrorNote message={fileError} /> : null}
              <ul className="datasets">
                {[...rows]
                  .sort((a, b) => b.version - a.version)
                  .map((d) => (
                    <li key={d.id} className="dataset" data-dataset={d.id}>
                      <div className="q-head">
                        <strong>
                          {tr(`Version ${d.version}`, `Versie ${d.version}`)} ·{' '}
                          {d.kind === 'lock' ? tr('Lock', 'Lock') : tr('Interim', 'Tussentijds')}
                        </strong>
                        <Badge value={d.status} />
                        <span className="muted small">
                          {formatDateTime(d.createdAt, study.timeZone)}
                          {d.participants !== null ? ` · ${tr(`${d.participants} participants`, `${d.participants} deelnemers`)}` : ''}
                          {d.status === 'building' ? ` · ${d.progress}%` : ''}
                        </span>
                      </div>
                      <p className="small">{d.reason}</p>
                      {d.status === 'building' ? (
                        <progress
                          max={100}
                          value={d.progress}
                          aria-label={tr(`Building version ${d.version}`, `Versie ${d.version} wordt gemaakt`)}
                        />
                      ) : null}
                      {d.error ? <ErrorNote message={d.error} /> : null}
                      {d.status === 'ready' ? (
                        <p>
                          <button type="button" className="btn primary" onClick={() => void fetchZip(d)} disabled={zipping === d.id}>
                            {zipping === d.id
                              ? tr('Preparing the zip…', 'Zip wordt gemaakt…')
                              : tr(`Download version ${d.version} (zip)`, `Versie ${d.version} downloaden (zip)`)}
                          </button>{' '}
                          <span className="muted small">
                            {tr(
                              'All files in one folder: unzip it and run load.R, load.do or load.sps there as they are.',
                              'Alle bestanden in één map: pak uit en start daar load.R, load.do of load.sps zoals ze zijn.',
                            )}
                          </span>
                        </p>
                      ) : null}
                      {d.files.length ? (
                        <ul className="files">
                          {d.files.map((f) => (
                            <li key={f.name}>
                              <a
                                href={`#${f.name}`}
                                onClick={(e) => {
                                  e.preventDefault();
                                  void fetchFile(d, f.name);
                                }}
                              >
                                {f.name}
                              </a>{' '}
                              <span className="muted small">{bytes(f.bytes)}</span>
                            </li>
                          ))}
                        </ul>
                      ) : null}
                      {d.sha256 ? (
                        <p className="small muted hash">
                          Manifest SHA-256 <code>{d.sha256}</code> · {tr('dataset id', 'dataset-id')} <code>{d.id}</code>
                        </p>
                      ) : (
                        <p className="small muted hash">
                          {tr('Dataset id', 'Dataset-id')} <code>{d.id}</code>
                        </p>
                      )}
                    </li>
                  ))}
              </ul>
            </>
          )
        }
      </Panel>
      {list.state === 'hidden' ? null : <ModelList study={study} />}
    </>
  );
}

export function ModelPage({ study, id }: { study: StudyContext; id: string }) {
  const [model, setModel] = useState<{ state: 'loading' } | { state: 'ok'; data: ModelStatus } | { state: 'error'; message: string }>({
    state: 'loading',
  });
  const [tick, setTick] = useState(0);
  const tr = useTr();

  useEffect(() => {
    let live = true;
    data(api.GET('/models/{id}', { params: { path: { id } } })).then(
      (data) => {
        if (!live) return;
        setModel({ state: 'ok', data });
        if (data.status === 'queued' || data.status === 'running') setTimeout(() => live && setTick((t) => t + 1), 1500);
      },
      (e: unknown) =>
        live &&
        setModel({
          state: 'error',
          message:
            e instanceof ApiError && e.status === 404
              ? tr('No model with this id in your studies.', 'Geen model met dit id in uw studies.')
              : e instanceof ApiError && e.status === 403
                ? tr('Your role cannot read models.', 'Uw rol mag geen modellen lezen.')
                : e instanceof Error
                  ? e.message
                  : String(e),
        }),
    );
    return () => {
      live = false;
    };
  }, [id, tick]);

  const done = model.state === 'ok' && model.data.status === 'done';
  const labels = useVariableLabels(model.state === 'ok' ? model.data.datasetId : null);
  const [figures] = useLoad(
    () => (done ? data(api.GET('/models/{id}/figures', { params: { path: { id } } })) : new Promise<ModelFigures>(() => undefined)),
    [id, done],
  );

  const crumbs = (
    <nav className="crumbs" aria-label={tr('Breadcrumb', 'Kruimelpad')}>
      <Link to={`/console/${study.code}/datasets`}>{tr('Datasets & models', 'Datasets & modellen')}</Link> <span aria-hidden="true">›</span>{' '}
      <span>{tr('Model', 'Model')}</span>
    </nav>
  );
  if (model.state === 'loading')
    return (
      <>
        {crumbs}
        <p className="page-status" role="status">
          {tr('Loading…', 'Laden…')}
        </p>
      </>
    );
  if (model.state === 'error')
    return (
      <>
        {crumbs}
        <h1>{tr('Model', 'Model')}</h1>
        <ErrorNote message={model.message} />
      </>
    );
  const m = model.data;
  const r = modelResult(m);
  const kind = (m.spec.model as string) === 'cox' ? 'cox' : 'logistic';
  const ratioName = kind === 'cox' ? tr('Hazard ratio', 'Hazard ratio') : tr('Odds ratio', 'Odds ratio');
  const specText = specFormula(m.spec);
  const outcomeLabel =
    kind === 'cox'
      ? [m.spec.time, m.spec.event]
          .map((c) => labels.get(String(c)) ?? null)
          .filter(Boolean)
          .join(' · ')
      : (labels.get(String(m.spec.outcome)) ?? '');

  const downloadReport = () =>
    void download(api.GET('/models/{id}/report.pdf', { params: { path: { id } }, parseAs: 'blob' }), `model-${id}.pdf`).catch(
      () => undefined,
    );

  return (
    <>
      {crumbs}
      <div className="page-head">
        <div>
          <p className="eyebrow">
            {m.study} ·{' '}
            {kind === 'cox'
              ? tr('Cox proportional hazards', 'Cox proportionele hazards')
              : `${tr('Logistic regression', 'Logistische regressie')}${r?.method === 'firth' ? ' (Firth)' : ''}`}
          </p>
          <h1 className="mono-title">{specText}</h1>
          {outcomeLabel ? (
            <p className="muted">
              {kind === 'cox' ? tr('Time and event', 'Tijd en gebeurtenis') : tr('Outcome', 'Uitkomst')}: {outcomeLabel}
            </p>
          ) : null}
        </div>
        <div className="head-actions">
          <Badge value={m.status} />
          {m.report ? (
            <button type="button" className="btn" onClick={downloadReport}>
              {tr('Download PDF report', 'PDF-rapport downloaden')}
            </button>
          ) : null}
        </div>
      </div>
      <p className="muted small">
        {tr('Model', 'Model')} <code>{m.id}</code> {tr('on dataset', 'op dataset')} <code>{m.datasetId}</code>,{' '}
        {tr(`requested ${formatDateTime(m.createdAt, study.timeZone)}.`, `aangevraagd ${formatDateTime(m.createdAt, study.timeZone)}.`)}
      </p>

      {m.status === 'queued' || m.status === 'running' ? (
        <section className="panel">
          <p role="status">
            {m.status === 'queued'
              ? tr('Waiting for a worker…', 'Wachten op een worker…')
              : tr(`Fitting… ${m.progress}%`, `Schatten… ${m.progress}%`)}
          </p>
          <progress max={100} value={m.progress} aria-label={tr('Fit progress', 'Voortgang')} />
        </section>
      ) : null}
      {m.status === 'failed' ? (
        <ErrorNote
          message={tr(`The fit failed: ${m.error ?? 'unknown reason'}`, `Het schatten is mislukt: ${m.error ?? 'onbekende reden'}`)}
        />
      ) : null}

      {r ? (
        <>
          <dl className="key-figures">
            <div>
              <dt>{tr('Rows used', 'Gebruikte rijen')}</dt>
              <dd>{r.n}</dd>
            </div>
            <div>
              <dt>{tr('Events', 'Gebeurtenissen')}</dt>
              <dd>{r.events}</dd>
            </div>
            <div>
              <dt>{tr('C statistic', 'C-statistiek')}</dt>
              <dd>
                {num(r.concordance.estimate, 3)}
                <span className="sub">SE {num(r.concordance.se, 3)}</span>
              </dd>
            </div>
            <div>
              <dt>{tr('Likelihood ratio test', 'Likelihood-ratiotoets')}</dt>
              <dd>
                χ² {num(r.tests.lr.statistic, 2)}
                <span className="sub">
                  df {r.tests.lr.df}, p {pValue(r.tests.lr.p)}
                </span>
              </dd>
            </div>
          </dl>
          {r.warnings.length ? (
            <ul className="warnings" aria-label={tr('Warnings', 'Waarschuwingen')}>
              {r.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          ) : null}

          <section className="panel" aria-labelledby="coef-h" data-panel="coefficients">
            <header className="panel-head">
              <h2 id="coef-h">{tr('Coefficients', 'Coëfficiënten')}</h2>
            </header>
            <div className="table-wrap">
              <table className="list coefficients">
                <thead>
                  <tr>
                    <th scope="col">{tr('Term', 'Term')}</th>
                    <th scope="col" className="num">
                      {tr('Estimate', 'Schatting')}
                    </th>
                    <th scope="col" className="num">
                      {tr('SE', 'SE')}
                    </th>
                    <th scope="col" className="num">
                      {ratioName}
                    </th>
                    <th scope="col" className="num">
                      {tr('95% CI', '95%-BI')}
                    </th>
                    <th scope="col" className="num">
                      z
                    </th>
                    <th scope="col" className="num">
                      p
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {r.coefficients.map((c) => (
                    <tr key={c.term}>
                      <th scope="row">
                        {termLabel(c.term, labels) ? (
                          <>
                            {termLabel(c.term, labels)} <code className="muted small">{c.term}</code>
                          </>
                        ) : (
                          <code>{c.term}</code>
                        )}
                      </th>
                      <td className="num">{num(c.estimate, 4)}</td>
                      <td className="num">{num(c.se, 4)}</td>
                      <td className="num">{c.term === '(Intercept)' ? '—' : num(c.ratio, 3)}</td>
                      <td className="num">{c.term === '(Intercept)' ? '—' : `${num(c.ratioLower, 3)} – ${num(c.ratioUpper, 3)}`}</td>
                      <td className="num">{num(c.z, 2)}</td>
                      <td className="num">{pValue(c.p)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="muted small">{tr('Intervals are 95% Wald intervals.', 'Intervallen zijn 95%-Wald-intervallen.')}</p>
          </section>

          <div className="grid-2">
            <Panel title={tr('Calibration', 'Kalibratie')} id="calibration" load={figures}>
              {(f) => <Calibration f={f} />}
            </Panel>
            {kind === 'cox' ? (
              <Panel title={tr('Kaplan–Meier by risk group', 'Kaplan–Meier per risicogroep')} id="km" load={figures}>
                {(f) => <RiskGroups f={f} />}
              </Panel>
            ) : null}
          </div>

          {r.validation ? (
            <section className="panel" aria-labelledby="val-h">
              <header className="panel-head">
                <h2 id="val-h">
                  {tr(`Internal validation (bootstrap, B = ${r.validation.B})`, `Interne validatie (bootstrap, B = ${r.validation.B})`)}
                </h2>
              </header>
              <div className="table-wrap">
                <table className="list">
                  <thead>
                    <tr>
                      <th scope="col">{tr('Index', 'Index')}</th>
                      <th scope="col" className="num">
                        {tr('Apparent', 'Schijnbaar')}
                      </th>
                      <th scope="col" className="num">
                        {tr('Optimism', 'Optimisme')}
                      </th>
                      <th scope="col" className="num">
                        {tr('Corrected', 'Gecorrigeerd')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.validation.indexes.map((ix) => (
                      <tr key={ix.name}>
                        <th scope="row">{ix.name}</th>
                        <td className="num">{num(ix.apparent, 4)}</td>
                        <td className="num">{num(ix.optimism, 4)}</td>
                        <td className="num">{num(ix.corrected, 4)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ) : null}

          {r.phTest ? (
            <section className="panel" aria-labelledby="ph-h">
              <header className="panel-head">
                <h2 id="ph-h">{tr('Proportional hazards test', 'Toets op proportionele hazards')}</h2>
              </header>
              <div className="table-wrap">
                <table className="list">
                  <thead>
                    <tr>
                      <th scope="col">{tr('Term', 'Term')}</th>
                      <th scope="col" className="num">
                        χ²
                      </th>
                      <th scope="col" className="num">
                        df
                      </th>
                      <th scope="col" className="num">
                        p
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...r.phTest.terms, { term: 'GLOBAL', ...r.phTest.global }].map((t) => (
                      <tr key={t.term}>
                        <th scope="row">
                          <code>{t.term}</code>
                        </th>
                        <td className="num">{num(t.chisq, 3)}</td>
                        <td className="num">{t.df}</td>
                        <td className="num">{pValue(t.p)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          ) : null}
        </>
      ) : null}
    </>
  );
}

function Calibration({ f }: { f: ModelFigures }) {
  const tr = useTr();
  const pct = (v: number) => ({ value: v, label: percent(v) });
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1].map(pct);
  if (f.calibrationCurve?.length) {
    const pts = f.calibrationCurve;
    return (
      <>
        <XYChart
          className="calibration-chart"
          title={tr('Calibration curve', 'Kalibratiecurve')}
          desc={tr(
            `Observed proportion (lowess of the outcome) against predicted probability, ${pts.length} points; the dotted diagonal is perfect calibration.`,
            `Waargenomen proportie (lowess van de uitkomst) tegen voorspelde kans, ${pts.length} punten; de gestippelde diagonaal is perfecte kalibratie.`,
          )}
          xLabel={tr('Predicted probability', 'Voorspelde kans')}
          yLabel={tr('Observed proportion', 'Waargenomen proportie')}
          x={{ min: 0, max: 1, ticks }}
          y={{ min: 0, max: 1, ticks }}
          diagonal
          series={[
            {
              name: tr('Lowess (apparent)', 'Lowess (schijnbaar)'),
              key: 'calibration',
              color: PALETTE[0],
              kind: 'line',
              points: pts.map((p) => ({ x: p.predicted, y: p.observed })),
            },
          ]}
        />
        <DataTable
          caption={tr('Calibration curve', 'Kalibratiecurve')}
          head={[tr('Predicted', 'Voorspeld'), tr('Observed', 'Waargenomen')]}
          rows={sample(pts, 20).map((p) => [num(p.predicted, 3), num(p.observed, 3)])}
        />
      </>
    );
  }
  if (f.groupedCalibration?.groups.length) {
    const g = f.groupedCalibration;
    return (
      <>
        <XYChart
          className="calibration-chart"
          title={tr(`Calibration at time ${g.time}`, `Kalibratie op tijdstip ${g.time}`)}
          desc={tr(
            `Kaplan–Meier survival at time ${g.time} against mean predicted survival, in fifths of the linear predictor, with 95% intervals; the dotted diagonal is perfect calibration.`,
            `Kaplan–Meier-overleving op tijdstip ${g.time} tegen gemiddelde voorspelde overleving, in vijfden van de lineaire predictor, met 95%-intervallen; de gestippelde diagonaal is perfecte kalibratie.`,
          )}
          xLabel={tr(`Predicted survival at ${g.time}`, `Voorspelde overleving op ${g.time}`)}
          yLabel={tr('Observed (Kaplan–Meier)', 'Waargenomen (Kaplan–Meier)')}
          x={{ min: 0, max: 1, ticks }}
          y={{ min: 0, max: 1, ticks }}
          diagonal
          series={[
            {
              name: tr('Fifths of predicted risk (95% CI)', 'Vijfden van voorspeld risico (95%-BI)'),
              key: 'calibration-groups',
              color: PALETTE[0],
              kind: 'line',
              legend: false,
              points: g.groups.map((p) => ({ x: p.predicted, y: p.observed })),
            },
            {
              name: tr('Fifths of predicted risk (95% CI)', 'Vijfden van voorspeld risico (95%-BI)'),
              key: 'calibration',
              color: PALETTE[0],
              kind: 'points',
              points: g.groups.map((p) => ({ x: p.predicted, y: p.observed, lower: p.lower, upper: p.upper })),
            },
          ]}
        />
        <DataTable
          caption={tr(`Calibration at time ${g.time}`, `Kalibratie op tijdstip ${g.time}`)}
          head={[tr('Group', 'Groep'), 'n', tr('Predicted', 'Voorspeld'), tr('Observed', 'Waargenomen'), tr('95% CI', '95%-BI')]}
          rows={g.groups.map((p, i) => [
            `${i + 1}`,
            p.n,
            num(p.predicted, 3),
            num(p.observed, 3),
            p.lower !== null && p.upper !== null ? `${num(p.lower, 3)} – ${num(p.upper, 3)}` : '—',
          ])}
        />
      </>
    );
  }
  return (
    <Empty>
      {tr(
        'No calibration curve for this fit (too few rows or a degenerate fit).',
        'Geen kalibratiecurve voor deze schatting (te weinig rijen of een ontaarde schatting).',
      )}
    </Empty>
  );
}

function RiskGroups({ f }: { f: ModelFigures }) {
  const tr = useTr();
  const groups = f.riskGroups ?? [];
  if (!groups.length) return <Empty>{tr('No risk groups for this fit.', 'Geen risicogroepen voor deze schatting.')}</Empty>;
  const maxT = Math.max(1, ...groups.flatMap((g) => g.steps.map((s) => s.time)));
  const xt = niceTicks(0, maxT, 6);
  const colours = [PALETTE[2], PALETTE[4], PALETTE[1]];
  const series: Series[] = groups.map((g, i) => ({
    name: tr(`${g.label} (n = ${g.n}, ${g.events} events)`, `${g.label} (n = ${g.n}, ${g.events} gebeurtenissen)`),
    key: g.label,
    color: colours[i] ?? PALETTE[i % PALETTE.length],
    kind: 'step',
    // Survival is 1 from time 0 until the first step.
    points: [{ x: 0, y: 1 }, ...g.steps.map((s) => ({ x: s.time, y: s.survival }))],
  }));
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((v) => ({ value: v, label: percent(v) }));
  const at = (g: (typeof groups)[number], t: number) => [...g.steps].reverse().find((s) => s.time <= t)?.survival ?? 1;
  return (
    <>
      <XYChart
        className="km-chart"
        title={tr('Kaplan–Meier survival by risk group', 'Kaplan–Meier-overleving per risicogroep')}
        desc={`${tr('Kaplan–Meier curves in thirds of the linear predictor.', 'Kaplan–Meier-curven in derden van de lineaire predictor.')} ${groups
          .map((g) => {
            const t = xt[Math.floor(xt.length / 2)];
            return tr(
              `${g.label}: n ${g.n}, ${g.events} events, survival ${percent(at(g, t))} at time ${t}`,
              `${g.label}: n ${g.n}, ${g.events} gebeurtenissen, overleving ${percent(at(g, t))} op tijdstip ${t}`,
            );
          })
          .join('; ')}.`}
        xLabel={tr('Time', 'Tijd')}
        yLabel={tr('Survival', 'Overleving')}
        x={{ min: 0, max: Math.max(maxT, xt[xt.length - 1]), ticks: xt.map((v) => ({ value: v, label: String(v) })) }}
        y={{ min: 0, max: 1, ticks: yTicks }}
        series={series}
      />
      <DataTable
        caption={tr('Kaplan–Meier survival by risk group', 'Kaplan–Meier-overleving per risicogroep')}
        head={[tr('Time', 'Tijd'), ...groups.map((g) => g.label)]}
        rows={xt.map((t) => [t, ...groups.map((g) => percent(at(g, t), 1))])}
      />
    </>
  );
}

function sample<T>(points: T[], n: number): T[] {
  if (points.length <= n) return points;
  return Array.from({ length: n }, (_, k) => points[Math.round((k * (points.length - 1)) / (n - 1))]);
}
