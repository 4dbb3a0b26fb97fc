import type { SmsAdapter } from './types';

/**
 * SMS through an HTTP gateway speaking MessageBird's (now Bird's) classic REST shape, which many
 * gateways copy:
 *
 *   POST {url}                      e.g. https://rest.messagebird.com/messages
 *   Authorization: AccessKey {key}
 *   Content-Type: application/json
 *   {"originator": "trialdata", "recipients": ["+31612345678"], "body": "...", "reference": "<outbox-id@trialdata>"}
 *
 *   201 {"id": "<gateway message id>", "recipients": {"totalCount": 1, ...}, ...}
 *   4xx {"errors": [{"code": 9, "description": "...", "parameter": "recipient"}]}
 *
 * Configured by one URL, as SMTP_URL is: `SMS_URL=https://<access key>@rest.messagebird.com/messages?originator=trialdata`
 * (the key is the URL's user part, taken off before the request; `originator` defaults to `trialdata`;
 * `timeout` in ms, default 15000).
 *
 * Outcomes: 2xx with an id → delivered to the gateway; 408, 429, 5xx, a timeout or a network error →
 * `SmsTemporaryError` (the outbox retries with the same reference); any other 4xx (bad number, no
 * balance, bad key) → `SmsPermanentError`, which the outbox records as `failed` without retrying. No
 * error message ever carries the phone number or the text: gateway descriptions are cut of anything
 * that looks like a number.
 */
export class HttpSmsAdapter implements SmsAdapter {
  readonly name = 'http-sms';
  private readonly endpoint: string;
  private readonly accessKey: string;
  private readonly originator: string;
  private readonly timeoutMs: number;

  constructor(url: string, options: { timeoutMs?: number } = {}) {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('SMS_URL must be an http(s) URL');
    this.accessKey = decodeURIComponent(parsed.username);
    if (!this.accessKey) throw new Error('SMS_URL must carry the gateway access key as its user part (https://KEY@host/path)');
    this.originator = parsed.searchParams.get('originator') ?? 'trialdata';
    this.timeoutMs = options.timeoutMs ?? Number(parsed.searchParams.get('timeout') ?? 15_000);
    parsed.username = '';
    parsed.password = '';
    parsed.searchParams.delete('originator');
    parsed.searchParams.delete('timeout');
    this.endpoint = parsed.toString();
  }

  /** The gateway's message id, for the log. */
  lastId: string | null = null;

  async send(message: { messageId: string; to: string; text: string }): Promise<{ delivered: boolean; id: string }> {
    let res: Response;
    try {
      res = await fetch(this.endpoint, {
        method: 'POST',
        headers: { authorization: `AccessKey ${this.accessKey}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ originator: this.originator, recipients: [message.to], body: message.text, reference: message.messageId }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
      throw new SmsTemporaryError(timedOut ? `SMS gateway did not answer within ${this.timeoutMs} ms` : 'SMS gateway unreachable', null);
    }
    const body = await res.text();
    let parsed: { id?: unknown; errors?: Array<{ code?: unknown; description?: unknown }> } = {};
    try {
      parsed = body ? JSON.parse(body) : {};
    } catch {
      /* not JSON: the status decides */
    }
    if (res.ok) {
      if (typeof parsed.id !== 'string' || !parsed.id)
        throw new SmsTemporaryError(`SMS gateway answered ${res.status} without a message id`, res.status);
      this.lastId = parsed.id;
      return { delivered: true, id: parsed.id };
    }
    const detail = (parsed.errors ?? [])
      .map((e) => `${typeof e.code === 'number' ? `code ${e.code}: ` : ''}${redactNumbers(String(e.description ?? ''))}`)
      .join('; ');
    const text = `SMS gateway answered ${res.status}${detail ? ` (${detail})` : ''}`;
    if (res.status === 408 || res.status === 429 || res.status >= 500) throw new SmsTemporaryError(text, res.status);
    throw new SmsPermanentError(text, res.status);
  }
}

/** The gateway may succeed on a later try: the outbox retries (same reference). */
export class SmsTemporaryError extends Error {
  readonly permanent = false;
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'SmsTemporaryError';
  }
}

/** The gateway refused the message for good (a bad number, no balance, a bad key): `failed`, no retry. */
export class SmsPermanentError extends Error {
  readonly permanent = true;
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'SmsPermanentError';
  }
}

/** A send error that must not be retried (the outbox marks the message `failed`). */
export function isPermanentSendError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { permanent?: unknown }).permanent === true;
}

/** Anything that looks like a phone number (6 or more digits, spaces, dashes, a leading +) → `[number]`. */
export function redactNumbers(text: string): string {
  return text.replace(/\+?\d[\d\s().-]{4,}\d/g, '[number]');
}

/** The SMS adapter SMS_URL selects: the HTTP gateway adapter, or undefined (the recording default). */
export function smsAdapterFor(smsUrl: string | undefined): SmsAdapter | undefined {
  return smsUrl ? new HttpSmsAdapter(smsUrl) : undefined;
}
