// events/addTag, events/removeTag, attributes/addTag and attributes/removeTag, with the answers a real MISP 2.5.1
// gave to the same requests (most failures are HTTP 200 `saved: false`, each controller in its own words).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox, Partners } from '../src/index.js';
import { SpecChecker } from './accounts/spec-check.js';
import { type Api, type Json, withPartners } from './helpers.js';
import { TAG_ATTACH_OPERATIONS } from './tag-attach-operations.js';

let misp: MispSandbox;
/** Requests in the contract's form, checked against it. */
let api: Api;
/** MISP's other forms (the tag in the body, a name:value segment), which the contract does not describe. */
let loose: Api;
let partners: Partners;
const checker = new SpecChecker();
const tags: Record<string, string> = {};
let eventId: string;
let eventUuid: string;
let partnerEventId: string;
let privateEventId: string;
let attributeId: string;
let attributeUuid: string;
let privateAttributeId: string;

const as = (key: string) => ({ key });
const answer = (r: Json) => [r.status, r.body];
const refused = (errors: string) => [200, { saved: false, errors }];
type TagLink = { name: string; local: number };
const eventTags = (id: string) =>
  misp.db
    .prepare(
      'SELECT t.name, et.local FROM event_tags et JOIN tags t ON t.id = et.tag_id WHERE et.event_id = ? ORDER BY et.id',
    )
    .all(Number(id)) as TagLink[];
const attributeTags = (id: string) =>
  misp.db
    .prepare(
      'SELECT t.name, x.local FROM attribute_tags x JOIN tags t ON t.id = x.tag_id WHERE x.attribute_id = ? ORDER BY x.id',
    )
    .all(Number(id)) as TagLink[];
const published = (id: string) =>
  (misp.db.prepare('SELECT published FROM events WHERE id = ?').get(Number(id)) as { published: number }).published;

beforeAll(async () => {
  let raw: Api;
  ({ misp, api: raw, partners } = await withPartners());
  loose = raw;
  api = async (method, path, body, options) => checker.check(method, path, await raw(method, path, body, options));
  for (const name of ['tlp:green', 'tlp:red', 'tlp:amber', 'oracle:custom', 't:a', 't:b', 'local:only', 'org2:only']) {
    tags[name] = (await raw('POST', '/tags/add', { Tag: { name } })).body.Tag.id;
  }
  await raw('POST', `/tags/edit/${tags['local:only']}`, { Tag: { local_only: 1 } });
  await raw('POST', `/tags/edit/${tags['org2:only']}`, {
    Tag: { org_id: partners.organisations['Northwind CERT'] },
  });
  const event = await raw('POST', '/events/add', {
    info: 'tag attach',
    distribution: '1',
    Attribute: [{ type: 'domain', value: 'tagged.example' }],
  });
  ({ id: eventId, uuid: eventUuid } = event.body.Event);
  ({ id: attributeId, uuid: attributeUuid } = event.body.Event.Attribute[0]);
  const own = await raw('POST', '/events/add', {
    info: 'organisation only',
    distribution: '0',
    Attribute: [{ type: 'domain', value: 'private.example' }],
  });
  privateEventId = own.body.Event.id;
  privateAttributeId = own.body.Event.Attribute[0].id;
  const theirs = await raw(
    'POST',
    '/events/add',
    { info: 'partner event', distribution: '1', Attribute: [{ type: 'ip-src', value: '203.0.113.5' }] },
    as(partners.partnerKey),
  );
  partnerEventId = theirs.body.Event.id;
});
afterAll(() => misp.close());

