// Create an event with attributes and an object, tag it, publish it — then clean up.
import { createMispClient, Distribution, ThreatLevel } from '@mispkit/sdk';

const misp = createMispClient({ baseUrl: process.env.MISP_URL!, apiKey: process.env.MISP_KEY! });

const event = await misp.events.add({
  info: 'examples/create-event: phishing wave',
  distribution: Distribution.YourOrganisationOnly,
  threat_level_id: ThreatLevel.Medium,
});
const domain = await misp.attributes.add(event.id, { type: 'domain', value: 'login-example.invalid', to_ids: true });
const more = await misp.attributes.add(event.id, [
  { type: 'ip-dst', value: '198.51.100.23' },
  { type: 'url', value: 'http://login-example.invalid/verify' },
]);
// Objects are built from MISP's templates; a template's uuid is the same on every MISP (domain-ip here).
const object = await misp.objects.addFromTemplate(event.id, '43b3b146-77eb-4931-b4cc-b66c60f28734', {
  name: 'domain-ip',
  Attribute: [{ type: 'domain', object_relation: 'domain', value: 'cdn.login-example.invalid' }],
});
await misp.tags.attach({ uuid: event.uuid, tag: 'tlp:amber' });
await misp.events.publish(event.id);
console.log(`event ${event.id}: ${1 + more.length} attributes (first ${domain.value}), object ${object.name}`);
await misp.events.delete(event.id);
