import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fitCommand } from './fit';
import { predictCommand } from './predict';

/** Runs `trial <command> ...` in process and captures what it prints and its exit code. */
async function run(command: typeof fitCommand, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  const err: string[] = [];
  const code = await command(args, { out: (t) => (out += t), err: (l) => err.push(l) });
  return { code, out, err: err.join('\n') };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'predict-cli-'));
  const rows = ['futime,fustat,age,site,resp'];
  // A deterministic toy set: age drives both outcomes, two sites.
  for (let i = 0; i < 60; i++) {
    const age = 40 + ((i * 37) % 41);
    const event = (i * 7) % 5 < 2 + (age > 60 ? 1 : 0) ? 1 : 0;
    rows.push(`${50 + ((i * 53) % 900)},${event},${age},${i % 2 ? 'A' : 'B'},${(i * 11) % 3 === 0 || age > 70 ? 1 : 0}`);
  }
  writeFileSync(join(dir, 'train.csv'), rows.join('\n') + '\n');
  writeFileSync(join(dir, 'new.csv'), 'id,age,site\n1,55,A\n2,,B\n3,71,B\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('trial fit --out and trial predict', () => {
  it('saves a logistic model and prints the new rows with lp and risk (NA for a missing value)', async () => {
    const model = join(dir, 'logistic.json');
    const fit = await run(fitCommand, 'logistic', '--data', join(dir, 'train.csv'), '--formula', 'resp ~ age + site', '--out', model);
    expect(fit.code).toBe(0);
    expect(JSON.parse(readFileSync(model, 'utf8'))).toMatchObject({ format: 'trial-model/1', model: 'logistic', presented: 'fitted' });
    const r = await run(predictCommand, '--model', model, '--data', join(dir, 'new.csv'));
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toBe('id,age,site,lp,risk');
    expect(lines[2]).toBe('2,,B,NA,NA');
    const [lp, risk] = lines[1].split(',').slice(3).map(Number);
    expect(risk).toBeCloseTo(1 / (1 + Math.exp(-lp)), 12);
    expect(r.err).toMatch(/warning: 1 of 3 rows miss a value/);
  });

  it('saves a Cox model and prints survival at --times, warning beyond the last follow-up', async () => {
    const model = join(dir, 'cox.json');
    const fit = await run(
      fitCommand,
      'cox',
      '--data',
      join(dir, 'train.csv'),
      '--time',
      'futime',
      '--event',
      'fustat',
      '--covariates',
      'age',
      '--out',
      model,
    );
    expect(fit.code).toBe(0);
    const r = await run(predictCommand, '--model', model, '--data', join(dir, 'new.csv'), '--times', '100,5000');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('id,age,site,lp,risk,survival_100,survival_5000');
    expect(r.err).toMatch(/5000 beyond the last follow-up/);
    const json = await run(predictCommand, '--model', model, '--data', join(dir, 'new.csv'), '--times', '100', '--format', 'json');
    expect(JSON.parse(json.out)).toMatchObject({ model: 'cox', presented: 'fitted', means: [{ term: 'age' }], times: [100] });
  });

  it('exits 2 on usage errors and 1 on data errors, naming the file', async () => {
    expect((await run(predictCommand, '--data', 'x.csv')).code).toBe(2);
    expect((await run(fitCommand, 'logistic', '--data', 'x.csv', '--outcome', 'y', '--covariates', 'a', '--shrink')).code).toBe(2);
    const missing = await run(predictCommand, '--model', join(dir, 'nope.json'), '--data', join(dir, 'new.csv'));
    expect(missing).toMatchObject({ code: 1, err: expect.stringMatching(/nope.json: no such file/) });
    writeFileSync(join(dir, 'not-model.json'), '{"a":1}');
    const wrong = await run(predictCommand, '--model', join(dir, 'not-model.json'), '--data', join(dir, 'new.csv'));
    expect(wrong).toMatchObject({ code: 1, err: expect.stringMatching(/not a saved model/) });
    const model = join(dir, 'logistic.json');
    writeFileSync(join(dir, 'bad.csv'), 'age,site\n50,C\n');
    const bad = await run(predictCommand, '--model', model, '--data', join(dir, 'bad.csv'));
    expect(bad).toMatchObject({ code: 1, err: expect.stringMatching(/row 1, column 'site': 'C' is not a level/) });
  });
});
