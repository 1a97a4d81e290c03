// attributes/restore (a 302 on success), attributes/index (CakePHP's paginator) and
// eventReports/importReportFromUrl (`[]` on a fresh MISP; a page made a report once enrichment is on), as MISP
// 2.5 answers them, every answer checked against the contract.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../src/index.js';
import { SpecChecker } from './accounts/spec-check.js';
import { ATTRIBUTE_OPERATIONS } from './attribute-operations.js';
import { type Api, apiFor, type Json, partnerKey, withSandbox } from './helpers.js';

let misp: MispSandbox;
const checker = new SpecChecker();
const as = (key: string): Api => checker.api(misp, key);
let api: Api;
let partner: Api;

beforeAll(async () => {
  ({ misp } = await withSandbox({ seed: 'demo' }));
  api = as(misp.adminKey);
  partner = as(partnerKey(misp, 'Northwind CERT'));
});
afterAll(() => misp.close());

let counter = 0;
async function addEvent(attributes: Json[], as: Api = api, distribution = 1): Promise<Json> {
  counter += 1;
  const response = await as('POST', '/events/add', {
    info: `h2 event ${counter}`,
    distribution,
    Attribute: attributes,
  });
  expect(response.status, response.text.slice(0, 200)).toBe(200);
  return response.body.Event;
}

describe('attributes/restore', () => {
  it('undeletes a soft-deleted attribute and answers a 302 to its view with an empty body', async () => {
    const event = await addEvent([{ type: 'domain', value: 'restore-me.example' }]);
    const id = event.Attribute[0].id;
    expect((await api('POST', `/attributes/delete/${id}`)).status).toBe(200);
    expect((await api('GET', `/attributes/view/${id}`)).status).toBe(405);
    await api('POST', `/events/publish/${event.id}`);
    const restored = await api('POST', `/attributes/restore/${id}`);
    expect(restored.status).toBe(302);
    expect(restored.headers.get('location')).toMatch(new RegExp(`/attributes/view/${id}$`));
    expect(restored.text).toBe('');
    const view = await api('GET', `/attributes/view/${id}`);
    expect(view.body.Attribute).toMatchObject({ id, deleted: false, value: 'restore-me.example' });
    const after = await api('GET', `/events/view/${event.id}`);
    expect(after.body.Event.published).toBe(false);
    expect(after.body.Event.attribute_count).toBe('1');
    // Restoring a live attribute is the same redirect.
    expect((await api('POST', `/attributes/restore/${id}`)).status).toBe(302);
  });

  it('an unknown id, a uuid or another organisation’s event is 405 "Invalid Attribute"; a read-only role 403', async () => {
    const event = await addEvent([{ type: 'domain', value: 'not-yours.example' }]);
    const attribute = event.Attribute[0];
    await api('POST', `/attributes/delete/${attribute.id}`);
    for (const [who, ref] of [
      [api, '999999'],
      [api, attribute.uuid],
      [partner, attribute.id],
    ] as const) {
      const refused = await who('POST', `/attributes/restore/${ref}`);
      expect(refused.status).toBe(405);
      expect(refused.body).toEqual({
        name: 'Invalid Attribute',
        message: 'Invalid Attribute',
        url: `/attributes/restore/${ref}`,
      });
    }
    expect((await as(misp.readOnlyKey)('POST', `/attributes/restore/${attribute.id}`)).status).toBe(403);
    const still = misp.db.prepare('SELECT deleted FROM attributes WHERE id = ?').get(attribute.id) as Json;
    expect(still.deleted).toBe(1);
  });
});

describe('attributes/index', () => {
  it('lists live visible attributes newest event first, 60 a page, with value1 and value2', async () => {
    const event = await addEvent([
      { type: 'ip-dst|port', value: '198.51.100.77|8443' },
      { type: 'domain', value: 'index-me.example' },
      { type: 'domain', value: 'index-deleted.example' },
    ]);
    await api('POST', `/attributes/delete/${event.Attribute[2].id}`);
    const page = await api('GET', '/attributes/index');
    expect(page.status).toBe(200);
    expect(page.body).toHaveLength(60);
    expect(page.body.slice(0, 2).map((a: Json) => a.id)).toEqual([event.Attribute[0].id, event.Attribute[1].id]);
    expect(Object.keys(page.body[0])).toEqual([
      'id',
      'event_id',
      'object_id',
      'object_relation',
      'category',
      'type',
      'value1',
      'value2',
      'to_ids',
      'uuid',
      'timestamp',
      'distribution',
      'sharing_group_id',
      'comment',
      'deleted',
      'disable_correlation',
      'first_seen',
      'last_seen',
      'value',
    ]);
    expect(page.body[0]).toMatchObject({ value1: '198.51.100.77', value2: '8443', value: '198.51.100.77|8443' });
    const ids = (page.body as Json[]).map((a) => Number(a.event_id));
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
  });

  it('limit (clamped to 1…9999), page (404 past the last), searchvalue; the body and query string are ignored', async () => {
    const event = await addEvent([{ type: 'hostname', value: 'paged.example' }]);
    const two = await api('GET', '/attributes/index/limit:2/page:2');
    expect(two.body).toHaveLength(2);
    expect((await api('GET', '/attributes/index/limit:0')).body).toHaveLength(1);
    expect((await api('GET', '/attributes/index/limit:-5')).body).toHaveLength(1);
    const found = await api('GET', '/attributes/index/searchvalue:PAGED.example');
    expect(found.body.map((a: Json) => a.id)).toEqual([event.Attribute[0].id]);
    const byPort = await api('GET', '/attributes/index/searchvalue:8443');
    expect(byPort.body.map((a: Json) => a.value)).toContain('198.51.100.77|8443');
    // (POST and MISP's camelCase controller spelling are not in the contract: unchecked.)
    expect((await apiFor(misp)('POST', '/attributes/index', { searchvalue: 'paged.example' })).body).toHaveLength(60);
    expect((await api('GET', '/attributes/index?limit=1')).body).toHaveLength(60);
    const past = await api('GET', '/attributes/index/limit:9999/page:2');
    expect(past.status).toBe(404);
    expect(past.body).toEqual({ name: 'Not Found', message: 'Not Found', url: '/attributes/index/limit:9999/page:2' });
    expect((await api('GET', '/attributes/index/searchvalue:nothing.example')).body).toEqual([]);
    expect((await api('GET', '/attributes/index/searchvalue:nothing.example/page:2')).status).toBe(404);
  });

  it('shows only what the caller may see', async () => {
    const mine = await addEvent([{ type: 'domain', value: 'org-only-index.example' }], api, 0);
    const seen = await partner('GET', '/attributes/index/searchvalue:org-only-index.example');
    expect(seen.body).toEqual([]);
    const own = await api('GET', '/attributes/index/searchvalue:org-only-index.example');
    expect(own.body.map((a: Json) => a.event_id)).toEqual([mine.id]);
  });
});

