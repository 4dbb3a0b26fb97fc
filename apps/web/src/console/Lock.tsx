// The data manager's page (helper I, issue 12): the lock checklist with a link to where each open item
// is fixed, locking and unlocking the study with a reason, and interim snapshots.
import { useState, type FormEvent } from 'react';
import { ApiError, api, data } from './api';
import type { StudyContext } from './Console';
import { useTr, type Tr } from './i18n';
import { Badge, Empty, ErrorNote, formatDateTime, Link, Panel, studyChanged, useLoad } from './ui';

/** Where in the console an open checklist item is fixed. */
function fixedAt(tr: Tr, code: string, id: string): { to: string; label: string } {
  const base = `/console/${code}`;
  switch (id) {
    case 'open_queries':
      return { to: `${base}/queries`, label: tr('Open the queries', 'Naar de vragen') };
    case 'unverified_critical_fields':
    case 'unsigned_casebooks':
      return { to: `${base}/review`, label: tr('Open the review page', 'Naar de reviewpagina') };
    case 'open_questionnaires':
      return { to: `${base}/tasks`, label: tr('Open the tasks', 'Naar de taken') };
    default:
      return { to: `${base}/participants`, label: tr('Open the participants', 'Naar de deelnemers') };
  }
}

function itemTitle(tr: Tr, item: { id: string; title: string }): string {
  const nl: Record<string, string> = {
    open_queries: 'Open vragen',
    incomplete_forms: 'Onvolledige formulieren',
    never_started_forms: 'Nooit begonnen formulieren',
    unsigned_casebooks: 'Niet ondertekende dossiers',
    unverified_critical_fields: 'Niet geverifieerde kritieke velden',
    open_questionnaires: 'Open vragenlijsten',
    unrandomised_participants: 'Niet gerandomiseerde deelnemers',
  };
  return tr(item.title, nl[item.id] ?? item.title);
}

