// Participant status (withdrawn, lost to follow-up, completed) with reasons: choose, give the reason,
// review, confirm. The API (libs/participants/status.ts) decides what is allowed; the choices offered
// here follow the same table so that a refused transition is rare.
import { useRef, useState, type FormEvent } from 'react';
import { enc, patch, type ParticipantDetail } from './api';
import type { StudyContext } from './Console';
import { useTr, type Tr } from './i18n';
import { Badge, ErrorNote, humanise } from './ui';

type Target = 'withdrawn' | 'lost_to_follow_up' | 'completed' | 'enrolled' | 'randomised';

const ALLOWED: Record<string, Target[]> = {
  screened: ['withdrawn'],
  enrolled: ['withdrawn', 'lost_to_follow_up', 'completed'],
  randomised: ['withdrawn', 'lost_to_follow_up', 'completed'],
  lost_to_follow_up: ['withdrawn', 'completed', 'randomised', 'enrolled'],
};

const STATUS_ROLES = ['admin', 'data_manager', 'coordinator', 'investigator'];

function targetName(tr: Tr, t: Target): string {
  switch (t) {
    case 'withdrawn':
      return tr('Withdrawn', 'Teruggetrokken');
    case 'lost_to_follow_up':
      return tr('Lost to follow-up', 'Lost to follow-up');
    case 'completed':
      return tr('Completed the study', 'Studie afgerond');
    case 'enrolled':
    case 'randomised':
      return tr('Found again: back in follow-up', 'Teruggevonden: weer in follow-up');
  }
}

function consequence(tr: Tr, t: Target): string {
  return t === 'enrolled' || t === 'randomised'
    ? tr('The remaining questionnaires are planned again.', 'De resterende vragenlijsten worden opnieuw gepland.')
    : tr(
        'Pending messages to the patient are cancelled and the patient link stops working.',
        'Geplande berichten aan de patiënt worden geannuleerd en de patiëntlink werkt niet meer.',
      );
}

export function StatusPanel({
  study,
  participant,
  onChange,
}: {
  study: StudyContext;
  participant: ParticipantDetail;
  onChange: () => void;
}) {
  const tr = useTr();
  const options = (ALLOWED[participant.status] ?? []).filter(
    (t) => !(participant.status === 'lost_to_follow_up' && t === (participant.arm ? 'enrolled' : 'randomised')),
  );
  const [target, setTarget] = useState<Target | ''>('');
  const [reason, setReason] = useState('');
  const [step, setStep] = useState<'edit' | 'confirm'>('edit');
  const [errors, setErrors] = useState<{ target?: string; reason?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const may = study.roles.some((r) => STATUS_ROLES.includes(r));

  const review = (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (!target) next.target = tr('Choose the new status.', 'Kies de nieuwe status.');
    if (!reason.trim()) next.reason = tr('Give the reason.', 'Geef de reden.');
    setErrors(next);
    setDone(null);
    if (Object.keys(next).length) return;
    setStep('confirm');
    setTimeout(() => confirmRef.current?.focus(), 0);
  };

  const confirm = async () => {
    if (saving || !target) return;
    setSaving(true);
    setError(null);
    try {
      await patch(`/participants/${enc(participant.id)}/status`, { status: target, reason: reason.trim() });
      setDone(tr(`Status changed to ${humanise(target)}.`, `Status gewijzigd naar ${humanise(target)}.`));
      setStep('edit');
      setTarget('');
      setReason('');
      onChange();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="status-h" data-panel="status">
      <header className="panel-head">
        <h2 id="status-h">{tr('Participation status', 'Deelnamestatus')}</h2>
      </header>
      <p>
        {tr('Status', 'Status')}: <Badge value={participant.status} />
        {participant.statusReason ? (
          <span className="sub">
            {' '}
            {tr('Reason', 'Reden')}: {participant.statusReason}
          </span>
        ) : null}
      </p>
      <div role="status" aria-live="polite">
        {done ? <p className="small">{done}</p> : null}
      </div>
      {!may ? null : study.locked ? (
        <p className="muted small">
          {tr('The study is locked: the status cannot change.', 'De studie is vergrendeld: de status kan niet wijzigen.')}
        </p>
      ) : !options.length ? (
        <p className="muted small">{tr('This status is final.', 'Deze status is definitief.')}</p>
      ) : step === 'edit' ? (
        <form className="status-form" onSubmit={review} noValidate>
          <fieldset aria-invalid={errors.target ? true : undefined} aria-describedby={errors.target ? 'status-target-err' : undefined}>
            <legend>{tr('New status', 'Nieuwe status')}</legend>
            {options.map((t) => (
              <label key={t} className="choice">
                <input type="radio" name="status-target" value={t} checked={target === t} onChange={() => setTarget(t)} />
                {targetName(tr, t)}
              </label>
            ))}
            {errors.target ? (
              <p id="status-target-err" className="field-error">
                {errors.target}
              </p>
            ) : null}
          </fieldset>
          <label htmlFor="status-reason">{tr('Reason', 'Reden')}</label>
          <textarea
            id="status-reason"
            rows={3}
            value={reason}
            required
            aria-invalid={errors.reason ? true : undefined}
            aria-describedby={errors.reason ? 'status-reason-err' : undefined}
            onChange={(e) => setReason(e.target.value)}
          />
          {errors.reason ? (
            <p id="status-reason-err" className="field-error">
              {errors.reason}
            </p>
          ) : null}
          <div className="head-actions">
            <button type="submit" className="btn">
              {tr('Change status', 'Status wijzigen')}
            </button>
          </div>
        </form>
      ) : (
        <div className="confirm-box">
          <h3 ref={confirmRef} tabIndex={-1}>
            {tr('Confirm the status change', 'Bevestig de statuswijziging')}
          </h3>
          <p>
            {participant.label}: {humanise(participant.status)} → <strong>{target ? targetName(tr, target) : ''}</strong>
          </p>
          <p>
            {tr('Reason', 'Reden')}: {reason.trim()}
          </p>
          <p className="small">{target ? consequence(tr, target) : null}</p>
          {error ? <ErrorNote message={error} /> : null}
          <div className="head-actions">
            <button type="button" className="btn primary" onClick={() => void confirm()} aria-disabled={saving}>
              {tr('Confirm status change', 'Statuswijziging bevestigen')}
            </button>
            <button type="button" className="btn ghost" onClick={() => setStep('edit')}>
              {tr('Back', 'Terug')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
