// Onboard a partner: an organisation, a Publisher and a Read Only user with their keys, a sharing group of
// both organisations and an event shared with it — then show what each key may and may not do, and clean up.
// Needs a site admin's key in MISP_ADMIN_KEY (or MISP_KEY).
import { createMispClient, Distribution, isMispErrorCode } from '@mispkit/sdk';

const baseUrl = process.env.MISP_URL!;
const admin = createMispClient({ baseUrl, apiKey: process.env.MISP_ADMIN_KEY ?? process.env.MISP_KEY! });

/** What a call gives: "ok", or the error code MISP's answer maps to (misp_forbidden, misp_not_found, …). */
async function attempt(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return 'ok';
  } catch (error) {
    if (isMispErrorCode(error, 'misp_forbidden')) return 'forbidden';
    if (isMispErrorCode(error, 'misp_not_found')) return 'not found';
    throw error;
  }
}

const me = await admin.users.me();
const suffix = Date.now().toString(36);
const org = await admin.organisations.add({ name: `Partner CERT ${suffix}`, type: 'CERT', nationality: 'Norway' });
const publisher = await admin.users.add({ email: `publisher@partner-${suffix}.example`, org_id: org.id, role_id: '4' });
const reader = await admin.users.add({ email: `reader@partner-${suffix}.example`, org_id: org.id, role_id: '6' });
// The first key comes with the account; a second one expires in 90 days and only works from 127.0.0.0/8.
const ciKey = await admin.authKeys.addForUser(publisher.id, {
  comment: 'CI pipeline',
  expiration: Math.floor(Date.now() / 1000) + 90 * 86400,
  allowed_ips: ['127.0.0.0/8', '::1'],
});
console.log(`organisation ${org.name} (${org.id}); users ${publisher.email}, ${reader.email}`);
console.log(`keys: first keys shown once at creation; CI key …${ciKey.authkey_end}, expires ${ciKey.expiration}`);

const group = await admin.sharingGroups.add({ name: `Trusted circle ${suffix}`, releasability: 'ORGNAME and partner' });
await admin.sharingGroups.addOrg(group.SharingGroup.id, me.Organisation.id, { extend: 1 });
await admin.sharingGroups.addOrg(group.SharingGroup.id, org.id);
const event = await admin.events.add({
  info: `examples/onboard-partner: shared with ${group.SharingGroup.name}`,
  distribution: Distribution.SharingGroup,
  sharing_group_id: group.SharingGroup.id,
  Attribute: [{ type: 'domain', value: `c2-${suffix}.invalid` }],
});

const asPublisher = createMispClient({ baseUrl, apiKey: publisher.authkey! });
const asReader = createMispClient({ baseUrl, apiKey: reader.authkey! });
const asCi = createMispClient({ baseUrl, apiKey: ciKey.authkey_raw! });
let draftId = '';
const checks: [string, () => Promise<unknown>][] = [
  ['publisher reads the shared event', () => asPublisher.events.get(event.id)],
  [
    'publisher adds and publishes an event',
    async () => {
      const draft = await asPublisher.events.add({
        info: 'partner report',
        distribution: Distribution.SharingGroup,
        sharing_group_id: group.SharingGroup.id,
      });
      draftId = draft.id;
      await asPublisher.events.publish(draft.id);
    },
  ],
  ['publisher creates an organisation', () => asPublisher.organisations.add({ name: `Rogue ${suffix}` })],
  ['CI key reads the shared event', () => asCi.events.get(event.id)],
  ['reader reads the shared event', () => asReader.events.get(event.id)],
  ['reader adds an event', () => asReader.events.add({ info: 'not allowed' })],
  ['reader lists users', () => asReader.users.list()],
];
for (const [what, call] of checks) console.log(`${what}: ${await attempt(call)}`);

// Clean up, so that the script can run again on the same MISP.
if (draftId) await admin.events.delete(draftId);
await admin.events.delete(event.id);
await admin.sharingGroups.delete(group.SharingGroup.id);
for (const user of [publisher, reader]) await admin.users.delete(user.id);
await admin.organisations.delete(org.id);
console.log(`cleaned up organisation ${org.id}`);
