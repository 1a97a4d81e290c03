// Turns the x-mispkit extension of every operation into data and types, never behaviour:
//   src/generated/routes.ts   one route table per resource:
//                             [verb, path, unwrap, flags, path enums?, option names?, success redirect?]
//   src/generated/methods.ts  the method signatures those rows become, with JSDoc from the spec
// src/internal/routes.ts (hand-written) binds a table to the request pipeline.
const VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head'];
export const FLAGS = { idempotent: 1, paginated: 2, body: 4, http200Failures: 8, text: 16, binary: 32, redirect: 64 };

// A path parameter's allowed values: its `enum`, or the enum of an `anyOf`/`oneOf` whose other branch is an
// id (`NumericString`), which adds ID_VALUE: the SDK then also sends a numeric id or a UUID there.
export const ID_VALUE = '{id}';
// A free string (no enum, not an id: `tags/search/{term}`, a setting name) is TEXT_VALUE: the SDK sends any
// value there but an empty one or one holding "/" (MISP would split the path there).
export const TEXT_VALUE = '{text}';
const ID_PATTERNS = new Set([
  '^\\d+$',
  '^(\\d+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$',
]);
function pathEnum(deref, raw) {
  const schema = deref(raw);
  if (schema?.enum) return schema.enum;
  if (schema?.type === 'string' && !schema.format && !ID_PATTERNS.has(schema.pattern)) return [TEXT_VALUE];
  const branches = (schema?.anyOf ?? schema?.oneOf ?? []).map(deref);
  const listed = branches.find((b) => b?.enum);
  if (!listed) return undefined;
  return branches.length > 1 ? [...listed.enum, ID_VALUE] : listed.enum;
}

export function collectOperations(spec) {
  const deref = (node) => {
    let current = node;
    while (current?.$ref) {
      current = current.$ref
        .slice(2)
        .split('/')
        .reduce((acc, key) => acc?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
    }
    return current;
  };
  const operations = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const verb of VERBS) {
      const op = item[verb];
      if (!op) continue;
      const ext = op['x-mispkit'];
      if (!ext) throw new Error(`generate: ${verb.toUpperCase()} ${path} (${op.operationId}) has no x-mispkit`);
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref);
      const requestBody = op.requestBody ? deref(op.requestBody) : undefined;
      const ok = op.responses?.['200'] ? deref(op.responses['200']) : undefined;
      operations.push({
        id: op.operationId,
        verb: verb.toUpperCase(),
        path,
        op,
        ext,
        pathParams: [...path.matchAll(/\{([^}]+)\}/g)].map(([, name]) => {
          const param = parameters.find((p) => p.in === 'path' && p.name === name);
          if (!param) throw new Error(`generate: ${op.operationId} does not declare path parameter ${name}`);
          return { name, description: param.description, enum: pathEnum(deref, param.schema) };
        }),
        queryParams: parameters.filter((p) => p.in === 'query'),
        body: requestBody && {
          required: requestBody.required === true,
          schema: requestBody.content?.['application/json']?.schema,
          wrapper: requestBody['x-misp-model-wrapper'],
        },
        result: ok?.content?.['application/json']?.schema,
        // A 200 that may also be text (restSearch exports; the HTML-escaped JSON of galaxy_cluster_relations/add
        // and edit): the SDK returns the text as it is.
        text: Boolean(ok?.content?.['text/csv'] || ok?.content?.['text/plain'] || ok?.content?.['text/html']),
        // A 200 of raw bytes (attachment downloads): the SDK returns them as a Uint8Array.
        binary: Boolean(ok?.content?.['application/octet-stream']),
      });
    }
  }
  const seen = new Map();
  for (const o of operations) {
    const key = `${o.ext.resource}.${o.ext.method}`;
    if (seen.has(key)) throw new Error(`generate: ${key} is claimed by ${seen.get(key)} and ${o.id}`);
    seen.set(key, o.id);
    for (const q of o.queryParams) {
      if (['signal', 'timeoutMs', 'retry'].includes(q.name)) {
        throw new Error(`generate: ${o.id} has a query parameter named ${q.name}, which the call options use`);
      }
    }
  }
  return { operations, deref };
}

