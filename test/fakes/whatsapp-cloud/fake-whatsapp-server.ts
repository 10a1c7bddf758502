/**
 * A local WhatsApp Cloud API (Graph v25.0-style) for tests: node:http on port 0, strict about
 * what the real API rejects — a missing or wrong token (190), a phone number id the token does
 * not own (100/33), a malformed messages payload or a text over 4,096 characters (100), and
 * throttling on demand (130429 / 131056 with `Retry-After`). Every request and every accepted
 * message is recorded. Webhook deliveries are built and signed by ./deliveries.ts.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_WHATSAPP_VERSION = 'v25.0';

export interface FakeWhatsappNumber {
  readonly phoneNumberId: string;
  readonly displayPhoneNumber: string;
  readonly verifiedName: string;
  /** Tokens allowed to send from this number. */
  readonly tokens: readonly string[];
}

export interface FakeSentMessage {
  readonly id: string;
  readonly phoneNumberId: string;
  readonly to: string;
  readonly body: string;
  readonly at: number;
}

export interface FakeWhatsappRequest {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly errorCode: number | undefined;
  /** Arrived while an announced `Retry-After` was still running (the client did not wait). */
  readonly early: boolean;
}

export interface ThrottlePlan {
  /** How many of the next sends are refused. */
  readonly count: number;
  /** 130429 (throughput, default) or 131056 (pair rate). */
  readonly code?: 130429 | 131056;
  readonly retryAfterSeconds?: number;
}

export interface FakeWhatsapp {
  readonly url: string;
  readonly sent: FakeSentMessage[];
  readonly readReceipts: string[];
  readonly requests: FakeWhatsappRequest[];
  throttle(plan: ThrottlePlan): void;
  /** Every later send answers 500 until `restore()`. */
  fail(): void;
  restore(): void;
  close(): Promise<void>;
}

class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly subcode?: number,
    readonly type = 'OAuthException',
  ) {
    super(message);
  }
}

const invalidParameter = (message: string) =>
  new GraphError(400, 100, `(#100) ${message}`, undefined, 'GraphMethodException');

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function objectOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function validateMessage(body: Record<string, unknown>): { to: string; text: string } | { readId: string } {
  if (body['messaging_product'] !== 'whatsapp')
    throw invalidParameter('The parameter messaging_product is required.');
  if (body['status'] !== undefined) {
    if (body['status'] !== 'read' || typeof body['message_id'] !== 'string')
      throw invalidParameter('Invalid parameter status or message_id');
    return { readId: body['message_id'] };
  }
  const to = body['to'];
  if (typeof to !== 'string' || !/^\+?\d{7,15}$/.test(to)) throw invalidParameter('Invalid parameter to');
  if (body['recipient_type'] !== undefined && body['recipient_type'] !== 'individual')
    throw invalidParameter('Invalid parameter recipient_type');
  if (body['type'] !== 'text') throw invalidParameter('Unsupported message type for this fake: only text');
  const text = objectOf(body['text']);
  const textBody = text?.['body'];
  if (typeof textBody !== 'string' || textBody.length === 0)
    throw invalidParameter('The parameter text[body] is required.');
  if (textBody.length > 4_096)
    throw invalidParameter('Param text[body] must be at most 4096 characters long.');
  if (text?.['preview_url'] !== undefined && typeof text['preview_url'] !== 'boolean')
    throw invalidParameter('Invalid parameter text[preview_url]');
  return { to: to.replace(/^\+/, ''), text: textBody };
}

