// A small JSON Schema (2020-12) checker for the keywords the contract's response schemas use: type (and
// type lists), properties, required, additionalProperties, items, enum, const, anyOf, oneOf, allOf, $ref
// to a component, minimum/maximum, pattern, minLength, minItems/maxItems, minProperties and the formats
// uuid, date and date-time. It answers the first problem it finds (the doctor's "differs: …" verdict), not
// all of them, and is no general validator: the SDK has no schema dependency, and the doctor needs no more.

/** A compacted schema (see scripts/lib/responses.mjs): `$ref` holds a component name. */
export type Schema = { readonly [keyword: string]: unknown } | boolean;

export interface ResponseContract {
  /** `VERB /path` → the 200 response schema, or null when the 200 answer has no JSON schema. */
  responses: Readonly<Record<string, Schema | null>>;
  components: Readonly<Record<string, Schema>>;
}

export interface SchemaProblem {
  /** JSON path of the offending value: `$`, `$[0].Event.id`. */
  path: string;
  message: string;
}

const FORMATS: Record<string, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:?\d{2})?$/,
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const fits = (type: string, actual: string) => type === actual || (type === 'number' && actual === 'integer');

const show = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
};

const child = (path: string, key: string | number) =>
  typeof key === 'number'
    ? `${path}[${key}]`
    : /^[A-Za-z_$][\w$]*$/.test(key)
      ? `${path}.${key}`
      : `${path}[${show(key)}]`;

/** Depth of a problem's path: among failing alternatives, the deepest one says the most. */
const depth = (p: SchemaProblem) => p.path.split(/[.[]/).length;

export function checkSchema(
  contract: Pick<ResponseContract, 'components'>,
  schema: Schema,
  value: unknown,
  path = '$',
): SchemaProblem | undefined {
  if (schema === true) return undefined;
  if (schema === false) return { path, message: 'is not allowed here' };
  const s = schema as Record<string, unknown>;
  if (typeof s.$ref === 'string') {
    const target = contract.components[s.$ref];
    if (target === undefined) return { path, message: `schema ${s.$ref} is missing from the contract extract` };
    const problem = checkSchema(contract, target, value, path);
    if (problem) return problem;
  }
  if (Array.isArray(s.allOf)) {
    for (const part of s.allOf as Schema[]) {
      const problem = checkSchema(contract, part, value, path);
      if (problem) return problem;
    }
  }
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const branches = s[keyword];
    if (!Array.isArray(branches)) continue;
    const problems: SchemaProblem[] = [];
    for (const branch of branches as Schema[]) {
      const problem = checkSchema(contract, branch, value, path);
      if (!problem) break;
      problems.push(problem);
    }
    if (problems.length === branches.length) {
      const deepest = problems.reduce((a, b) => (depth(b) > depth(a) ? b : a));
      // Equally shallow problems are the alternatives themselves: say so rather than pick one.
      return depth(deepest) > depth({ path, message: '' })
        ? deepest
        : { path, message: `matches none of the ${branches.length} allowed forms (${show(value)})` };
    }
  }
  const actual = typeOf(value);
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => fits(t, actual))) return { path, message: `must be ${types.join(' or ')}, got ${actual}` };
  }
  if ('const' in s && JSON.stringify(s.const) !== JSON.stringify(value))
    return { path, message: `must be ${show(s.const)}, got ${show(value)}` };
  if (Array.isArray(s.enum) && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(value)))
    return { path, message: `must be one of ${s.enum.map(show).join(', ')}, got ${show(value)}` };
  if (typeof value === 'string') {
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value))
      return { path, message: `must match ${s.pattern}, got ${show(value)}` };
    if (typeof s.minLength === 'number' && [...value].length < s.minLength)
      return { path, message: `must have at least ${s.minLength} characters` };
    const format = typeof s.format === 'string' ? FORMATS[s.format] : undefined;
    if (format && !format.test(value)) return { path, message: `must be a ${s.format}, got ${show(value)}` };
  }
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) return { path, message: `must be ≥ ${s.minimum}` };
    if (typeof s.maximum === 'number' && value > s.maximum) return { path, message: `must be ≤ ${s.maximum}` };
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems)
      return { path, message: `must have at least ${s.minItems} items` };
    if (typeof s.maxItems === 'number' && value.length > s.maxItems)
      return { path, message: `must have at most ${s.maxItems} items` };
    if (s.items !== undefined) {
      for (let i = 0; i < value.length; i++) {
        const problem = checkSchema(contract, s.items as Schema, value[i], child(path, i));
        if (problem) return problem;
      }
    }
  }
  if (actual === 'object') {
    const record = value as Record<string, unknown>;
    const properties = (s.properties ?? {}) as Record<string, Schema>;
    for (const name of (s.required ?? []) as string[]) {
      if (!(name in record)) return { path, message: `lacks the required field ${name}` };
    }
    if (typeof s.minProperties === 'number' && Object.keys(record).length < s.minProperties)
      return { path, message: `must have at least ${s.minProperties} fields` };
    for (const [name, item] of Object.entries(record)) {
      const own = properties[name];
      if (own !== undefined) {
        const problem = checkSchema(contract, own, item, child(path, name));
        if (problem) return problem;
      } else if (s.additionalProperties === false) {
        return { path, message: `has a field the contract does not allow: ${name}` };
      } else if (s.additionalProperties !== undefined && s.additionalProperties !== true) {
        const problem = checkSchema(contract, s.additionalProperties as Schema, item, child(path, name));
        if (problem) return problem;
      }
    }
  }
  return undefined;
}
