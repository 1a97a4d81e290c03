// Correlations, correlation exclusions and restSearch exports through the generated methods, against the
// MISP sandbox over HTTP (or a real MISP, see sandbox.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import type { MispClient } from '../../src/index.js';
import { useSandbox } from './sandbox.js';

const e2e = useSandbox();
let admin: MispClient;
const run = Date.now().toString(36);

beforeAll(() => {
  admin = e2e.client({ apiKey: e2e.sandbox.adminKey });
});

describe('correlations', () => {
  it('events sharing a value list each other in RelatedEvent; attributes carry RelatedAttribute on request', async () => {
    const value = `sdk-corr-${run}.example`;
    const first = await e2e.misp.events.add({
      info: `SDK correlation A ${run}`,
      Attribute: [{ type: 'domain', value }],
    });
    const second = await e2e.misp.events.add({
      info: `SDK correlation B ${run}`,
      Attribute: [{ type: 'hostname', value }],
    });
    const view = await e2e.misp.events.get(first.id);
    expect(view.RelatedEvent?.map((r) => r.Event.id)).toEqual([second.id]);
    const found = await e2e.misp.attributes.search({ value, includeCorrelations: 1 });
    const fromFirst = found.find((a) => a.event_id === first.id);
    expect(fromFirst?.RelatedAttribute?.map((r) => r.event_id)).toEqual([second.id]);
  });
});

describe('correlation exclusions', () => {
  it('add, list, get, edit, clean and delete (site admin)', async () => {
    const value = `%.sdk-excluded-${run}.example`;
    const added = await admin.correlationExclusions.add({ value, comment: 'CDN noise' });
    expect(added).toMatchObject({ value, comment: 'CDN noise', from_json: false });
    expect((await admin.correlationExclusions.list()).map((x) => x.value)).toContain(value);
    expect((await admin.correlationExclusions.get(added.id)).value).toBe(value);
    expect((await admin.correlationExclusions.edit(added.id, { comment: 'still noise' })).comment).toBe('still noise');
    expect((await admin.correlationExclusions.clean()).success).toBe(true);
    expect((await admin.correlationExclusions.delete(added.id)).success).toBe(true);
  });
});

describe('exports', () => {
  it('attributes.export returns the CSV text; events.export the text list', async () => {
    const value = `sdk-export-${run}.example`;
    const event = await e2e.misp.events.add({
      info: `SDK export ${run}`,
      Attribute: [{ type: 'domain', value, to_ids: true }],
    });
    const csv = await e2e.misp.attributes.export('csv', { eventid: event.id });
    expect(typeof csv).toBe('string');
    expect(String(csv).split('\n')[0]).toBe(
      'uuid,event_id,category,type,value,comment,to_ids,date,object_relation,attribute_tag,object_uuid,object_name,object_meta_category',
    );
    expect(String(csv)).toContain(`"domain","${value}"`);
    // text is a restrictive export: only IDS attributes of published events.
    expect(await e2e.misp.events.export('text', { eventid: event.id })).toBe('\n');
    await e2e.misp.events.publish(event.id);
    const text = await e2e.misp.events.export('text', { eventid: event.id });
    expect(text).toBe(`${value}\n`);
  });
});
