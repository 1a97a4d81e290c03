// Walk every page of a paginated operation: any method the spec marks `paginated` works.
import { createMispClient } from '@mispkit/sdk';

const misp = createMispClient({ baseUrl: process.env.MISP_URL!, apiKey: process.env.MISP_KEY! });

let published = 0;
for await (const event of misp.paginate(misp.events.index, { published: 1 }, { limit: 5 })) {
  if ('info' in event) published++;
}
let ips = 0;
for await (const attribute of misp.paginate(misp.attributes.search, { type: 'ip-dst' }, { limit: 50, maxPages: 4 })) {
  if (attribute.to_ids) ips++;
}
console.log(`${published} published events, ${ips} ip-dst attributes for IDS`);