const pascal = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const lit = (value) => `'${String(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const SCHEMA_REF = /^#\/components\/schemas\/([A-Za-z0-9_]+)$/;

/** The TypeScript type of what `unwrap` picks out of the 200 body, named after the spec's schemas where it can be. */
function resultType(o, deref, named) {
  if (o.verb === 'HEAD') return 'boolean';
  // Success is a redirect with an empty body (x-mispkit.successRedirect): nothing to return.
  if (o.ext.successRedirect) return 'void';
  if (o.binary) return 'Uint8Array';
  if (!o.result) throw new Error(`generate: ${o.id} declares no JSON 200 response`);
  const name = (node) => {
    const match = node?.$ref?.match(SCHEMA_REF);
    return match ? named(match[1]) : undefined;
  };
  const branches = (node) => {
    const n = deref(node);
    return n.anyOf || n.oneOf ? [...(n.anyOf ?? []), ...(n.oneOf ?? [])].flatMap(branches) : [n];
  };
  const typeOf = (cur) => {
    if (cur.name) return cur.name;
    const n = deref(cur.node);
    if (n?.type === 'array' && name(n.items)) return `${name(n.items)}[]`;
    return cur.expr;
  };
  const at = (node, expr) => ({ node, expr, name: name(node) });
  const field = (cur, key) => {
    const kids = branches(cur.node)
      .map((b) => b.properties?.[key])
      .filter(Boolean);
    if (kids.length === 0)
      throw new Error(`generate: ${o.id} x-mispkit.unwrap: the 200 body has no field "${key}" there`);
    return kids.length === 1
      ? at(kids[0], `Field<${typeOf(cur)}, ${lit(key)}>`)
      : { node: { anyOf: kids }, expr: `Field<${typeOf(cur)}, ${lit(key)}>` };
  };
  const items = (cur) => {
    const arrays = branches(cur.node).filter((b) => b.type === 'array' && b.items);
    if (arrays.length !== 1) throw new Error(`generate: ${o.id} x-mispkit.unwrap: expected an array there`);
    return at(arrays[0].items, `Item<${typeOf(cur)}>`);
  };
  const wrapArray = (inner) => (/^[A-Za-z0-9_]+$/.test(inner) ? `${inner}[]` : `Array<${inner}>`);
  const walk = (cur, steps) => {
    if (steps.length === 0) return typeOf(cur);
    const [step, ...rest] = steps;
    if (step === '[]') {
      const each = items(cur);
      return rest.length ? wrapArray(walk(each, rest)) : typeOf(cur);
    }
    if (step.endsWith('[]')) {
      const list = field(cur, step.slice(0, -2));
      if (!branches(list.node).some((b) => b.type === 'array'))
        throw new Error(`generate: ${o.id} x-mispkit.unwrap: ${step} is not an array`);
      return rest.length ? wrapArray(walk(items(list), rest)) : typeOf(list);
    }
    return walk(field(cur, step), rest);
  };
  const steps = o.ext.unwrap ? o.ext.unwrap.split('.') : [];
  const type = walk(at(o.result, `Res<${lit(o.id)}>`), steps);
  return o.text ? `${type} | string` : type;
}

function bodyParam(o, deref, named) {
  const match = o.body.schema?.$ref?.match(SCHEMA_REF);
  const type = match ? named(match[1]) : `Body<${lit(o.id)}>`;
  const schemaName = match?.[1] ?? '';
  // Only the parameter's name in signatures and hovers: what the body is, in a word.
  const byName = [
    [/Filters$|Search/, 'filters'],
    [/Check/, 'values'],
    [/Attach|Remove/, 'target'],
  ].find(([re]) => re.test(schemaName));
  const wrapper = o.body.wrapper && o.body.wrapper.charAt(0).toLowerCase() + o.body.wrapper.slice(1);
  const name = byName?.[1] ?? wrapper ?? (deref(o.body.schema)?.type === 'array' ? 'values' : 'body');
  return `${name}${o.body.required ? '' : '?'}: ${type}`;
}

function jsdoc(o, indent) {
  const clean = (text) =>
    String(text ?? '')
      .replace(/\*\//g, '*\u2215')
      .trim();
  const lines = [clean(o.op.summary).replace(/([^.])$/, '$1.')];
  if (o.op.description) lines.push('', ...clean(o.op.description).split('\n'));
  const traits = [
    o.ext.idempotent
      ? 'a read: retried on 429/502/503/504 and network errors'
      : 'a write: never retried unless the retry policy sets `retryWrites`',
  ];
  if (o.ext.paginated) traits.push('pages with `limit`/`page` (walk it with `misp.paginate`)');
  if (o.ext.http200Failures) traits.push("MISP's HTTP-200 failures become `MispValidationError`");
  if (o.verb === 'HEAD') traits.push('resolves `true` on 200 and `false` on 404; other answers throw');
  if (o.ext.successRedirect)
    traits.push(
      `resolves when MISP redirects to \`${o.ext.successRedirect}\` (its success answer), never following it`,
    );
  lines.push('', `\`${o.verb} ${o.path}\` (operationId \`${o.id}\`): ${traits.join('; ')}.`);
  for (const p of o.pathParams) lines.push(`@param ${p.name} ${clean(p.description) || p.name}`);
  const query = o.queryParams.map((q) => `\`${q.name}\``).join(', ');
  lines.push(
    `@param options ${query ? `Query parameters (${query}) and call` : 'Call'} options: \`signal\`, \`timeoutMs\`, \`retry\`.`,
  );
  return [`${indent}/**`, ...lines.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)), `${indent} */`].join('\n');
}

