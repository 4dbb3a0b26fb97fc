import { ModelInputError } from './errors';
import { fitModel, fitModelWithFigures, type ModelResult, type ModelSpec } from './fit';
import { runReplicates } from './pool';
import { coxReferences } from './reference/cox/reference';
import reference from './reference/logistic/reference.json';
import { formatText } from './text';
import { validate } from './validate';

interface LogisticExample {
  name: string;
  outcome: string;
  covariates: string[];
  data: Record<string, number[]>;
  glm: { terms: string[]; estimate: number[]; se: number[]; logLik_model: number; logLik_null: number };
}
const examples = reference.examples as unknown as LogisticExample[];
const lungEfron = coxReferences().find((r) => r.name === 'lung-efron')!;
const lungStrata = coxReferences().find((r) => r.name === 'lung-strata-sex-breslow')!;

/** No NaN, no Infinity, no null anywhere: JSON would turn the first two into null. */
function expectFiniteJson(value: unknown, path = 'result'): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path} is ${value}`);
  } else if (value === null) throw new Error(`${path} is null`);
  else if (Array.isArray(value)) value.forEach((v, i) => expectFiniteJson(v, `${path}[${i}]`));
  else if (typeof value === 'object' && value) for (const [k, v] of Object.entries(value)) expectFiniteJson(v, `${path}.${k}`);
}

function rel(actual: number, expected: number, tol: number): void {
  expect(Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-12)).toBeLessThan(tol);
}

function csv(columns: Record<string, readonly (number | string | null)[]>): string {
  const names = Object.keys(columns);
  const n = columns[names[0]].length;
  const rows = Array.from({ length: n }, (_, i) => names.map((c) => (columns[c][i] === null ? '' : String(columns[c][i]))).join(','));
  return [names.join(','), ...rows].join('\n') + '\n';
}

function lungCsv(ref = lungEfron, eventCode: (e: number) => number = (e) => e): string {
  const cols: Record<string, (number | string)[]> = { time: ref.data.time, status: ref.data.event.map(eventCode) };
  ref.data.names.forEach((name, j) => (cols[name] = ref.data.X.map((row) => row[j])));
  if (ref.data.strata) cols.stratum = ref.data.strata;
  return csv(cols);
}

function exampleColumns(ex: LogisticExample): Record<string, number[]> {
  return Object.fromEntries([ex.outcome, ...ex.covariates].map((c) => [c, ex.data[c]]));
}

const RESULT_KEYS = ['model', 'n', 'events', 'coefficients', 'logLik', 'tests', 'concordance', 'iterations', 'converged', 'warnings'];
const COEFFICIENT_KEYS = ['term', 'estimate', 'se', 'z', 'p', 'lower', 'upper', 'ratio', 'ratioLower', 'ratioUpper'];

describe('fitModel: Cox from a CSV file', () => {
  const spec: ModelSpec = { model: 'cox', time: 'time', event: 'status', covariates: ['age', 'sex', 'ph.ecog'], times: [365, 730] };

  it('returns API.md’s result shape with R coxph’s numbers (lung, Efron)', async () => {
    const result = await fitModel(spec, lungCsv());
    expect(Object.keys(result)).toEqual(expect.arrayContaining([...RESULT_KEYS, 'ties', 'phTest', 'baselineSurvival']));
    expect(result).toMatchObject({ model: 'cox', n: 227, events: 164, ties: 'efron', converged: true, warnings: [] });
    expect(result.coefficients.map((c) => Object.keys(c).sort())).toEqual(result.coefficients.map(() => [...COEFFICIENT_KEYS].sort()));
    result.coefficients.forEach((c, j) => {
      rel(c.estimate, lungEfron.coefficients.estimate[j], 1e-6);
      rel(c.se, lungEfron.coefficients.se[j], 1e-5);
      rel(c.ratioUpper, lungEfron.coefficients.ratioUpper[j], 1e-5);
    });
    rel(result.logLik.model, lungEfron.logLik.model, 1e-6);
    rel(result.tests.lr.statistic, lungEfron.tests.lr.statistic, 1e-6);
    rel(result.concordance.estimate, lungEfron.concordance.estimate, 1e-4);
    rel(result.phTest!.global.chisq, lungEfron.phTest.global.chisq, 1e-4);
    expect(result.phTest!.terms.map((t) => t.term)).toEqual(['age', 'sex', 'ph.ecog']);
    expect(result.baselineSurvival!.map((b) => b.time)).toEqual([365, 730]);
    expect(result.baselineSurvival![0]).not.toHaveProperty('stratum');
    const at365 = lungEfron.baselineAt[0].surv[lungEfron.baselineTimes.indexOf(365)];
    rel(result.baselineSurvival![0].survival, at365, 1e-6);
    expectFiniteJson(result);
  });

  it('reads R’s 1/2 event coding (2 = event) as Surv does', async () => {
    const coded = await fitModel(
      spec,
      lungCsv(lungEfron, (e) => e + 1),
    );
    const plain = await fitModel(spec, lungCsv());
    expect(coded).toEqual(plain);
  });

  it('gives one baseline survival entry per stratum and time for a stratified model', async () => {
    const result = await fitModel(
      {
        model: 'cox',
        time: 'time',
        event: 'status',
        covariates: ['age', 'ph.ecog'],
        strata: 'stratum',
        ties: 'breslow',
        times: [100, 365],
      },
      lungCsv(lungStrata),
    );
    expect(result.ties).toBe('breslow');
    rel(result.coefficients[0].estimate, lungStrata.coefficients.estimate[0], 1e-6);
    expect(result.baselineSurvival!.map((b) => `${b.stratum}@${b.time}`)).toEqual(['1@100', '1@365', '2@100', '2@365']);
    for (const b of result.baselineSurvival!) {
      const curve = lungStrata.baselineAt.find((c) => c.stratum === b.stratum)!;
      rel(b.survival, curve.surv[lungStrata.baselineTimes.indexOf(b.time)], 1e-6);
    }
    expectFiniteJson(result);
  });

  it('accepts text strata such as site codes', async () => {
    const cols = {
      time: [5, 8, 3, 9, 4, 12, 7, 2],
      status: [1, 0, 1, 1, 1, 0, 1, 1],
      x: [1, 2, 3, 1, 2, 3, 5, 4],
      site: ['LUMC', 'HMC', 'LUMC', 'HMC', 'LUMC', 'HMC', 'LUMC', 'HMC'],
    };
    const result = await fitModel(
      { model: 'cox', time: 'time', event: 'status', covariates: ['x'], strata: 'site', times: [4] },
      csv(cols),
    );
    expect(result.baselineSurvival!.map((b) => b.stratum)).toEqual(['HMC', 'LUMC']);
  });

  it('drops rows with a missing model variable and says how many', async () => {
    const text = lungCsv().replace(/\n$/, '\n100,1,,1,2\n200,NA,60,1,1\n');
    const result = await fitModel(spec, text);
    expect(result.n).toBe(227);
    expect(result.warnings).toEqual([
      '2 of 229 rows dropped because of missing values in model variables (time, status, age, sex, ph.ecog)',
    ]);
  });

  it('validates by bootstrap with rms::validate(cph)’s indexes, reproducibly', async () => {
    const progress: number[] = [];
    const a = await fitModel({ ...spec, bootstrap: 5, seed: 42 }, lungCsv(), { onProgress: (p) => progress.push(p.fraction) });
    const b = await fitModel({ ...spec, bootstrap: 5, seed: 42 }, lungCsv());
    expect(a.validation).toEqual(b.validation);
    expect(a.validation!.indexes.map((ix) => ix.name)).toEqual(['Dxy', 'R2', 'Slope', 'D', 'U', 'Q', 'g']);
    expect(Object.keys(a.validation!.indexes[0])).toEqual(['name', 'apparent', 'optimism', 'corrected']);
    expect(a.validation).toMatchObject({ B: 5, seed: 42 });
    expect(progress[progress.length - 1]).toBe(1);
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
    expect(a.sampleSize).toMatchObject({ outcome: 'survival', parameters: 3, rsquaredSource: 'optimism-corrected', available: 227 });
    expectFiniteJson(a);
  });

  it('draws risk-group curves and grouped calibration for the report', async () => {
    const { figures } = await fitModelWithFigures(spec, lungCsv());
    expect(figures.riskGroups!.map((g) => g.label)).toEqual(['low risk', 'middle risk', 'high risk']);
    expect(figures.riskGroups!.reduce((s, g) => s + g.n, 0)).toBe(227);
    expect(figures.groupedCalibration!.time).toBe(365);
    expect(figures.groupedCalibration!.groups).toHaveLength(5);
  });
});

describe('fitModel: Kaplan-Meier summary and times beyond follow-up', () => {
  it('reports the median with limits and, at the times, the number at risk (conf.type as asked), warning past the last follow-up', async () => {
    const result = await fitModel(
      { model: 'cox', time: 'time', event: 'status', covariates: ['age'], times: [0, 365, 5000], confType: 'log-log' },
      lungCsv(),
    );
    const km = result.kaplanMeier!;
    expect(km.confType).toBe('log-log');
    expect(km.lastFollowUp).toBe(Math.max(...lungEfron.data.time));
    expect(km.atTimes!.map((a) => a.nRisk)).toEqual([lungEfron.data.time.length, lungEfron.data.time.filter((t) => t >= 365).length, 0]);
    expect(km.median.lower! < km.median.estimate! && km.median.estimate! < km.median.upper!).toBe(true);
    expect(result.warnings.join(' ')).toMatch(/time 5000 beyond the last follow-up/);
    expect(formatText(result)).toMatch(/Kaplan-Meier \(log-log 95% intervals\): median/);
    await expect(
      fitModel({ model: 'cox', time: 'time', event: 'status', covariates: ['age'], confType: 'wide' as 'log' }, lungCsv()),
    ).rejects.toThrow(/confType must be one of log, log-log, plain/);
  });
});

describe('fitModel: logistic', () => {
  it.each(examples.map((ex) => [ex.name, ex] as const))('agrees with R glm on %s, from CSV and from columns alike', async (_name, ex) => {
    const spec: ModelSpec = { model: 'logistic', outcome: ex.outcome, covariates: ex.covariates };
    const fromCsv = await fitModel(spec, csv(exampleColumns(ex)));
    const fromColumns = await fitModel(spec, exampleColumns(ex));
    expect(fromColumns).toEqual(fromCsv);
    expect(fromCsv).not.toHaveProperty('ties');
    expect(fromCsv.method).toBe('ml');
    expect(fromCsv.coefficients.map((c) => c.term)).toEqual(ex.glm.terms);
    fromCsv.coefficients.forEach((c, k) => {
      rel(c.estimate, ex.glm.estimate[k], 1e-6);
      rel(c.se, ex.glm.se[k], 1e-5);
    });
    rel(fromCsv.logLik.model, ex.glm.logLik_model, 1e-6);
    rel(fromCsv.logLik.null, ex.glm.logLik_null, 1e-6);
    expectFiniteJson(fromCsv);
  });

  it('validates with the ten rms::validate(lrm) index names and no extra fields', async () => {
    const ex = examples.find((e) => e.name === 'infert')!;
    const result = await fitModel(
      { model: 'logistic', outcome: ex.outcome, covariates: ex.covariates, bootstrap: 10, seed: 7 },
      exampleColumns(ex),
    );
    expect(result.validation!.indexes.map((ix) => ix.name)).toEqual(['Dxy', 'R2', 'Intercept', 'Slope', 'Emax', 'D', 'U', 'Q', 'B', 'g']);
    expect(result.validation!.indexes.every((ix) => Object.keys(ix).join() === 'name,apparent,optimism,corrected')).toBe(true);
    expect(result.sampleSize).toMatchObject({ outcome: 'binary', parameters: 3, available: 248, availableEvents: 83 });
    expect(result.sampleSize!.criteria.map((c) => c.criterion)).toEqual([1, 2, 3]);
    expectFiniteJson(result);
  });

  it('fits Firth’s penalised likelihood on request', async () => {
    const ex = examples.find((e) => e.name === 'mtcars')!;
    const result = await fitModel({ model: 'logistic', outcome: ex.outcome, covariates: ex.covariates, firth: true }, exampleColumns(ex));
    expect(result.method).toBe('firth');
    expectFiniteJson(result);
  });

  it('smooths a calibration curve for the report', async () => {
    const ex = examples.find((e) => e.name === 'infert')!;
    const { figures } = await fitModelWithFigures(
      { model: 'logistic', outcome: ex.outcome, covariates: ex.covariates },
      exampleColumns(ex),
    );
    expect(figures.calibrationCurve!.length).toBeGreaterThan(10);
    expect(figures.calibrationCurve!.every((p) => p.predicted >= 0 && p.predicted <= 1)).toBe(true);
  });
});

describe('fitModel: degenerate input never yields NaN', () => {
  const base = {
    y: [0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0],
    a: [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8],
    b: [2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5],
  };
  const logistic = (covariates: string[], extra: Record<string, (number | string | null)[]> = {}, y = base.y) =>
    fitModel({ model: 'logistic', outcome: 'y', covariates }, csv({ ...base, y, ...extra }));

  it('drops a constant covariate with a warning (logistic and Cox)', async () => {
    const result = await logistic(['a', 'c'], { c: base.y.map(() => 1) });
    expect(result.coefficients.map((c) => c.term)).toEqual(['(Intercept)', 'a']);
    expect(result.warnings.join()).toMatch(/'c' is constant/);
    expectFiniteJson(result);
    const cox = await fitModel({ model: 'cox', time: 'a', event: 'y', covariates: ['b', 'c'] }, csv({ ...base, c: base.y.map(() => 1) }));
    expect(cox.coefficients.map((c) => c.term)).toEqual(['b']);
    expect(cox.warnings.join()).toMatch(/c is constant or collinear/);
    expectFiniteJson(cox);
  });

  it('drops the second of a collinear pair with a warning', async () => {
    const result = await logistic(['a', 'b', 'ab'], { ab: base.a.map((v, i) => v + 2 * base.b[i]) });
    expect(result.coefficients.map((c) => c.term)).toEqual(['(Intercept)', 'a', 'b']);
    expect(result.warnings.join()).toMatch(/'ab' is a linear combination/);
    expectFiniteJson(result);
  });

  it('refuses an outcome without events, or with only events, clearly', async () => {
    await expect(
      logistic(
        ['a'],
        {},
        base.y.map(() => 0),
      ),
    ).rejects.toThrow(/no events/);
    await expect(
      logistic(
        ['a'],
        {},
        base.y.map(() => 1),
      ),
    ).rejects.toThrow(/no non-events/);
    await expect(
      fitModel({ model: 'cox', time: 'a', event: 'y', covariates: ['b'] }, csv({ ...base, y: base.y.map(() => 0) })),
    ).rejects.toThrow(ModelInputError);
  });

  it('fits a Cox model where every subject has the event', async () => {
    const result = await fitModel(
      { model: 'cox', time: 'a', event: 'y', covariates: ['b'], bootstrap: 5 },
      csv({ ...base, y: base.y.map(() => 1) }),
    );
    expect(result.events).toBe(12);
    expectFiniteJson(result);
  });

  it('warns about separation and keeps the output finite, bootstrap included', async () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    const y = x.map((v) => (v > 6 ? 1 : 0));
    const result = await fitModel({ model: 'logistic', outcome: 'y', covariates: ['x'], bootstrap: 5 }, csv({ y, x }));
    expect(result.warnings.join('\n')).toMatch(/separation/);
    expect(result.validation).toBeUndefined();
    expectFiniteJson(result);
    const firth = await fitModel({ model: 'logistic', outcome: 'y', covariates: ['x'], firth: true }, csv({ y, x }));
    expectFiniteJson(firth);
  });

  it('flags separation even when glm converges before a probability reaches 0 or 1', async () => {
    const result = await fitModel({ model: 'logistic', outcome: 'y', covariates: ['x'] }, 'y,x\n1,1\n0,2\n');
    expect(result.warnings[0]).toMatch(/separation/);
    expectFiniteJson(result);
  });

  it('names the row and column of a non-numeric cell', async () => {
    await expect(logistic(['a'], { a: [...base.a.slice(0, 4), 'seven', ...base.a.slice(5)] })).rejects.toThrow(
      "row 5 (line 6), column 'a': 'seven' is not a number",
    );
  });

  it('names the row of an outcome that is not 0/1 and of a negative time', async () => {
    await expect(logistic(['a'], {}, [...base.y.slice(0, 2), 2, ...base.y.slice(3)])).rejects.toThrow(
      "row 3, column 'y': the outcome must be 0 or 1, not 2",
    );
    await expect(
      fitModel({ model: 'cox', time: 't', event: 'y', covariates: ['a'] }, csv({ ...base, t: base.a.map((v, i) => (i === 3 ? -1 : v)) })),
    ).rejects.toThrow(/row 4, column 't': a survival time cannot be negative/);
  });

  it('refuses an unknown column and a bad spec', async () => {
    await expect(logistic(['nope'])).rejects.toThrow("column 'nope' not found in the CSV header");
    await expect(fitModel({ model: 'logistic', outcome: 'y', covariates: [] }, csv(base))).rejects.toThrow(/at least one column/);
    await expect(fitModel({ model: 'logistic', outcome: 'y', covariates: ['y'] }, csv(base))).rejects.toThrow(
      /both the outcome and a covariate/,
    );
    await expect(fitModel({ model: 'logistic', outcome: 'y', covariates: ['a'], bootstrap: 0 }, csv(base))).rejects.toThrow(
      /bootstrap must be an integer/,
    );
  });

  it('refuses a file where every row misses a model variable', async () => {
    await expect(logistic(['a'], { a: base.a.map(() => null) })).rejects.toThrow(/no complete rows/);
  });
});

describe('bootstrap pool', () => {
  it('gives the same replicates as validate() in process, and reports progress', async () => {
    const ex = examples.find((e) => e.name === 'mtcars')!;
    const data = { y: ex.data[ex.outcome], X: ex.data[ex.outcome].map((_, i) => ex.covariates.map((c) => ex.data[c][i])) };
    const seen: number[] = [];
    const replicates = await runReplicates('logistic', data, 3, 8, { onProgress: (done) => seen.push(done) });
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(replicates.map((r) => r.replicate)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const direct = validate({ kind: 'logistic', data, B: 8, seed: 3 });
    const viaFit = await fitModel(
      { model: 'logistic', outcome: ex.outcome, covariates: ex.covariates, bootstrap: 8, seed: 3 },
      exampleColumns(ex),
    );
    const d = direct.indexes.find((ix) => ix.name === 'Dxy')!;
    expect(viaFit.validation!.indexes.find((ix) => ix.name === 'Dxy')!.optimism).toBe(d.optimism);
  });
});

describe('formatText', () => {
  it('prints coefficients, tests, PH test, survival and warnings as a readable table', async () => {
    const result: ModelResult = await fitModel(
      { model: 'cox', time: 'time', event: 'status', covariates: ['age', 'sex', 'ph.ecog'], times: [365] },
      lungCsv(),
    );
    const text = formatText(result);
    expect(text).toMatch(/^Cox proportional hazards model \(ties: efron\)\nn = 227, events = 164/);
    expect(text).toMatch(/ph\.ecog .* HR 95% CI|HR 95% CI/);
    expect(text).toMatch(/GLOBAL/);
    expect(text).toMatch(/Survival at the covariate means/);
    expect(text).not.toMatch(/NaN|Infinity/);
  });
});
