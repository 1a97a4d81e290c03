import { describe, expect, it } from 'vitest';
import { runLookup, urlHost } from '../../src/lookup/run.js';
import type { MispPort } from '../../src/lookup/types.js';

function fakeMisp(attributes: Record<string, unknown>[]) {
  const calls: { method: string; args: unknown }[] = [];
  const misp: MispPort = {
    attributes: {
      async search(filters) {
        calls.push({ method: 'attributes.search', args: filters });
        return attributes;
      },
    },
    warninglists: {
      async check(values) {
        calls.push({ method: 'warninglists.check', args: values });
        return {};
      },
    },
    sightings: { add: async () => ({}) },
    server: { version: async () => ({}) },
    users: { me: async () => ({}) },
  };
  return { misp, calls };
}

const attribute = (id: string, type: string, value: string) => ({ id, type, value, event_id: '1', Event: { id: '1' } });

describe('runLookup for URLs', () => {
  it('searches the URL, its slash twin, its host and the URLs on the host in the same single search', async () => {
    const { misp, calls } = fakeMisp([]);
    await runLookup(
      misp,
      [
        { kind: 'url', value: 'http://Bad.example/other' },
        { kind: 'ipv4', value: '203.0.113.7' },
      ],
      { timeoutMs: 1000 },
    );
    expect(calls.map((c) => c.method).sort()).toEqual(['attributes.search', 'warninglists.check']);
    const search = calls.find((c) => c.method === 'attributes.search')?.args as { value: string[] };
    expect(search.value).toEqual([
      'http://Bad.example/other',
      '203.0.113.7',
      'http://Bad.example/other/',
      'bad.example',
      'http://bad.example/%',
      'https://bad.example/%',
    ]);
    expect(calls.find((c) => c.method === 'warninglists.check')?.args).toEqual([
      'http://Bad.example/other',
      '203.0.113.7',
    ]);
  });

  it('keeps exact URL hits apart from hits on its host, and drops pattern matches on other hosts', async () => {
    const { misp } = fakeMisp([
      attribute('1', 'url', 'http://bad.example/other/'),
      attribute('2', 'domain', 'bad.example'),
      attribute('3', 'url', 'https://bad.example/invoice.doc'),
      attribute('4', 'domain|ip', 'bad.example|198.51.100.9'),
      attribute('5', 'url', 'http://bad.example.evil.test/x'),
      attribute('6', 'hostname', 'notbad.example'),
    ]);
    const [url, ip] = await runLookup(
      misp,
      [
        { kind: 'url', value: 'http://bad.example/other' },
        { kind: 'ipv4', value: '198.51.100.9' },
      ],
      { timeoutMs: 1000 },
    );
    expect(url?.hits.map((h) => h.id)).toEqual(['1']);
    expect(url?.host).toBe('bad.example');
    expect(url?.hostHits?.map((h) => h.id)).toEqual(['2', '3', '4']);
    expect(ip?.hits.map((h) => h.id)).toEqual(['4']);
    expect(ip?.hostHits).toBeUndefined();
  });

  it('finds no host for anything but a parsable URL', () => {
    expect(urlHost({ kind: 'url', value: 'https://[2001:db8::1]:8443/a' })).toBe('2001:db8::1');
    expect(urlHost({ kind: 'url', value: 'not a url' })).toBeUndefined();
    expect(urlHost({ kind: 'domain', value: 'bad.example' })).toBeUndefined();
  });
});
