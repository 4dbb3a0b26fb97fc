// Participant status (withdrawn, lost to follow-up, completed) with reasons: choose, give the reason,
// review, confirm. The API (libs/participants/status.ts) decides what is allowed; the choices offered
// here follow the same table so that a refused transition is rare. A withdrawal records what the
// participant still allows; "stopped treatment, follow-up continues" is recorded beside the status
// (intention-to-treat), never as one. The end-of-study form leads: completing it sets the status.
import { useRef, useState, type FormEvent } from 'react';
import { api, data, type ParticipantDetail, type Schemas } from './api';
import type { StudyContext } from './Console';
import { can } from './permissions';
import { useTr, type Tr } from './i18n';
import { Badge, ErrorNote, humanise } from './ui';

type Target = 'withdrawn' | 'lost_to_follow_up' | 'completed' | 'enrolled' | 'randomised';

const ALLOWED: Record<string, Target[]> = {
  screened: ['withdrawn'],
  enrolled: ['withdrawn', 'lost_to_follow_up', 'completed'],
  randomised: ['withdrawn', 'lost_to_follow_up', 'completed'],
  lost_to_follow_up: ['withdrawn', 'completed', 'randomised', 'enrolled'],
};

type Withdrawal = Schemas['RecordedWithdrawalDto'];

/** The participant as GET /participants/{id} gives it (with treatment stop and withdrawal, issue 13 item 4). */
type Detail = ParticipantDetail;

const ALLOWS: Array<{ key: keyof Omit<Withdrawal, 'date'>; en: string; nl: string }> = [
  { key: 'furtherContact', en: 'Further contact by the study team', nl: 'Verder contact met het studieteam' },
  {
    key: 'furtherData',
    en: 'Further data collection (e.g. from the medical record)',
    nl: 'Verdere verzameling van gegevens (bijv. uit het medisch dossier)',
  },
  { key: 'collectedData', en: 'Use of the data collected so far', nl: 'Gebruik van de tot nu toe verzamelde gegevens' },
];

function WithdrawalSummary({ withdrawal }: { withdrawal: Withdrawal }) {
  const tr = useTr();
  return (
    <div className="withdrawal">
      <p className="small">
        {tr(
          `Consent withdrawn on ${withdrawal.date}. The participant allows:`,
          `Toestemming ingetrokken op ${withdrawal.date}. De deelnemer staat toe:`,
        )}
      </p>
      <ul className="small">
        {ALLOWS.map((a) => (
          <li key={a.key}>
            {tr(a.en, a.nl)}: <strong>{withdrawal[a.key] ? tr('yes', 'ja') : tr('no', 'nee')}</strong>
          </li>
        ))}
      </ul>
      {!withdrawal.collectedData ? (
        <p className="small">{tr('This participant is left out of every dataset.', 'Deze deelnemer wordt uit elke dataset weggelaten.')}</p>
      ) : null}
    </div>
  );
}

