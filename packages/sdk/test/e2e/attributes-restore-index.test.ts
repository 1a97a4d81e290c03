// attributes.restore (MISP's success is a 302), attributes.list (attributes/index) and
// eventReports.importFromUrl through the generated methods, against the MISP sandbox over HTTP (or a real MISP,
// see sandbox.ts).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMispErrorCode, type MispClient } from '../../src/index.js';
import { realMispFromEnv } from './real-misp.js';
import { useSandbox } from './sandbox.js';

const e2e = useSandbox();
let admin: MispClient;
const run = Date.now().toString(36);

beforeAll(() => {
  admin = e2e.client({ apiKey: e2e.sandbox.adminKey });
});

describe('attributes.restore', () => {
  it('brings a soft-deleted attribute back and resolves with nothing', async () => {
    const event = await e2e.misp.events.add({
      info: `SDK restore ${run}`,
      Attribute: [{ type: 'domain', value: `sdk-restore-${run}.example` }],
    });
    const id = event.Attribute?.[0]?.id as string;
    await e2e.misp.attributes.delete(id);
    expect(await e2e.misp.attributes.exists(id)).toBe(true);
    await expect(e2e.misp.attributes.get(id)).rejects.toMatchObject({ code: 'misp_not_found' });
    await expect(e2e.misp.attributes.restore(id)).resolves.toBeUndefined();
    expect(await e2e.misp.attributes.get(id)).toMatchObject({ id, deleted: false });
  });

  it('an unknown attribute is MispNotFoundError, a read-only key MispForbiddenError', async () => {
    await expect(e2e.misp.attributes.restore(99999999)).rejects.toMatchObject({
      code: 'misp_not_found',
      message: 'Invalid Attribute',
    });
    const event = await e2e.misp.events.add({
      info: `SDK restore refused ${run}`,
      Attribute: [{ type: 'domain', value: `sdk-restore-ro-${run}.example` }],
    });
    const error = await e2e.readOnly.attributes.restore(event.Attribute?.[0]?.id as string).catch((e: unknown) => e);
    expect(isMispErrorCode(error, 'misp_forbidden')).toBe(true);
  });
});

describe('attributes.list', () => {
  it('pages through the visible attributes with value1/value2, and finds one by searchvalue', async () => {
    const value = `sdk-index-${run}.example`;
    const event = await e2e.misp.events.add({
      info: `SDK index ${run}`,
      Attribute: [
        { type: 'domain', value },
        { type: 'ip-dst|port', value: '198.51.100.31|8080' },
      ],
    });
    const page = await e2e.misp.attributes.list({ limit: 2 });
    expect(page).toHaveLength(2);
    expect(page[0]).toHaveProperty('value1');
    const found = await e2e.misp.attributes.list({ searchvalue: value });
    expect(found.map((a) => a.event_id)).toEqual([event.id]);
    expect(found[0]).toMatchObject({ value, value1: value, value2: '' });
  });
});

describe('eventReports.importFromUrl', () => {
  let page: Server;
  let pageUrl: string;
  beforeAll(async () => {
    page = createServer((_req, res) => {
      res.setHeader('Content-Type', 'text/html');
      res.end('<html><body><h2>Loader</h2><p>Beacon to <b>198.51.100.7</b></p></body></html>');
    });
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}/loader.html`;
  });
  afterAll(async () => {
    await new Promise((resolve) => page.close(resolve));
  });
  const enrichment = (value: boolean) =>
    admin.POST('/servers/serverSettingsEdit/{settingName}', {
      params: { path: { settingName: 'Plugin.Enrichment_services_enable' } },
      body: { value },
    });

  it('without an enrichment module (a fresh MISP) MISP saves nothing: MispValidationError', async () => {
    const event = await e2e.misp.events.add({ info: `SDK report from URL ${run}` });
    const error = await e2e.misp.eventReports.importFromUrl(event.id, { url: pageUrl }).catch((e: unknown) => e);
    expect(isMispErrorCode(error, 'misp_validation')).toBe(true);
  });

  it.skipIf(realMispFromEnv() !== undefined)(
    'the sandbox with Plugin.Enrichment_services_enable makes a Markdown report of the page',
    async () => {
      await enrichment(true);
      try {
        const event = await e2e.misp.events.add({ info: `SDK report from URL on ${run}` });
        const report = await e2e.misp.eventReports.importFromUrl(event.id, { url: pageUrl });
        expect(report).toMatchObject({ event_id: event.id, distribution: '5' });
        expect(report.content).toBe('## Loader\n\nBeacon to **198.51.100.7**');
      } finally {
        await enrichment(false);
      }
    },
  );
});
