// @mispkit/sdk/core: only the route tables you pass, the same pipeline, against the MISP sandbox.
import { describe, expect, it } from 'vitest';
import { attributes, createMispClient, paginate, warninglists } from '../../src/core.js';
import { isMispErrorCode } from '../../src/index.js';
import { demoIndicators, useSandbox } from './sandbox.js';

const e2e = useSandbox();

describe('createMispClient from @mispkit/sdk/core', () => {
  it('binds the resources it is given, and only those', async () => {
    const misp = createMispClient({
      baseUrl: e2e.sandbox.url,
      apiKey: e2e.sandbox.userKey,
      resources: { attributes, warninglists },
    });
    expect((await misp.attributes.search({ value: demoIndicators.maliciousIp })).length).toBeGreaterThan(0);
    expect(await misp.warninglists.checkValue(['8.8.8.8'])).toBeTypeOf('object');
    expect('events' in misp).toBe(false);
  });

  it('shares middleware, errors and paginate (a separate import) with the main client', async () => {
    const misp = createMispClient({ baseUrl: e2e.sandbox.url, apiKey: 'D'.repeat(40), resources: { attributes } });
    const seen: string[] = [];
    misp.use({ onRequest: ({ schemaPath }) => void seen.push(schemaPath) });
    const error = await misp.attributes.get('1').catch((e: unknown) => e);
    expect(isMispErrorCode(error, 'misp_authentication')).toBe(true);
    expect(seen).toEqual(['/attributes/view/{attributeId}']);
    const good = createMispClient({ baseUrl: e2e.sandbox.url, apiKey: e2e.sandbox.userKey, resources: { attributes } });
    let n = 0;
    for await (const _ of paginate(good.attributes.search, { type: 'ip-dst' }, { limit: 2, maxPages: 2 })) n++;
    expect(n).toBe(4);
  });
});