describe('events/addTag', () => {
  it('attaches by tag id (global unpublishes), and refuses with HTTP 200 what MISP refuses', async () => {
    await api('POST', `/events/publish/${eventId}`, {});
    expect(answer(await api('POST', `/events/addTag/${eventId}/${tags['tlp:green']}`, {}))).toEqual([
      200,
      { saved: true, success: 'Tag added.', check_publish: true },
    ]);
    expect(published(eventId)).toBe(0);
    expect(answer(await api('POST', `/events/addTag/${eventId}/${tags['tlp:green']}`, {}))).toEqual(
      refused('Tag is already attached to this event.'),
    );
    expect(answer(await api('POST', `/events/addTag/${eventId}/999999`, {}))).toEqual(refused('Tag not found.'));
    expect(answer(await api('POST', `/events/addTag/999999/${tags['tlp:green']}`, {}))).toEqual(
      refused('Invalid event.'),
    );
    // `tlp:red` in the path is a named parameter: MISP sees no tag at all.
    expect(answer(await loose('POST', `/events/addTag/${eventId}/tlp:red`, {}))).toEqual(refused('Invalid Tag.'));
    expect(answer(await api('POST', `/events/addTag/${eventId}/no-such-tag`, {}))).toEqual(refused('Invalid Tag.'));
    expect(answer(await api('POST', `/events/addTag/${eventId}/collection_1`, {}))).toEqual(
      refused('Invalid Tag Collection.'),
    );
    expect(eventTags(eventId)).toEqual([{ name: 'tlp:green', local: 0 }]);
  });

  it('takes the event by uuid, the tag from the body (id, name or a JSON list of ids) and local:1', async () => {
    expect((await api('POST', `/events/addTag/${eventUuid}/${tags['t:a']}`, {})).body.success).toBe('Tag added.');
    expect((await loose('POST', `/events/addTag/${eventId}`, { tag: 'ORACLE:custom' })).body.success).toBe(
      'Tag added.',
    );
    expect((await loose('POST', '/events/addTag', { Event: { id: eventId, tag_id: tags['t:a'] } })).body).toEqual({
      saved: false,
      errors: 'Tag is already attached to this event.',
    });
    const list = await loose('POST', `/events/addTag/${eventId}`, {
      tag: JSON.stringify([tags['t:b'], tags['t:a'], '999']),
    });
    expect(list.body).toEqual({
      saved: true,
      success: 'Tag added, but 2 could not be added: Tag is already attached to this event., Tag not found.',
      check_publish: true,
    });
    expect((await loose('POST', `/events/addTag/${eventId}`, { tag: JSON.stringify(['999', '998']) })).body).toEqual({
      saved: false,
      errors: 'Tag not found., Tag not found.',
    });
    await api('POST', `/events/publish/${eventId}`, {});
    const local = await api('POST', `/events/addTag/${eventId}/${tags['local:only']}/local:1`, {});
    expect(local.body).toEqual({ saved: true, success: 'Tag added.', check_publish: true });
    expect(published(eventId)).toBe(1);
    expect(eventTags(eventId).at(-1)).toEqual({ name: 'local:only', local: 1 });
    expect((await loose('POST', `/events/addTag/${eventId}`, { tag: [tags['t:a']] })).status).toBe(500);
  });

  it('keeps local-only tags local and one tag per exclusive taxonomy among tags of the same scope', async () => {
    const { body } = await api('POST', '/events/add', { info: 'exclusive', distribution: '0' });
    const id = body.Event.id;
    expect((await api('POST', `/events/addTag/${id}/${tags['local:only']}`, {})).body).toEqual(
      refused('Invalid Tag. This tag can only be set as a local tag.')[1],
    );
    await api('POST', `/events/addTag/${id}/${tags['tlp:green']}`, {});
    expect((await api('POST', `/events/addTag/${id}/${tags['tlp:amber']}`, {})).body).toEqual(
      refused('Tag is not allowed due to taxonomy exclusivity settings')[1],
    );
    expect((await api('POST', `/events/addTag/${id}/${tags['tlp:amber']}/local:1`, {})).body.saved).toBe(true);
    expect(
      (await loose('POST', `/events/addTag/${id}`, { tag: JSON.stringify([tags['t:a'], tags['t:b']]) })).body,
    ).toEqual({ saved: true, success: 'Tags added.', check_publish: true });
  });

  it('needs the tagger permission and the event’s organisation; tags of another organisation are not found', async () => {
    expect(answer(await api('POST', `/events/addTag/${eventId}/${tags['t:b']}`, {}, as(partners.readOnlyKey)))).toEqual(
      [
        403,
        {
          name: 'You do not have permission to use this functionality.',
          message: 'You do not have permission to use this functionality.',
          url: `/events/addTag/${eventId}/${tags['t:b']}`,
        },
      ],
    );
    const denied = refused("You don't have permission to do that.");
    expect(
      answer(await api('POST', `/events/addTag/${eventId}/${tags['tlp:red']}`, {}, as(partners.partnerKey))),
    ).toEqual(denied);
    // Another organisation's event that the caller cannot even see: still found, then refused.
    const invisible = `/events/addTag/${privateEventId}/${tags['tlp:red']}/local:1`;
    expect(answer(await api('POST', invisible, {}, as(partners.partnerKey)))).toEqual(denied);
    expect(
      answer(await api('POST', `/events/addTag/${partnerEventId}/${tags['t:a']}/local:1`, {}, as(partners.userKey))),
    ).toEqual(denied);
    expect(
      answer(await api('POST', `/events/addTag/${privateEventId}/${tags['org2:only']}`, {}, as(partners.userKey))),
    ).toEqual(refused('Tag not found.'));
    expect(
      answer(await loose('POST', `/events/addTag/${privateEventId}`, { tag: 'org2:only' }, as(partners.userKey))),
    ).toEqual(refused('Invalid Tag.'));
    expect(
      (await api('POST', `/events/addTag/${privateEventId}/${tags['t:a']}`, {}, as(partners.userKey))).body.saved,
    ).toBe(true);
    // A site admin may tag any event, locally too.
    expect((await api('POST', `/events/addTag/${partnerEventId}/${tags['t:a']}/local:1`, {})).body.saved).toBe(true);
  });
});

