// Redocly plugin: `mispkit/x-mispkit` fails lint when an operation lacks `x-mispkit` (how the SDK calls it),
// when the extension does not match x-mispkit.schema.json, or when two operations claim the same
// `resource.method`, or when its `named` / `positional` lists a parameter the operation does not take
// `in: query` (MISP reads those as CakePHP named parameters or positional path arguments, never as a query
// string). It also stands in for Redocly's operation-2xx-response: every operation declares a 2xx, except one
// whose x-mispkit.successRedirect says MISP answers success with a redirect, which declares that 3xx (with a
// required `Location`) and whose template uses only its path parameters. Loaded by redocly.yaml
// (`plugins: [./plugins/mispkit.js]`).
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';

const schema = JSON.parse(readFileSync(new URL('../x-mispkit.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ allErrors: true }).compile(schema);

/** The names of the operation's (and its path item's) parameters `in` query or path, `$ref`s resolved. */
function parameterNames(operation, ctx, where = 'query') {
  const parent = ctx.parentLocations?.PathItem;
  const pathItem = parent ? ctx.resolve({ $ref: parent.absolutePointer }).node : undefined;
  const names = new Set();
  for (const raw of [...(pathItem?.parameters ?? []), ...(operation.parameters ?? [])]) {
    const param = raw?.$ref ? ctx.resolve(raw).node : raw;
    if (param?.in === where) names.add(param.name);
  }
  return names;
}
const queryParameters = (operation, ctx) => parameterNames(operation, ctx, 'query');

/** A 2xx response, or for x-mispkit.successRedirect a 3xx with a required Location and a sound template. */
function checkSuccessResponse(ext, operation, ctx, where) {
  const codes = Object.keys(operation.responses ?? {});
  const at = ctx.location.child(['responses']);
  if (ext.successRedirect === undefined) {
    if (!codes.some((code) => /^2(\d\d|XX)$/i.test(code)))
      ctx.report({
        message: 'Operation must have at least one `2XX` response (or x-mispkit.successRedirect and its 3xx).',
        location: at,
      });
    return;
  }
  const redirects = codes.filter((code) => /^3\d\d$/.test(code));
  if (!redirects.length)
    ctx.report({ message: 'x-mispkit.successRedirect: the operation declares no 3xx response.', location: at });
  for (const code of redirects) {
    const raw = operation.responses[code];
    const response = raw?.$ref ? ctx.resolve(raw).node : raw;
    const location = Object.entries(response?.headers ?? {}).find(([name]) => name.toLowerCase() === 'location');
    const header = location && (location[1]?.$ref ? ctx.resolve(location[1]).node : location[1]);
    if (header?.required !== true)
      ctx.report({
        message: `x-mispkit.successRedirect: response ${code} needs a required Location header.`,
        location: at,
      });
  }
  const pathParams = parameterNames(operation, ctx, 'path');
  for (const [, name] of ext.successRedirect.matchAll(/\{([^}]+)\}/g)) {
    if (!pathParams.has(name))
      ctx.report({
        message: `x-mispkit.successRedirect: {${name}} is not a path parameter of the operation.`,
        location: where,
      });
  }
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
        checkSuccessResponse(ext, operation, ctx, where);
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
