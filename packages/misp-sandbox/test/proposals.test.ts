// shadowAttributes/*: proposals of new attributes and of changes, who may make, accept and discard them, the
// ShadowAttribute lists of events/view, and refused requests that write nothing — every answer checked against
// openapi/, the statuses and messages as MISP 2.5 gives them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MispSandbox } from '../src/index.js';
import { partner } from './accounts/fixtures.js';
import { SpecChecker } from './accounts/spec-check.js';
import { type Api, apiFor, withSandbox } from './helpers.js';

let misp: MispSandbox;
const checker = new SpecChecker();
const as = (key: string): Api => checker.api(misp, key);
let admin: Api;
let owner: Api;
let proposer: Api;
let proposerPublisher: Api;
let publisherKey: string;
let readOnly: Api;
let eventId: string;
let attributeId: string;

const count = (table: string) => (misp.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
const propose = (api: Api, value: string, extra: Record<string, unknown> = {}) =>
  api('POST', `/shadow_attributes/add/${eventId}`, { type: 'ip-src', value, ...extra });

beforeAll(async () => {
  ({ misp } = await withSandbox());
  admin = as(misp.adminKey);
  const user = await admin('POST', '/admin/users/add', { email: 'owner-user@orgname.test', role_id: '3' });
  owner = as(user.body.User.authkey);
  const partnerOrg = await partner(admin, 'Proposing CERT', '3');
  proposer = as(partnerOrg.key);
  const publisher = await admin('POST', '/admin/users/add', {
    email: 'publisher@proposing-cert.test',
    org_id: partnerOrg.orgId,
    role_id: '4',
  });
  publisherKey = publisher.body.User.authkey;
  proposerPublisher = as(publisherKey);
  const ro = await admin('POST', '/admin/users/add', {
    email: 'reader@proposing-cert.test',
    org_id: partnerOrg.orgId,
    role_id: '6',
  });
  readOnly = as(ro.body.User.authkey);
  const event = await admin('POST', '/events/add', { info: 'proposal target', distribution: 1 });
  eventId = event.body.Event.id;
  const attribute = await admin('POST', `/attributes/add/${eventId}`, { type: 'ip-dst', value: '198.51.100.91' });
  attributeId = attribute.body.Attribute.id;
});
afterAll(() => misp.close());

describe('shadowAttributes/add', () => {
  it('saves a proposal of another organisation with the columns MISP answers', async () => {
    const added = await propose(proposer, '192.0.2.19', { comment: 'seen in our logs', to_ids: false });
    expect(added.status).toBe(200);
    expect(Object.keys(added.body.ShadowAttribute)).toEqual([
      'id',
      'old_id',
      'event_id',
      'type',
      'category',
      'comment',
      'to_ids',
      'uuid',
      'event_org_id',
      'email',
      'deleted',
      'timestamp',
      'first_seen',
      'last_seen',
      'value',
    ]);
    expect(added.body.ShadowAttribute).toMatchObject({
      old_id: '0',
      event_id: eventId,
      type: 'ip-src',
      category: 'Network activity',
      comment: 'seen in our logs',
      to_ids: false,
      event_org_id: '1',
      email: 'role3@proposing-cert.test',
      deleted: false,
      value: '192.0.2.19',
    });
  });

  it('takes the ShadowAttribute wrapper, no value, and proposals of the event’s own organisation', async () => {
    const wrapped = await admin('POST', `/shadow_attributes/add/${eventId}`, {
      ShadowAttribute: { type: 'domain', value: 'own-org.example' },
    });
    expect(wrapped.body.ShadowAttribute).toMatchObject({ to_ids: true, category: 'Network activity' });
    const valueless = await proposer('POST', `/shadow_attributes/add/${eventId}`, { type: 'ip-src' });
    expect(valueless.status).toBe(200);
    expect(valueless.body.ShadowAttribute.value).toBe('');
    const empty = await propose(proposer, '');
    expect([empty.status, empty.body.message]).toEqual([
      404,
      'Could not save the proposal. Errors: [value]: Value cannot be empty.\n',
    ]);
  });

  it('refuses without perm_add, for an unknown event, a bad value or type, and writes nothing', async () => {
    const before = count('shadow_attributes');
    const refused = await propose(readOnly, '192.0.2.20');
    expect([refused.status, refused.body.message]).toEqual([
      403,
      'You do not have permission to use this functionality.',
    ]);
    const unknown = await proposer('POST', '/shadow_attributes/add/99999', { type: 'ip-src', value: '192.0.2.1' });
    expect([unknown.status, unknown.body.message]).toEqual([404, 'Invalid Event']);
    const badValue = await propose(proposer, 'not-an-ip');
    expect([badValue.status, badValue.body.message]).toEqual([
      404,
      'Could not save the proposal. Errors: [value]: IP address has an invalid format.\n',
    ]);
    const badType = await proposer('POST', `/shadow_attributes/add/${eventId}`, { type: 'nope', value: 'x' });
    expect(badType.status).toBe(500);
    // GET is not an operation of the spec: sent past the contract checker.
    expect((await apiFor(misp, misp.adminKey)('GET', `/shadow_attributes/add/${eventId}`)).status).toBe(500);
    expect(count('shadow_attributes')).toBe(before);
  });

  it('is reachable under the camelCase controller name too', async () => {
    const added = await apiFor(misp, misp.adminKey)('POST', `/shadowAttributes/add/${eventId}`, {
      type: 'ip-src',
      value: '192.0.2.21',
    });
    expect(added.status).toBe(200);
  });
});

describe('shadowAttributes/edit', () => {
  it('proposes a change that keeps the attribute’s uuid and fills the other fields from it', async () => {
    const edited = await proposer('POST', `/shadow_attributes/edit/${attributeId}`, {
      value: '198.51.100.92',
      comment: 'typo',
    });
    expect(edited.status).toBe(200);
    const attribute = (await admin('GET', `/attributes/view/${attributeId}`)).body.Attribute;
    expect(edited.body.ShadowAttribute).toMatchObject({
      old_id: attributeId,
      uuid: attribute.uuid,
      type: 'ip-dst',
      value: '198.51.100.92',
      comment: 'typo',
      to_ids: true,
    });
    expect(attribute.value).toBe('198.51.100.91');
  });

  it('answers 405 "Invalid input." without a field to change and 404 for an unknown attribute', async () => {
    const before = count('shadow_attributes');
    const empty = await proposer('POST', `/shadow_attributes/edit/${attributeId}`, {});
    expect([empty.status, empty.body.message]).toEqual([405, 'Invalid input.']);
    const unknown = await proposer('POST', '/shadow_attributes/edit/99999', { value: '192.0.2.1' });
    expect([unknown.status, unknown.body.message]).toEqual([404, 'Invalid Attribute.']);
    expect(count('shadow_attributes')).toBe(before);
  });
});

describe('shadowAttributes/delete', () => {
  it('proposes to delete an attribute, which accepting soft-deletes', async () => {
    const target = (await admin('POST', `/attributes/add/${eventId}`, { type: 'domain', value: 'doomed.example' })).body
      .Attribute;
    const proposed = await proposer('POST', `/shadow_attributes/delete/${target.id}`);
    expect(proposed.body).toEqual({
      saved: true,
      success:
        'The proposal to delete the attribute has been saved but sending out the alert e-mails has failed for at least one recipient.',
    });
    const listed = (await admin('GET', `/shadow_attributes/index/${eventId}/deleted:0`)).body as {
      ShadowAttribute: { id: string; old_id: string; proposal_to_delete: boolean };
    }[];
    const deletion = listed.find((p) => p.ShadowAttribute.old_id === target.id && p.ShadowAttribute.proposal_to_delete);
    expect(deletion).toBeDefined();
    await admin('POST', `/shadow_attributes/accept/${deletion?.ShadowAttribute.id}`);
    const row = misp.db.prepare('SELECT deleted FROM attributes WHERE id = ?').get(Number(target.id)) as {
      deleted: number;
    };
    expect(row.deleted).toBe(1);
  });

  it('answers an unknown attribute with HTTP 200 and errors, and refuses a read-only user', async () => {
    const before = count('shadow_attributes');
    expect((await proposer('POST', '/shadow_attributes/delete/99999')).body).toEqual({
      false: true,
      errors: 'Invalid Attribute.',
    });
    expect((await readOnly('POST', `/shadow_attributes/delete/${attributeId}`)).status).toBe(403);
    expect(count('shadow_attributes')).toBe(before);
  });
});

describe('shadowAttributes/view and index', () => {
  it('views a live proposal with MISP’s shorter column set, and 404s an unknown one', async () => {
    const added = await propose(proposer, '192.0.2.30');
    const viewed = await proposer('GET', `/shadow_attributes/view/${added.body.ShadowAttribute.id}`);
    expect(Object.keys(viewed.body.ShadowAttribute)).toEqual([
      'id',
      'old_id',
      'event_id',
      'type',
      'category',
      'uuid',
      'to_ids',
      'comment',
      'org_id',
      'first_seen',
      'last_seen',
      'value',
    ]);
    const unknown = await proposer('GET', '/shadow_attributes/view/99999');
    expect([unknown.status, unknown.body.message]).toEqual([404, 'Invalid proposal.']);
  });

  it('lists proposals with their organisation, old_uuid for changes, and the deleted filter', async () => {
    const listed = (await proposer('GET', `/shadow_attributes/index/${eventId}`)).body as {
      ShadowAttribute: Record<string, unknown>;
    }[];
    expect(listed.length).toBeGreaterThan(2);
    const change = listed.find((p) => p.ShadowAttribute.old_id === attributeId)?.ShadowAttribute;
    expect(change?.old_uuid).toBe(change?.uuid);
    expect(change?.Org).toEqual({
      name: 'Proposing CERT',
      uuid: change?.org_uuid,
      id: change?.org_id,
    });
    const discarded = await propose(proposer, '192.0.2.31');
    await proposer('POST', `/shadow_attributes/discard/${discarded.body.ShadowAttribute.id}`);
    const all = (await admin('GET', '/shadow_attributes/index')).body as { ShadowAttribute: { deleted: boolean } }[];
    const live = (await admin('GET', '/shadow_attributes/index/deleted:0')).body as unknown[];
    const handled = (await admin('GET', '/shadow_attributes/index/deleted:1')).body as { ShadowAttribute: unknown }[];
    expect(live.length + handled.length).toBe(all.length);
    expect(handled.length).toBeGreaterThan(0);
    // The query string is not read: all of them.
    expect((await admin('GET', '/shadow_attributes/index?deleted=1')).body).toHaveLength(all.length);
    const missing = await proposer('GET', '/shadow_attributes/index/99999');
    expect([missing.status, missing.body.message]).toEqual([404, 'Invalid Event.']);
  });
});

describe('shadowAttributes/accept', () => {
  it('turns a proposed attribute into an attribute with its uuid and unpublishes the event', async () => {
    const added = (await propose(proposer, '192.0.2.40', { to_ids: false })).body.ShadowAttribute;
    await admin('POST', `/events/publish/${eventId}`);
    const accepted = await owner('POST', `/shadow_attributes/accept/${added.id}`);
    expect([accepted.status, accepted.body.message]).toEqual([200, 'Proposal accepted.']);
    // MISP writes its base URL (the request origin while MISP.baseurl is empty) into the url.
    expect(accepted.body.url).toBe(`${misp.url}/shadow_attributes/accept/${added.id}`);
    const event = (await admin('GET', `/events/view/${eventId}`)).body.Event;
    expect(event.published).toBe(false);
    const attribute = event.Attribute.find((a: { uuid: string }) => a.uuid === added.uuid);
    expect(attribute).toMatchObject({
      value: '192.0.2.40',
      to_ids: false,
      distribution: '5',
      timestamp: added.timestamp,
    });
    const again = await owner('POST', `/shadow_attributes/accept/${added.id}`);
    expect([again.status, again.body.message]).toEqual([
      405,
      'Proposal not found or you are not authorised to accept it.',
    ]);
  });

  it('writes a proposed change to its attribute', async () => {
    const change = (await proposer('POST', `/shadow_attributes/edit/${attributeId}`, { comment: 'accepted change' }))
      .body.ShadowAttribute;
    const accepted = await admin('POST', `/shadow_attributes/accept/${change.id}`);
    expect(accepted.body.message).toBe('Proposed change accepted.');
    expect((await admin('GET', `/attributes/view/${attributeId}`)).body.Attribute.comment).toBe('accepted change');
  });

  it('redirects or refuses anyone but the event’s organisation, writing nothing', async () => {
    const added = (await propose(proposer, '192.0.2.41')).body.ShadowAttribute;
    const change = (await proposer('POST', `/shadow_attributes/edit/${attributeId}`, { comment: 'refused' })).body
      .ShadowAttribute;
    const attributes = count('attributes');
    // Not through the contract checker: the spec declares no 302 (it is never an API answer).
    const redirected = await apiFor(misp, publisherKey)('POST', `/shadow_attributes/accept/${added.id}`);
    expect(redirected.status).toBe(302);
    const refused = await proposerPublisher('POST', `/shadow_attributes/accept/${change.id}`);
    expect([refused.status, refused.body.message]).toEqual([
      405,
      'Proposal not found or you are not authorised to accept it.',
    ]);
    expect((await readOnly('POST', `/shadow_attributes/accept/${added.id}`)).status).toBe(403);
    expect((await apiFor(misp, misp.adminKey)('GET', `/shadow_attributes/accept/${added.id}`)).status).toBe(405);
    expect(count('attributes')).toBe(attributes);
    expect((await proposer('GET', `/shadow_attributes/view/${added.id}`)).status).toBe(200);
  });
});

describe('shadowAttributes/discard', () => {
  it('lets the proposing organisation discard its proposal, and then it is gone from view', async () => {
    const added = (await propose(proposer, '192.0.2.50')).body.ShadowAttribute;
    const discarded = await proposer('POST', `/shadow_attributes/discard/${added.id}`);
    expect([discarded.status, discarded.body.message]).toEqual([200, 'Proposal discarded.']);
    expect((await proposer('GET', `/shadow_attributes/view/${added.id}`)).status).toBe(404);
  });

  it('answers 500 for an unknown proposal and for an organisation that neither owns nor proposed', async () => {
    const other = await partner(admin, 'Bystander CERT', '3');
    const bystander = as(other.key);
    const added = (await propose(proposer, '192.0.2.51')).body.ShadowAttribute;
    expect((await bystander('POST', `/shadow_attributes/discard/${added.id}`)).status).toBe(500);
    expect((await owner('POST', '/shadow_attributes/discard/99999')).status).toBe(500);
    expect((await proposer('GET', `/shadow_attributes/view/${added.id}`)).status).toBe(200);
    expect((await owner('POST', `/shadow_attributes/discard/${added.id}`)).status).toBe(200);
  });

  it('reports a proposal without a value discarded but keeps it, as MISP’s validation does', async () => {
    const valueless = (await proposer('POST', `/shadow_attributes/add/${eventId}`, { type: 'domain' })).body
      .ShadowAttribute;
    const discarded = await proposer('POST', `/shadow_attributes/discard/${valueless.id}`);
    expect([discarded.status, discarded.body.message]).toEqual([200, 'Proposal discarded.']);
    expect((await proposer('GET', `/shadow_attributes/view/${valueless.id}`)).status).toBe(200);
  });
});

describe('events/view', () => {
  it('lists proposed attributes on the event and proposed changes on their attribute', async () => {
    const added = (await propose(proposer, '192.0.2.60')).body.ShadowAttribute;
    const change = (await proposer('POST', `/shadow_attributes/edit/${attributeId}`, { comment: 'embedded' })).body
      .ShadowAttribute;
    const event = (await admin('GET', `/events/view/${eventId}`)).body.Event;
    const onEvent = event.ShadowAttribute.find((p: { id: string }) => p.id === added.id);
    expect(Object.keys(onEvent)).toEqual([
      'id',
      'type',
      'category',
      'to_ids',
      'uuid',
      'event_uuid',
      'event_id',
      'old_id',
      'comment',
      'org_id',
      'proposal_to_delete',
      'timestamp',
      'first_seen',
      'last_seen',
      'value',
      'Org',
      // MISP checks to_ids proposals against the warninglists in every events/view (192.0.2.0/24 is RFC 5737).
      'warnings',
    ]);
    expect(onEvent.Org).toMatchObject({ name: 'Proposing CERT', local: true });
    expect(event.ShadowAttribute.every((p: { old_id: string }) => p.old_id === '0')).toBe(true);
    const attribute = event.Attribute.find((a: { id: string }) => a.id === attributeId);
    expect(attribute.ShadowAttribute.map((p: { id: string }) => p.id)).toContain(change.id);
  });
});

describe('the contract', () => {
  it('every answer above conforms to openapi/', () => {
    expect(checker.problems).toEqual([]);
  });
});