describe('events/removeTag', () => {
  it('removes by event and tag id; a local tag needs no republishing', async () => {
    await api('POST', `/events/publish/${eventId}`, {});
    expect(answer(await api('POST', `/events/removeTag/${eventId}/${tags['local:only']}`, {}))).toEqual([
      200,
      { saved: true, success: 'Tag removed.', check_publish: false },
    ]);
    expect(published(eventId)).toBe(1);
    expect(answer(await api('POST', `/events/removeTag/${eventId}/${tags['t:b']}`, {}))).toEqual([
      200,
      { saved: true, success: 'Tag removed.', check_publish: true },
    ]);
    expect(published(eventId)).toBe(0);
    const combination = refused('Invalid event - tag combination.');
    expect(answer(await api('POST', `/events/removeTag/${eventId}/${tags['t:b']}`, {}))).toEqual(combination);
    expect(answer(await api('POST', `/events/removeTag/${eventId}/999999`, {}))).toEqual(combination);
    expect(answer(await api('POST', `/events/removeTag/999999/${tags['t:a']}`, {}))).toEqual(combination);
    expect(answer(await api('POST', `/events/removeTag/${eventUuid}/${tags['t:a']}`, {}))).toEqual(combination);
    expect(answer(await loose('POST', `/events/removeTag/${eventId}/t:a`, {}))).toEqual(refused('Invalid Tag.'));
    expect(answer(await loose('POST', `/events/removeTag/${eventId}`, {}))).toEqual(refused('Invalid Tag.'));
    expect(answer(await loose('POST', `/events/removeTag/${eventId}`, { tag: 'no-such' }))).toEqual(
      refused('Invalid Tag.'),
    );
    expect((await loose('POST', `/events/removeTag/${eventId}`, { tag: 'ORACLE:%' })).body.success).toBe(
      'Tag removed.',
    );
    expect(eventTags(eventId).map((t) => t.name)).toEqual(['tlp:green', 't:a']);
  });

  it('lets another organisation remove nothing of the event, but a local tag it may remove', async () => {
    const denied = refused("You don't have permission to do that.");
    expect(
      answer(await api('POST', `/events/removeTag/${eventId}/${tags['t:a']}`, {}, as(partners.partnerKey))),
    ).toEqual(denied);
    expect(
      answer(await api('POST', `/events/removeTag/${eventId}/${tags['tlp:red']}`, {}, as(partners.partnerKey))),
    ).toEqual(refused('Invalid event - tag combination.'));
    // The admin's local tag on the partner's own event: the partner may remove it.
    expect(
      answer(await api('POST', `/events/removeTag/${partnerEventId}/${tags['t:a']}`, {}, as(partners.partnerKey))),
    ).toEqual([200, { saved: true, success: 'Tag removed.', check_publish: false }]);
    expect(
      (await api('POST', `/events/removeTag/${eventId}/${tags['t:a']}`, {}, as(partners.readOnlyKey))).status,
    ).toBe(403);
  });
});

