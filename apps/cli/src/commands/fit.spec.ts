import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fitCommand } from './fit';

/** Runs `trial fit ...` in process and captures what it prints and its exit code. */
async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  const err: string[] = [];
  const code = await fitCommand(args, { out: (t) => (out += t), err: (l) => err.push(l) });
  return { code, out, err: err.join('\n') };
}

let dir: string;
let file: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fit-cli-'));
  file = join(dir, 'data.csv');
  // ovarian-like survival data with a site column, one missing age and a 0/1 outcome
  const rows = [
    'futime,fustat,age,ecog,site,resp',
    '59,1,72.3315,1,A,1',
    '115,1,74.4932,1,A,1',
    '156,1,66.4658,2,B,0',
    '421,0,53.3644,1,B,0',
    '431,1,50.3397,1,A,1',
    '448,0,56.4301,1,B,0',
    '464,1,56.937,2,A,1',
    '475,1,59.8548,2,B,0',
    '477,0,64.1753,1,A,1',
    '563,1,55.1781,2,B,1',
    '638,1,56.7562,1,A,0',
    '744,0,50.1096,1,B,0',
    '769,0,59.6301,2,A,0',
    '770,0,57.0521,2,B,1',
    '803,0,39.2712,1,A,0',
    '855,0,43.1233,1,B,0',
    '1040,0,38.8932,2,A,0',
    '1106,0,44.6,1,B,1',
    '1129,0,53.9068,1,A,0',
    '1206,0,44.2055,1,B,0',
    '1227,0,59.589,2,A,0',
    '268,1,74.5041,2,B,1',
    '329,1,43.137,1,A,0',
    '353,1,63.2192,2,B,1',
    '365,1,64.4247,2,A,1',
    '377,0,NA,1,B,0',
  ];
  writeFileSync(file, rows.join('\n') + '\n');
  writeFileSync(join(dir, 'bad.csv'), 'resp,age\n1,50\n0,fifty\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('trial fit', () => {
  it('fits a Cox model and prints one JSON document (the API result)', async () => {
    const r = await run('cox', '--data', file, '--time', 'futime', '--event', 'fustat', '--covariates', 'age,ecog', '--times', '365,730');
    expect(r).toMatchObject({ code: 0, err: '' });
    const result = JSON.parse(r.out);
    expect(result).toMatchObject({ model: 'cox', n: 25, events: 12, ties: 'efron', converged: true });
    expect(result.coefficients.map((c: { term: string }) => c.term)).toEqual(['age', 'ecog']);
    expect(result.warnings).toEqual(['1 of 26 rows dropped because of missing values in model variables (futime, fustat, age, ecog)']);
    expect(result.baselineSurvival).toHaveLength(2);
    expect(r.out).not.toMatch(/: null|NaN|Infinity/);
  });

  it('fits a stratified Breslow model with a bootstrap, reproducibly', async () => {
    const args = [
      'cox',
      '--data',
      file,
      '--time',
      'futime',
      '--event',
      'fustat',
      '--covariates',
      'age',
      '--strata',
      'site',
      '--ties',
      'breslow',
      '--bootstrap',
      '4',
      '--seed',
      '9',
      '--times',
      '400',
    ];
    const a = await run(...args);
    const b = await run(...args);
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    const result = JSON.parse(a.out);
    expect(result.ties).toBe('breslow');
    expect(result.validation).toMatchObject({ B: 4, seed: 9 });
    expect(result.baselineSurvival.map((s: { stratum: string }) => s.stratum)).toEqual(['A', 'B']);
  });

  it('prints readable text with --format text', async () => {
    const r = await run('logistic', '--data', file, '--outcome', 'resp', '--covariates', 'age,ecog', '--format', 'text');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Logistic regression \(maximum likelihood\)\nn = 25, events = 11/);
    expect(r.out).toMatch(/\(Intercept\)/);
    expect(r.out).toMatch(/OR 95% CI/);
  });

  it('fits Firth’s logistic regression with --firth', async () => {
    const r = await run('logistic', '--data', file, '--outcome', 'resp', '--covariates', 'age', '--firth');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).method).toBe('firth');
  });

  it.each([
    [['poisson', '--data', 'x.csv'], /fit needs a model/],
    [['logistic', '--outcome', 'resp', '--covariates', 'age'], /fit logistic needs --data/],
    [['logistic', '--data', 'x.csv', '--covariates', 'age'], /fit logistic needs --outcome/],
    [['cox', '--data', 'x.csv', '--time', 't', '--event', 'e', '--covariates', 'a', '--ties', 'exact'], /--ties must be efron or breslow/],
    [
      ['cox', '--data', 'x.csv', '--time', 't', '--event', 'e', '--covariates', 'a', '--times', '1,x'],
      /--times needs non-negative numbers/,
    ],
    [['logistic', '--data', 'x.csv', '--outcome', 'y', '--covariates', 'a', '--bootstrap', 'many'], /--bootstrap must be an integer/],
    [['logistic', '--data', 'x.csv', '--outcome', 'y', '--covariates', 'a', '--seed', '3'], /--seed only makes sense with --bootstrap/],
    [['logistic', '--data', 'x.csv', '--outcome', 'y', '--covariates', 'a', '--strata', 's'], /--strata is for cox models only/],
    [['logistic', '--data', 'x.csv', '--outcome', 'y', '--covariates', 'a,,b'], /--covariates needs a comma-separated list/],
    [['logistic', '--data', 'x.csv', '--outcome', 'y', '--covariates', 'a', '--colour', 'red'], /Unknown option '--colour'/],
    [['logistic', '--data', 'x.csv', '--outcome', 'y', '--covariates', 'a', '--format', 'xml'], /--format must be json or text/],
  ])('exits 2 with a usage line for %j', async (args, message) => {
    const r = await run(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toMatch(/^usage: /);
    expect(r.err.split('\n')[0]).toMatch(message);
    expect(r.out).toBe('');
  });

  it('exits 1 naming the file when it does not exist', async () => {
    const r = await run('logistic', '--data', join(dir, 'missing.csv'), '--outcome', 'resp', '--covariates', 'age');
    expect(r.code).toBe(1);
    expect(r.err).toBe(`${join(dir, 'missing.csv')}: no such file`);
  });

  it('exits 1 naming the row and column of a bad cell', async () => {
    const r = await run('logistic', '--data', join(dir, 'bad.csv'), '--outcome', 'resp', '--covariates', 'age');
    expect(r.code).toBe(1);
    expect(r.err).toBe(`${join(dir, 'bad.csv')}: row 2 (line 3), column 'age': 'fifty' is not a number`);
  });

  it('exits 1 naming a column that is not in the file', async () => {
    const r = await run('cox', '--data', file, '--time', 'futime', '--event', 'dead', '--covariates', 'age');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/column 'dead' not found in the CSV header$/);
  });
  it('fits a formula: text columns and factor() as R codes them, strata(), anova in the result', async () => {
    const r = await run('cox', '--data', file, '--formula', 'Surv(futime, fustat) ~ age + factor(ecog) + strata(site)');
    expect(r).toMatchObject({ code: 0, err: '' });
    const result = JSON.parse(r.out);
    expect(result.coefficients.map((c: { term: string }) => c.term)).toEqual(['age', 'factor(ecog)2']);
    expect(result.anova.map((a: { term: string }) => a.term)).toEqual(['age', 'ecog', 'TOTAL']);
    expect(result.design.formula).toBe('Surv(futime, fustat) ~ age + factor(ecog) + strata(site)');

    const logistic = await run('logistic', '--data', file, '--formula', 'resp ~ age * site', '--format', 'text');
    expect(logistic.code).toBe(0);
    expect(logistic.out).toMatch(/age:siteB/);
  });

  it('names choice levels from a --dictionary', async () => {
    const dictionary = join(dir, 'dictionary.csv');
    writeFileSync(
      dictionary,
      '"Variable / Field Name","Form Name","Section Header","Field Type","Field Label","Choices, Calculations, OR Slider Labels"\n' +
        'ecog,baseline,,radio,ECOG,"1, restricted | 2, ambulatory"\n',
    );
    const r = await run('logistic', '--data', file, '--formula', 'resp ~ age + ecog', '--dictionary', dictionary);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).coefficients.map((c: { term: string }) => c.term)).toEqual(['(Intercept)', 'age', 'ecogambulatory']);
  });

  it('adds the calibration curve, AUC/Brier at --horizon and net benefit at --thresholds; a cox calibration needs --horizon', async () => {
    const l = await run(
      'logistic',
      '--data',
      file,
      '--outcome',
      'resp',
      '--covariates',
      'age',
      '--calibrate',
      '5',
      '--thresholds',
      '0.2,0.5',
    );
    expect(l).toMatchObject({ code: 0, err: '' });
    const lr = JSON.parse(l.out);
    expect(lr.calibration.apparent).toMatchObject({ citl: expect.any(Number), eavg: expect.any(Number), e90: expect.any(Number) });
    expect(lr.calibration.curve).toMatchObject({ B: 5, seed: 1 });
    expect(lr.decisionCurve.rows.map((row: { threshold: number }) => row.threshold)).toEqual([0.2, 0.5]);
    const c = await run(
      'cox',
      '--data',
      file,
      '--time',
      'futime',
      '--event',
      'fustat',
      '--covariates',
      'age',
      '--horizon',
      '400',
      '--thresholds',
      '0.5',
    );
    expect(c).toMatchObject({ code: 0, err: '' });
    const cr = JSON.parse(c.out);
    expect(cr.calibration).toMatchObject({ horizon: 400, B: 0 });
    expect(cr.timeDependent).toMatchObject({ horizon: 400, auc: expect.any(Number) });
    expect(cr.decisionCurve).toMatchObject({ horizon: 400 });
    const noHorizon = await run('cox', '--data', file, '--time', 'futime', '--event', 'fustat', '--covariates', 'age', '--calibrate', '5');
    expect(noHorizon.code).toBe(2);
    expect(noHorizon.err).toMatch(/^usage: --calibrate of a cox model needs --horizon/);
    const logisticHorizon = await run('logistic', '--data', file, '--outcome', 'resp', '--covariates', 'age', '--horizon', '3');
    expect(logisticHorizon.code).toBe(2);
    const badThreshold = await run('logistic', '--data', file, '--outcome', 'resp', '--covariates', 'age', '--thresholds', '0.2,1');
    expect(badThreshold.err).toMatch(/^usage: --thresholds needs risks between 0 and 1/);
  });

  it('exits 2 when --formula is mixed with the column options, 1 on a formula error', async () => {
    const mixed = await run('logistic', '--data', file, '--formula', 'resp ~ age', '--covariates', 'age');
    expect(mixed.code).toBe(2);
    expect(mixed.err).toMatch(/^usage: --formula replaces --covariates/);
    const bad = await run('logistic', '--data', file, '--formula', 'resp ~ age +');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/formula "resp ~ age \+": expected a column name/);
  });
});
