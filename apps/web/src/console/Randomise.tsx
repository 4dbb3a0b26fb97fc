// Randomisation from the participant page: "Randomise" asks the stratification factors, shows a summary,
// "Confirm randomisation" allocates and shows the arm. Randomised trials only, for the roles that may
// randomise, while the participant is enrolled and not yet randomised. Site staff see the arm, never
// the position in the stratum (the API leaves it out for them).
import { useEffect, useRef, useState } from 'react';
import { ApiError, api, data, type ParticipantDetail, type Schemas, type StudyDetail } from './api';
import type { StudyContext } from './Console';
import { can } from './permissions';
import { useTr, type Tr } from './i18n';

type RandomisationStudy = Pick<StudyDetail, 'arms' | 'randomisation'>;
type Allocation = Schemas['RandomisationDto'];

/** Who may randomise: the `randomise` permission of GET /me. */
function canRandomise(study: StudyContext): boolean {
  return study.design === 'rct' && !study.locked && can(study, 'randomise');
}

/** A level such as `<6w` or `>=50` in words; anything else as written in the study definition. */
export function levelLabel(tr: Tr, option: string): string {
  const m = /^(<=|>=|<|>)\s*(\d+(?:\.\d+)?)\s*(w|d|m|y)?$/.exec(option);
  if (!m) return option;
  const [, op, n, unit] = m;
  const sign = { '<': '<', '>': '>', '<=': '≤', '>=': '≥' }[op] ?? op;
  const units: Record<string, [string, string]> = {
    w: ['weeks', 'weken'],
    d: ['days', 'dagen'],
    m: ['months', 'maanden'],
    y: ['years', 'jaar'],
  };
  const u = unit ? ` ${tr(...units[unit])}` : '';
  return `${sign} ${n}${u}`;
}

