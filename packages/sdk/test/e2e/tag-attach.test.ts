// Tags on events and attributes by tag id (events/addTag, events/removeTag, attributes/addTag,
// attributes/removeTag) through the generated methods, against the MISP sandbox over HTTP (or a real MISP):
// MISP answers most refusals with HTTP 200 `saved: false`, which the SDK turns into MispValidationError.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MispClient } from '../../src/index.js';
import { useSandbox } from './sandbox.js';

const e2e = useSandbox();
const run = Date.now().toString(36);
const admin = (): MispClient => e2e.client({ apiKey: e2e.sandbox.adminKey });
const partner = (): MispClient =>
  e2e.client({ apiKey: e2e.sandbox.users.find((u) => u.org === 'Northwind CERT')?.key as string });

let one: string;
let two: string;
beforeAll(async () => {
  one = (await admin().tags.add({ name: `e2e-tag-attach:one-${run}` })).id;
  two = (await admin().tags.add({ name: `e2e-tag-attach:two-${run}` })).id;
});

async function newEvent() {
  return e2e.misp.events.add({
    Event: {
      info: `tag attach e2e ${run}`,
      distribution: '0',
      // A uuid that starts with a letter: MISP looks attributes/removeTag up by id only, and MySQL casts a uuid
      // compared with the numeric id to its leading digits ("1dd0…" finds attribute 1).
      Attribute: [{ type: 'domain', value: `tag-attach-${run}.example`, uuid: `f${randomUUID().slice(1)}` }],
    },
  });
}

const tagsOf = (tags: { name: string; local?: boolean }[] | undefined) =>
  (tags ?? []).filter((t) => t.name.startsWith('e2e-tag-attach:')).map((t) => [t.name, Boolean(t.local)]);

describe('events.addTag / events.removeTag', () => {
  it('attaches a tag globally and locally by id, and removes it', async () => {
    const event = await newEvent();
    expect(await e2e.misp.events.addTag(event.id, one)).toEqual({
      saved: true,
      success: 'Tag added.',
      check_publish: true,
    });
    expect(await e2e.misp.events.addTag(event.uuid, two, { local: true })).toMatchObject({ saved: true });
    const viewed = await e2e.misp.events.get(event.id);
    expect(tagsOf(viewed.Tag)).toEqual([
      [`e2e-tag-attach:one-${run}`, false],
      [`e2e-tag-attach:two-${run}`, true],
    ]);
    expect(await e2e.misp.events.removeTag(event.id, two)).toEqual({
      saved: true,
      success: 'Tag removed.',
      check_publish: false,
    });
    expect(await e2e.misp.events.removeTag(event.id, one)).toMatchObject({ check_publish: true });
    expect(tagsOf((await e2e.misp.events.get(event.id)).Tag)).toEqual([]);
  });

  it('reports MISP’s HTTP 200 refusals as MispValidationError, in MISP’s words', async () => {
    const event = await newEvent();
    await e2e.misp.events.addTag(event.id, one);
    const refusal = (message: string) => ({ code: 'misp_validation', status: 200, message });
    await expect(e2e.misp.events.addTag(event.id, one)).rejects.toMatchObject(
      refusal('Tag is already attached to this event.'),
    );
    await expect(e2e.misp.events.addTag(event.id, '999999')).rejects.toMatchObject(refusal('Tag not found.'));
    await expect(e2e.misp.events.addTag('999999', one)).rejects.toMatchObject(refusal('Invalid event.'));
    await expect(e2e.misp.events.removeTag(event.id, two)).rejects.toMatchObject(
      refusal('Invalid event - tag combination.'),
    );
    await expect(partner().events.addTag(event.id, two)).rejects.toMatchObject(
      refusal("You don't have permission to do that."),
    );
    await expect(e2e.readOnly.events.addTag(event.id, two)).rejects.toMatchObject({
      code: 'misp_forbidden',
      status: 403,
    });
  });

  it('refuses a tag name before sending it (MISP would read `tlp:red` as a named parameter)', async () => {
    const before = e2e.sandbox.stats().requests;
    await expect(e2e.misp.events.addTag('1', 'tlp:red')).rejects.toMatchObject({
      code: 'misp_validation',
      message: 'Invalid tagId "tlp:red": expected a numeric id or a UUID',
    });
    expect(e2e.sandbox.stats().requests).toBe(before);
  });
});

describe('attributes.addTag / attributes.removeTag', () => {
  it('attaches by id or uuid and removes by id; refusals are MispValidationError, unknown attributes 404', async () => {
    const event = await newEvent();
    const attribute = event.Attribute?.[0];
    if (!attribute) throw new Error('the event has no attribute');
    expect(await e2e.misp.attributes.addTag(attribute.id, one)).toEqual({
      saved: true,
      success: 'Tag added.',
      check_publish: true,
    });
    expect(await e2e.misp.attributes.addTag(attribute.uuid, two, { local: 1 })).toMatchObject({ saved: true });
    expect(tagsOf((await e2e.misp.attributes.get(attribute.id)).Tag)).toEqual([
      [`e2e-tag-attach:one-${run}`, false],
      [`e2e-tag-attach:two-${run}`, true],
    ]);
    await expect(e2e.misp.attributes.addTag(attribute.id, one)).rejects.toMatchObject({
      code: 'misp_validation',
      message: 'Tag could not be added.',
    });
    await expect(e2e.misp.attributes.addTag('999999', one)).rejects.toMatchObject({
      code: 'misp_not_found',
      status: 404,
    });
    expect(await e2e.misp.attributes.removeTag(attribute.id, two)).toEqual({
      saved: true,
      success: 'Tag removed.',
      check_publish: false,
    });
    await expect(e2e.misp.attributes.removeTag(attribute.id, two)).rejects.toMatchObject({
      code: 'misp_validation',
      message: 'Invalid attribute - tag combination.',
    });
    await expect(partner().attributes.removeTag(attribute.id, one)).rejects.toMatchObject({
      code: 'misp_validation',
      message: 'You do not have permission to do that.',
    });
    // removeTag looks the attribute up by id only.
    await expect(e2e.misp.attributes.removeTag(attribute.uuid, one)).rejects.toMatchObject({
      code: 'misp_not_found',
      message: 'Invalid attribute',
    });
  });
});
