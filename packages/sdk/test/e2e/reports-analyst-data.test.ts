// Event reports and analyst data through the generated methods (`misp.eventReports.*`, `misp.analystData.*`), against the MISP sandbox over HTTP (or a
// real MISP, see sandbox.ts): a report's life from add to hard delete, the filters of the index, the report in
// the event view, notes and opinions on an event and on each other, and MISP's refusals as typed errors.
import { beforeAll, describe, expect, it } from 'vitest';
import { type MispClient, MispNotFoundError } from '../../src/index.js';
import { failure, useSandbox } from './sandbox.js';

const e2e = useSandbox();
const run = Date.now().toString(36);
let eventId: string;

let misp: MispClient;
beforeAll(async () => {
  misp = e2e.misp;
  const event = await misp.events.add({ info: `SDK report event ${run}`, distribution: '1' });
  eventId = event.id;
});

describe('eventReports', () => {
  it('add, get by id and uuid, edit, soft delete, restore, hard delete', async () => {
    const report = await misp.eventReports.add(eventId, {
      name: `Incident write-up ${run}`,
      content: '# Timeline\n\n* first contact',
      distribution: 5,
    });
    expect(report).toMatchObject({ event_id: eventId, distribution: '5', deleted: false });
    expect((await misp.eventReports.get(report.uuid)).id).toBe(report.id);

    const edited = await misp.eventReports.edit(report.id, { content: '# Timeline\n\n* second contact' });
    expect(edited).toMatchObject({ name: `Incident write-up ${run}`, content: '# Timeline\n\n* second contact' });

    expect((await misp.eventReports.delete(report.id)).message).toBe(`Event Report ${report.id} soft deleted`);
    expect((await misp.eventReports.get(report.id)).deleted).toBe(true);
    const inEvent = (await misp.events.get(eventId)).EventReport ?? [];
    expect(inEvent.find((r) => r.id === report.id)?.deleted).toBe(true);

    expect((await misp.eventReports.restore(report.id)).message).toBe(`Event Report ${report.id} restored`);
    expect((await misp.eventReports.get(report.id)).deleted).toBe(false);

    expect((await misp.eventReports.hardDelete(report.id)).message).toBe(`Event Report ${report.id} hard deleted`);
    await expect(misp.eventReports.get(report.id)).rejects.toBeInstanceOf(MispNotFoundError);
  });

  it('lists live reports, by event, by text and with the deleted ones', async () => {
    const kept = await misp.eventReports.add(eventId, { name: `Kept ${run}`, content: `needle-${run}` });
    const gone = await misp.eventReports.add(eventId, { name: `Gone ${run}` });
    await misp.eventReports.delete(gone.id, { hard: 0 });
    const names = (reports: { name: string }[]) => reports.map((r) => r.name);
    expect(names(await misp.eventReports.list({ event_id: eventId }))).toEqual([`Kept ${run}`]);
    expect(names(await misp.eventReports.list({ event_id: eventId, context: 'all' }))).toEqual([
      `Kept ${run}`,
      `Gone ${run}`,
    ]);
    expect(names(await misp.eventReports.list({ value: `NEEDLE-${run}` }))).toEqual([`Kept ${run}`]);
    expect((await misp.eventReports.listAll()).map((r) => r.id)).toContain(kept.id);
    await misp.eventReports.delete(kept.id, { hard: 1 });
    await misp.eventReports.delete(gone.id, { hard: 1 });
  });

  it('deletes by the path form MISP documents, /eventReports/delete/{id}/{hard}', async () => {
    const soft = await misp.eventReports.add(eventId, { name: `Path soft ${run}` });
    expect((await misp.eventReports.deleteWithHardFlag(soft.id, '0')).message).toBe(
      `Event Report ${soft.id} soft deleted`,
    );
    expect((await misp.eventReports.get(soft.id)).deleted).toBe(true);
    expect((await misp.eventReports.deleteWithHardFlag(soft.id, '1')).message).toBe(
      `Event Report ${soft.id} hard deleted`,
    );
    expect(await failure(misp.eventReports.get(soft.id))).toMatchObject({ code: 'misp_not_found' });
  });

  it('refuses a nameless report (MispValidationError), a read-only user and an unknown report', async () => {
    expect(await failure(misp.eventReports.add(eventId, { content: 'no name' }))).toMatchObject({
      code: 'misp_validation',
      status: 403,
      message: expect.stringContaining('Could not add EventReport'),
    });
    expect(await failure(e2e.readOnly.eventReports.add(eventId, { name: 'read-only' }))).toMatchObject({
      code: 'misp_forbidden',
      status: 403,
    });
    expect(await failure(misp.eventReports.get('999999'))).toMatchObject({ code: 'misp_not_found', status: 404 });
    expect(await failure(misp.eventReports.add('999999', { name: 'nowhere' }))).toMatchObject({
      code: 'misp_not_found',
    });
  });
});

