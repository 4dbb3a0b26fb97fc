/**
 * The HTTP SMS adapter (libs/notifications sms-http.ts) against a real HTTP server speaking the gateway
 * protocol (MessageBird's REST shape): the request it makes, and how each answer maps to delivered,
 * temporary (retry) or permanent (failed) outcomes, with no phone number in any error.
 */
import {
  ChannelSender,
  HttpSmsAdapter,
  SmsPermanentError,
  SmsTemporaryError,
  isPermanentSendError,
  renderMessage,
} from '@trialdata/notifications';
import { SmsGatewayDouble } from './support/sms-gateway';

const PHONE = '+31612345678';
let gateway: SmsGatewayDouble;

beforeEach(async () => {
  gateway = await new SmsGatewayDouble().start();
});
afterEach(() => gateway.close());

const message = {
  messageId: '<3f1c@trialdata>',
  to: PHONE,
  text: 'Please fill in your week 2 questionnaire: https://trial.example.org/q/abc',
};

it('posts the message with the access key, originator and reference, and returns the gateway id', async () => {
  const adapter = new HttpSmsAdapter(gateway.smsUrl('?originator=LUMCstudy'));
  const r = await adapter.send(message);
  expect(r.delivered).toBe(true);
  expect(gateway.requests).toHaveLength(1);
  const [req] = gateway.requests;
  expect(req).toMatchObject({
    method: 'POST',
    path: '/messages',
    authorization: `AccessKey ${gateway.accessKey}`,
    contentType: 'application/json',
  });
  expect(req.body).toEqual({ originator: 'LUMCstudy', recipients: [PHONE], body: message.text, reference: message.messageId });
  expect(r.id).toBe(req.id);
});

it('maps 5xx, 429 and a timeout to temporary errors, and 4xx to permanent ones, without the number', async () => {
  const adapter = new HttpSmsAdapter(gateway.smsUrl(), { timeoutMs: 300 });
  gateway.answerNext({ status: 503 }, { status: 429 }, 'timeout', {
    status: 422,
    errors: [{ code: 9, description: `no (correct) recipients found: ${PHONE}` }],
  });
  for (const expected of ['503', '429', 'did not answer within 300 ms']) {
    const e = await adapter.send(message).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SmsTemporaryError);
    expect(isPermanentSendError(e)).toBe(false);
    expect((e as Error).message).toContain(expected);
  }
  const permanent = await adapter.send(message).catch((x: unknown) => x);
  expect(permanent).toBeInstanceOf(SmsPermanentError);
  expect(isPermanentSendError(permanent)).toBe(true);
  expect((permanent as Error).message).toBe('SMS gateway answered 422 (code 9: no (correct) recipients found: [number])');
  expect(gateway.accepted).toHaveLength(0);
  // A wrong key is permanent too: retrying will not fix it.
  const wrongKey = new HttpSmsAdapter(gateway.smsUrl().replace(gateway.accessKey, 'wrong'));
  expect(isPermanentSendError(await wrongKey.send(message).catch((x: unknown) => x))).toBe(true);
  // The gateway's host refusing connections: temporary.
  const closed = new HttpSmsAdapter('http://key@127.0.0.1:9/messages');
  expect(await closed.send(message).catch((x: unknown) => x)).toBeInstanceOf(SmsTemporaryError);
});

it('refuses an SMS_URL without an access key', () => {
  expect(() => new HttpSmsAdapter('https://rest.messagebird.com/messages')).toThrow(/access key/);
});

it('is what ChannelSender uses for SMS when smsUrl is set; the log has ids, never the number or the text', async () => {
  const lines: string[] = [];
  const sender = new ChannelSender({
    from: 'x <a@example.org>',
    smsUrl: gateway.smsUrl(),
    log: (m, extra) => lines.push(m + JSON.stringify(extra)),
  });
  const rendered = renderMessage({
    kind: 'invitation',
    number: 1,
    language: 'en',
    studyTitle: 'TEIAS',
    link: 'https://trial.example.org/q/abc',
    lastDay: '2026-12-01',
    estimatedMinutes: 5,
  });
  const r = await sender.send({ messageId: '<m1@trialdata>', channel: 'sms', to: PHONE, ...rendered });
  expect(r).toEqual({ delivered: true, via: 'http-sms' });
  expect(gateway.accepted).toHaveLength(1);
  expect(gateway.accepted[0].body?.body).toBe(rendered.sms);
  expect(lines.join('\n')).toContain(gateway.accepted[0].id!);
  expect(lines.join('\n')).not.toMatch(/31612345678|\/q\//);
});
