import { Writable } from 'node:stream';
import { expect } from 'chai';
import { createLogger } from '../logging/logger.js';
import { egressLoggerFromPino } from './egress-logger.js';

describe('egressLoggerFromPino', () => {
  it('when the egress client logs message and fields, pino writes one line with both', () => {
    const chunks: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk.toString());
        callback();
      },
    });
    const logger = egressLoggerFromPino(createLogger({ level: 'debug', destination }));
    logger.debug('egress attempt', { host: 'graph.facebook.com', status: 200 });
    logger.warn('egress attempt failed', { host: 'graph.facebook.com', error: 'EGRESS_TIMEOUT' });
    const lines = chunks
      .join('')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => [line.level, line.msg, line.host])).to.deep.equal([
      [20, 'egress attempt', 'graph.facebook.com'],
      [40, 'egress attempt failed', 'graph.facebook.com'],
    ]);
    expect(lines[1]?.error).to.equal('EGRESS_TIMEOUT');
  });
});
