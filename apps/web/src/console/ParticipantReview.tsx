// Review widgets on the participant page (helper I, issue 12): source data verification per form and
// visit, signatures with password re-entry (voided ones shown), form and visit locks, the audit trail
// with filters, and the casebook PDF.
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, api, data, download, type ParticipantDetail, type Schemas } from './api';
import type { StudyContext } from './Console';
import { useTr, type Tr } from './i18n';
import { Badge, Empty, ErrorNote, eventName, formatDateTime, humanise, Panel, useLoad } from './ui';

export type SdvForm = Schemas['SdvFormStatusDto'];
export type SdvStatus = Schemas['SdvStatusDto'];
export type Signature = Schemas['SignatureDto'];
export type FormLock = Schemas['FormLockDto'];
export type AuditRow = Schemas['AuditRowDto'];
type Casebook = Schemas['CasebookStatusDto'];

const has = (study: StudyContext, ...roles: string[]) => study.roles.some((r) => roles.includes(r));
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The meaning the API gives each kind of signature (libs/crf/review.service.ts). */
export function meaningOf(tr: Tr, scope: Signature['scope']): string {
  if (scope === 'form') return tr('I approve the data in this form', 'Ik keur de gegevens in dit formulier goed');
  if (scope === 'visit') return tr('I approve the data in this visit', 'Ik keur de gegevens van dit bezoek goed');
  return tr('I approve the data in this casebook', 'Ik keur de gegevens in dit dossier goed');
}

const API_MEANING: Record<Signature['scope'], string> = {
  form: 'I approve the data in this form',
  visit: 'I approve the data in this visit',
  casebook: 'I approve the data in this casebook',
};

function where(tr: Tr, eventId: string | null, formId: string | null, instance: number | null): string {
  if (!eventId) return tr('Whole casebook', 'Heel dossier');
  if (!formId) return `${eventName(eventId)} · ${tr('whole visit', 'heel bezoek')}`;
  return `${eventName(eventId)} · ${humanise(formId)}${instance && instance > 1 ? ` #${instance}` : ''}`;
}

export function ParticipantReviewPanel({
  study,
  participant,
  onChange,
}: {
  study: StudyContext;
  participant: ParticipantDetail;
  onChange?: () => void;
}) {
  const [n, setN] = useState(0);
  const changed = () => {
    setN((k) => k + 1);
    onChange?.();
  };
  return (
    <>
      <SdvPanel study={study} participant={participant} version={n} onChange={changed} />
      <SignaturesPanel study={study} participant={participant} version={n} onChange={changed} />
      <LocksPanel study={study} participant={participant} version={n} onChange={changed} />
      <CasebookPanel study={study} participant={participant} />
      <AuditPanel study={study} participant={participant} version={n} />
    </>
  );
}

type PanelProps = { study: StudyContext; participant: ParticipantDetail; version: number; onChange: () => void };

