// A realistic MISP event (fixtures/phishing-event.json, shaped like MISP's export: email, file, url and
// domain-ip objects from MISP's templates, references between them and to a standalone attribute, attribute
// tags, event tags, galaxy cluster tags, first/last seen) goes add → view → edit (the viewed JSON sent back,
// as PyMISP's update_event does) → view, and nothing is lost or changed on the way.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../src/index.js';
import { type Api, type Json, withSandbox } from './helpers.js';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/phishing-event.json', import.meta.url), 'utf8'));

let misp: MispSandbox;
let api: Api;

beforeAll(async () => {
  ({ misp, api } = await withSandbox());
});
afterAll(() => misp.close());

const tags = (list: Json[] | undefined) => (list ?? []).map((t) => t.name).sort();
const attribute = (a: Json) => ({
  uuid: a.uuid,
  object_relation: a.object_relation ?? null,
  type: a.type,
  category: a.category,
  value: a.value,
  to_ids: Boolean(a.to_ids),
  comment: a.comment ?? '',
  first_seen: a.first_seen ?? null,
  last_seen: a.last_seen ?? null,
  tags: tags(a.Tag),
});
const reference = (r: Json) => ({
  uuid: r.uuid,
  referenced_uuid: r.referenced_uuid,
  relationship_type: r.relationship_type,
  comment: r.comment ?? '',
});
/** What must survive: the event's own fields, its tags, and every attribute, object and reference. */
function essence(event: Json) {
  return {
    uuid: event.uuid,
    info: event.info,
    date: event.date,
    threat_level_id: String(event.threat_level_id),
    analysis: String(event.analysis),
    distribution: String(event.distribution),
    tags: tags(event.Tag),
    attributes: (event.Attribute ?? []).map(attribute),
    objects: (event.Object ?? []).map((o: Json) => ({
      uuid: o.uuid,
      name: o.name,
      'meta-category': o['meta-category'],
      description: o.description,
      template_uuid: o.template_uuid,
      template_version: String(o.template_version),
      comment: o.comment ?? '',
      first_seen: o.first_seen ?? null,
      last_seen: o.last_seen ?? null,
      attributes: (o.Attribute ?? []).map(attribute),
      references: (o.ObjectReference ?? []).map(reference),
    })),
  };
}

describe('an event with objects and references round-trips', () => {
  let added: Json;
  let viewed: Json;

  it('events/add keeps every object, attribute, reference, tag and seen time', async () => {
    const r = await api('POST', '/events/add', fixture);
    expect(r.status).toBe(200);
    added = r.body.Event;
    expect(essence(added)).toEqual(essence(fixture.Event));
  });

  it('events/view shows the same, with each reference resolved to its target', async () => {
    const r = await api('GET', `/events/view/${added.uuid}`);
    viewed = r.body.Event;
    expect(essence(viewed)).toEqual(essence(fixture.Event));
    const [email, file, , domainIp] = viewed.Object;
    expect(email.ObjectReference.map((x: Json) => [x.referenced_type, x.Object?.name])).toEqual([
      ['1', 'file'],
      ['1', 'url'],
    ]);
    expect(file.ObjectReference[0].Object).toMatchObject({ name: 'domain-ip', 'meta-category': 'network' });
    expect(domainIp.ObjectReference[0]).toMatchObject({
      referenced_type: '0',
      Attribute: { value: '198.51.100.77', type: 'ip-dst', category: 'Network activity', to_ids: true },
    });
    expect(viewed.Galaxy.map((g: Json) => g.type).sort()).toEqual(['mitre-attack-pattern', 'threat-actor']);
    const sha256 = file.Attribute.find((a: Json) => a.object_relation === 'sha256');
    expect(sha256.Galaxy.map((g: Json) => g.type)).toEqual(['mitre-attack-pattern']);
  });

  it('events/edit with the viewed event sent back (no event timestamp) changes nothing; a changed attribute is updated in place', async () => {
    // As PyMISP sends an edited event: without the event's timestamp (MISP refuses one that is not newer),
    // each attribute and object with the timestamp it had (so MISP skips the unchanged ones).
    const { timestamp: _timestamp, ...resent } = viewed;
    const unchanged = await api('POST', `/events/edit/${viewed.id}`, { Event: resent });
    expect(unchanged.status, JSON.stringify(unchanged.body).slice(0, 400)).toBe(200);
    expect(essence(unchanged.body.Event)).toEqual(essence(fixture.Event));

    const edited = structuredClone(resent);
    const subject = edited.Object[0].Attribute.find((a: Json) => a.object_relation === 'subject');
    subject.value = 'Final notice: invoice #44871';
    // PyMISP drops the timestamps of what was edited: the attribute's, and its object's (MISP skips an object,
    // attributes included, whose timestamp is not newer than the stored one).
    delete subject.timestamp;
    delete edited.Object[0].timestamp;
    const before = misp.db.prepare('SELECT COUNT(*) AS n FROM attributes').get();
    const r = await api('POST', `/events/edit/${viewed.id}`, { Event: edited });
    expect(r.status).toBe(200);
    expect(misp.db.prepare('SELECT COUNT(*) AS n FROM attributes').get()).toEqual(before);

    const after = (await api('GET', `/events/view/${viewed.id}`)).body.Event;
    const expected = essence(fixture.Event);
    const subjectRow = expected.objects[0]?.attributes.find((a: Json) => a.object_relation === 'subject');
    if (subjectRow) subjectRow.value = 'Final notice: invoice #44871';
    expect(essence(after)).toEqual(expected);
    expect(after.Object.map((o: Json) => o.id)).toEqual(viewed.Object.map((o: Json) => o.id));
  });
});
