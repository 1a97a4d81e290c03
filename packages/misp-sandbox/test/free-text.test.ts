import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox, Partners } from '../src/index.js';
import { SpecChecker } from './accounts/spec-check.js';
import { type Api, type Json, withPartners } from './helpers.js';

let misp: MispSandbox;
let api: Api;
let partners: Partners;
// Every answer of the free-text import is validated against the contract (contract.test.ts leaves it here).
const checker = new SpecChecker();

beforeAll(async () => {
  let raw: Api;
  ({ misp, api: raw, partners } = await withPartners());
  api = async (method, path, body, options = {}) => {
    const response = await raw(method, path, body, options);
    if (path.startsWith('/events/freeTextImport')) checker.check(method, path, response);
    return response;
  };
});
afterAll(() => misp.close());

// A threat-report paragraph with defanged indicators, as analysts paste them.
const REPORT =
  'The actor used hxxps://evil-cdn[.]com/payload.exe and 185.220.101[.]4:8443, mail admin[@]bad-mail.ru, ' +
  'CVE-2021-44444 and AS13335. Dropper d41d8cd98f00b204e9800998ecf8427e (setup.exe) beaconed to c2.evil[.]xyz. ' +
  'Also "10.0.0.0/8", bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq, HKLM\\Software\\Run, +1-202-555-0143, 2021-12-01.';

async function newEvent(info: string, key?: string): Promise<string> {
  const response = await api('POST', '/events/add', { info }, key ? { key } : {});
  expect(response.status).toBe(200);
  return response.body.Event.id;
}

const attributesOf = async (id: string) =>
  ((await api('GET', `/events/view/${id}`)).body.Event.Attribute ?? []).map((a: Json) => [a.type, a.value, a.to_ids]);

