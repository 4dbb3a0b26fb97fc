// Datasets and models (statistician, data manager, admin; not site-bound): dataset versions with
// their files, and a model's result — coefficients with ratios and 95% intervals, tests, validation —
// with the calibration plot and Kaplan–Meier curves by risk group drawn from GET /models/{id}/figures.
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, download, enc, get, type Dataset, type ModelFigures, type ModelStatus } from './api';
import { DataTable, niceTicks, PALETTE, XYChart, type Series } from './charts';
import type { StudyContext } from './Console';
import { Badge, Empty, ErrorNote, formatDateTime, Link, navigate, num, Panel, percent, pValue, useLoad } from './ui';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 ** 2).toFixed(1)} MB`;
}

export function Datasets({ study }: { study: StudyContext }) {
  const [list, reload] = useLoad(() => get<Dataset[]>(`/studies/${enc(study.code)}/datasets`), [study.code]);
  const [modelId, setModelId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);

  const open = (e: FormEvent) => {
    e.preventDefault();
    const id = modelId.trim();
    if (!UUID.test(id)) return setError('A model id looks like 0b0e6f3c-…: the id POST /datasets/{id}/models answered.');
    navigate(`/console/${study.code}/models/${id}`);
  };

  const fetchFile = async (d: Dataset, name: string) => {
    setFileError(null);
    try {
      await download(`/datasets/${enc(d.id)}/files/${enc(name)}`, `${d.study}-v${d.version}-${name}`);
    } catch (e) {
      setFileError(`${name}: ${e instanceof Error ? e.message : 'download failed'}`);
    }
  };

  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">{study.code}</p>
          <h1>Datasets &amp; models</h1>
        </div>
      </div>

      <section className="panel" aria-labelledby="open-model-h">
        <header className="panel-head">
          <h2 id="open-model-h">Open a model</h2>
        </header>
        <form className="inline-form" onSubmit={open} noValidate>
          <label htmlFor="model-id">Model id</label>
          <input
            id="model-id"
            value={modelId}
            onChange={(e) => {
              setModelId(e.target.value);
              setError(null);
            }}
            placeholder="00000000-0000-0000-0000-000000000000"
            spellCheck={false}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'model-id-error' : undefined}
          />
          <button type="submit" className="btn primary">
            Open
          </button>
        </form>
        {error ? (
          <p className="alert" id="model-id-error" role="alert">
            {error}
          </p>
        ) : null}
        <p className="muted small">
          Models are fitted on a dataset with POST /datasets/{'{id}'}/models (API or R); the answer is the model id.
        </p>
      </section>

      {list.state === 'hidden' ? <ErrorNote message="Your role cannot read datasets of this study." /> : null}
      <Panel
        title="Dataset versions"
        id="datasets"
        load={list}
        actions={
          <button type="button" className="btn ghost" onClick={reload}>
            Refresh
          </button>
        }
      >
        {(rows) =>
          rows.length === 0 ? (
            <Empty>No datasets yet. A lock or an interim snapshot creates one.</Empty>
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
                          Version {d.version} · {d.kind === 'lock' ? 'Lock' : 'Interim'}
                        </strong>
                        <Badge value={d.status} />
                        <span className="muted small">
                          {formatDateTime(d.createdAt, study.timeZone)}
                          {d.participants !== null ? ` · ${d.participants} participants` : ''}
                          {d.status === 'building' ? ` · ${d.progress}%` : ''}
                        </span>
                      </div>
                      <p className="small">{d.reason}</p>
                      {d.error ? <ErrorNote message={d.error} /> : null}
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
                          Manifest SHA-256 <code>{d.sha256}</code> · dataset id <code>{d.id}</code>
                        </p>
                      ) : (
                        <p className="small muted hash">
                          Dataset id <code>{d.id}</code>
                        </p>
                      )}
                    </li>
                  ))}
              </ul>
            </>
          )
        }
      </Panel>
    </>
  );
}

export function ModelPage({ study, id }: { study: StudyContext; id: string }) {
  const [model, setModel] = useState<{ state: 'loading' } | { state: 'ok'; data: ModelStatus } | { state: 'error'; message: string }>({
    state: 'loading',
  });
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let live = true;
    get<ModelStatus>(`/models/${enc(id)}`).then(
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
              ? 'No model with this id in your studies.'
              : e instanceof ApiError && e.status === 403
                ? 'Your role cannot read models.'
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
  const [figures] = useLoad(
    () => (done ? get<ModelFigures>(`/models/${enc(id)}/figures`) : new Promise<ModelFigures>(() => undefined)),
    [id, done],
  );

  const crumbs = (
    <nav className="crumbs" aria-label="Breadcrumb">
      <Link to={`/console/${study.code}/datasets`}>Datasets &amp; models</Link> <span aria-hidden="true">›</span> <span>Model</span>
    </nav>
  );
  if (model.state === 'loading')
    return (
      <>
        {crumbs}
        <p className="page-status" role="status">
          Loading…
        </p>
      </>
    );
  if (model.state === 'error')
    return (
      <>
        {crumbs}
        <h1>Model</h1>
        <ErrorNote message={model.message} />
      </>
    );
  const m = model.data;
  const r = m.result;
  const kind = (m.spec.model as string) === 'cox' ? 'cox' : 'logistic';
  const ratioName = kind === 'cox' ? 'Hazard ratio' : 'Odds ratio';
  const specText =
    kind === 'cox'
      ? `Surv(${String(m.spec.time)}, ${String(m.spec.event)}) ~ ${(m.spec.covariates as string[]).join(' + ')}${m.spec.strata ? ` + strata(${String(m.spec.strata)})` : ''}`
      : `${String(m.spec.outcome)} ~ ${(m.spec.covariates as string[]).join(' + ')}`;

  const downloadReport = () => void download(`/models/${enc(id)}/report.pdf`, `model-${id}.pdf`).catch(() => undefined);

  return (
    <>
      {crumbs}
      <div className="page-head">
        <div>
          <p className="eyebrow">
            {m.study} · {kind === 'cox' ? 'Cox proportional hazards' : `Logistic regression${r?.method === 'firth' ? ' (Firth)' : ''}`}
          </p>
          <h1 className="mono-title">{specText}</h1>
        </div>
        <div className="head-actions">
          <Badge value={m.status} />
          {m.report ? (
            <button type="button" className="btn" onClick={downloadReport}>
              PDF report
            </button>
          ) : null}
        </div>
      </div>
      <p className="muted small">
        Model <code>{m.id}</code> on dataset <code>{m.datasetId}</code>, requested {formatDateTime(m.createdAt, study.timeZone)}.
      </p>

      {m.status === 'queued' || m.status === 'running' ? (
        <section className="panel">
          <p role="status">{m.status === 'queued' ? 'Waiting for a worker…' : `Fitting… ${m.progress}%`}</p>
          <progress max={100} value={m.progress} aria-label="Fit progress" />
        </section>
      ) : null}
      {m.status === 'failed' ? <ErrorNote message={`The fit failed: ${m.error ?? 'unknown reason'}`} /> : null}

      {r ? (
        <>
          <dl className="key-figures">
            <div>
              <dt>Rows used</dt>
              <dd>{r.n}</dd>
            </div>
            <div>
              <dt>Events</dt>
              <dd>{r.events}</dd>
            </div>
            <div>
              <dt>C statistic</dt>
              <dd>
                {num(r.concordance.estimate, 3)}
                <span className="sub">SE {num(r.concordance.se, 3)}</span>
              </dd>
            </div>
            <div>
              <dt>Likelihood ratio test</dt>
              <dd>
                χ² {num(r.tests.lr.statistic, 2)}
                <span className="sub">
                  df {r.tests.lr.df}, p {pValue(r.tests.lr.p)}
                </span>
              </dd>
            </div>
          </dl>
          {r.warnings.length ? (
            <ul className="warnings" aria-label="Warnings">
              {r.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          ) : null}

          <section className="panel" aria-labelledby="coef-h" data-panel="coefficients">
            <header className="panel-head">
              <h2 id="coef-h">Coefficients</h2>
            </header>
            <div className="table-wrap">
              <table className="list coefficients">
                <thead>
                  <tr>
                    <th scope="col">Term</th>
                    <th scope="col" className="num">
                      Estimate
                    </th>
                    <th scope="col" className="num">
                      SE
                    </th>
                    <th scope="col" className="num">
                      {ratioName}
                    </th>
                    <th scope="col" className="num">
                      95% CI
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
                        <code>{c.term}</code>
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
            <p className="muted small">Intervals are 95% Wald intervals.</p>
          </section>

          <div className="grid-2">
            <Panel title="Calibration" id="calibration" load={figures}>
              {(f) => <Calibration f={f} />}
            </Panel>
            {kind === 'cox' ? (
              <Panel title="Kaplan–Meier by risk group" id="km" load={figures}>
                {(f) => <RiskGroups f={f} />}
              </Panel>
            ) : null}
          </div>

          {r.validation ? (
            <section className="panel" aria-labelledby="val-h">
              <header className="panel-head">
                <h2 id="val-h">Internal validation (bootstrap, B = {r.validation.B})</h2>
              </header>
              <div className="table-wrap">
                <table className="list">
                  <thead>
                    <tr>
                      <th scope="col">Index</th>
                      <th scope="col" className="num">
                        Apparent
                      </th>
                      <th scope="col" className="num">
                        Optimism
                      </th>
                      <th scope="col" className="num">
                        Corrected
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
                <h2 id="ph-h">Proportional hazards test</h2>
              </header>
              <div className="table-wrap">
                <table className="list">
                  <thead>
                    <tr>
                      <th scope="col">Term</th>
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
  const pct = (v: number) => ({ value: v, label: percent(v) });
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1].map(pct);
  if (f.calibrationCurve?.length) {
    const pts = f.calibrationCurve;
    return (
      <>
        <XYChart
          className="calibration-chart"
          title="Calibration curve"
          desc={`Observed proportion (lowess of the outcome) against predicted probability, ${pts.length} points; the dotted diagonal is perfect calibration.`}
          xLabel="Predicted probability"
          yLabel="Observed proportion"
          x={{ min: 0, max: 1, ticks }}
          y={{ min: 0, max: 1, ticks }}
          diagonal
          series={[
            {
              name: 'Lowess (apparent)',
              key: 'calibration',
              color: PALETTE[0],
              kind: 'line',
              points: pts.map((p) => ({ x: p.predicted, y: p.observed })),
            },
          ]}
        />
        <DataTable
          caption="Calibration curve"
          head={['Predicted', 'Observed']}
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
          title={`Calibration at time ${g.time}`}
          desc={`Kaplan–Meier survival at time ${g.time} against mean predicted survival, in fifths of the linear predictor, with 95% intervals; the dotted diagonal is perfect calibration.`}
          xLabel={`Predicted survival at ${g.time}`}
          yLabel="Observed (Kaplan–Meier)"
          x={{ min: 0, max: 1, ticks }}
          y={{ min: 0, max: 1, ticks }}
          diagonal
          series={[
            {
              name: 'Fifths of predicted risk (95% CI)',
              key: 'calibration-groups',
              color: PALETTE[0],
              kind: 'line',
              legend: false,
              points: g.groups.map((p) => ({ x: p.predicted, y: p.observed })),
            },
            {
              name: 'Fifths of predicted risk (95% CI)',
              key: 'calibration',
              color: PALETTE[0],
              kind: 'points',
              points: g.groups.map((p) => ({ x: p.predicted, y: p.observed, lower: p.lower, upper: p.upper })),
            },
          ]}
        />
        <DataTable
          caption={`Calibration at time ${g.time}`}
          head={['Group', 'n', 'Predicted', 'Observed', '95% CI']}
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
  return <Empty>No calibration curve for this fit (too few rows or a degenerate fit).</Empty>;
}

function RiskGroups({ f }: { f: ModelFigures }) {
  const groups = f.riskGroups ?? [];
  if (!groups.length) return <Empty>No risk groups for this fit.</Empty>;
  const maxT = Math.max(1, ...groups.flatMap((g) => g.steps.map((s) => s.time)));
  const xt = niceTicks(0, maxT, 6);
  const colours = [PALETTE[2], PALETTE[4], PALETTE[1]];
  const series: Series[] = groups.map((g, i) => ({
    name: `${g.label} (n = ${g.n}, ${g.events} events)`,
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
        title="Kaplan–Meier survival by risk group"
        desc={`Kaplan–Meier curves in thirds of the linear predictor. ${groups.map((g) => `${g.label}: n ${g.n}, ${g.events} events, survival ${percent(at(g, xt[Math.floor(xt.length / 2)]))} at time ${xt[Math.floor(xt.length / 2)]}`).join('; ')}.`}
        xLabel="Time"
        yLabel="Survival"
        x={{ min: 0, max: Math.max(maxT, xt[xt.length - 1]), ticks: xt.map((v) => ({ value: v, label: String(v) })) }}
        y={{ min: 0, max: 1, ticks: yTicks }}
        series={series}
      />
      <DataTable
        caption="Kaplan–Meier survival by risk group"
        head={['Time', ...groups.map((g) => g.label)]}
        rows={xt.map((t) => [t, ...groups.map((g) => percent(at(g, t), 1))])}
      />
    </>
  );
}

function sample<T>(points: T[], n: number): T[] {
  if (points.length <= n) return points;
  return Array.from({ length: n }, (_, k) => points[Math.round((k * (points.length - 1)) / (n - 1))]);
}
