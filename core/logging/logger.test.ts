import { Writable } from 'node:stream';
import { expect } from 'chai';
import { createLogger, withLogContext } from './logger.js';
import type { Logger } from './logger.js';
import { redactSensitive, redactUrl, REDACTION_CENSOR } from './redaction.js';

function capture(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  const logger = createLogger({ level: 'debug', destination, base: { service: 'test' } });
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines };
}

describe('createLogger', () => {
  it('when a line carries tokens, passwords, auth headers, api keys, emails and phones, they are redacted', () => {
    const { logger, lines } = capture();
    logger.info(
      {
        password: 'hunter2',
        user: { email: 'a@b.c', phone: '+15551234567', name: 'Ann' },
        req: { headers: { authorization: 'Bearer abc', cookie: 'sid=1', 'x-api-key': 'sak_x', host: 'h' } },
        res: { headers: { 'set-cookie': 'sid=2' } },
        body: { refreshToken: 'r', nested: [{ accessToken: 'a', ok: 1 }] },
        Authorization: 'Basic zzz',
      },
      'login',
    );
    const text = JSON.stringify(lines()[0]);
    for (const secret of [
      'hunter2',
      'a@b.c',
      '+15551234567',
      'Bearer abc',
      'sid=1',
      'sak_x',
      'sid=2',
      '"r"',
      '"a"',
      'zzz',
    ]) {
      expect(text).not.to.include(secret);
    }
    const line = lines()[0] as {
      user: { name: string };
      req: { headers: { host: string } };
      body: { nested: { ok: number }[] };
    };
    expect(line.user.name).to.equal('Ann');
    expect(line.req.headers.host).to.equal('h');
    expect(line.body.nested[0]?.ok).to.equal(1);
  });

  it('when an error carries a secret in a property, the serialized error is redacted but keeps its stack', () => {
    const { logger, lines } = capture();
    const error = Object.assign(new Error('boom'), {
      config: { headers: { authorization: 'Bearer leaked' } },
    });
    logger.error({ err: error }, 'failed');
    const line = lines()[0] as {
      err: { message: string; stack: string; config: { headers: { authorization: string } } };
    };
    expect(line.err.message).to.equal('boom');
    expect(line.err.stack).to.include('Error: boom');
    expect(line.err.config.headers.authorization).to.equal(REDACTION_CENSOR);
  });

  it('when a child logger is made with a context, every line carries requestId, tenantId and userId', () => {
    const { logger, lines } = capture();
    withLogContext(logger, { requestId: 'r1', tenantId: 't1', userId: undefined }).info('hello');
    const line = lines()[0];
    expect(line).to.include({ requestId: 'r1', tenantId: 't1', service: 'test', msg: 'hello' });
    expect(line).not.to.have.property('userId');
  });

  it('when the level is above a line, the line is dropped', () => {
    const chunks: string[] = [];
    const destination = new Writable({
      write: (chunk: Buffer, _e, cb) => (chunks.push(chunk.toString()), cb()),
    });
    const logger = createLogger({ level: 'warn', destination });
    logger.info('quiet');
    logger.warn('loud');
    expect(chunks).to.have.length(1);
  });
});

describe('redactSensitive', () => {
  it('when nothing is sensitive, returns the same object without copying', () => {
    const value = { a: 1, b: { c: [1, 2] } };
    expect(redactSensitive(value)).to.equal(value);
  });

  it('when a nested field is sensitive, copies only the changed branch and leaves the input intact', () => {
    const input = { keep: { x: 1 }, user: { email: 'e@x.y' } };
    const output = redactSensitive(input);
    expect(output).not.to.equal(input);
    expect(output.keep).to.equal(input.keep);
    expect(output.user.email).to.equal(REDACTION_CENSOR);
    expect(input.user.email).to.equal('e@x.y');
  });

  it('when the structure is deeper than the limit, stops walking instead of recursing forever', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => redactSensitive(cyclic)).not.to.throw();
  });
});

describe('redactUrl', () => {
  it('when a query has credential-like parameters, masks their values', () => {
    expect(redactUrl('/x?token=abc&page=2&api_key=k&email=a%40b')).to.equal(
      `/x?token=${REDACTION_CENSOR}&page=2&api_key=${REDACTION_CENSOR}&email=${REDACTION_CENSOR}`,
    );
  });

  it('when there is no query, returns the URL unchanged', () => {
    expect(redactUrl('/api/v1/me')).to.equal('/api/v1/me');
  });
});
