// attachment and malware-sample attributes with `data`, as MISP 2.5 answers them (checked against a real MISP):
// the bytes are kept as sent, returned in `data` by the views and by restSearch with withAttachments, and raw
// by attributes/download.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../src/index.js';
import { SpecChecker } from './accounts/spec-check.js';
import { type Api, type Json, withSandbox } from './helpers.js';

let misp: MispSandbox;
let api: Api;
let event: Json;
const checker = new SpecChecker();
const TEXT = 'hello attachment\n';
const DATA = Buffer.from(TEXT).toString('base64');
const files = (attributes: Json[]) =>
  attributes.filter((a) => a.type === 'attachment' || a.type === 'malware-sample').map((a) => [a.value, a.data]);

beforeAll(async () => {
  ({ misp } = await withSandbox());
  api = checker.api(misp);
  event = (
    await api('POST', '/events/add', {
      info: 'files',
      Attribute: [
        { type: 'attachment', value: 'note.txt', data: DATA },
        { type: 'malware-sample', value: 'evil.exe|00000000000000000000000000000000', data: DATA },
        { type: 'attachment', value: 'empty.png' },
        { type: 'ip-dst', value: '192.0.2.7' },
      ],
    })
  ).body.Event;
});
afterAll(() => misp.close());

const download = (id: string, accept = 'application/json') =>
  fetch(`${misp.url}/attributes/download/${id}`, { headers: { Authorization: misp.adminKey, Accept: accept } });

describe('attachments', () => {
  it('returns the files in events/view and attributes/view, "" when none was sent', async () => {
    const view = (await api('GET', `/events/view/${event.id}`)).body.Event;
    expect(files(view.Attribute)).toEqual([
      ['note.txt', DATA],
      ['evil.exe|00000000000000000000000000000000', DATA],
      ['empty.png', ''],
    ]);
    expect(view.Attribute.find((a: Json) => a.type === 'ip-dst')).not.toHaveProperty('data');
    const one = await api('GET', `/attributes/view/${event.Attribute[0].id}`);
    expect(one.body.Attribute.data).toBe(DATA);
  });

  it('returns them from the restSearch endpoints only with withAttachments', async () => {
    const events = async (extra: Json) =>
      (await api('POST', '/events/restSearch', { eventid: event.id, ...extra })).body.response[0].Event.Attribute;
    expect(files(await events({})).map(([, data]) => data)).toEqual([undefined, undefined, undefined]);
    expect(files(await events({ withAttachments: 1 })).map(([, data]) => data)).toEqual([DATA, DATA, '']);
    const attributes = async (extra: Json) =>
      (await api('POST', '/attributes/restSearch', { eventid: event.id, type: 'attachment', ...extra })).body.response
        .Attribute;
    expect(files(await attributes({}))).toEqual([
      ['note.txt', undefined],
      ['empty.png', undefined],
    ]);
    expect(files(await attributes({ withAttachments: 1 }))).toEqual([
      ['note.txt', DATA],
      ['empty.png', ''],
    ]);
  });

  it('downloads the raw bytes with the file name and its content type', async () => {
    const note = await download(event.Attribute[0].id);
    expect(note.status).toBe(200);
    expect(note.headers.get('content-type')).toBe('text/plain; charset=UTF-8');
    expect(note.headers.get('content-disposition')).toBe('attachment; filename="note.txt"');
    expect(await note.text()).toBe(TEXT);
    // A sample is stored as sent (PyMISP zips it with the password "infected") and named <name>.zip.
    const sample = await download(event.Attribute[1].id);
    expect(sample.headers.get('content-type')).toBe('application/zip');
    expect(sample.headers.get('content-disposition')).toBe('attachment; filename="evil.exe.zip"');
    expect(Buffer.from(await sample.arrayBuffer())).toEqual(Buffer.from(TEXT));
  });

  it('refuses what is not a visible file as MISP does', async () => {
    for (const id of [event.Attribute[3].id, '999999']) {
      const refused = await download(id);
      expect(refused.status).toBe(401);
      expect((await refused.json()).message).toBe(
        'Attribute does not exist or you do not have the permission to download this attribute.',
      );
    }
    const invalid = await download('abc');
    expect([invalid.status, (await invalid.json()).message]).toEqual([404, 'Invalid attribute ID.']);
    expect((await download(event.Attribute[2].id)).status).toBe(404);
  });

  it('answered as the contract says', () => {
    expect(checker.problems).toEqual([]);
  });
});