export function renderRoutes(spec, banner) {
  const { operations, deref } = collectOperations(spec);
  const resources = new Map();
  for (const o of operations) {
    if (!resources.has(o.ext.resource)) resources.set(o.ext.resource, []);
    resources.get(o.ext.resource).push(o);
  }
  const schemaNames = new Set();
  const named = (n) => {
    schemaNames.add(n);
    return n;
  };
  const helperTypes = new Set();
  const queryNames = new Set();

  const table = [];
  const methods = [];
  const catalogue = [];
  for (const [resource, ops] of resources) {
    const iface = `${pascal(resource)}Methods`;
    table.push(`/** Routes of \`misp.${resource}\`. */`, `export const ${resource}: ResourceTable<${iface}> = {`);
    methods.push(
      `/** \`misp.${resource}\`: ${ops.length} operation${ops.length === 1 ? '' : 's'} of the contract. */`,
      `export interface ${iface} {`,
    );
    for (const o of ops) {
      let flags = 0;
      if (o.ext.idempotent) flags |= FLAGS.idempotent;
      if (o.ext.paginated) flags |= FLAGS.paginated;
      if (o.body) flags |= FLAGS.body;
      if (o.ext.http200Failures) flags |= FLAGS.http200Failures;
      if (o.text) flags |= FLAGS.text;
      if (o.binary) flags |= FLAGS.binary;
      if (o.ext.successRedirect) flags |= FLAGS.redirect;
      const enums = o.pathParams.filter((p) => p.enum);
      // How MISP reads the options that are not path parameters: a different named-parameter name
      // (x-mispkit.named) or a positional path argument (x-mispkit.positional, by index).
      const params = [
        ...Object.entries(o.ext.named ?? {}).map(([name, misp]) => `${name}: ${lit(misp)}`),
        ...(o.ext.positional ?? []).map((name, i) => `${name}: ${i}`),
      ];
      for (const name of [...Object.keys(o.ext.named ?? {}), ...(o.ext.positional ?? [])]) {
        if (!o.queryParams.some((q) => q.name === name))
          throw new Error(`generate: ${o.id} x-mispkit names ${name}, which is not one of its query parameters`);
      }
      if (o.ext.successRedirect) {
        for (const [, name] of o.ext.successRedirect.matchAll(/\{([^}]+)\}/g)) {
          if (!o.pathParams.some((p) => p.name === name))
            throw new Error(
              `generate: ${o.id} x-mispkit.successRedirect uses {${name}}, which is not a path parameter`,
            );
        }
      }
      // The optional trailing elements of the row, `undefined` where a later one is present.
      const trailing = [
        enums.length ? `{ ${enums.map((p) => `${p.name}: [${p.enum.map(lit).join(', ')}]`).join(', ')} }` : undefined,
        params.length ? `{ ${params.join(', ')} }` : undefined,
        o.ext.successRedirect ? lit(o.ext.successRedirect) : undefined,
      ];
      while (trailing.length && trailing.at(-1) === undefined) trailing.pop();
      const extra = trailing.map((t) => `, ${t ?? 'undefined'}`).join('');
      table.push(`  ${o.ext.method}: [${lit(o.verb)}, ${lit(o.path)}, ${lit(o.ext.unwrap ?? '')}, ${flags}${extra}],`);

      // An id branch takes ids as MISP returns them (strings) or numbers; `string & {}` keeps the named values
      // as editor suggestions.
      const pathType = (values) =>
        values[0] === TEXT_VALUE
          ? 'string'
          : values.map((v) => (v === ID_VALUE ? 'number | (string & {})' : lit(v))).join(' | ');
      const args = o.pathParams.map((p) => `${p.name}: ${p.enum ? pathType(p.enum) : 'string | number'}`);
      if (o.body) args.push(bodyParam(o, deref, named));
      const shown = args.map((a) => a.split(':')[0]);
      if (o.queryParams.length)
        shown.push(
          `{ ${o.queryParams
            .map((q) => q.name)
            .slice(0, 4)
            .join(', ')}${o.queryParams.length > 4 ? ', …' : ''} }`,
        );
      let optionsType = 'CallOptions';
      if (o.queryParams.length) {
        const q = `${pascal(o.id)}Query`;
        queryNames.add(q);
        optionsType = `${q} & CallOptions`;
      }
      args.push(`options?: ${optionsType}`);
      const result = resultType(o, deref, named);
      for (const h of ['Res', 'Body', 'Field', 'Item'])
        if (result.includes(`${h}<`) || args.join().includes(`${h}<`)) helperTypes.add(h);
      methods.push(jsdoc(o, '  '), `  ${o.ext.method}(${args.join(', ')}): Promise<${result}>;`);
      const traits = [o.ext.idempotent ? 'read' : 'write'];
      if (o.ext.paginated) traits.push('paginated');
      catalogue.push(
        `| \`${resource}.${o.ext.method}(${shown.join(', ')})\` | \`${o.verb} ${o.path}\` | ${String(o.op.summary).replace(/\|/g, '\\|')} | ${traits.join(', ')} | \`${result.replace(/Field<([A-Za-z0-9_]+), '([A-Za-z0-9_]+)'>/g, "$1['$2']").replace(/\|/g, '\\|')}\` |`,
      );
    }
    table.push('};', '');
    methods.push('}', '');
  }
  const names = [...resources.keys()];
  table.push(
    '/** Every route table, keyed by resource: what `createMispClient` from `@mispkit/sdk` binds. */',
    `export const routes = { ${names.join(', ')} };`,
  );
  methods.push(
    '/** Every generated resource of the client, keyed by its property name. */',
    'export interface MispResources {',
    ...names.map((r) => `  ${r}: ${pascal(r)}Methods;`),
    '}',
  );

  const routesTs = [
    banner,
    "import type { ResourceTable } from '../internal/routes.js';",
    `import type { ${names.map((r) => `${pascal(r)}Methods`).join(', ')} } from './methods.js';`,
    '',
    '// Row: [HTTP verb, MISP path, unwrap (x-mispkit.unwrap), flags, allowed values of enum path parameters,',
    '//       how MISP reads options: MISP named-parameter name (x-mispkit.named) or positional index (x-mispkit.positional)].',
    `// Flags: ${Object.entries(FLAGS)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')} (the request takes a JSON body).`,
    '',
    ...table,
    '',
  ].join('\n');
  const helpers = [...helperTypes].sort();
  const used = (n) => methods.some((line) => new RegExp(`\\b${n}\\b`).test(line));
  const imports = [...schemaNames, ...queryNames].filter(used).sort();
  const methodsTs = [
    banner,
    "import type { CallOptions } from '../internal/transport.js';",
    ...(helpers.length ? [`import type { ${helpers.join(', ')} } from '../internal/operation-types.js';`] : []),
    `import type { ${imports.join(', ')} } from './schema.js';`,
    '',
    ...methods,
    '',
  ].join('\n');
  const methodsTable = [
    `${operations.length} methods, one per operation of the contract (generated; \`read\` methods are retried, \`write\` ones are not):`,
    '',
    '| method | MISP route | does | kind | resolves |',
    '| --- | --- | --- | --- | --- |',
    ...catalogue,
  ].join('\n');
  return { routesTs, methodsTs, methodsTable, operations, queryNames: [...queryNames] };
}