describe('attributes/addTag', () => {
  it('attaches to a visible attribute by id or uuid; every refusal is "Tag could not be added."', async () => {
    await api('POST', `/events/publish/${eventId}`, {});
    expect(answer(await api('POST', `/attributes/addTag/${attributeId}/${tags['tlp:green']}`, {}))).toEqual([
      200,
      { saved: true, success: 'Tag added.', check_publish: true },
    ]);
    expect(published(eventId)).toBe(0);
    const couldNot = refused('Tag could not be added.');
    expect(answer(await api('POST', `/attributes/addTag/${attributeId}/${tags['tlp:green']}`, {}))).toEqual(couldNot);
    expect(answer(await api('POST', `/attributes/addTag/${attributeId}/999999`, {}))).toEqual(couldNot);
    expect(answer(await api('POST', `/attributes/addTag/${attributeId}/${tags['tlp:amber']}`, {}))).toEqual(couldNot);
    expect((await api('POST', `/attributes/addTag/${attributeUuid}/${tags['local:only']}`, {})).body.success).toBe(
      'Tag added.',
    );
    expect((await api('POST', `/attributes/addTag/${attributeId}/${tags['tlp:amber']}/local:1`, {})).body.saved).toBe(
      true,
    );
    expect((await loose('POST', `/attributes/addTag/${attributeId}`, { tag: 'ORACLE:custom' })).body.saved).toBe(true);
    expect(
      answer(
        await loose('POST', `/attributes/addTag/${attributeId}`, {
          tag: JSON.stringify([tags['t:a'], tags['t:b'], '999']),
        }),
      ),
    ).toEqual(refused('Tag could not be added. However, 2 tags were added.'));
    expect(
      answer(await loose('POST', `/attributes/addTag/${attributeId}`, { tag: JSON.stringify(['998', '999']) })),
    ).toEqual(refused('2 tags could not be added.'));
    expect(attributeTags(attributeId)).toEqual([
      { name: 'tlp:green', local: 0 },
      { name: 'local:only', local: 0 },
      { name: 'tlp:amber', local: 1 },
      { name: 'oracle:custom', local: 0 },
      { name: 't:a', local: 0 },
      { name: 't:b', local: 0 },
    ]);
  });

  it('answers 404 for a missing attribute or tag, "Invalid Tag." for an unknown name', async () => {
    const notFound = (message: string, url: string) => [404, { name: message, message, url }];
    expect(answer(await api('POST', `/attributes/addTag/999999/${tags['t:a']}`, {}))).toEqual(
      notFound('Invalid attribute', `/attributes/addTag/999999/${tags['t:a']}`),
    );
    expect(answer(await api('POST', `/attributes/addTag/abc/${tags['t:a']}`, {}))).toEqual(
      notFound('Invalid attribute ID.', `/attributes/addTag/abc/${tags['t:a']}`),
    );
    expect(answer(await loose('POST', `/attributes/addTag/${attributeId}/tlp:red`, {}))).toEqual(
      notFound('Invalid tag', `/attributes/addTag/${attributeId}/tlp:red`),
    );
    expect(answer(await loose('POST', '/attributes/addTag', {}))).toEqual(
      notFound('Invalid attribute', '/attributes/addTag'),
    );
    expect(answer(await api('POST', `/attributes/addTag/${attributeId}/no-such`, {}))).toEqual(refused('Invalid Tag.'));
    expect(answer(await api('POST', `/attributes/addTag/999999/no-such`, {}))).toEqual(refused('Invalid Tag.'));
    expect(answer(await loose('POST', `/attributes/addTag/${attributeId}`, { tag: 'collection_3' }))).toEqual(
      refused('Invalid Tag Collection.'),
    );
    await api('POST', `/attributes/delete/${privateAttributeId}`, {});
    expect((await api('POST', `/attributes/addTag/${privateAttributeId}/${tags['t:a']}`, {})).status).toBe(404);
  });

  it('refuses other organisations: an attribute they cannot see is 404, one they can see is not tagged', async () => {
    const { body } = await api('POST', '/events/add', {
      info: 'organisation only, again',
      distribution: '0',
      Attribute: [{ type: 'domain', value: 'hidden.example' }],
    });
    const hidden = body.Event.Attribute[0].id;
    expect((await api('POST', `/attributes/addTag/${hidden}/${tags['t:a']}`, {}, as(partners.partnerKey))).status).toBe(
      404,
    );
    expect(
      answer(
        await api('POST', `/attributes/addTag/${attributeId}/${tags['tlp:red']}/local:1`, {}, as(partners.partnerKey)),
      ),
    ).toEqual(refused('Tag could not be added.'));
    expect(
      (await api('POST', `/attributes/addTag/${hidden}/${tags['t:a']}`, {}, as(partners.userKey))).body.saved,
    ).toBe(true);
    expect(
      answer(await api('POST', `/attributes/addTag/${hidden}/${tags['org2:only']}`, {}, as(partners.userKey))),
    ).toEqual(refused('Tag could not be added.'));
    expect(
      (await api('POST', `/attributes/addTag/${hidden}/${tags['t:b']}`, {}, as(partners.readOnlyKey))).status,
    ).toBe(403);
  });
});

