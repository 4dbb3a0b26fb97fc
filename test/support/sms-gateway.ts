import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the gateway double received, as the gateway would see it. */
export interface GatewayRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: { originator?: string; recipients?: string[]; body?: string; reference?: string } | null;
  /** What the double answered: the status, or `timeout` (it never answered). */
  answered: number | 'timeout';
  /** The gateway message id when it accepted the message (201). */
  id?: string;
}

/** How the double answers the next request. */
export type GatewayAnswer = { status: number; errors?: Array<{ code: number; description: string; parameter?: string }> } | 'timeout';

/**
 * A real HTTP server speaking the SMS gateway protocol of libs/notifications sms-http.ts (MessageBird's
 * REST shape): POST with `Authorization: AccessKey <key>` and `{originator, recipients, body, reference}`
 * → 201 `{id, ...}`; a wrong key → 401 `{errors: [{code: 2, ...}]}`; a body without recipients → 422.
 * Every request is recorded; `answerNext` queues 4xx/5xx answers or a timeout (the request is held
 * open, never answered) for the requests to come. `accepted` lists the messages it took, the ones a
 * phone would receive.
 */
export class SmsGatewayDouble {
  readonly requests: GatewayRequest[] = [];
  private readonly queue: GatewayAnswer[] = [];
  private readonly held: ServerResponse[] = [];
  private server!: Server;
  url = '';

  constructor(readonly accessKey = `test_${randomBytes(6).toString('hex')}`) {}

  /** The SMS_URL that points the adapter at this double. */
  smsUrl(query = ''): string {
    const u = new URL(this.url);
    u.username = this.accessKey;
    return `${u.toString()}${query}`;
  }

  get accepted(): GatewayRequest[] {
    return this.requests.filter((r) => r.answered === 201);
  }

  answerNext(...answers: GatewayAnswer[]): void {
    this.queue.push(...answers);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/messages`;
    return this;
  }

  async close(): Promise<void> {
    for (const res of this.held.splice(0)) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: GatewayRequest['body'];
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      body = null;
    }
    const record: GatewayRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      body,
      answered: 0,
    };
    this.requests.push(record);
    const reply = (status: number, json: unknown) => {
      record.answered = status;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    };
    if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://x').pathname !== '/messages')
      return reply(404, { errors: [{ code: 20, description: 'not found' }] });
    if (req.headers.authorization !== `AccessKey ${this.accessKey}`)
      return reply(401, { errors: [{ code: 2, description: 'Request not allowed (incorrect access_key)', parameter: 'access_key' }] });
    const next = this.queue.shift();
    if (next === 'timeout') {
      record.answered = 'timeout';
      this.held.push(res);
      return;
    }
    if (next) return reply(next.status, { errors: next.errors ?? [{ code: 99, description: `simulated ${next.status}` }] });
    if (!body || !Array.isArray(body.recipients) || body.recipients.length === 0 || typeof body.body !== 'string' || !body.originator)
      return reply(422, { errors: [{ code: 9, description: 'no (correct) recipients found', parameter: 'recipients' }] });
    const id = randomBytes(16).toString('hex');
    record.id = id;
    return reply(201, {
      id,
      href: `${this.url}/${id}`,
      direction: 'mt',
      type: 'sms',
      originator: body.originator,
      body: body.body,
      reference: body.reference ?? null,
      recipients: { totalCount: body.recipients.length, totalSentCount: body.recipients.length, items: [] },
    });
  }
}
