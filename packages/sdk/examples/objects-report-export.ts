// Build an event the way analysts do in MISP: a file object and a domain-ip object from MISP's templates, a
// reference between them ("the file connects to this domain"), a written report, and an analyst opinion on the
// event — then export its attributes as CSV, as a SIEM import would take them, and clean up.
import { createHash } from 'node:crypto';
import { createMispClient } from '@mispkit/sdk';

const misp = createMispClient({ baseUrl: process.env.MISP_URL!, apiKey: process.env.MISP_KEY! });
const suffix = Date.now().toString(36);

const event = await misp.events.add({
  info: `examples/objects-report-export: loader dropped by invoice lure (${suffix})`,
  distribution: 0,
  threat_level_id: 2,
  analysis: 1,
});

// Objects follow MISP's templates, named by uuid (the same on every MISP); MISP checks each object against its
// template (required attributes, one-of groups) and refuses the whole object if it does not conform.
const FILE_TEMPLATE = '688c46fb-5edb-40a3-8273-1af7923e2215';
const DOMAIN_IP_TEMPLATE = '43b3b146-77eb-4931-b4cc-b66c60f28734';
const file = await misp.objects.addFromTemplate(event.id, FILE_TEMPLATE, {
  name: 'file',
  Attribute: [
    { object_relation: 'filename', type: 'filename', value: `invoice-${suffix}.doc.exe` },
    { object_relation: 'sha256', type: 'sha256', value: createHash('sha256').update(suffix).digest('hex') },
    { object_relation: 'size-in-bytes', type: 'size-in-bytes', value: '482304', to_ids: false },
  ],
});
const domainIp = await misp.objects.addFromTemplate(event.id, DOMAIN_IP_TEMPLATE, {
  name: 'domain-ip',
  Attribute: [
    { object_relation: 'domain', type: 'domain', value: `cdn-${suffix}.invoice-portal.invalid` },
    { object_relation: 'ip', type: 'ip-dst', value: '203.0.113.77' },
  ],
});
await misp.objectReferences.add(file.id, {
  referenced_uuid: domainIp.uuid,
  relationship_type: 'connects-to',
  comment: 'beacon seen in the sandbox run',
});

await misp.eventReports.add(event.id, {
  name: 'Analyst summary',
  content: `The lure drops @[object](${file.uuid}), which beacons to @[object](${domainIp.uuid}) over HTTPS.`,
  distribution: 0,
});
await misp.analystData.add('Opinion', event.uuid, 'Event', { opinion: 80, comment: 'Confident: seen twice this week' });

const view = await misp.events.get(event.id);
const objects = view.Object ?? [];
console.log(`event ${event.id}: ${objects.length} objects, ${view.EventReport?.length ?? 0} report(s)`);
for (const object of objects) {
  const refs = (object.ObjectReference ?? []).map((r) => `${r.relationship_type} → ${r.referenced_uuid}`);
  console.log(
    `  ${object.name}: ${object.Attribute?.length ?? 0} attributes${refs.length ? `; ${refs.join(', ')}` : ''}`,
  );
}

// CSV export of the event's attributes (MISP's columns, with a header line).
const csv = await misp.attributes.export('csv', { eventid: event.id });
console.log(String(csv).trim());

await misp.events.delete(event.id);