describe('attributes/removeTag', () => {
  it('removes by attribute and tag id, a name from the body as a LIKE pattern', async () => {
    expect(answer(await api('POST', `/attributes/removeTag/${attributeId}/${tags['tlp:amber']}`, {}))).toEqual([
      200,
      { saved: true, success: 'Tag removed.', check_publish: false },
    ]);
    expect(answer(await api('POST', `/attributes/removeTag/${attributeId}/${tags['t:b']}`, {}))).toEqual([
      200,
      { saved: true, success: 'Tag removed.', check_publish: true },
    ]);
    const combination = refused('Invalid attribute - tag combination.');
    expect(answer(await api('POST', `/attributes/removeTag/${attributeId}/${tags['t:b']}`, {}))).toEqual(combination);
    expect(answer(await api('POST', `/attributes/removeTag/${attributeId}/999999`, {}))).toEqual(combination);
    expect((await loose('POST', `/attributes/removeTag/${attributeId}`, { tag: 'T:A' })).body.success).toBe(
      'Tag removed.',
    );
    expect(answer(await loose('POST', `/attributes/removeTag/${attributeId}`, { tag: 'no-such' }))).toEqual(
      refused('Invalid Tag.'),
    );
    expect(answer(await loose('POST', `/attributes/removeTag/${attributeId}`, { tag: '' }))).toEqual(
      refused('Invalid Tag.'),
    );
  });

  it('answers 404 for an unknown, deleted or uuid-named attribute and for no tag', async () => {
    for (const ref of ['999999', attributeUuid, 'abc', privateAttributeId]) {
      const r = await api('POST', `/attributes/removeTag/${ref}/${tags['tlp:green']}`, {});
      expect(answer(r), ref).toEqual([
        404,
        {
          name: 'Invalid attribute',
          message: 'Invalid attribute',
          url: `/attributes/removeTag/${ref}/${tags['tlp:green']}`,
        },
      ]);
    }
    expect((await loose('POST', `/attributes/removeTag/${attributeId}/tlp:green`, {})).body.message).toBe(
      'Invalid tag',
    );
  });

  it('checks the permission before whether the tag is attached', async () => {
    const denied = refused('You do not have permission to do that.');
    expect(
      answer(
        await api('POST', `/attributes/removeTag/${attributeId}/${tags['tlp:green']}`, {}, as(partners.partnerKey)),
      ),
    ).toEqual(denied);
    expect(answer(await api('POST', `/attributes/removeTag/${attributeId}/999`, {}, as(partners.partnerKey)))).toEqual(
      denied,
    );
    expect(
      answer(await api('POST', `/attributes/removeTag/${attributeId}/${tags['tlp:green']}`, {}, as(partners.userKey))),
    ).toEqual([200, { saved: true, success: 'Tag removed.', check_publish: true }]);
  });
});

describe('the contract', () => {
  it('covers the four operations, and every answer validates', () => {
    for (const id of TAG_ATTACH_OPERATIONS) expect(checker.exercised.has(id), id).toBe(true);
    const ids = new Set<string>(TAG_ATTACH_OPERATIONS);
    expect(checker.problems.filter((p) => ids.has(p.split(/[: ]/)[0] ?? '') || p.includes('no operation'))).toEqual([]);
  });
});