export function RandomisePanel({
  study,
  participant,
  onChange,
}: {
  study: StudyContext;
  participant: ParticipantDetail;
  onChange: () => void;
}) {
  const tr = useTr();
  const [def, setDef] = useState<RandomisationStudy | null>(null);
  const [step, setStep] = useState<'idle' | 'factors' | 'summary' | 'done'>('idle');
  const [factors, setFactors] = useState<Record<string, string>>({});
  const [missing, setMissing] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Allocation | null>(null);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const shown = canRandomise(study) && (step === 'done' || (participant.arm === null && participant.status === 'enrolled'));
  useEffect(() => {
    if (!shown || def) return;
    let live = true;
    data(api.GET('/studies/{study}', { params: { path: { study: study.code } } })).then(
      (d) => live && setDef(d),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [shown, study.code]);
  useEffect(() => {
    if (step !== 'idle') headingRef.current?.focus();
  }, [step]);

  if (!shown) return null;
  const factorList = def?.randomisation?.factors ?? [];
  const armTitle = (code: string) => def?.arms?.find((a) => a.code === code)?.title;

  const next = () => {
    const open = factorList.filter((f) => !factors[f.id]).map((f) => f.id);
    setMissing(open);
    if (open.length === 0) setStep('summary');
  };

  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await data(api.POST('/participants/{id}/randomisation', { params: { path: { id: participant.id } }, body: { factors } }));
      setResult(r);
      setStep('done');
      onChange();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        setError(
          tr(
            `${participant.label} was already randomised (or is no longer enrolled); nothing was changed. Reload the page to see the allocation.`,
            `${participant.label} is al gerandomiseerd (of niet meer ingeschreven); er is niets gewijzigd. Laad de pagina opnieuw om de toewijzing te zien.`,
          ),
        );
      } else setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel randomise" aria-labelledby="randomise-h" data-panel="randomise">
      <header className="panel-head">
        <h2 id="randomise-h" tabIndex={-1} ref={headingRef}>
          {step === 'factors'
            ? tr('Randomise: stratification factors', 'Randomiseren: stratificatiefactoren')
            : step === 'summary'
              ? tr('Randomise: check and confirm', 'Randomiseren: controleren en bevestigen')
              : step === 'done'
                ? tr('Randomised', 'Gerandomiseerd')
                : tr('Randomisation', 'Randomisatie')}
        </h2>
      </header>

      {error ? (
        <p className="alert" role="alert">
          {error}
        </p>
      ) : null}

      {step === 'idle' ? (
        <>
          <p>
            {tr(
              `${participant.label} is enrolled and not yet randomised. The allocation stays concealed until you confirm.`,
              `${participant.label} is ingeschreven en nog niet gerandomiseerd. De toewijzing blijft verborgen tot u bevestigt.`,
            )}
          </p>
          <button type="button" className="btn primary" onClick={() => setStep('factors')} disabled={!def}>
            {tr('Randomise', 'Randomiseren')}
          </button>
        </>
      ) : null}

      {step === 'factors' ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            next();
          }}
          noValidate
        >
          <dl className="facts">
            <div>
              <dt>{tr('Site (stratum)', 'Centrum (stratum)')}</dt>
              <dd>{participant.siteCode}</dd>
            </div>
          </dl>
          {factorList.map((f) => {
            const bad = missing.includes(f.id);
            const aria = bad ? { 'aria-invalid': true as const, 'aria-describedby': `rand-err-${f.id}` } : {};
            return (
              <fieldset key={f.id} className="yes-no" {...aria}>
                <legend>{f.label}</legend>
                {f.options.map((o) => (
                  <label key={o}>
                    <input
                      type="radio"
                      name={`factor-${f.id}`}
                      value={o}
                      checked={factors[f.id] === o}
                      onChange={() => {
                        setFactors((v) => ({ ...v, [f.id]: o }));
                        setMissing((m) => m.filter((x) => x !== f.id));
                      }}
                      {...aria}
                    />
                    {levelLabel(tr, o)}
                  </label>
                ))}
                {bad ? (
                  <p className="field-error" id={`rand-err-${f.id}`}>
                    {tr('Choose one', 'Kies er een')}
                  </p>
                ) : null}
              </fieldset>
            );
          })}
          <p className="form-actions">
            <button type="submit" className="btn primary">
              {tr('Next', 'Volgende')}
            </button>{' '}
            <button type="button" className="btn ghost" onClick={() => setStep('idle')}>
              {tr('Cancel', 'Annuleren')}
            </button>
          </p>
        </form>
      ) : null}

      {step === 'summary' ? (
        <>
          <dl className="facts">
            <div>
              <dt>{tr('Participant', 'Deelnemer')}</dt>
              <dd>{participant.label}</dd>
            </div>
            <div>
              <dt>{tr('Site (stratum)', 'Centrum (stratum)')}</dt>
              <dd>{participant.siteCode}</dd>
            </div>
            {factorList.map((f) => (
              <div key={f.id}>
                <dt>{f.label}</dt>
                <dd>{levelLabel(tr, factors[f.id])}</dd>
              </div>
            ))}
          </dl>
          <p>
            {tr(
              'Randomisation cannot be undone. The schedule starts on the day of randomisation.',
              'Randomisatie kan niet ongedaan worden gemaakt. Het schema begint op de dag van randomisatie.',
            )}
          </p>
          <p className="form-actions">
            <button type="button" className="btn primary" onClick={() => void confirm()} disabled={busy}>
              {tr('Confirm randomisation', 'Randomisatie bevestigen')}
            </button>{' '}
            <button type="button" className="btn ghost" onClick={() => setStep('factors')} disabled={busy}>
              {tr('Back', 'Terug')}
            </button>
          </p>
        </>
      ) : null}

      {step === 'done' && result ? (
        <div role="status" className="allocation">
          <p>
            {tr(`${participant.label} is allocated to:`, `${participant.label} is toegewezen aan:`)}{' '}
            <strong className="arm">{armTitle(result.arm) ? `${armTitle(result.arm)} (${result.arm})` : result.arm}</strong>
          </p>
        </div>
      ) : null}
    </section>
  );
}
