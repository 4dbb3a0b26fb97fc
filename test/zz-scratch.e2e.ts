import { writeFileSync } from 'node:fs';
import { QuestionnairesRepository } from '../libs/database';
import { enrolment, setUpWorld } from './support/fixtures';
import { startApi } from './support/harness';

it('dumps', async () => {
  const api = await startApi();
  const world = await setUpWorld(api);
  const out: Record<string, unknown> = {};
  const def = api.studies.get('TEIAS');
  const ids: string[] = [];
  for (const site of ['LUMC', 'HMC', 'LUMC']) {
    const t = world.tokens[`coordinator.${site}`];
    const r = await api.request('POST', '/studies/TEIAS/participants', { token: t, body: enrolment(def, site, { contact: { email: 'x@example.nl', language: 'en' } }) });
    ids.push(r.body.id);
    out['enrol'] = r.body;
    out['rand'] = (await api.request('POST', `/participants/${r.body.id}/randomisation`, { token: t, body: { factors: { symptomDuration: '<6w' } } })).body;
  }
  const m = world.tokens.monitor;
  out.me = (await api.request('GET', '/me', { token: m })).body;
  out.studies = (await api.request('GET', '/studies', { token: m })).body;
  for (const p of ['recruitment', 'screening', 'questionnaires/due?status=overdue', 'questionnaires/due', 'questionnaires/completion', 'queries?status=open', 'tasks', 'participants', 'datasets', 'sites']) {
    const r = await api.request('GET', `/studies/TEIAS/${p}`, { token: m });
    out[p] = [r.status, r.body];
  }
  const r = await api.request('GET', `/studies/TEIAS/tasks`, { token: world.tokens['coordinator.LUMC'] });
  out['tasks.coord'] = [r.status, r.body];
  out.participant = (await api.request('GET', `/participants/${ids[0]}`, { token: m })).body;
  out.pq = (await api.request('GET', `/participants/${ids[0]}/questionnaires`, { token: m })).body;
  out.pqcoord = (await api.request('GET', `/participants/${ids[0]}/questionnaires`, { token: world.tokens['coordinator.LUMC'] })).body;
  out.q = (await api.request('POST', `/participants/${ids[0]}/queries`, { token: m, body: { eventId: 'baseline', formId: 'demographics', field: 'birthYear', text: 'check' } })).body;
  out.queries2 = (await api.request('GET', `/studies/TEIAS/queries?status=open`, { token: m })).body;
  out.studyDef = Object.keys((await api.request('GET', `/studies/TEIAS`, { token: m })).body);
  writeFileSync('/tmp/dump.json', JSON.stringify(out, null, 1));
  await api.close();
}, 120000);
