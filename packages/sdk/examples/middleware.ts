// One transport: middleware sees every call the client makes — methods, helpers and raw calls.
import { createMispClient } from '@mispkit/sdk';

const misp = createMispClient({ baseUrl: process.env.MISP_URL!, apiKey: process.env.MISP_KEY! });
const started = new Map<string, number>();
misp.use({
  onRequest({ id, request }) {
    started.set(id, performance.now());
    request.headers.set('x-request-id', id);
  },
  onResponse({ id, schemaPath, response }) {
    const ms = performance.now() - (started.get(id) ?? 0);
    console.log(`${response.status} ${schemaPath} ${ms.toFixed(1)} ms`);
  },
});

await misp.server.version(); // a generated method
await misp.warninglists.check(['8.8.8.8']); // a helper
await misp.GET('/attributes/describeTypes'); // the raw client