function SdvPanel({ study, participant, version, onChange }: PanelProps) {
  const tr = useTr();
  const [load] = useLoad(
    () => data(api.GET('/participants/{id}/sdv', { params: { path: { id: participant.id } } })),
    [participant.id, version],
  );
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const may = has(study, 'monitor', 'admin') && !study.locked;

  const verify = async (body: { eventId: string; formId?: string; instance?: number }, what: string) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const r = await data(api.POST('/participants/{id}/sdv', { params: { path: { id: participant.id } }, body }));
      setDone(tr(`${what} verified (${r.verified.length} fields).`, `${what} geverifieerd (${r.verified.length} velden).`));
      onChange();
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Panel title={tr('Source data verification', 'Brondataverificatie')} id="sdv" load={load}>
      {(s) => {
        const events = [...new Set(s.forms.map((f) => f.eventId))];
        return (
          <>
            <p className="small">
              {tr('Plan', 'Plan')}: {planName(tr, s.plan)}
              {s.plan.kind === 'sample'
                ? s.sampled
                  ? tr(' · this participant is in the sample', ' · deze deelnemer zit in de steekproef')
                  : tr(' · this participant is not in the sample', ' · deze deelnemer zit niet in de steekproef')
                : ''}
              {' · '}
              {tr(`${s.remaining} fields left to verify`, `nog ${s.remaining} velden te verifiëren`)}
            </p>
            <div role="status" aria-live="polite">
              {done ? <p className="small">{done}</p> : null}
            </div>
            {error ? <ErrorNote message={error} /> : null}
            {s.forms.length === 0 ? (
              <Empty>{tr('No forms saved yet.', 'Nog geen formulieren opgeslagen.')}</Empty>
            ) : (
              <div className="table-wrap">
                <table className="review-table">
                  <caption className="sr-only">{tr('Verification per form', 'Verificatie per formulier')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{tr('Visit', 'Bezoek')}</th>
                      <th scope="col">{tr('Form', 'Formulier')}</th>
                      <th scope="col">{tr('To verify', 'Te verifiëren')}</th>
                      <th scope="col">{tr('Verified', 'Geverifieerd')}</th>
                      <th scope="col">{tr('Remaining', 'Resterend')}</th>
                      {may ? <th scope="col">{tr('Action', 'Actie')}</th> : null}
                    </tr>
                  </thead>
                  <tbody>
                    {s.forms.map((f) => {
                      const name = `${humanise(f.formId)}${f.instance > 1 ? ` #${f.instance}` : ''}`;
                      return (
                        <tr key={`${f.eventId}/${f.formId}/${f.instance}`}>
                          <td>{eventName(f.eventId)}</td>
                          <td>{name}</td>
                          <td>{f.toVerify.length}</td>
                          <td>{f.verified.length}</td>
                          <td>
                            {f.remaining.length === 0 ? (
                              <Badge value="done" />
                            ) : (
                              <span title={f.remaining.join(', ')}>{f.remaining.map(humanise).join(', ')}</span>
                            )}
                          </td>
                          {may ? (
                            <td>
                              <button
                                type="button"
                                className="btn small"
                                aria-disabled={busy}
                                aria-label={tr(
                                  `Verify ${name} at ${eventName(f.eventId)}`,
                                  `Verifieer ${name} bij ${eventName(f.eventId)}`,
                                )}
                                onClick={() => void verify({ eventId: f.eventId, formId: f.formId, instance: f.instance }, name)}
                              >
                                {tr('Verify', 'Verifiëren')}
                              </button>
                            </td>
                          ) : null}
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
            {may && events.length ? (
              <div className="head-actions">
                {events.map((ev) => (
                  <button
                    key={ev}
                    type="button"
                    className="btn ghost small"
                    aria-disabled={busy}
                    onClick={() => void verify({ eventId: ev }, eventName(ev))}
                  >
                    {tr(`Verify visit ${eventName(ev)}`, `Bezoek ${eventName(ev)} verifiëren`)}
                  </button>
                ))}
              </div>
            ) : null}
          </>
        );
      }}
    </Panel>
  );
}

export function planName(tr: Tr, plan: SdvStatus['plan']): string {
  if (plan.kind === 'all') return tr('every field', 'alle velden');
  if (plan.kind === 'critical') return tr('critical fields only', 'alleen kritieke velden');
  return tr(`every field of a ${plan.samplePercent ?? 0}% sample`, `alle velden van een steekproef van ${plan.samplePercent ?? 0}%`);
}

/** The targets (saved forms and visits) a signature or lock can name. */
function useTargets(participantId: string, version: number) {
  return useLoad(() => data(api.GET('/participants/{id}/sdv', { params: { path: { id: participantId } } })), [participantId, version]);
}

type Target = { key: string; eventId?: string; formId?: string; instance?: number; label: string };

function targetsOf(tr: Tr, forms: SdvForm[], casebook: boolean): Target[] {
  const events = [...new Set(forms.map((f) => f.eventId))];
  const out: Target[] = [];
  for (const ev of events) {
    out.push({ key: `v:${ev}`, eventId: ev, label: where(tr, ev, null, null) });
    for (const f of forms.filter((x) => x.eventId === ev))
      out.push({
        key: `f:${ev}/${f.formId}/${f.instance}`,
        eventId: ev,
        formId: f.formId,
        instance: f.instance,
        label: where(tr, ev, f.formId, f.instance),
      });
  }
  if (casebook && forms.length) out.push({ key: 'c', label: where(tr, null, null, null) });
  return out;
}

function SignaturesPanel({ study, participant, version, onChange }: PanelProps) {
  const tr = useTr();
  const tz = study.timeZone;
  const [load] = useLoad(
    () => data(api.GET('/participants/{id}/signatures', { params: { path: { id: participant.id } } })),
    [participant.id, version],
  );
  const [targets] = useTargets(participant.id, version);
  const [signer, setSigner] = useState<{ printedName: string } | null>(null);
  const [target, setTarget] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ target?: string; password?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const may = has(study, 'investigator', 'admin') && !study.locked;

  useEffect(() => {
    if (!may) return;
    let live = true;
    data(api.GET('/participants/{id}/signatures/signer', { params: { path: { id: participant.id } } })).then(
      (m) => live && setSigner(m),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [may, participant.id]);

  const options = targets.state === 'ok' ? targetsOf(tr, targets.data.forms, true) : [];
  const chosen = options.find((o) => o.key === target);
  const scope: Signature['scope'] = !chosen ? 'form' : chosen.formId ? 'form' : chosen.eventId ? 'visit' : 'casebook';

  const sign = async (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (!chosen) next.target = tr('Choose what you sign.', 'Kies wat u ondertekent.');
    if (!password) next.password = tr('Enter your password to sign.', 'Voer uw wachtwoord in om te ondertekenen.');
    setErrors(next);
    setDone(null);
    setError(null);
    if (Object.keys(next).length || !chosen || busy) return;
    setBusy(true);
    try {
      await data(
        api.POST('/participants/{id}/signatures', {
          params: { path: { id: participant.id } },
          body: {
            scope,
            ...(chosen.eventId ? { eventId: chosen.eventId } : {}),
            ...(chosen.formId ? { formId: chosen.formId, instance: chosen.instance ?? 1 } : {}),
            password,
            meaning: API_MEANING[scope],
          },
        }),
      );
      setPassword('');
      setTarget('');
      setDone(tr(`Signed: ${chosen.label}.`, `Ondertekend: ${chosen.label}.`));
      onChange();
    } catch (err) {
      if (err instanceof ApiError && err.status === 403)
        setErrors({
          password: tr(
            'The password does not match. Nothing was signed; enter your password again.',
            'Het wachtwoord klopt niet. Er is niets ondertekend; voer uw wachtwoord opnieuw in.',
          ),
        });
      else setError(message(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Panel title={tr('Signatures', 'Handtekeningen')} id="signatures" load={load}>
      {(rows) => (
        <>
          {rows.length === 0 ? (
            <Empty>{tr('Nothing signed yet.', 'Nog niets ondertekend.')}</Empty>
          ) : (
            <ul className="signature-list">
              {rows.map((s) => (
                <li key={s.id} className={s.status === 'voided' ? 'voided' : undefined}>
                  <strong>{where(tr, s.eventId, s.formId, s.instance)}</strong>{' '}
                  <Badge value={s.status} tone={s.status === 'valid' ? 'good' : 'bad'} />
                  <br />
                  <span className="small">
                    {s.printedName} · {formatDateTime(s.signedAt, tz)} · “{s.meaning}”
                  </span>
                  {s.status === 'voided' ? (
                    <span className="small voided-note">
                      <br />
                      {tr('Voided', 'Vervallen')} {formatDateTime(s.voidedAt, tz)}
                      {s.voidedBecause ? `: ${s.voidedBecause}` : tr(' by a later change', ' door een latere wijziging')}
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          <div role="status" aria-live="polite">
            {done ? <p className="small">{done}</p> : null}
          </div>
          {may ? (
            options.length === 0 ? (
              <p className="muted small">{tr('No saved forms to sign yet.', 'Nog geen opgeslagen formulieren om te ondertekenen.')}</p>
            ) : (
              <form className="review-form" onSubmit={(e) => void sign(e)} noValidate>
                <h3>{tr('Sign', 'Ondertekenen')}</h3>
                <label htmlFor="sign-target">{tr('What you sign', 'Wat u ondertekent')}</label>
                <select
                  id="sign-target"
                  value={target}
                  onChange={(e) => setTarget(e.target.value)}
                  aria-invalid={errors.target ? true : undefined}
                  aria-describedby={errors.target ? 'sign-target-err' : undefined}
                >
                  <option value="">{tr('Choose…', 'Kies…')}</option>
                  {options.map((o) => (
                    <option key={o.key} value={o.key}>
                      {o.label}
                    </option>
                  ))}
                </select>
                {errors.target ? (
                  <p id="sign-target-err" className="field-error">
                    {errors.target}
                  </p>
                ) : null}
                <dl className="sign-manifest">
                  <dt>{tr('Printed name', 'Naam')}</dt>
                  <dd>{signer?.printedName ?? '—'}</dd>
                  <dt>{tr('Meaning', 'Betekenis')}</dt>
                  <dd>{meaningOf(tr, scope)}</dd>
                </dl>
                <label htmlFor="sign-password">{tr('Your password', 'Uw wachtwoord')}</label>
                <p className="hint small" id="sign-password-hint">
                  {tr(
                    'Re-enter your password: it applies your electronic signature.',
                    'Voer uw wachtwoord opnieuw in: daarmee zet u uw elektronische handtekening.',
                  )}
                </p>
                <input
                  id="sign-password"
                  type="password"
                  autoComplete="current-password"
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                  aria-invalid={errors.password ? true : undefined}
                  aria-describedby={errors.password ? 'sign-password-hint sign-password-err' : 'sign-password-hint'}
                />
                {errors.password ? (
                  <p id="sign-password-err" className="field-error" role="alert">
                    {errors.password}
                  </p>
                ) : null}
                {error ? <ErrorNote message={error} /> : null}
                <div className="head-actions">
                  <button type="submit" className="btn primary" aria-disabled={busy}>
                    {tr('Sign', 'Ondertekenen')}
                  </button>
                </div>
              </form>
            )
          ) : null}
        </>
      )}
    </Panel>
  );
}

function LocksPanel({ study, participant, version, onChange }: PanelProps) {
  const tr = useTr();
  const tz = study.timeZone;
  const [load] = useLoad(
    () => data(api.GET('/participants/{id}/locks', { params: { path: { id: participant.id } } })),
    [participant.id, version],
  );
  const [targets] = useTargets(participant.id, version);
  const [target, setTarget] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ target?: string; reason?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [unlocking, setUnlocking] = useState<string | null>(null);
  const [unlockReason, setUnlockReason] = useState('');
  const [unlockError, setUnlockError] = useState<string | null>(null);
  const may = has(study, 'data_manager', 'admin') && !study.locked;
  const options = targets.state === 'ok' ? targetsOf(tr, targets.data.forms, false) : [];

  const lock = async (e: FormEvent) => {
    e.preventDefault();
    const chosen = options.find((o) => o.key === target);
    const next: typeof errors = {};
    if (!chosen) next.target = tr('Choose a form or visit.', 'Kies een formulier of bezoek.');
    if (reason.trim().length < 3) next.reason = tr('Give the reason (at least 3 characters).', 'Geef de reden (minstens 3 tekens).');
    setErrors(next);
    setError(null);
    setDone(null);
    if (Object.keys(next).length || !chosen || busy) return;
    setBusy(true);
    try {
      await data(
        api.POST('/participants/{id}/locks', {
          params: { path: { id: participant.id } },
          body: {
            // Locks offer forms and visits only (targetsOf without the casebook): each has its event.
            eventId: chosen.eventId as string,
            ...(chosen.formId ? { formId: chosen.formId, instance: chosen.instance ?? 1 } : {}),
            reason: reason.trim(),
          },
        }),
      );
      setDone(tr(`Locked: ${chosen.label}.`, `Vergrendeld: ${chosen.label}.`));
      setTarget('');
      setReason('');
      onChange();
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };

  const unlock = async (l: FormLock) => {
    if (unlockReason.trim().length < 3) {
      setUnlockError(tr('Give the reason (at least 3 characters).', 'Geef de reden (minstens 3 tekens).'));
      return;
    }
    setBusy(true);
    try {
      await data(
        api.POST('/participants/{id}/locks/{lockId}/unlock', {
          params: { path: { id: participant.id, lockId: l.id } },
          body: { reason: unlockReason.trim() },
        }),
      );
      setUnlocking(null);
      setUnlockReason('');
      setUnlockError(null);
      setDone(
        tr(`Unlocked: ${where(tr, l.eventId, l.formId, l.instance)}.`, `Ontgrendeld: ${where(tr, l.eventId, l.formId, l.instance)}.`),
      );
      onChange();
    } catch (err) {
      setUnlockError(message(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Panel title={tr('Form and visit locks', 'Formulier- en bezoekvergrendelingen')} id="locks" load={load}>
      {(rows) => (
        <>
          {rows.length === 0 ? (
            <Empty>{tr('No form or visit is locked.', 'Geen formulier of bezoek is vergrendeld.')}</Empty>
          ) : (
            <ul className="lock-list">
              {rows.map((l) => (
                <li key={l.id}>
                  <strong>{where(tr, l.eventId, l.formId, l.instance)}</strong>{' '}
                  <span className="small">
                    {l.lockedByName ?? '—'} · {formatDateTime(l.lockedAt, tz)} · {l.reason}
                  </span>
                  {may ? (
                    unlocking === l.id ? (
                      <div className="review-form inline">
                        <label htmlFor={`unlock-${l.id}`}>{tr('Reason to unlock', 'Reden voor ontgrendelen')}</label>
                        <input
                          id={`unlock-${l.id}`}
                          value={unlockReason}
                          onChange={(e) => setUnlockReason(e.target.value)}
                          aria-invalid={unlockError ? true : undefined}
                          aria-describedby={unlockError ? `unlock-${l.id}-err` : undefined}
                        />
                        {unlockError ? (
                          <p id={`unlock-${l.id}-err`} className="field-error">
                            {unlockError}
                          </p>
                        ) : null}
                        <div className="head-actions">
                          <button type="button" className="btn" aria-disabled={busy} onClick={() => void unlock(l)}>
                            {tr('Unlock', 'Ontgrendelen')}
                          </button>
                          <button type="button" className="btn ghost" onClick={() => setUnlocking(null)}>
                            {tr('Cancel', 'Annuleren')}
                          </button>
                        </div>
                      </div>
                    ) : (
                      <button
                        type="button"
                        className="btn ghost small"
                        onClick={() => {
                          setUnlocking(l.id);
                          setUnlockReason('');
                          setUnlockError(null);
                        }}
                      >
                        {tr('Unlock…', 'Ontgrendelen…')}
                      </button>
                    )
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          <div role="status" aria-live="polite">
            {done ? <p className="small">{done}</p> : null}
          </div>
          {may && options.length ? (
            <form className="review-form" onSubmit={(e) => void lock(e)} noValidate>
              <h3>{tr('Lock a form or visit', 'Formulier of bezoek vergrendelen')}</h3>
              <label htmlFor="lock-target">{tr('Form or visit', 'Formulier of bezoek')}</label>
              <select
                id="lock-target"
                value={target}
                onChange={(e) => setTarget(e.target.value)}
                aria-invalid={errors.target ? true : undefined}
                aria-describedby={errors.target ? 'lock-target-err' : undefined}
              >
                <option value="">{tr('Choose…', 'Kies…')}</option>
                {options.map((o) => (
                  <option key={o.key} value={o.key}>
                    {o.label}
                  </option>
                ))}
              </select>
              {errors.target ? (
                <p id="lock-target-err" className="field-error">
                  {errors.target}
                </p>
              ) : null}
              <label htmlFor="lock-reason">{tr('Reason', 'Reden')}</label>
              <input
                id="lock-reason"
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                aria-invalid={errors.reason ? true : undefined}
                aria-describedby={errors.reason ? 'lock-reason-err' : undefined}
              />
              {errors.reason ? (
                <p id="lock-reason-err" className="field-error">
                  {errors.reason}
                </p>
              ) : null}
              {error ? <ErrorNote message={error} /> : null}
              <div className="head-actions">
                <button type="submit" className="btn" aria-disabled={busy}>
                  {tr('Lock', 'Vergrendelen')}
                </button>
              </div>
            </form>
          ) : null}
        </>
      )}
    </Panel>
  );
}

function CasebookPanel({ study, participant }: { study: StudyContext; participant: ParticipantDetail }) {
  const tr = useTr();
  const [book, setBook] = useState<Casebook | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const read = async (): Promise<Casebook | null> => {
    try {
      return await data(api.GET('/participants/{id}/casebook', { params: { path: { id: participant.id } } }));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  };

  useEffect(() => {
    let live = true;
    read().then(
      (b) => live && setBook(b),
      (e: unknown) => live && setError(message(e)),
    );
    return () => {
      live = false;
    };
  }, [participant.id]);

  // While the worker renders it, follow its progress.
  useEffect(() => {
    if (book?.status !== 'building') return;
    const t = setTimeout(() => {
      read().then(setBook, (e: unknown) => setError(message(e)));
    }, 1500);
    return () => clearTimeout(t);
  }, [book]);

  const request = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await data(api.POST('/participants/{id}/casebook', { params: { path: { id: participant.id } } }));
      setBook(await read());
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    setError(null);
    try {
      await download(
        api.GET('/participants/{id}/casebook.pdf', { params: { path: { id: participant.id } }, parseAs: 'blob' }),
        `${participant.label}-casebook-${book?.n ?? 1}.pdf`,
      );
    } catch (e) {
      setError(message(e));
    }
  };

  return (
    <section className="panel" aria-labelledby="casebook-h" data-panel="casebook">
      <header className="panel-head">
        <h2 id="casebook-h">{tr('Casebook PDF', 'Dossier-pdf')}</h2>
      </header>
      <div role="status" aria-live="polite">
        {book ? (
          <p className="small">
            {tr(`Casebook ${book.n}`, `Dossier ${book.n}`)} · {tr('requested', 'aangevraagd')}{' '}
            {formatDateTime(book.requestedAt, study.timeZone)} · <Badge value={book.status} />
          </p>
        ) : (
          <p className="small muted">{tr('No casebook requested yet.', 'Nog geen dossier aangevraagd.')}</p>
        )}
      </div>
      {book?.status === 'building' ? (
        <progress className="review-progress" max={100} value={book.progress} aria-label={tr('Casebook progress', 'Voortgang dossier')} />
      ) : null}
      {book?.status === 'failed' && book.error ? <ErrorNote message={book.error} /> : null}
      {error ? <ErrorNote message={error} /> : null}
      <div className="head-actions">
        <button type="button" className="btn" aria-disabled={busy || book?.status === 'building'} onClick={() => void request()}>
          {book ? tr('Request a new casebook', 'Nieuw dossier aanvragen') : tr('Request casebook', 'Dossier aanvragen')}
        </button>
        {book?.status === 'ready' ? (
          <button type="button" className="btn primary" onClick={() => void save()}>
            {tr('Download casebook PDF', 'Dossier-pdf downloaden')}
          </button>
        ) : null}
      </div>
    </section>
  );
}

function show(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

function AuditPanel({ study, participant, version }: { study: StudyContext; participant: ParticipantDetail; version: number }) {
  const tr = useTr();
  const tz = study.timeZone;
  const [load] = useLoad(
    () => data(api.GET('/participants/{id}/audit', { params: { path: { id: participant.id } } })),
    [participant.id, version],
  );
  const [form, setForm] = useState('');
  const [field, setField] = useState('');
  const [user, setUser] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');

  return (
    <Panel title={tr('Audit trail', 'Audittrail')} id="audit" load={load}>
      {(rows) => {
        const formOf = (r: AuditRow): string | null => {
          const t = (r.to ?? r.from) as { formId?: unknown } | null;
          return t && typeof t === 'object' && typeof t.formId === 'string' ? t.formId : null;
        };
        const forms = [...new Set(rows.map(formOf).filter((f): f is string => !!f))].sort();
        const fields = [...new Set(rows.map((r) => r.field).filter((f): f is string => !!f))].sort();
        const users = [...new Set(rows.map((r) => r.userId).filter((u): u is string => !!u))].sort();
        const day = (at: string) => new Date(at).toLocaleDateString('en-CA', { timeZone: tz });
        const shown = rows.filter(
          (r) =>
            (!form || formOf(r) === form) &&
            (!field || r.field === field) &&
            (!user || r.userId === user) &&
            (!from || day(r.at) >= from) &&
            (!to || day(r.at) <= to),
        );
        return (
          <>
            <div className="filters" role="search" aria-label={tr('Filter the audit trail', 'Audittrail filteren')}>
              <label>
                {tr('Form', 'Formulier')}
                <select value={form} onChange={(e) => setForm(e.target.value)}>
                  <option value="">{tr('All', 'Alle')}</option>
                  {forms.map((f) => (
                    <option key={f} value={f}>
                      {humanise(f)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {tr('Field', 'Veld')}
                <select value={field} onChange={(e) => setField(e.target.value)}>
                  <option value="">{tr('All', 'Alle')}</option>
                  {fields.map((f) => (
                    <option key={f} value={f}>
                      {f}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {tr('User', 'Gebruiker')}
                <select value={user} onChange={(e) => setUser(e.target.value)}>
                  <option value="">{tr('All', 'Alle')}</option>
                  {users.map((u) => (
                    <option key={u} value={u}>
                      {u.slice(0, 8)}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                {tr('From date', 'Vanaf datum')}
                <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
              </label>
              <label>
                {tr('To date', 'Tot en met datum')}
                <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
              </label>
            </div>
            <p className="small" role="status" aria-live="polite">
              {tr(`${shown.length} of ${rows.length} changes`, `${shown.length} van ${rows.length} wijzigingen`)}
            </p>
            {shown.length === 0 ? (
              <Empty>{tr('No changes match these filters.', 'Geen wijzigingen passen bij deze filters.')}</Empty>
            ) : (
              <div className="table-wrap">
                <table className="review-table audit-table">
                  <caption className="sr-only">{tr('Audit trail', 'Audittrail')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{tr('When', 'Wanneer')}</th>
                      <th scope="col">{tr('Who', 'Wie')}</th>
                      <th scope="col">{tr('What', 'Wat')}</th>
                      <th scope="col">{tr('Field', 'Veld')}</th>
                      <th scope="col">{tr('Old', 'Oud')}</th>
                      <th scope="col">{tr('New', 'Nieuw')}</th>
                      <th scope="col">{tr('Why', 'Waarom')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((r, i) => (
                      <tr key={`${r.at}-${i}`}>
                        <td>{formatDateTime(r.at, tz)}</td>
                        <td>
                          <span title={r.userId ?? undefined}>{r.userId ? r.userId.slice(0, 8) : tr('system', 'systeem')}</span>
                        </td>
                        <td>
                          {humanise(r.action)} · {humanise(r.entity)}
                        </td>
                        <td>{r.field ?? '—'}</td>
                        <td className="audit-value">{show(r.from)}</td>
                        <td className="audit-value">{show(r.to)}</td>
                        <td>{r.reason ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        );
      }}
    </Panel>
  );
}