describe('eventReports/importReportFromUrl', () => {
  let page: Server;
  let pageUrl: string;
  const setEnrichment = async (value: boolean) =>
    expect((await api('POST', '/servers/serverSettingsEdit/Plugin.Enrichment_services_enable', { value })).status).toBe(
      200,
    );
  beforeAll(async () => {
    page = createServer((_req, res) => {
      res.setHeader('Content-Type', 'text/html');
      res.end(
        '<html><head><title>x</title><script>var a = "<p>";</script></head><body><header>Menu</header>' +
          '<h1>Campaign &amp; infrastructure</h1><p>C2 at <a href="https://evil.example">evil.example</a>.</p>' +
          '<ul><li>198.51.100.9</li><li><b>loader</b></li></ul></body></html>',
      );
    });
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
    pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}/report.html`;
  });
  afterAll(async () => {
    await setEnrichment(false);
    await new Promise((resolve) => page.close(resolve));
  });
  const reports = () => (misp.db.prepare('SELECT COUNT(*) AS n FROM event_reports').get() as { n: number }).n;

  it('a fresh MISP (no enrichment module) answers [] and saves nothing; no url is 405; GET is 500', async () => {
    const event = await addEvent([]);
    const before = reports();
    const answer = await api('POST', `/event_reports/importReportFromUrl/${event.id}`, { url: pageUrl });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([]);
    expect(reports()).toBe(before);
    const missing = await api('POST', `/event_reports/importReportFromUrl/${event.id}`, { EventReport: {} });
    expect(missing.status).toBe(405);
    expect(missing.body.message).toBe('A URL must be provided');
    expect((await apiFor(misp)('GET', `/eventReports/importReportFromUrl/${event.id}`)).status).toBe(500);
  });

  it('with Plugin.Enrichment_services_enable the sandbox fetches the page and saves it as Markdown', async () => {
    await setEnrichment(true);
    const event = await addEvent([]);
    await api('POST', `/events/publish/${event.id}`);
    const answer = await api('POST', `/event_reports/importReportFromUrl/${event.id}`, {
      EventReport: { url: pageUrl },
    });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body.EventReport).toMatchObject({ event_id: event.id, distribution: '5', deleted: false });
    expect(answer.body.EventReport.name).toMatch(
      new RegExp(`^Report from - ${pageUrl.replace(/[./]/g, '\\$&')} \\(\\d+\\)$`),
    );
    expect(answer.body.EventReport.content).toBe(
      '# Campaign & infrastructure\n\nC2 at evil.example.\n\n* 198.51.100.9\n* **loader**',
    );
    expect((await api('GET', `/events/view/${event.id}`)).body.Event.published).toBe(false);
  });

  it('refusals are [] with nothing saved: remote hosts, other formats, events the caller may not modify', async () => {
    await setEnrichment(true);
    const event = await addEvent([]);
    const before = reports();
    for (const url of ['http://192.0.2.1/report.html', `${pageUrl}.pdf`, 'not a url']) {
      const answer = await api('POST', `/event_reports/importReportFromUrl/${event.id}`, { url });
      expect(answer.body, url).toEqual([]);
    }
    expect((await partner('POST', `/event_reports/importReportFromUrl/${event.id}`, { url: pageUrl })).body).toEqual(
      [],
    );
    expect((await api('POST', '/event_reports/importReportFromUrl/999999', { url: pageUrl })).body).toEqual([]);
    expect(reports()).toBe(before);
  });
});

describe('the contract', () => {
  it('every answer matched the spec, and each operation was exercised', () => {
    expect(checker.problems).toEqual([]);
    for (const id of ATTRIBUTE_OPERATIONS) expect(checker.exercised.has(id), id).toBe(true);
  });
});
