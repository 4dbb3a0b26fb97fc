import { STUDY_DEFINITIONS, loadStudies } from '@trialdata/protocol';
import { enrolment, setUpWorld, type World } from './support/fixtures';
import { startApi, type TestApi } from './support/harness';
import { MINIRCT } from './support/minimisation-study';

let api: TestApi;
let world: World;

beforeAll(async () => {
  api = await startApi({ studies: loadStudies([...STUDY_DEFINITIONS, MINIRCT]) });
  world = await setUpWorld(api);
});

afterAll(async () => {
  await api?.close();
});

describe('minimisation through the API', () => {
  it('allocates 60 concurrent requests with one study-wide sequence, small marginal imbalance, and a verifiable log', async () => {
    const def = api.studies.get('MINIRCT');
    const people = [];
    for (let i = 0; i < 60; i++) {
      const site = i % 2 ? 'HMC' : 'LUMC';
      const token = world.tokens[`coordinator.${site}`];
      const r = await api.request('POST', '/studies/MINIRCT/participants', { token, body: enrolment(def, site) });
      expect(r.status).toBe(201);
      people.push({ id: r.body.id, token, factors: { sex: i % 3 ? 'female' : 'male', age: i % 4 ? '<50' : '>=50' } });
    }
    const replies = await Promise.all(
      people.map((p) => api.request('POST', `/participants/${p.id}/randomisation`, { token: p.token, body: { factors: p.factors } })),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(60).fill(201));
    expect(new Set(replies.map((r) => r.body.stratum))).toEqual(new Set(['*']));

    const log = await api.request('GET', '/studies/MINIRCT/randomisation/allocations', { token: world.tokens.statistician });
    expect(log.body.map((x: { sequence: number }) => x.sequence).sort((a: number, b: number) => a - b)).toEqual(
      Array.from({ length: 60 }, (_, i) => i + 1),
    );

    const a = log.body.filter((x: { arm: string }) => x.arm === 'A').length;
    expect(Math.abs(2 * a - 60)).toBeLessThanOrEqual(6);
    for (const [factor, level] of [
      ['site', 'LUMC'],
      ['sex', 'male'],
      ['age', '>=50'],
    ]) {
      const group = log.body.filter((x: { factors: Record<string, string> }) => x.factors[factor] === level);
      const inA = group.filter((x: { arm: string }) => x.arm === 'A').length;
      expect(Math.abs(2 * inA - group.length)).toBeLessThanOrEqual(6);
    }
    const verification = await api.request('GET', '/studies/MINIRCT/randomisation/verification', { token: world.tokens.statistician });
    expect(verification.body).toEqual({ checked: 60, mismatches: [] });
  });
});