export async function startFakeWhatsapp(numbers: readonly FakeWhatsappNumber[]): Promise<FakeWhatsapp> {
  const sent: FakeSentMessage[] = [];
  const readReceipts: string[] = [];
  const requests: FakeWhatsappRequest[] = [];
  let throttle: (ThrottlePlan & { left: number }) | undefined;
  let notBefore = 0;
  let failing = false;
  const byId = new Map(numbers.map((number) => [number.phoneNumberId, number]));

  const authorize = (request: http.IncomingMessage, phoneNumberId: string): FakeWhatsappNumber => {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (token === undefined)
      throw new GraphError(401, 190, 'An active access token must be used to query information.');
    const number = byId.get(phoneNumberId);
    const knownToken = numbers.some((candidate) => candidate.tokens.includes(token));
    if (!knownToken) throw new GraphError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
    if (number === undefined || !number.tokens.includes(token))
      throw new GraphError(
        400,
        100,
        `Unsupported post request. Object with ID '${phoneNumberId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        33,
        'GraphMethodException',
      );
    return number;
  };

  const handle = async (request: http.IncomingMessage, path: string): Promise<unknown> => {
    const match = /^\/(v\d+\.0)\/(\d+)(\/messages)?$/.exec(path);
    if (match === null)
      throw new GraphError(400, 2500, 'Unknown path components', undefined, 'OAuthException');
    if (match[1] !== FAKE_WHATSAPP_VERSION)
      throw new GraphError(400, 2635, `Version ${match[1]} is not served by this fake`);
    const number = authorize(request, match[2] ?? '');
    if (match[3] === undefined) {
      if (request.method !== 'GET') throw invalidParameter('Unsupported request method');
      return {
        id: number.phoneNumberId,
        display_phone_number: number.displayPhoneNumber,
        verified_name: number.verifiedName,
        quality_rating: 'GREEN',
      };
    }
    if (request.method !== 'POST') throw invalidParameter('Unsupported request method');
    if (!(request.headers['content-type'] ?? '').startsWith('application/json'))
      throw invalidParameter('Expected a JSON body');
    let body: Record<string, unknown> | undefined;
    try {
      body = objectOf(JSON.parse(await readBody(request)));
    } catch {
      body = undefined;
    }
    if (body === undefined) throw invalidParameter('Invalid JSON body');
    const message = validateMessage(body);
    if ('readId' in message) {
      readReceipts.push(message.readId);
      return { success: true };
    }
    if (failing) throw new GraphError(500, 131000, 'Something went wrong', undefined, 'OAuthException');
    if (throttle !== undefined && throttle.left > 0) {
      throttle.left -= 1;
      const retryAfterSeconds = throttle.retryAfterSeconds ?? 0;
      notBefore = Date.now() + retryAfterSeconds * 1000;
      const code = throttle.code ?? 130429;
      throw Object.assign(
        new GraphError(
          code === 130429 ? 429 : 400,
          code,
          code === 130429
            ? '(#130429) Rate limit hit'
            : '(#131056) (Business Account, Consumer Account) pair rate limit hit',
        ),
        { retryAfterSeconds },
      );
    }
    const id = `wamid.${randomBytes(12).toString('base64url')}`;
    sent.push({
      id,
      phoneNumberId: number.phoneNumberId,
      to: message.to,
      body: message.text,
      at: Date.now(),
    });
    return {
      messaging_product: 'whatsapp',
      contacts: [{ input: message.to, wa_id: message.to }],
      messages: [{ id }],
    };
  };

  const server = http.createServer((request, response) => {
    const at = Date.now();
    const early = at < notBefore;
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    const finish = (
      status: number,
      body: unknown,
      errorCode?: number,
      headers: Record<string, string> = {},
    ) => {
      requests.push({ at, method: request.method ?? '', path, status, errorCode, early });
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };
    handle(request, path).then(
      (body) => finish(200, body),
      (error: unknown) => {
        if (!(error instanceof GraphError)) {
          finish(500, { error: { message: 'fake failure', code: 1 } }, 1);
          return;
        }
        const retryAfter = (error as { retryAfterSeconds?: number }).retryAfterSeconds;
        finish(
          error.status,
          {
            error: {
              message: error.message,
              type: error.type,
              code: error.code,
              ...(error.subcode === undefined ? {} : { error_subcode: error.subcode }),
              error_data: { messaging_product: 'whatsapp', details: error.message },
              fbtrace_id: randomBytes(6).toString('hex'),
            },
          },
          error.code,
          retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) },
        );
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    readReceipts,
    requests,
    throttle(plan) {
      throttle = { ...plan, left: plan.count };
    },
    fail() {
      failing = true;
    },
    restore() {
      failing = false;
      throttle = undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
