// A realistic MISP event (fixtures/phishing-event.json, shaped like MISP's export: email, file, url and
// domain-ip objects from MISP's templates, references between them and to a standalone attribute, attribute
// tags, event tags, galaxy cluster tags, first/last seen, an event report, and MISP 2.5 analyst data — notes,
// opinions and a relationship on the event, on attributes and on an object, with a note's own notes and opinions
// nested in it) goes add → view → edit (the viewed JSON sent back, as PyMISP's update_event does) → view, and
// nothing is lost or changed on the way.
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
  analyst: analystData(a),
});
/** An analyst data entry as it must survive: who wrote it when, what it says, what it is about, its nested entries. */
const analystEntry = (d: Json): Json => ({
  uuid: d.uuid,
  object_uuid: d.object_uuid,
  object_type: d.object_type,
  authors: d.authors,
  created: d.created,
  modified: d.modified,
  distribution: String(d.distribution),
  ...Object.fromEntries(
    ['note', 'language', 'opinion', 'comment', 'relationship_type', 'related_object_uuid', 'related_object_type']
      .filter((k) => d[k] !== undefined)
      .map((k) => [k, String(d[k])]),
  ),
  ...analystData(d),
});
function analystData(element: Json): Json {
  const lists: Json = {};
  for (const kind of ['Note', 'Opinion', 'Relationship']) {
    if (element[kind]?.length) lists[kind] = element[kind].map(analystEntry);
  }
  return lists;
}
const report = (r: Json) => ({
  uuid: r.uuid,
  name: r.name,
  content: r.content,
  distribution: String(r.distribution),
  sharing_group_id: String(r.sharing_group_id),
  timestamp: String(r.timestamp),
  deleted: Boolean(r.deleted),
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
      analyst: analystData(o),
    })),
    reports: (event.EventReport ?? []).map(report),
    analyst: analystData(event),
  };
}

/** events/add and /edit answer without analyst data (as MISP's fetchEvent there): the rest must match. */
function withoutAnalystData(essential: Json): Json {
  const strip = (x: Json) => {
    const { analyst: _analyst, ...rest } = x;
    return rest;
  };
  return {
    ...strip(essential),
    attributes: essential.attributes.map(strip),
    objects: essential.objects.map((o: Json) => ({ ...strip(o), attributes: o.attributes.map(strip) })),
  };
}

describe('an event with objects and references round-trips', () => {
  let added: Json;
  let viewed: Json;

  it('events/add keeps every object, attribute, reference, tag and seen time', async () => {
    const r = await api('POST', '/events/add', fixture);
    expect(r.status).toBe(200);
    added = r.body.Event;
    expect(withoutAnalystData(essence(added))).toEqual(withoutAnalystData(essence(fixture.Event)));
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
    // The relationship names its target as MISP does; entries are the importing organisation's.
    expect(viewed.Relationship[0].related_object.Object).toMatchObject({ name: 'file', uuid: file.uuid });
    expect(viewed.Note[0]).toMatchObject({ _canEdit: true, locked: false, Orgc: { name: 'ORGNAME' } });
    expect(viewed.Note[0].Opinion[0]).toMatchObject({ opinion: '90', object_type: 'Note' });
  });

  it('events/edit with the viewed event sent back (no event timestamp) changes nothing; a changed attribute is updated in place', async () => {
    // As PyMISP sends an edited event: without the event's timestamp (MISP refuses one that is not newer),
    // each attribute and object with the timestamp it had (so MISP skips the unchanged ones).
    const { timestamp: _timestamp, ...resent } = viewed;
    const unchanged = await api('POST', `/events/edit/${viewed.id}`, { Event: resent });
    expect(unchanged.status, JSON.stringify(unchanged.body).slice(0, 400)).toBe(200);
    expect(withoutAnalystData(essence(unchanged.body.Event))).toEqual(withoutAnalystData(essence(fixture.Event)));
    expect(essence((await api('GET', `/events/view/${viewed.id}`)).body.Event)).toEqual(essence(fixture.Event));

    const edited = structuredClone(resent);
    const subject = edited.Object[0].Attribute.find((a: Json) => a.object_relation === 'subject');
    subject.value = 'Final notice: invoice #44871';
    // PyMISP drops the timestamps of what was edited: the attribute's, and its object's (MISP skips an object,
    // attributes included, whose timestamp is not newer than the stored one).
    delete subject.timestamp;
    delete edited.Object[0].timestamp;
    const before = misp.db.prepare('SELECT COUNT(*) AS n FROM attributes').get();
    // A report edited (PyMISP drops its timestamp too) and a new note on an attribute come along.
    edited.EventReport[0].content = '# Summary\n\nUpdated after the takedown.\n';
    delete edited.EventReport[0].timestamp;
    const newNote = { uuid: '5f0c3d3e-0009-4a00-8000-0000000a0010', note: 'Taken down on 12 February.' };
    edited.Attribute[0].Note.push(newNote);
    const r = await api('POST', `/events/edit/${viewed.id}`, { Event: edited });
    expect(r.status).toBe(200);
    expect(misp.db.prepare('SELECT COUNT(*) AS n FROM attributes').get()).toEqual(before);

    const after = (await api('GET', `/events/view/${viewed.id}`)).body.Event;
    const expected = essence(fixture.Event);
    const subjectRow = expected.objects[0]?.attributes.find((a: Json) => a.object_relation === 'subject');
    if (subjectRow) subjectRow.value = 'Final notice: invoice #44871';
    const [editedReport] = after.EventReport;
    expect(editedReport.timestamp).not.toBe(fixture.Event.EventReport[0].timestamp);
    Object.assign(expected.reports[0], { content: editedReport.content, timestamp: editedReport.timestamp });
    expect(editedReport.content).toBe('# Summary\n\nUpdated after the takedown.\n');
    const [addedNote] = after.Attribute[0].Note.slice(-1);
    expect(addedNote).toMatchObject({ ...newNote, object_type: 'Attribute', object_uuid: after.Attribute[0].uuid });
    expected.attributes[0].analyst.Note.push(analystEntry(addedNote));
    expect(essence(after)).toEqual(expected);
    expect(after.Object.map((o: Json) => o.id)).toEqual(viewed.Object.map((o: Json) => o.id));
  });
});