export function LockPage({ study }: { study: StudyContext }) {
  const tr = useTr();
  const [checklist, reloadChecklist] = useLoad(
    () => data(api.GET('/studies/{study}/lock/checklist', { params: { path: { study: study.code } } })),
    [study.code, study.locked],
  );
  const [datasets, reloadDatasets] = useLoad(
    () => data(api.GET('/studies/{study}/datasets', { params: { path: { study: study.code } } })),
    [study.code, study.locked],
  );
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState(false);
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [snapReason, setSnapReason] = useState('');
  const [snapError, setSnapError] = useState<string | null>(null);
  const isAdmin = study.roles.includes('admin');
  const openCount = checklist.state === 'ok' ? checklist.data.open.length : 0;

  const lockOrUnlock = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    setError(null);
    if (!reason.trim()) {
      setReasonError(tr('Give the reason.', 'Geef de reden.'));
      return;
    }
    setReasonError(null);
    if (busy) return;
    setBusy(true);
    try {
      if (study.locked) {
        await data(api.POST('/studies/{study}/unlock', { params: { path: { study: study.code } }, body: { reason: reason.trim() } }));
        setDone(tr(`${study.code} is unlocked.`, `${study.code} is ontgrendeld.`));
      } else {
        const r = await data(
          api.POST('/studies/{study}/lock', {
            params: { path: { study: study.code } },
            body: {
              reason: reason.trim(),
              ...(override ? { override: true } : {}),
            },
          }),
        );
        setDone(
          tr(`${study.code} is locked (dataset version ${r.version}).`, `${study.code} is vergrendeld (datasetversie ${r.version}).`),
        );
      }
      setReason('');
      setOverride(false);
      studyChanged(study.code);
      reloadChecklist();
      reloadDatasets();
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 409 && !study.locked && openCount
          ? tr(
              `${err.message} Resolve the open items, or lock anyway and say why in the reason.`,
              `${err.message} Los de open punten op, of vergrendel toch en leg in de reden uit waarom.`,
            )
          : err instanceof Error
            ? err.message
            : String(err),
      );
    } finally {
      setBusy(false);
    }
  };

  const snapshot = async (e: FormEvent) => {
    e.preventDefault();
    if (!snapReason.trim()) {
      setSnapError(tr('Give the reason for the snapshot.', 'Geef de reden voor de momentopname.'));
      return;
    }
    setSnapError(null);
    setBusy(true);
    try {
      const d = await data(
        api.POST('/studies/{study}/datasets', {
          params: { path: { study: study.code } },
          body: { kind: 'interim', reason: snapReason.trim() },
        }),
      );
      setSnapReason('');
      setDone(tr(`Snapshot version ${d.version} is being built.`, `Momentopname versie ${d.version} wordt gebouwd.`));
      reloadDatasets();
    } catch (err) {
      setSnapError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="page-head">
        <div>
          <p className="eyebrow">{study.code}</p>
          <h1>{tr('Database lock', 'Databasevergrendeling')}</h1>
        </div>
        {study.locked ? <Badge value={tr('Locked', 'Vergrendeld')} tone="warn" /> : null}
      </div>
      <div role="status" aria-live="polite">
        {done ? <p className="small">{done}</p> : null}
      </div>

      <Panel title={tr('Lock checklist', 'Checklist voor vergrendeling')} id="checklist" load={checklist}>
        {(c) => (
          <>
            <p className="small">
              {c.open.length === 0
                ? tr('Every item is clear.', 'Alle punten zijn in orde.')
                : tr(`${c.open.length} items are open.`, `${c.open.length} punten staan open.`)}
            </p>
            <ul className="checklist">
              {c.checked.map((item) => {
                const fix = fixedAt(tr, study.code, item.id);
                return (
                  <li key={item.id} className={item.count ? 'open' : 'clear'}>
                    <span className="check-mark" aria-hidden="true">
                      {item.count ? '!' : '✓'}
                    </span>
                    <div>
                      <strong>{itemTitle(tr, item)}</strong>{' '}
                      {item.count ? (
                        <Badge value={tr(`${item.count} open`, `${item.count} open`)} tone="bad" />
                      ) : (
                        <Badge value={tr('clear', 'in orde')} tone="good" />
                      )}
                      {item.count ? (
                        <>
                          {item.details.length ? (
                            <ul className="small">
                              {item.details.map((d, i) => (
                                <li key={i}>
                                  {d.participant} · {d.where}
                                </li>
                              ))}
                            </ul>
                          ) : null}
                          <Link to={fix.to}>
                            {fix.label}
                            <span className="sr-only">: {itemTitle(tr, item)}</span>
                          </Link>
                        </>
                      ) : null}
                    </div>
                  </li>
                );
              })}
              {c.unavailable.map((u) => (
                <li key={u.id} className="unavailable">
                  <span className="check-mark" aria-hidden="true">
                    ?
                  </span>
                  <div>
                    <strong>{itemTitle(tr, u)}</strong> <Badge value={tr('not checked', 'niet gecontroleerd')} tone="muted" />
                  </div>
                </li>
              ))}
            </ul>
          </>
        )}
      </Panel>

      {checklist.state !== 'hidden' ? (
        <section className="panel" aria-labelledby="lock-h">
          <header className="panel-head">
            <h2 id="lock-h">
              {study.locked ? tr('Unlock the study', 'Studie ontgrendelen') : tr('Lock the study', 'Studie vergrendelen')}
            </h2>
          </header>
          {study.locked && !isAdmin ? (
            <p className="muted small">{tr('Only an admin can unlock the study.', 'Alleen een beheerder kan de studie ontgrendelen.')}</p>
          ) : (
            <form className="review-form" onSubmit={(e) => void lockOrUnlock(e)} noValidate>
              <label htmlFor="study-lock-reason">{tr('Reason', 'Reden')}</label>
              <textarea
                id="study-lock-reason"
                rows={3}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                aria-invalid={reasonError ? true : undefined}
                aria-describedby={reasonError ? 'study-lock-reason-err' : undefined}
              />
              {reasonError ? (
                <p id="study-lock-reason-err" className="field-error">
                  {reasonError}
                </p>
              ) : null}
              {!study.locked && openCount ? (
                <label className="choice">
                  <input type="checkbox" checked={override} onChange={(e) => setOverride(e.target.checked)} />
                  {tr('Lock although items are open (the reason says why)', 'Vergrendel hoewel punten open staan (de reden zegt waarom)')}
                </label>
              ) : null}
              {error ? <ErrorNote message={error} /> : null}
              <div className="head-actions">
                <button type="submit" className="btn primary" aria-disabled={busy}>
                  {study.locked ? tr('Unlock', 'Ontgrendelen') : tr('Lock study', 'Studie vergrendelen')}
                </button>
              </div>
            </form>
          )}
        </section>
      ) : null}

      <Panel title={tr('Snapshots', 'Momentopnamen')} id="snapshots" load={datasets}>
        {(rows) => (
          <>
            {rows.length === 0 ? (
              <Empty>{tr('No snapshots yet.', 'Nog geen momentopnamen.')}</Empty>
            ) : (
              <ul className="snapshot-list">
                {rows.map((d) => (
                  <li key={d.id}>
                    <strong>v{d.version}</strong> {d.kind === 'lock' ? tr('lock', 'vergrendeling') : tr('interim', 'tussentijds')} ·{' '}
                    {formatDateTime(d.createdAt, study.timeZone)} · <Badge value={d.status} /> · {d.reason}
                  </li>
                ))}
              </ul>
            )}
            {!study.locked ? (
              <form className="review-form" onSubmit={(e) => void snapshot(e)} noValidate>
                <label htmlFor="snapshot-reason">{tr('Reason for the snapshot', 'Reden voor de momentopname')}</label>
                <input
                  id="snapshot-reason"
                  value={snapReason}
                  onChange={(e) => setSnapReason(e.target.value)}
                  aria-invalid={snapError ? true : undefined}
                  aria-describedby={snapError ? 'snapshot-reason-err' : undefined}
                />
                {snapError ? (
                  <p id="snapshot-reason-err" className="field-error">
                    {snapError}
                  </p>
                ) : null}
                <div className="head-actions">
                  <button type="submit" className="btn" aria-disabled={busy}>
                    {tr('New snapshot', 'Nieuwe momentopname')}
                  </button>
                </div>
              </form>
            ) : null}
          </>
        )}
      </Panel>
    </>
  );
}
