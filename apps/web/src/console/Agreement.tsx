// Inter-reader agreement (issue 13 item 7): for double-read imaging (POTEISS Miskin grading), kappa,
// linear and quadratic weighted kappa with 95% intervals per grade and, for side-bound grades, per
// side, and the cross table behind each (GET /studies/{study}/agreement; libs/agreement).
import { useEffect, useState } from 'react';
import { ApiError, api, data, type Schemas } from './api';
import type { StudyContext } from './Console';
import { useLang, useTr, type Tr } from './i18n';
import { Empty, ErrorNote, Link } from './ui';

type Estimate = Schemas['KappaEstimateDto'];
type AgreementRow = Schemas['AgreementRowDto'];
type Agreement = Schemas['AgreementDto'];

type State = { state: 'loading' } | { state: 'ok'; data: Agreement } | { state: 'none' } | { state: 'error'; message: string };

function useAgreement(code: string, enabled = true): State {
  const [state, setState] = useState<State>({ state: 'loading' });
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    setState({ state: 'loading' });
    data(api.GET('/studies/{study}/agreement', { params: { path: { study: code } } })).then(
      (agreement) => live && setState({ state: 'ok', data: agreement }),
      (e: unknown) => {
        if (!live) return;
        // 404: the study has no double reading; 403: not for this role.
        if (e instanceof ApiError && (e.status === 404 || e.status === 403)) setState({ state: 'none' });
        else setState({ state: 'error', message: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => {
      live = false;
    };
  }, [code, enabled]);
  return state;
}

/** Who may see agreement: members not bound to a site in a role of the `view_agreement` permission. */
export function mayViewAgreement(study: Pick<StudyContext, 'roles' | 'siteCode'>): boolean {
  return (
    study.siteCode === null && study.roles.some((r) => ['admin', 'data_manager', 'investigator', 'monitor', 'statistician'].includes(r))
  );
}

/** The section tab, shown only in a study with double reading, to those who may see it. */
export function AgreementTab({ study, current }: { study: Pick<StudyContext, 'code' | 'roles' | 'siteCode'>; current: boolean }) {
  const tr = useTr();
  const allowed = mayViewAgreement(study);
  const state = useAgreement(study.code, allowed);
  if (!allowed || state.state !== 'ok') return null;
  return (
    <Link to={`/console/${study.code}/agreement`} current={current}>
      {tr('Agreement', 'Overeenstemming')}
    </Link>
  );
}

function useNumber(): (x: number | null, digits?: number) => string {
  const { lang } = useLang();
  const tr = useTr();
  return (x, digits = 2) =>
    x === null
      ? tr('not estimable', 'niet te schatten')
      : x.toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function EstimateCell({ e, label }: { e: Estimate; label: string }) {
  const num = useNumber();
  const tr = useTr();
  if (e.value === null) return <td data-label={label}>{num(null)}</td>;
  return (
    <td data-label={label}>
      <strong>{num(e.value)}</strong>
      <br />
      <span className="muted">
        {tr('95% CI', '95%-BI')} {num(e.lower)} {tr('to', 'tot')} {num(e.upper)}
      </span>
    </td>
  );
}

const sideName = (tr: Tr, row: AgreementRow) => (row.side ? row.side.label : tr('All sides', 'Alle zijden'));

function CrossTable({ row }: { row: AgreementRow }) {
  const tr = useTr();
  return (
    <div className="table-wrap">
      <table className="list" data-testid={`cross-${row.grade}`}>
        <caption>
          {tr(
            `${row.label}: first reading (rows) against the second (columns)`,
            `${row.label}: eerste beoordeling (rijen) tegen de tweede (kolommen)`,
          )}
        </caption>
        <thead>
          <tr>
            <td />
            {row.categories.map((c) => (
              <th scope="col" className="num" key={c}>
                {tr(`Second ${c}`, `Tweede ${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {row.table.map((counts, i) => (
            <tr key={row.categories[i]}>
              <th scope="row">{tr(`First ${row.categories[i]}`, `Eerste ${row.categories[i]}`)}</th>
              {counts.map((n, j) => (
                <td className="num" key={row.categories[j]}>
                  {n}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AgreementTable({ data }: { data: Agreement }) {
  const tr = useTr();
  const num = useNumber();
  return (
    <div className="table-wrap">
      <table className="list agreement-table" data-testid="agreement-table">
        <caption>{tr('Kappa per grade and side', 'Kappa per graad en zijde')}</caption>
        <thead>
          <tr>
            <th scope="col">{tr('Grade', 'Graad')}</th>
            <th scope="col">{tr('Side', 'Zijde')}</th>
            <th scope="col" className="num">
              {tr('Pairs', 'Paren')}
            </th>
            <th scope="col">{tr('Observed agreement', 'Geobserveerde overeenstemming')}</th>
            <th scope="col">{tr('Cohen’s kappa', 'Kappa van Cohen')}</th>
            <th scope="col">{tr('Weighted kappa, linear', 'Gewogen kappa, lineair')}</th>
            <th scope="col">{tr('Weighted kappa, quadratic', 'Gewogen kappa, kwadratisch')}</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((row) => (
            <tr key={`${row.grade}-${row.side?.code ?? 'all'}`} data-grade={row.grade} data-side={row.side?.code ?? 'all'}>
              <th scope="row">{row.label}</th>
              <td data-label={tr('Side', 'Zijde')}>{sideName(tr, row)}</td>
              <td className="num" data-label={tr('Pairs', 'Paren')}>
                {row.n}
              </td>
              <td data-label={tr('Observed agreement', 'Geobserveerde overeenstemming')}>
                {row.observedAgreement === null ? num(null) : `${Math.round(row.observedAgreement * 100)}%`}
              </td>
              <EstimateCell e={row.unweighted} label={tr('Cohen’s kappa', 'Kappa van Cohen')} />
              <EstimateCell e={row.linear} label={tr('Weighted kappa, linear', 'Gewogen kappa, lineair')} />
              <EstimateCell e={row.quadratic} label={tr('Weighted kappa, quadratic', 'Gewogen kappa, kwadratisch')} />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AgreementPage({ study }: { study: StudyContext }) {
  const tr = useTr();
  const state = useAgreement(study.code);
  let body;
  if (state.state === 'loading')
    body = (
      <p className="page-status" role="status">
        {tr('Loading…', 'Laden…')}
      </p>
    );
  else if (state.state === 'error') body = <ErrorNote message={state.message} />;
  else if (state.state === 'none')
    body = (
      <Empty>
        {tr(
          `${study.code} has no double reading, or your role cannot see it.`,
          `${study.code} heeft geen dubbele beoordeling, of uw rol mag die niet zien.`,
        )}
      </Empty>
    );
  else {
    const d = state.data;
    body = (
      <>
        <p data-testid="agreement-summary">
          {tr(
            `${d.pairs} of ${d.firstReadings} first readings have a second reading by another reader (${d.blindedReadings} entered blind).`,
            `${d.pairs} van ${d.firstReadings} eerste beoordelingen hebben een tweede beoordeling door een andere beoordelaar (${d.blindedReadings} geblindeerd ingevoerd).`,
          )}
        </p>
        {d.pairs === 0 ? (
          <Empty>{tr('No scan has been read twice yet.', 'Nog geen scan is twee keer beoordeeld.')}</Empty>
        ) : (
          <>
            <AgreementTable data={d} />
            <h3>{tr('Cross tables', 'Kruistabellen')}</h3>
            {d.rows
              .filter((r) => r.side === null)
              .map((r) => (
                <CrossTable key={r.grade} row={r} />
              ))}
          </>
        )}
      </>
    );
  }
  return (
    <>
      <header className="page-head">
        <h1>{tr('Inter-reader agreement', 'Overeenstemming tussen beoordelaars')}</h1>
        <p className="muted">
          {tr(
            'Each first reading is compared with the first complete further reading of the same level and side by another reader. ' +
              'Linear weights 1 − |i − j| / 3, quadratic weights 1 − (i − j)² / 9 over the four grades; 95% intervals are kappa ± 1.96 × the asymptotic standard error (as R’s vcd::Kappa). ' +
              'A grade marked “not done” leaves that pair out of that grade only.',
            'Elke eerste beoordeling wordt vergeleken met de eerste volledige volgende beoordeling van hetzelfde niveau en dezelfde zijde door een andere beoordelaar. ' +
              'Lineaire gewichten 1 − |i − j| / 3, kwadratische gewichten 1 − (i − j)² / 9 over de vier graden; 95%-betrouwbaarheidsintervallen zijn kappa ± 1,96 × de asymptotische standaardfout (zoals R’s vcd::Kappa). ' +
              'Een graad die “niet gedaan” is, laat dat paar alleen voor die graad weg.',
          )}{' '}
          <Link to={`/console/${study.code}`}>{tr('Back to the dashboard', 'Terug naar het dashboard')}</Link>
        </p>
      </header>
      <section className="panel" aria-labelledby="agreement-h">
        <header className="panel-head">
          <h2 id="agreement-h">{tr('Double-read MRI', 'Dubbel beoordeelde MRI')}</h2>
        </header>
        {body}
      </section>
    </>
  );
}
