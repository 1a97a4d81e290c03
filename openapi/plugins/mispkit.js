// Redocly plugin: `mispkit/x-mispkit` fails lint when an operation lacks `x-mispkit` (how the SDK calls it),
// when the extension does not match x-mispkit.schema.json, or when two operations claim the same
// `resource.method`, or when its `named` / `positional` lists a parameter the operation does not take
// `in: query` (MISP reads those as CakePHP named parameters or positional path arguments, never as a query
// string). Loaded by redocly.yaml (`plugins: [./plugins/mispkit.js]`).
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';

const schema = JSON.parse(readFileSync(new URL('../x-mispkit.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ allErrors: true }).compile(schema);

/** The names of the operation's (and its path item's) `in: query` parameters, `$ref`s resolved. */
function queryParameters(operation, ctx) {
  const parent = ctx.parentLocations?.PathItem;
  const pathItem = parent ? ctx.resolve({ $ref: parent.absolutePointer }).node : undefined;
  const names = new Set();
  for (const raw of [...(pathItem?.parameters ?? []), ...(operation.parameters ?? [])]) {
    const param = raw?.$ref ? ctx.resolve(raw).node : raw;
    if (param?.in === 'query') names.add(param.name);
  }
  return names;
}

function checkParameterNames(ext, operation, ctx, where) {
  const named = Object.keys(ext.named ?? {});
  const positional = ext.positional ?? [];
  if (!named.length && !positional.length) return;
  const query = queryParameters(operation, ctx);
  for (const name of named) {
    if (!query.has(name))
      ctx.report({
        message: `x-mispkit.named.${name}: the operation has no \`in: query\` parameter ${name}.`,
        location: where,
      });
    if (positional.includes(name))
      ctx.report({ message: `x-mispkit: ${name} is both named and positional.`, location: where });
  }
  for (const name of positional) {
    if (!query.has(name))
      ctx.report({
        message: `x-mispkit.positional: the operation has no \`in: query\` parameter ${name}.`,
        location: where,
      });
  }
}

function xMispkit() {
  const owners = new Map();
  return {
    Operation: {
      enter(operation, ctx) {
        const ext = operation['x-mispkit'];
        const id = operation.operationId ?? ctx.key;
        if (ext === undefined) {
          ctx.report({
            message: `Operation ${id} has no \`x-mispkit\` (resource, method, unwrap, idempotent, paginated): the SDK cannot generate its method.`,
            location: ctx.location.key(),
          });
          return;
        }
        const where = ctx.location.child(['x-mispkit']);
        if (!validate(ext)) {
          for (const error of validate.errors ?? []) {
            ctx.report({ message: `x-mispkit${error.instancePath} ${error.message}`, location: where });
          }
          return;
        }
        if (ctx.key === 'head' && ext.unwrap !== undefined) {
          ctx.report({
            message: 'x-mispkit.unwrap makes no sense on a HEAD operation (it answers true/false).',
            location: where,
          });
        }
        checkParameterNames(ext, operation, ctx, where);
        const name = `${ext.resource}.${ext.method}`;
        const owner = owners.get(name);
        if (owner && owner !== id)
          ctx.report({ message: `x-mispkit ${name} is already used by ${owner}.`, location: where });
        else owners.set(name, id);
      },
    },
  };
}

export default function mispkitPlugin() {
  return { id: 'mispkit', rules: { oas3: { 'x-mispkit': xMispkit } } };
}
