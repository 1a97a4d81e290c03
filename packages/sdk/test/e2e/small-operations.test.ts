// Small operations through the generated methods, against the MISP sandbox over HTTP (or a real MISP, see
// sandbox.ts): the instance uuid, the sightings of an event and deleting one, and one user setting by id.
import { describe, expect, it } from 'vitest';
import { useSandbox } from './sandbox.js';

const e2e = useSandbox();
const run = Date.now().toString(36);
const admin = () => e2e.client({ apiKey: e2e.sandbox.adminKey });

describe('servers/getInstanceUUID', () => {
  it('is the MISP.uuid setting, and only for sync roles and site admins', async () => {
    const { uuid } = await admin().server.instanceUuid();
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect((await admin().server.getSetting('MISP.uuid')).value).toBe(uuid);
    await expect(e2e.misp.server.instanceUuid()).rejects.toMatchObject({ code: 'misp_forbidden', status: 403 });
  });
});

describe('sightings of an event', () => {
  it('lists them, and deletes one (a read-only user may not)', async () => {
    const event = await e2e.misp.events.add({
      Event: {
        info: `small operations e2e ${run}`,
        distribution: '0',
        Attribute: [{ type: 'domain', value: `sighted-${run}.example` }],
      },
    });
    const attribute = event.Attribute?.[0];
    const sighting = await e2e.misp.sightings.addToAttribute(attribute?.id as string, { source: `e2e ${run}` });
    const listed = await e2e.misp.sightings.listForEvent(event.id);
    expect(listed.map((s) => [s.id, s.source, s.attribute_uuid])).toEqual([
      [sighting.id, `e2e ${run}`, attribute?.uuid],
    ]);
    await expect(e2e.readOnly.sightings.delete(sighting.id)).rejects.toMatchObject({
      code: 'misp_forbidden',
      status: 403,
    });
    const deleted = await e2e.misp.sightings.delete(sighting.id);
    expect(deleted).toMatchObject({ saved: true, message: 'Sighting successfully deleted.', id: sighting.id });
    expect(await e2e.misp.sightings.listForEvent(event.id)).toEqual([]);
    await expect(e2e.misp.sightings.delete(sighting.id)).rejects.toMatchObject({
      code: 'misp_not_found',
      status: 404,
    });
    expect(await e2e.misp.sightings.listForEvent('999999')).toEqual([]);
  });
});

describe('user_settings/view', () => {
  it('gives one setting by id; an unknown id is not found', async () => {
    const set = await e2e.misp.userSettings.set({ setting: 'homepage', value: { path: `/events/index/${run}` } });
    expect(await e2e.misp.userSettings.view(set.id)).toEqual(set);
    await e2e.misp.userSettings.delete(set.id);
    await expect(e2e.misp.userSettings.view(set.id)).rejects.toMatchObject({ code: 'misp_not_found', status: 404 });
  });
});
