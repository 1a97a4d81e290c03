// restSearch export formats (csv, text, hashes) on both restSearch endpoints, byte for byte as MISP 2.5's
// export modules write them, with MISP's headers; unknown formats are MISP's 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../src/index.js';
import { type Api, type Json, withSandbox } from './helpers.js';

let misp: MispSandbox;
let api: Api;
let event: Json;

const HEADER =
  'uuid,event_id,category,type,value,comment,to_ids,date,object_relation,attribute_tag,object_uuid,object_name,object_meta_category';

beforeAll(async () => {
  ({ misp, api } = await withSandbox());
  const added = await api('POST', '/events/add', {
    info: 'export test',
    distribution: 1,
    Tag: [{ name: 'tlp:green' }],
    Attribute: [
      {
        type: 'md5',
        value: '0123456789abcdef0123456789abcd01',
        comment: 'a "quoted" comment, with comma',
        Tag: [{ name: 'export:tag' }],
      },
      {
        type: 'filename|sha256',
        value: 'x.exe|aa23456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
        to_ids: false,
      },
      { type: 'text', value: 'line1\nline2' },
      { type: 'float', value: '1.5' },
      { type: 'domain', value: 'dup.example' },
    ],
    Object: [
      {
        name: 'domain-ip',
        'meta-category': 'network',
        template_uuid: '43b3b146-77eb-4931-b4cc-b66c60f28734',
        template_version: '9',
        Attribute: [{ type: 'domain', object_relation: 'domain', value: 'dup.example' }],
      },
    ],
  });
  expect(added.status).toBe(200);
  event = added.body.Event;
});
afterAll(() => misp.close());

const lines = (text: string) => text.split('\n');

describe('csv', () => {
  it('attributes/restSearch writes MISP’s columns, quoting all but numbers, with a blank last line', async () => {
    const response = await api('POST', '/attributes/restSearch', { eventid: event.id, returnFormat: 'csv' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=UTF-8');
    expect(response.headers.get('x-result-count')).toBe('6');
    expect(response.headers.get('x-export-module-used')).toBe('csv');
    expect(response.headers.get('x-response-format')).toBe('csv');
    expect(response.headers.get('content-disposition')).toBeNull();
    const [md5, sha] = event.Attribute;
    const rows = lines(response.text);
    expect(rows[0]).toBe(HEADER);
    expect(rows[1]).toBe(
      `"${md5.uuid}",${event.id},"Payload delivery","md5","0123456789abcdef0123456789abcd01","a ""quoted"" comment, with comma",1,${md5.timestamp},"","export:tag","","",""`,
    );
    expect(rows[2]).toBe(
      `"${sha.uuid}",${event.id},"Payload delivery","filename|sha256","${sha.value}","",0,${sha.timestamp},"","","","",""`,
    );
    expect(rows[3]).toMatch(/"Other","text","line1$/);
    expect(rows[5]).toMatch(/"Other","float",1\.5,"",0,/);
    expect(response.text.endsWith('""\n\n')).toBe(true);
  });

  it('events/restSearch fills the object columns and names the download', async () => {
    const response = await api('POST', '/events/restSearch', { eventid: event.id, returnFormat: 'csv' });
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="misp.event.list.csv"');
    expect(response.headers.get('x-result-count')).toBe('1');
    const object = event.Object[0];
    expect(response.text).toContain(`,"domain","","${object.uuid}","domain-ip","network"\n`);
  });

  it('takes requested_attributes, includeContext and headerless', async () => {
    const response = await api('POST', '/attributes/restSearch', {
      eventid: event.id,
      type: 'md5',
      returnFormat: 'csv',
      requested_attributes: ['value', 'bogus'],
      includeContext: 1,
      headerless: 1,
    });
    expect(response.text).toBe(
      `"0123456789abcdef0123456789abcd01","","export test","ORGNAME","ORGNAME",1,"Undefined",0,"${event.date}","tlp:green",${event.timestamp}\n\n`,
    );
  });

  it('also answers to /restSearch/csv', async () => {
    const response = await api('POST', '/attributes/restSearch/csv', { eventid: event.id });
    expect(lines(response.text)[0]).toBe(HEADER);
  });
});

describe('text and hashes', () => {
  it('only export IDS attributes of published events unless told otherwise', async () => {
    const unpublished = await api('POST', '/attributes/restSearch', { eventid: event.id, returnFormat: 'text' });
    expect(unpublished.text).toBe('\n');
    const hashes = await api('POST', '/attributes/restSearch', { eventid: event.id, returnFormat: 'hashes' });
    expect(hashes.text).toBe('\n');
  });

  it('text lists each distinct value once, one per line', async () => {
    const response = await api('POST', '/events/restSearch', {
      eventid: event.id,
      returnFormat: 'text',
      published: [0, 1],
      to_ids: [0, 1],
    });
    expect(response.headers.get('content-type')).toBe('text/plain; charset=UTF-8');
    expect(response.headers.get('x-response-format')).toBe('text');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="misp.event.list.text"');
    expect(response.text).toBe(
      ['0123456789abcdef0123456789abcd01', event.Attribute[1].value, 'line1\nline2', '1.5', 'dup.example', ''].join(
        '\n',
      ),
    );
  });

  it('hashes gives the hashes, the hash half of filename|hash', async () => {
    const response = await api('POST', '/attributes/restSearch', {
      eventid: event.id,
      returnFormat: 'hashes',
      published: [0, 1],
      to_ids: [0, 1],
    });
    expect(response.headers.get('x-response-format')).toBe('txt');
    expect(response.text).toBe(
      '0123456789abcdef0123456789abcd01\naa23456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n',
    );
  });
});

describe('formats', () => {
  it('refuses an unknown returnFormat with MISP’s 404', async () => {
    const response = await api('POST', '/attributes/restSearch', { eventid: event.id, returnFormat: 'bogus' });
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      name: 'Invalid output format.',
      message: 'Invalid output format.',
      url: '/attributes/restSearch',
    });
  });

  it('answers 501 for a MISP format the sandbox does not write', async () => {
    const response = await api('POST', '/events/restSearch', { eventid: event.id, returnFormat: 'stix2' });
    expect(response.status).toBe(501);
    expect(response.body.message).toContain('stix2');
  });
});

describe('value lists of 20,000 and 100,000 values (once "too many SQL variables")', () => {
  for (const size of [20_000, 100_000]) {
    it(`${size.toLocaleString('en')} values: both restSearch endpoints, JSON, csv and includeCorrelations`, async () => {
      const values = [...Array.from({ length: size - 1 }, (_, i) => `absent-${i}.example`), 'dup.example'];
      const uuids = [
        ...Array.from({ length: size - 1 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`),
        event.Attribute[0].uuid,
      ];
      const attributes = await api('POST', '/attributes/restSearch', { value: values, includeCorrelations: 1 });
      expect(attributes.status).toBe(200);
      expect(attributes.body.response.Attribute).toHaveLength(2);
      const byUuid = await api('POST', '/attributes/restSearch', { uuid: uuids });
      expect(byUuid.body.response.Attribute.map((a: Json) => a.value)).toEqual([event.Attribute[0].value]);
      const events = await api('POST', '/events/restSearch', {
        value: values,
        eventid: [...values.slice(0, 10), event.id],
      });
      expect(events.status).toBe(200);
      expect(events.body.response.map((e: Json) => e.Event.id)).toEqual([event.id]);
      const csv = await api('POST', '/events/restSearch/csv', { value: values, tags: values });
      expect(csv.status).toBe(200);
    });
  }
});
