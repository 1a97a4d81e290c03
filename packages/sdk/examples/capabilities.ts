// Ask what this MISP and this key support instead of comparing version strings.
import { createMispClient } from '@mispkit/sdk';

const misp = createMispClient({ baseUrl: process.env.MISP_URL!, apiKey: process.env.MISP_KEY! });
const caps = await misp.server.capabilities();

console.log(`MISP ${caps.version}: ${caps.canWrite ? 'read-write' : 'read-only'} key`);
if (caps.existenceChecks) console.log('existence checks:', await misp.events.exists('1'));
if (caps.permissions['sighting']) console.log('this key may add sightings');
if (caps.analystData) console.log('analyst data (notes, opinions) is available');
