// The demo mailbox (admins, demo only): the patient emails and SMS the demo kept instead of sending,
// so that whoever tries the demo can follow a patient's link to the questionnaire.
import { useEffect, useState, type ReactNode } from 'react';
import { ApiError, api, data, type Schemas } from './api';
import { useTr } from './i18n';
import { Empty, ErrorNote, formatDateTime, Link, Panel, useLoad } from './ui';
import './mailbox.css';

type MailboxMessage = Schemas['MailboxMessageDto'];

const here = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const URL_IN_TEXT = /(https?:\/\/[^\s<>"]+)/g;

/** The header's link to the mailbox: shown to admins only when the API has one (the demo). */
export function MailboxLink({ current }: { current: boolean }) {
  const tr = useTr();
  const [shown, setShown] = useState(false);
  useEffect(() => {
    let live = true;
    data(api.GET('/mailbox')).then(
      () => live && setShown(true),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  if (!shown) return null;
  return (
    <Link to="/console/mailbox" className="btn ghost" current={current}>
      {tr('Mailbox', 'Postvak')}
    </Link>
  );
}

export function MailboxPage({ id }: { id?: string }) {
  return id ? <MessagePage id={id} /> : <ListPage />;
}

function ListPage() {
  const tr = useTr();
  const [messages, reload] = useLoad(() => data(api.GET('/mailbox')), []);
  if (messages.state === 'error' && notDemoMessage(messages.message)) return <NoMailbox />;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{tr('Demo mailbox', 'Demo-postvak')}</h1>
          <p className="muted">
            {tr(
              'The emails and text messages the demo kept instead of sending them (SMTP_URL is not set). A patient link opens that patient’s questionnaire.',
              'De e-mails en sms-berichten die de demo bewaarde in plaats van ze te versturen (SMTP_URL is niet ingesteld). Een patiëntlink opent de vragenlijst van die patiënt.',
            )}
          </p>
        </div>
        <button type="button" className="btn" onClick={reload}>
          {tr('Refresh', 'Vernieuwen')}
        </button>
      </div>
      <Panel title={tr('Messages', 'Berichten')} id="mailbox" load={messages}>
        {(rows) =>
          rows.length === 0 ? (
            <Empty>
              {tr(
                'No messages yet. Invitations and reminders appear here when the worker sends them.',
                'Nog geen berichten. Uitnodigingen en herinneringen verschijnen hier zodra de worker ze verstuurt.',
              )}
            </Empty>
          ) : (
            <div className="table-wrap">
              <table className="list">
                <caption className="sr-only">{tr('Kept messages, newest first', 'Bewaarde berichten, nieuwste eerst')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{tr('Subject', 'Onderwerp')}</th>
                    <th scope="col">{tr('To', 'Aan')}</th>
                    <th scope="col">{tr('Kept at', 'Bewaard op')}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((m) => (
                    <tr key={m.id}>
                      <td>
                        <Link to={`/console/mailbox/${m.id}`}>{title(tr, m)}</Link>
                      </td>
                      <td className="mailbox-to">{m.to}</td>
                      <td>{formatDateTime(m.capturedAt, here())}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Panel>
    </>
  );
}

function title(tr: (en: string, nl: string) => string, m: MailboxMessage): string {
  return m.channel === 'sms' ? tr('Text message (SMS)', 'Sms-bericht') : m.subject || tr('(no subject)', '(geen onderwerp)');
}

// useLoad keeps only the message of an error; the API's 404 outside the demo says so in its text.
const notDemoMessage = (message: string) => /only in the demo/.test(message);

function NoMailbox() {
  const tr = useTr();
  return (
    <>
      <h1>{tr('Demo mailbox', 'Demo-postvak')}</h1>
      <p className="alert">
        {tr(
          'There is no mailbox here: it exists only in the demo (npm run demo without SMTP_URL). Messages go out by email.',
          'Hier is geen postvak: dat bestaat alleen in de demo (npm run demo zonder SMTP_URL). Berichten gaan per e-mail de deur uit.',
        )}
      </p>
    </>
  );
}

function MessagePage({ id }: { id: string }) {
  const tr = useTr();
  const [state, setState] = useState<{ message?: MailboxMessage; error?: unknown }>({});
  useEffect(() => {
    let live = true;
    setState({});
    data(api.GET('/mailbox/{id}', { params: { path: { id } } })).then(
      (message) => live && setState({ message }),
      (error: unknown) => live && setState({ error }),
    );
    return () => {
      live = false;
    };
  }, [id]);
  useEffect(() => {
    if (state.message) document.title = `${title(tr, state.message)} · trialdata`;
  }, [state.message]);

  const back = (
    <p>
      <Link to="/console/mailbox">{tr('Back to the mailbox', 'Terug naar het postvak')}</Link>
    </p>
  );
  if (state.error) {
    if (state.error instanceof ApiError && state.error.status === 404 && notDemoMessage(state.error.message)) return <NoMailbox />;
    return (
      <>
        <h1>{tr('Message not found', 'Bericht niet gevonden')}</h1>
        <ErrorNote message={state.error instanceof Error ? state.error.message : String(state.error)} />
        {back}
      </>
    );
  }
  const m = state.message;
  if (!m)
    return (
      <p className="page-status" role="status">
        {tr('Loading…', 'Laden…')}
      </p>
    );
  return (
    <>
      {back}
      <article className="mailbox-message" aria-labelledby="mailbox-subject">
        <h1 id="mailbox-subject">{title(tr, m)}</h1>
        <dl className="mailbox-meta">
          <dt>{tr('To', 'Aan')}</dt>
          <dd className="mailbox-to">{m.to}</dd>
          <dt>{tr('Kept at', 'Bewaard op')}</dt>
          <dd>{formatDateTime(m.capturedAt, here())}</dd>
        </dl>
        <div className="mailbox-body">{paragraphs(m.text)}</div>
      </article>
    </>
  );
}

/** The plain text as paragraphs, with every http(s) address a link (the patient link among them). */
function paragraphs(text: string): ReactNode[] {
  return text
    .split(/\n{2,}/)
    .filter((p) => p.trim() !== '')
    .map((p, i) => (
      <p key={i}>
        {p.split('\n').map((line, j) => (
          <span key={j}>
            {j > 0 ? <br /> : null}
            {line.split(URL_IN_TEXT).map((part, k) =>
              k % 2 === 1 ? (
                <a key={k} href={part}>
                  {part}
                </a>
              ) : (
                part
              ),
            )}
          </span>
        ))}
      </p>
    ));
}
