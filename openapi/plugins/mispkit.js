// Redocly plugin: `mispkit/x-mispkit` fails lint when an operation lacks `x-mispkit` (how the SDK calls it),
// when the extension does not match x-mispkit.schema.json, or when two operations claim the same
// `resource.method`. Loaded by redocly.yaml (`plugins: [./plugins/mispkit.js]`).
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';

const schema = JSON.parse(readFileSync(new URL('../x-mispkit.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ allErrors: true }).compile(schema);

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
