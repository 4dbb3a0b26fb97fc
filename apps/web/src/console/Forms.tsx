// The participant's case report forms: every form in the schedule as a link to its page, grouped per
// time point, with its state (from the saved forms, verification, signatures and locks the API gives)
// and the number of open queries. Forms for other arms or cohorts are left out.
import { api, data, enc, type ParticipantDetail, type Query, type Schemas } from './api';
import type { StudyContext } from './Console';
import { loadStudyDefinition, type FormDef, type StudyDef } from './CrfForm';
import { useTr } from './i18n';
import { Empty, Link, Panel, useLoad } from './ui';

type SavedForm = Schemas['FormSummaryDto'];
type SdvForm = Schemas['SdvFormStatusDto'];
type Signature = Schemas['SignatureDto'];
type Lock = Schemas['FormLockDto'];

interface Overview {
  def: StudyDef;
  saved: SavedForm[];
  sdv: SdvForm[];
  signatures: Signature[];
  locks: Lock[];
  queries: Query[];
}

/** A read the role may not make (403) or that fails counts as nothing known: the state shows less. */
const orEmpty = <T,>(p: Promise<T>, empty: T): Promise<T> => p.catch(() => empty);

export function formState(o: Overview, eventId: string, formId: string, instance: number): string {
  const saved = o.saved.find((s) => s.eventId === eventId && s.formId === formId && s.instance === instance);
  if (o.locks.some((l) => l.eventId === eventId && (l.formId === null || (l.formId === formId && l.instance === instance))))
    return 'locked';
  if (!saved) return 'not_started';
  const signed = o.signatures.some(
    (s) =>
      s.status === 'valid' &&
      (s.scope === 'casebook' ||
        (s.scope === 'visit' && s.eventId === eventId) ||
        (s.scope === 'form' && s.eventId === eventId && s.formId === formId && (s.instance ?? 1) === instance)),
  );
  if (signed) return 'signed';
  const sdv = o.sdv.find((s) => s.eventId === eventId && s.formId === formId && s.instance === instance);
  if (saved.status === 'complete' && sdv && sdv.verified.length > 0 && sdv.remaining.length === 0) return 'verified';
  return saved.status;
}

function applies(form: FormDef, participant: ParticipantDetail): boolean {
  if (form.arms && !(participant.arm && form.arms.includes(participant.arm))) return false;
  if (form.cohorts && !(participant.cohort && form.cohorts.includes(participant.cohort))) return false;
  return true;
}

const STATE_NAMES: Record<string, [string, string]> = {
  not_started: ['Not started', 'Niet begonnen'],
  incomplete: ['Incomplete', 'Incompleet'],
  complete: ['Complete', 'Compleet'],
  verified: ['Verified', 'Geverifieerd'],
  signed: ['Signed', 'Ondertekend'],
  locked: ['Locked', 'Vergrendeld'],
};
const STATE_TONES: Record<string, string> = {
  not_started: 'muted',
  incomplete: 'warn',
  complete: 'good',
  verified: 'good',
  signed: 'info',
  locked: 'muted',
};

export function FormsPanel({ study, participant }: { study: StudyContext; participant: ParticipantDetail }) {
  const tr = useTr();
  const at = { params: { path: { id: participant.id } } };
  const [load] = useLoad<Overview>(
    () =>
      Promise.all([
        loadStudyDefinition(study.code),
        data(api.GET('/participants/{id}/forms', at)),
        orEmpty(
          data(api.GET('/participants/{id}/sdv', at)).then((r) => r.forms),
          [],
        ),
        orEmpty(data(api.GET('/participants/{id}/signatures', at)), []),
        orEmpty(data(api.GET('/participants/{id}/locks', at)), []),
        orEmpty(data(api.GET('/participants/{id}/queries', at)), []),
      ]).then(([def, saved, sdv, signatures, locks, queries]) => ({ def, saved, sdv, signatures, locks, queries })),
    [participant.id, participant.arm, study.code],
  );
  const base = `/console/${study.code}/participants/${participant.id}/forms`;

  return (
    <Panel title={tr('Case report forms', 'Case report forms (CRF)')} id="forms" load={load}>
      {(o) => {
        const byId = new Map(o.def.forms.map((f) => [f.id, f]));
        const events = o.def.schedule
          .map((e) => ({ event: e, forms: e.forms.map((f) => byId.get(f)).filter((f): f is FormDef => !!f && applies(f, participant)) }))
          .filter((e) => e.forms.length > 0);
        if (events.length === 0)
          return (
            <Empty>{tr('This study has no forms for this participant.', 'Deze studie heeft geen formulieren voor deze deelnemer.')}</Empty>
          );
        const openQueries = (eventId: string, formId: string, instance: number) =>
          o.queries.filter((q) => q.status === 'open' && q.eventId === eventId && q.formId === formId && q.instance === instance).length;
        const row = (eventId: string, form: FormDef, instance: number, name: string, href: string) => {
          const state = formState(o, eventId, form.id, instance);
          const n = openQueries(eventId, form.id, instance);
          const [en, nl] = STATE_NAMES[state] ?? [state, state];
          return (
            <li key={`${form.id}-${instance}`} className="form-row" data-form={form.id} data-instance={instance}>
              <Link to={href}>{name}</Link>
              <span className={`badge ${STATE_TONES[state] ?? 'muted'}`} data-state={state}>
                {tr(en, nl)}
              </span>
              {n > 0 ? (
                <span className="badge bad" data-queries={n}>
                  {tr(`${n} open ${n === 1 ? 'query' : 'queries'}`, `${n} open ${n === 1 ? 'vraag' : 'vragen'}`)}
                </span>
              ) : null}
            </li>
          );
        };
        return (
          <div className="forms-by-event">
            {events.map(({ event, forms }) => (
              <section key={event.id} aria-labelledby={`forms-${event.id}-h`} data-event={event.id}>
                <h3 id={`forms-${event.id}-h`}>{event.title}</h3>
                <ul className="form-list">
                  {forms.flatMap((form) => {
                    if (!form.repeating) return [row(event.id, form, 1, form.title, `${base}/${enc(event.id)}/${enc(form.id)}`)];
                    const instances = o.saved
                      .filter((s) => s.eventId === event.id && s.formId === form.id)
                      .map((s) => s.instance)
                      .sort((a, b) => a - b);
                    const next = (instances[instances.length - 1] ?? 0) + 1;
                    return [
                      ...instances.map((n) =>
                        row(event.id, form, n, `${form.title} ${n}`, `${base}/${enc(event.id)}/${enc(form.id)}/${n}`),
                      ),
                      <li key={`${form.id}-new`} className="form-row">
                        <Link to={`${base}/${enc(event.id)}/${enc(form.id)}/${next}`}>
                          {instances.length ? tr(`Add: ${form.title}`, `Toevoegen: ${form.title}`) : form.title}
                        </Link>
                        {instances.length ? null : (
                          <span className="badge muted" data-state="not_started">
                            {tr('Not started', 'Niet begonnen')}
                          </span>
                        )}
                      </li>,
                    ];
                  })}
                </ul>
              </section>
            ))}
          </div>
        );
      }}
    </Panel>
  );
}