/** "Stopped treatment, follow-up continues": date and reason, audited; questionnaires go on. */
function TreatmentStop({ participant, onChange }: { participant: Detail; onChange: () => void }) {
  const tr = useTr();
  const [open, setOpen] = useState(false);
  const [date, setDate] = useState('');
  const [reason, setReason] = useState('');
  const [correction, setCorrection] = useState('');
  const [errors, setErrors] = useState<{ date?: string; reason?: string; correction?: string }>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const stopped = participant.treatment ?? null;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
      next.date = tr('Give the date the treatment stopped.', 'Geef de datum waarop de behandeling stopte.');
    if (reason.trim().length < 3) next.reason = tr('Give the reason.', 'Geef de reden.');
    if (stopped && !correction.trim())
      next.correction = tr('Say why the recorded stop changes.', 'Geef aan waarom de vastgelegde stop wijzigt.');
    setErrors(next);
    if (Object.keys(next).length || saving) return;
    setSaving(true);
    setError(null);
    try {
      await data(
        api.PUT('/participants/{id}/treatment-stop', {
          params: { path: { id: participant.id } },
          body: { date, reason: reason.trim(), ...(stopped ? { correction: correction.trim() } : {}) },
        }),
      );
      setOpen(false);
      onChange();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setSaving(false);
    }
  };

  const field = (id: string, label: string, value: string, set: (v: string) => void, err: string | undefined, type = 'text') => (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        aria-invalid={err ? true : undefined}
        aria-describedby={err ? `${id}-err` : undefined}
        onChange={(e) => set(e.target.value)}
      />
      {err ? (
        <p id={`${id}-err`} className="field-error">
          {err}
        </p>
      ) : null}
    </>
  );

  return (
    <div className="treatment-stop">
      {stopped ? (
        <p data-testid="treatment-stopped">
          {tr(
            `Stopped treatment on ${stopped.stoppedOn} (${stopped.reason}); follow-up continues: every questionnaire is still sent.`,
            `Behandeling gestopt op ${stopped.stoppedOn} (${stopped.reason}); de follow-up gaat door: elke vragenlijst wordt nog verstuurd.`,
          )}
        </p>
      ) : null}
      {!open ? (
        <button type="button" className="btn ghost" onClick={() => setOpen(true)}>
          {stopped ? tr('Correct treatment stop', 'Behandelstop corrigeren') : tr('Record treatment stop', 'Behandelstop vastleggen')}
        </button>
      ) : (
        <form className="status-form" onSubmit={(e) => void save(e)} noValidate>
          <p className="small">
            {tr(
              'The participant stays in follow-up (intention-to-treat): the status does not change and every questionnaire goes on.',
              'De deelnemer blijft in follow-up (intention-to-treat): de status verandert niet en elke vragenlijst gaat door.',
            )}
          </p>
          {field('treatment-stop-date', tr('Date treatment stopped', 'Datum behandeling gestopt'), date, setDate, errors.date, 'date')}
          {field(
            'treatment-stop-reason',
            tr('Reason for stopping treatment', 'Reden voor stoppen van de behandeling'),
            reason,
            setReason,
            errors.reason,
          )}
          {stopped
            ? field(
                'treatment-stop-correction',
                tr('Reason for the correction', 'Reden voor de correctie'),
                correction,
                setCorrection,
                errors.correction,
              )
            : null}
          {error ? <ErrorNote message={error} /> : null}
          <div className="head-actions">
            <button type="submit" className="btn primary" aria-disabled={saving}>
              {tr('Save treatment stop', 'Behandelstop opslaan')}
            </button>
            <button type="button" className="btn ghost" onClick={() => setOpen(false)}>
              {tr('Cancel', 'Annuleren')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

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

export function StatusPanel({ study, participant, onChange }: { study: StudyContext; participant: Detail; onChange: () => void }) {
  const tr = useTr();
  const [allows, setAllows] = useState<Omit<Withdrawal, 'date'>>({ furtherContact: false, furtherData: false, collectedData: true });
  const [withdrawnOn, setWithdrawnOn] = useState('');
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
  const may = can(study, 'change_status');

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
      await data(
        api.PATCH('/participants/{id}/status', {
          params: { path: { id: participant.id } },
          body: {
            status: target,
            reason: reason.trim(),
            ...(target === 'withdrawn' ? { withdrawal: { ...allows, ...(withdrawnOn ? { date: withdrawnOn } : {}) } } : {}),
          },
        }),
      );
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
      {participant.withdrawal ? <WithdrawalSummary withdrawal={participant.withdrawal} /> : null}
      <p className="muted small">
        {tr(
          'The end-of-study form leads: completing it sets this status, and a change that contradicts a complete end-of-study form is refused.',
          'Het einde-studieformulier is leidend: afronden ervan zet deze status, en een wijziging die een afgerond einde-studieformulier tegenspreekt wordt geweigerd.',
        )}
      </p>
      <div role="status" aria-live="polite">
        {done ? <p className="small">{done}</p> : null}
      </div>
      {may && !study.locked && ['enrolled', 'randomised', 'lost_to_follow_up'].includes(participant.status) ? (
        <TreatmentStop participant={participant} onChange={onChange} />
      ) : participant.treatment ? (
        <p>
          {tr(
            `Stopped treatment on ${participant.treatment.stoppedOn} (${participant.treatment.reason}).`,
            `Behandeling gestopt op ${participant.treatment.stoppedOn} (${participant.treatment.reason}).`,
          )}
        </p>
      ) : null}
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
          {target === 'withdrawn' ? (
            <fieldset>
              <legend>
                {tr('Withdrawal of consent: what does the participant allow?', 'Intrekking van toestemming: wat staat de deelnemer toe?')}
              </legend>
              {ALLOWS.map((a) => (
                <label key={a.key} className="choice">
                  <input type="checkbox" checked={allows[a.key]} onChange={(e) => setAllows({ ...allows, [a.key]: e.target.checked })} />
                  {tr(a.en, a.nl)}
                </label>
              ))}
              <label htmlFor="withdrawal-date">
                {tr('Date consent was withdrawn (empty: today)', 'Datum intrekking toestemming (leeg: vandaag)')}
              </label>
              <input id="withdrawal-date" type="date" value={withdrawnOn} onChange={(e) => setWithdrawnOn(e.target.value)} />
            </fieldset>
          ) : null}
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
          {target === 'withdrawn' ? (
            <ul className="small">
              {ALLOWS.map((a) => (
                <li key={a.key}>
                  {tr(a.en, a.nl)}: <strong>{allows[a.key] ? tr('yes', 'ja') : tr('no', 'nee')}</strong>
                </li>
              ))}
            </ul>
          ) : null}
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
