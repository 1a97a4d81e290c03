// Accept negotiation: XML and CSV requests with a key are API calls in MISP (never the login redirect),
// answered in XML (errors too), as CSV on events/index, JSON where MISP's controller always writes JSON,
// and with MISP's HTML 500 where it cannot produce CSV.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../src/index.js';
import { type Api, withSandbox } from './helpers.js';

let misp: MispSandbox;
let api: Api;
let eventId: string;

beforeAll(async () => {
  ({ misp, api } = await withSandbox());
  const added = await api('POST', '/events/add', {
    info: 'accept "test" <event>',
    distribution: 1,
    Tag: [{ name: 'tlp:green' }],
    Attribute: [{ type: 'domain', value: 'accept.example' }],
  });
  eventId = added.body.Event.id;
});
afterAll(() => misp.close());

const as =
  (accept: string, key: string | null = misp.adminKey) =>
  (method: string, path: string) =>
    api(method, path, undefined, { key, headers: { Accept: accept } });

describe('application/xml', () => {
  it('is an API request: the key is read and the answer is XML, never the login redirect', async () => {
    const response = await as('application/xml')('GET', `/events/view/${eventId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/xml; charset=UTF-8');
    expect(response.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<response><Event><id>')).toBe(true);
    expect(response.text).toContain('<info>accept &quot;test&quot; &lt;event&gt;</info>');
    expect(response.text).toContain('<published>0</published>');
    expect(response.text).toContain('<extends_uuid/>');
  });

  it('also with other types listed, as browsers and tools send it', async () => {
    const response = await as('application/xml, text/html')('GET', '/users/view/me');
    expect(response.status).toBe(200);
    expect(response.text).toContain('<response><User>');
  });

  it('answers errors in XML: a bad key is 403, a missing event 404', async () => {
    const badKey = await as('application/xml', 'a'.repeat(40))('GET', `/events/view/${eventId}`);
    expect(badKey.status).toBe(403);
    expect(badKey.text).toContain('<name>Authentication failed.');
    const missing = await as('application/xml')('GET', '/events/view/999999');
    expect(missing.status).toBe(404);
    expect(missing.text).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<response><name>Invalid event</name><message>Invalid event</message><url>/events/view/999999</url></response>',
    );
  });

  it('lists are repeated elements (events/index)', async () => {
    const response = await as('application/xml')('GET', '/events/index');
    expect(response.text).toMatch(/^<\?xml[^>]*>\n<response><Event><id>/);
  });

  it('getVersion and describeTypes stay JSON, as in MISP', async () => {
    const response = await as('application/xml')('GET', '/servers/getVersion');
    expect(response.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(response.body.version).toBeDefined();
  });
});

describe('text/csv', () => {
  it('events/index answers MISP’s event-index CSV', async () => {
    const response = await as('text/csv')('GET', '/events/index');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=UTF-8');
    const [header, row] = response.text.split('\n');
    expect(header).toBe(
      'id,date,info,tags,uuid,published,analysis,attribute_count,orgc_id,orgc_name,orgc_uuid,timestamp,distribution,sharing_group_id,threat_level_id,publish_timestamp,extends_uuid',
    );
    expect(row).toMatch(new RegExp(`^${eventId},"\\d{4}-\\d\\d-\\d\\d","accept ""test"" <event>","tlp:green","`));
  });

  it('other actions fail as MISP does, with its HTML 500', async () => {
    const response = await as('text/csv')('GET', `/events/view/${eventId}`);
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(response.text).toContain('An Internal Error Has Occurred.');
  });
});

describe('browsers', () => {
  it('text/html or */* with a key still gets the login redirect', async () => {
    for (const accept of ['text/html', '*/*']) {
      const response = await as(accept)('GET', `/events/view/${eventId}`);
      expect(response.status).toBe(302);
    }
  });
});
