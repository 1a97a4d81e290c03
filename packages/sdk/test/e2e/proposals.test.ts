// Proposals (shadow attributes) through the generated `misp.proposals` methods, against the MISP sandbox over
// HTTP (or a real MISP, see sandbox.ts): a partner organisation proposes an attribute and a change, the event's
// organisation sees them in events/view, accepts one and discards the other; refusals arrive as typed errors.
import { beforeAll, describe, expect, it } from 'vitest';
import { createMispClient, type MispClient } from '../../src/index.js';
import { failure, useSandbox } from './sandbox.js';

const e2e = useSandbox();
const run = Date.now().toString(36);
let admin: MispClient;
let partner: MispClient;
let eventId: string;
let attributeId: string;

beforeAll(async () => {
  admin = e2e.client({ apiKey: e2e.sandbox.adminKey });
  const org = await admin.organisations.add({ name: `SDK Proposers ${run}` });
  const user = await admin.users.add({ email: `proposer-${run}@proposers.example`, org_id: org.id, role_id: '3' });
  partner = createMispClient({ baseUrl: e2e.sandbox.url, apiKey: user.authkey as string });
  const event = await admin.events.add({ info: `SDK proposal event ${run}`, distribution: '1' });
  eventId = event.id;
  attributeId = (await admin.attributes.add(eventId, { type: 'domain', value: `before-${run}.example` })).id;
});

describe('misp.proposals', () => {
  it('a partner proposes an attribute and a change; the owner sees, accepts and discards them', async () => {
    const proposed = await partner.proposals.add(eventId, {
      type: 'domain',
      value: `proposed-${run}.example`,
      comment: 'from the partner',
    });
    expect(proposed).toMatchObject({ old_id: '0', event_id: eventId, value: `proposed-${run}.example` });
    const change = await partner.proposals.edit(attributeId, { comment: 'corrected' });
    expect(change).toMatchObject({ old_id: attributeId, comment: 'corrected' });

    expect(await partner.proposals.get(proposed.id)).toMatchObject({
      id: proposed.id,
      uuid: proposed.uuid,
      old_id: '0',
    });
    const listed = await admin.proposals.listForEvent(eventId, { deleted: '0' });
    expect(listed.map((p) => p.id).sort()).toEqual([proposed.id, change.id].sort());

    const event = await admin.events.get(eventId);
    expect(event.ShadowAttribute?.map((p) => p.id)).toEqual([proposed.id]);

    expect((await admin.proposals.accept(proposed.id)).message).toBe('Proposal accepted.');
    expect((await admin.proposals.discard(change.id)).message).toBe('Proposal discarded.');
    const after = await admin.events.get(eventId);
    expect(after.Attribute?.some((a) => a.uuid === proposed.uuid)).toBe(true);
    expect(after.ShadowAttribute).toEqual([]);
    expect(await admin.proposals.listForEvent(eventId, { deleted: '0' })).toEqual([]);
    expect((await admin.proposals.list({ deleted: '1' })).map((p) => p.id)).toEqual(
      expect.arrayContaining([proposed.id, change.id]),
    );
  });

  it('a proposal to delete an attribute soft-deletes it once accepted', async () => {
    const doomed = await admin.attributes.add(eventId, { type: 'domain', value: `doomed-${run}.example` });
    expect((await partner.proposals.proposeDeletion(doomed.id)).saved).toBe(true);
    const deletion = (await admin.proposals.listForEvent(eventId, { deleted: '0' })).find(
      (p) => p.old_id === doomed.id && p.proposal_to_delete,
    );
    expect(deletion).toBeDefined();
    await admin.proposals.accept(deletion?.id as string);
    expect((await admin.events.get(eventId)).Attribute?.some((a) => a.id === doomed.id)).toBe(false);
    // MISP answers an unknown attribute with HTTP 200 and `errors`: a MispValidationError.
    expect(await failure(partner.proposals.proposeDeletion('999999'))).toMatchObject({ code: 'misp_validation' });
  });

  it('refusals are typed errors: a read-only user, an unknown proposal, a change without a field', async () => {
    expect(
      await failure(e2e.readOnly.proposals.add(eventId, { type: 'domain', value: `ro-${run}.example` })),
    ).toMatchObject({ code: 'misp_forbidden', status: 403 });
    expect(await failure(admin.proposals.get('999999'))).toMatchObject({ status: 404, message: 'Invalid proposal.' });
    expect(await failure(partner.proposals.edit(attributeId, {}))).toMatchObject({
      status: 405,
      message: 'Invalid input.',
    });
    expect(await failure(admin.proposals.accept('999999'))).toMatchObject({
      status: 405,
      message: 'Proposal not found or you are not authorised to accept it.',
    });
  });
});