describe('events/freeTextImport', () => {
  it('proposes each indicator of a report once, refanged, with its type, category, to_ids and comment', async () => {
    const id = await newEvent('free text: report');
    const response = await api('POST', `/events/freeTextImport/${id}`, { value: REPORT });
    expect(response.status).toBe(200);
    const row = (
      type: string,
      value: string,
      original: string,
      toIds: number,
      category: string,
      comment?: unknown,
    ) => ({
      ...(comment === undefined ? {} : { comment }),
      value,
      original_value: original,
      to_ids: toIds,
      type,
      category,
      distribution: 5,
      event_id: id,
    });
    expect(response.body).toEqual([
      row(
        'url',
        'https://evil-cdn.com/payload.exe',
        'hxxps://evil-cdn[.]com/payload.exe',
        1,
        'Network activity',
        false,
      ),
      row('ip-dst|port', '185.220.101.4|8443', '185.220.101[.]4:8443', 1, 'Network activity', 'On port 8443'),
      row('email-src', 'admin@bad-mail.ru', 'admin[@]bad-mail.ru', 1, 'Payload delivery'),
      row('vulnerability', 'CVE-2021-44444', 'CVE-2021-44444', 0, 'External analysis'),
      row('AS', 'AS13335', 'AS13335', 0, 'Network activity'),
      row('md5', 'd41d8cd98f00b204e9800998ecf8427e', 'd41d8cd98f00b204e9800998ecf8427e', 1, 'Payload delivery'),
      row('filename', 'setup.exe', 'setup.exe', 1, 'Payload delivery'),
      row('hostname', 'c2.evil.xyz', 'c2.evil[.]xyz', 1, 'Network activity', false),
      row('ip-dst', '10.0.0.0/8', '10.0.0.0/8', 1, 'Network activity', false),
      row(
        'btc',
        'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
        'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
        1,
        'Financial fraud',
      ),
      row('regkey', 'HKLM\\Software\\Run', 'HKLM\\Software\\Run', 1, 'Persistence mechanism'),
      row('phone-number', '+1-202-555-0143', '+1-202-555-0143', 0, 'Person'),
    ]);
  });

  it('saves the proposals into the event and unpublishes it', async () => {
    const id = await newEvent('free text: saved');
    expect((await api('POST', `/events/publish/${id}`)).status).toBe(200);
    await api('POST', `/events/freeTextImport/${id}`, { value: '198.51.100.7 evil-example.com' });
    expect(await attributesOf(id)).toEqual([
      ['ip-dst', '198.51.100.7', true],
      ['domain', 'evil-example.com', true],
    ]);
    expect((await api('GET', `/events/view/${id}`)).body.Event.published).toBe(false);
    // Importing the same values again adds nothing.
    await api('POST', `/events/freeTextImport/${id}`, { value: '198.51.100.7, evil-example.com' });
    expect(await attributesOf(id)).toHaveLength(2);
  });

  it('answers every candidate type and saves nothing with returnMetaAttributes', async () => {
    const id = await newEvent('free text: meta');
    const response = await api('POST', `/events/freeTextImport/${id}`, {
      value: 'www.evil-example.co.uk 203.0.113.9',
      returnMetaAttributes: true,
    });
    expect(response.body).toEqual([
      {
        types: { hostname: 'hostname', domain: 'domain', url: 'url', filename: 'filename' },
        default_type: 'hostname',
        comment: false,
        value: 'www.evil-example.co.uk',
        original_value: 'www.evil-example.co.uk',
        to_ids: 1,
      },
      {
        types: { 'ip-dst': 'ip-dst', 'ip-src': 'ip-src', 'ip-src/ip-dst': 'ip-src/ip-dst' },
        default_type: 'ip-dst',
        value: '203.0.113.9',
        original_value: '203.0.113.9',
        to_ids: 1,
      },
    ]);
    expect(await attributesOf(id)).toEqual([]);
  });

  it('takes the distribution asked for, and drops or softens warninglisted values', async () => {
    const id = await newEvent('free text: warninglists');
    const hard = await api('POST', `/events/freeTextImport/${id}`, {
      value: '8.8.8.8 evil-freetext.com',
      adhereToWarninglists: 1,
      distribution: 1,
    });
    // The answer lists every value; only those on no enabled warninglist are saved.
    expect(hard.body.map((a: Json) => [a.value, a.distribution])).toEqual([
      ['8.8.8.8', 1],
      ['evil-freetext.com', 1],
    ]);
    expect(await attributesOf(id)).toEqual([['domain', 'evil-freetext.com', true]]);
    await api('POST', `/events/freeTextImport/${id}`, { value: '8.8.4.4', adhereToWarninglists: 'soft' });
    expect(await attributesOf(id)).toContainEqual(['ip-dst', '8.8.4.4', false]);
  });

  it('saves proposals, not attributes, for a user of another organisation', async () => {
    const id = await newEvent('free text: proposals');
    await api('POST', `/events/edit/${id}`, { distribution: 1 });
    const response = await api(
      'POST',
      `/events/freeTextImport/${id}`,
      { value: '198.51.100.9' },
      { key: partners.partnerKey },
    );
    expect(response.status).toBe(200);
    expect(await attributesOf(id)).toEqual([]);
    const proposals = (await api('GET', `/shadow_attributes/index/${id}`)).body;
    expect(JSON.stringify(proposals)).toContain('198.51.100.9');
  });

  it('answers MISP errors: a missing event, a GET, a read-only user, an empty text', async () => {
    const id = await newEvent('free text: errors');
    const missing = await api('POST', '/events/freeTextImport/999999', { value: '198.51.100.1' });
    expect([missing.status, missing.body.message]).toEqual([404, 'Invalid event.']);
    const get = await api('GET', `/events/freeTextImport/${id}`);
    expect([get.status, get.body.message]).toEqual([500, 'An Internal Error Has Occurred.']);
    const readOnly = await api(
      'POST',
      `/events/freeTextImport/${id}`,
      { value: '1.2.3.4' },
      { key: partners.readOnlyKey },
    );
    expect(readOnly.status).toBe(403);
    expect((await api('POST', `/events/freeTextImport/${id}`, { value: '' })).body).toEqual([]);
    expect((await api('POST', `/events/freeTextImport/${id}`, { value: 'no indicators here at all' })).body).toEqual(
      [],
    );
    const noValue = await api('POST', `/events/freeTextImport/${id}`, { text: '1.2.3.4' });
    expect([noValue.status, noValue.body.message]).toEqual([500, 'An Internal Error Has Occurred.']);
    expect(await attributesOf(id)).toEqual([]);
  });

  it('types every kind of indicator as MISP 2.5 does (the oracle-checked report of oracle/corpus/free-text.ts)', async () => {
    const id = await newEvent('free text: kinds');
    const text =
      'ops[at]bad-mail.ru sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 ' +
      'www.freetext-oracle.co.uk:8080 and 2001:db8::7; C:\\Users\\Public\\drop.dll, ' +
      'https://www.virustotal.com/gui/file/abc, 96:s4Ud1Lj96tHHlZDrwciQmA:s4Ud1Lj96tHHlZDrwciQmA, ' +
      'report.pdf|d41d8cd98f00b204e9800998ecf8427e, abcdefgh2kq3q4vxm.onion, evil.example, 1.2.3, 0, "", ' +
      'hxxp://198.51.100.23/gate[.]php?id=1 <tor.freetext-oracle.org>; admin@freetext-oracle.org.';
    const response = await api('POST', `/events/freeTextImport/${id}`, { value: text, returnMetaAttributes: 1 });
    expect(response.body.map((a: Json) => [a.default_type, a.value, a.comment])).toEqual([
      ['email-src', 'ops@bad-mail.ru', undefined],
      ['sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', undefined],
      ['hostname', 'www.freetext-oracle.co.uk', 'On port 8080'],
      ['ip-dst', '2001:db8::7', undefined],
      ['filename', 'C:\\Users\\Public\\drop.dll', undefined],
      ['link', 'https://www.virustotal.com/gui/file/abc', false],
      ['ssdeep', '96:s4Ud1Lj96tHHlZDrwciQmA:s4Ud1Lj96tHHlZDrwciQmA', undefined],
      ['filename|md5', 'report.pdf|d41d8cd98f00b204e9800998ecf8427e', undefined],
      ['domain', 'abcdefgh2kq3q4vxm.onion', false],
      // `.example` is no IANA top-level domain: a file name.
      ['filename', 'evil.example', undefined],
      ['url', 'http://198.51.100.23/gate.php?id=1', false],
      ['hostname', 'tor.freetext-oracle.org', false],
      ['email-src', 'admin@freetext-oracle.org', undefined],
    ]);
    expect(response.body[1].types).toEqual({
      sha256: 'sha256',
      authentihash: 'authentihash',
      'sha512/256': 'sha512/256',
      'x509-fingerprint-sha256': 'x509-fingerprint-sha256',
    });
  });

  it('reads a JSON document value by value', async () => {
    const id = await newEvent('free text: json');
    const response = await api('POST', `/events/freeTextImport/${id}`, {
      value: JSON.stringify({ iocs: { ip: '198.51.100.20', note: 'seen at evil-example.net' }, count: 3 }),
      returnMetaAttributes: 1,
    });
    expect(response.body.map((a: Json) => [a.default_type, a.value])).toEqual([
      ['ip-dst', '198.51.100.20'],
      // The whole string is tried too, and MISP takes it for a file name.
      ['filename', 'seen at evil-example.net'],
      ['domain', 'evil-example.net'],
    ]);
  });

  it('answers only as the contract describes, every status of the operation exercised', () => {
    // A GET is outside the contract (MISP renders its HTML form, which fails on the API).
    expect(checker.problems.filter((p) => !p.startsWith('GET '))).toEqual([]);
    expect([...(checker.exercised.get('freeTextImport') ?? [])].sort()).toEqual([200, 403, 404, 500]);
  });
});