describe('analystData', () => {
  it('a note on an event, an opinion on the note, both in the event view; edit and delete', async () => {
    const event = await misp.events.get(eventId);
    const { Note: note } = await misp.analystData.add('Note', event.uuid, 'Event', { note: `Seen before ${run}` });
    expect(note).toMatchObject({ object_uuid: event.uuid, object_type: 'Event', note_type: 0, _canEdit: true });
    const { Opinion: opinion } = await misp.analystData.add('Opinion', String(note?.uuid), 'Note', { opinion: 80 });
    expect(opinion).toMatchObject({ opinion: '80', object_type: 'Note' });

    const viewed = (await misp.analystData.get('Note', String(note?.id))).Note;
    expect(viewed?.Opinion?.map((o) => o.id)).toEqual([opinion?.id]);
    const inEvent = (await misp.events.get(eventId)) as { Note?: { id: string; Opinion?: { id: string }[] }[] };
    expect(inEvent.Note?.find((n) => n.id === note?.id)?.Opinion?.[0]?.id).toBe(opinion?.id);

    expect((await misp.analystData.edit('Note', String(note?.id), { language: 'fr' })).Note?.language).toBe('fr');
    expect((await misp.analystData.list('Opinion')).some((o) => o.Opinion?.id === opinion?.id)).toBe(true);
    expect((await misp.analystData.delete('Opinion', String(opinion?.id))).message).toBe('Opinion deleted.');
    expect((await misp.analystData.delete('Note', String(note?.id))).saved).toBe(true);
    expect(await failure(misp.analystData.get('Note', String(note?.id)))).toMatchObject({ code: 'misp_not_found' });
  });

  it('events.add saves a report and the analyst data in the payload; a relationship names its target', async () => {
    const event = await misp.events.add({
      info: `SDK analyst payload ${run}`,
      distribution: '1',
      Attribute: [{ type: 'ip-dst', value: '198.51.100.99', Note: [{ note: `On the address ${run}` }] }],
      EventReport: [{ name: `Payload report ${run}`, content: '# Payload' }],
      Opinion: [{ opinion: 70, comment: 'likely' }],
    });
    const attribute = event.Attribute?.[0];
    await misp.analystData.add('Relationship', event.uuid, 'Event', {
      relationship_type: 'mentions',
      related_object_uuid: String(attribute?.uuid),
      related_object_type: 'Attribute',
    });
    const viewed = (await misp.events.get(event.id)) as {
      EventReport?: { name: string }[];
      Opinion?: { opinion: string }[];
      Relationship?: { related_object: { Attribute?: { uuid: string; value: string } } }[];
      Attribute?: { Note?: { note: string }[] }[];
    };
    expect(viewed.EventReport?.map((r) => r.name)).toEqual([`Payload report ${run}`]);
    expect(viewed.Opinion?.map((o) => o.opinion)).toEqual(['70']);
    expect(viewed.Attribute?.[0]?.Note?.map((n) => n.note)).toEqual([`On the address ${run}`]);
    expect(viewed.Relationship?.[0]?.related_object.Attribute).toMatchObject({
      uuid: attribute?.uuid,
      value: '198.51.100.99',
    });
  });

  it('a read-only user may not add analyst data (MispForbiddenError)', async () => {
    const event = await misp.events.get(eventId);
    expect(await failure(e2e.readOnly.analystData.add('Note', event.uuid, 'Event', { note: 'no' }))).toMatchObject({
      code: 'misp_forbidden',
      status: 403,
    });
  });
});
