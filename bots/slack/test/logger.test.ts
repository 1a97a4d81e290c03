import { describe, expect, it } from 'vitest';
import { createLogger, redact } from '../src/logger.js';

describe('logger', () => {
  it('redacts secrets by key and by shape, in nested objects and errors', () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (l) => lines.push(l) });
    logger.event('info', 'x', {
      token: 'xoxb-1-2-3',
      nested: { response_url: 'https://hooks.slack.com/commands/T/1/abc', note: 'uses xapp-1-A-123 and xoxb-9-8-7' },
      error: new Error('failed with xoxb-4-5-6'),
      headers: { Authorization: 'abc' },
    });
    const out = lines.join('\n');
    for (const secret of ['xoxb-1-2-3', 'hooks.slack.com', 'xapp-1-A-123', 'xoxb-9-8-7', 'xoxb-4-5-6', '"abc"'])
      expect(out).not.toContain(secret);
    expect(JSON.parse(out)).toMatchObject({ level: 'info', event: 'x' });
  });
  it('drops records below the level', () => {
    const lines: string[] = [];
    createLogger({ level: 'warn', write: (l) => lines.push(l) }).info('hello');
    expect(lines).toEqual([]);
  });
  it('leaves ordinary values alone', () => {
    expect(redact({ user: 'U1', count: 2 })).toEqual({ user: 'U1', count: 2 });
  });
  it('scrubs secrets inside JSON text that Bolt and the Web API client log as strings', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', write: (l) => lines.push(l), secrets: ['a'.repeat(40), 'short'] });
    logger.debug(
      JSON.stringify({
        token: 'verification-token-123',
        response_url: 'http://127.0.0.1:9/response_url/T0/abc/def',
        trigger_id: '123.456.abc',
        text: `key ${'a'.repeat(40)} is short`,
      }),
    );
    logger.debug('http request result: {"url":"wss://example/link/?ticket=tkt-123&app_id=A1"}');
    const out = lines.join('\n');
    for (const secret of ['verification-token-123', '/response_url/T0', '123.456.abc', 'a'.repeat(40), 'tkt-123'])
      expect(out).not.toContain(secret);
    expect(out).toContain('is short');
    expect(out).toContain('app_id=A1');
  });
});
