// The contract's 200 response schemas, compacted for `mispkit-doctor` (src/doctor/): for every operation,
// keyed `VERB /path`, the JSON schema of its 200 answer, plus the component schemas those reach. Descriptions,
// titles and examples are dropped; what validates stays (types, required, enums, patterns, formats).
// Written to src/generated/responses.ts; only the doctor imports it, so the client bundles never carry it.
const DROP = new Set(['description', 'title', 'examples', 'example', 'deprecated', 'externalDocs', '$comment']);
const SCHEMA_REF = /^#\/components\/schemas\/([A-Za-z0-9_.-]+)$/;

export function collectResponses(spec, operations) {
  const deref = (node) => {
    let current = node;
    while (current?.$ref && !SCHEMA_REF.test(current.$ref)) {
      current = current.$ref
        .slice(2)
        .split('/')
        .reduce((acc, key) => acc?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
    }
    return current;
  };
  const components = {};
  const pending = [];
  const compact = (node) => {
    if (Array.isArray(node)) return node.map(compact);
    if (!node || typeof node !== 'object') return node;
    if (typeof node.$ref === 'string') {
      const match = node.$ref.match(SCHEMA_REF);
      if (!match) return compact(deref(node));
      if (!(match[1] in components)) {
        components[match[1]] = null;
        pending.push(match[1]);
      }
      return { $ref: match[1] };
    }
    const out = {};
    for (const [key, value] of Object.entries(node)) {
      if (DROP.has(key)) continue;
      // `properties` maps names to schemas: keep every name, even `description`.
      out[key] =
        key === 'properties'
          ? Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, compact(schema)]))
          : compact(value);
    }
    return out;
  };
  const responses = {};
  for (const o of operations) {
    if (o.verb === 'HEAD') continue;
    const ok = deref(o.op.responses?.['200']);
    const schema = ok?.content?.['application/json']?.schema;
    responses[`${o.verb} ${o.path}`] = schema ? compact(schema) : null;
  }
  while (pending.length) {
    const name = pending.shift();
    components[name] = compact(spec.components.schemas[name]);
  }
  return { responses, components };
}

export function renderResponses(spec, operations, banner) {
  const { responses, components } = collectResponses(spec, operations);
  const sorted = Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b)));
  return [
    banner,
    "import type { ResponseContract } from '../doctor/validate.js';",
    '',
    '/** The 200 response schema of every operation (`VERB /path`; null: no JSON body) and the schemas they use. */',
    `export const responseContract: ResponseContract = ${JSON.stringify({ responses, components: sorted })};`,
    '',
  ].join('\n');
}
