// The bundled OpenAPI contract as a response checker: the same resolution and validation as
// test/contract.test.ts (operation by method + path template, schema of the declared status, required
// headers), packaged as a module so that the differential runner can apply it to real MISP's answers.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

// biome-ignore lint/suspicious/noExplicitAny: the spec and bodies are JSON read from disk and the wire.
type Json = any;

export interface CheckedResponse {
  status: number;
  headers: Headers;
  body: Json;
  text: string;
}

export interface Operation {
  id: string;
  method: string;
  template: string;
  pattern: RegExp;
  responses: Record<string, Json>;
}

export interface Verdict {
  /** The operationId, when the spec has an operation for the method and path. */
  operation?: string;
  problems: string[];
}

const require = createRequire(import.meta.url);

function specPath(): string {
  const fallback = fileURLToPath(new URL('../../../openapi/dist/openapi.json', import.meta.url));
  const resolve = () => {
    try {
      return require.resolve('@mispkit/openapi/openapi.json');
    } catch {
      return fallback;
    }
  };
  // The bundle is a build output; produce it when a fresh checkout has not built it yet.
  if (!existsSync(resolve())) execFileSync('npm', ['run', 'bundle', '-w', '@mispkit/openapi'], { stdio: 'ignore' });
  return resolve();
}

export class Contract {
  readonly operations: Operation[] = [];
  private readonly spec: Json;
  private readonly ajv: Ajv2020.default;
  private readonly validators = new Map<string, ReturnType<Ajv2020.default['compile']>>();

  constructor(spec: Json = JSON.parse(readFileSync(specPath(), 'utf8'))) {
    this.spec = spec;
    this.ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({ strict: false, allErrors: true });
    (addFormats as unknown as typeof addFormats.default)(this.ajv);
    this.ajv.addSchema(spec, 'openapi.json');
    for (const [template, item] of Object.entries<Record<string, Json>>(spec.paths)) {
      for (const [method, op] of Object.entries<Json>(item)) {
        if (!op?.operationId) continue;
        const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
        this.operations.push({
          id: op.operationId,
          method: method.toUpperCase(),
          template,
          pattern,
          responses: op.responses,
        });
      }
    }
  }

  /** The operation a request hits: `.json` suffixes, query strings and camelCase controllers do not change it. */
  operationFor(method: string, path: string): Operation | undefined {
    // CakePHP named parameters (`/events/index/limit:1`) are options of the operation, not part of its path.
    const pathname = (
      path
        .split('?')[0]
        ?.replace(/(?:\/[A-Za-z_]+:[^/]*)+$/, '')
        .replace(/\.json$/, '') ?? path
    ).replace(/^\/([a-z]+)([A-Z][a-z]+)\//, (_m, head: string, tail: string) => `/${head}_${tail.toLowerCase()}/`);
    return this.operations.find((o) => o.method === method && o.pattern.test(pathname));
  }

  check(method: string, path: string, response: CheckedResponse): Verdict {
    const op = this.operationFor(method, path);
    if (!op) return { problems: [`${method} ${path}: no operation in the spec`] };
    const problems: string[] = [];
    if (method === 'HEAD' && response.text !== '')
      problems.push(`${op.id} ${response.status}: a HEAD answer has a body`);
    const declared =
      op.responses[String(response.status)] ?? op.responses[`${String(response.status)[0]}XX`] ?? op.responses.default;
    if (!declared) {
      problems.push(`${op.id}: status ${response.status} is not declared (${response.text.slice(0, 120)})`);
      return { operation: op.id, problems };
    }
    for (const [name, header] of Object.entries<Json>(this.deref(declared)?.headers ?? {})) {
      if (this.deref(header)?.required && !response.headers.has(name))
        problems.push(`${op.id} ${response.status}: missing header ${name}`);
    }
    // A text answer (restSearch exports) is checked for its declared media type only.
    const mediaType = response.headers.get('content-type')?.split(';')[0]?.trim() ?? 'application/json';
    const content = this.deref(declared)?.content;
    if (mediaType.startsWith('text/') && response.body === undefined) {
      if (content && !content[mediaType]) problems.push(`${op.id} ${response.status}: ${mediaType} is not declared`);
      return { operation: op.id, problems };
    }
    const schema = content?.['application/json']?.schema;
    if (schema && method !== 'HEAD') {
      const validate = this.validatorFor(op, String(response.status), schema);
      if (!validate(response.body)) {
        const errors = this.ajv.errorsText(validate.errors, { separator: '; ' });
        problems.push(`${op.id} ${response.status}: ${errors.slice(0, 600)}`);
      }
    }
    return { operation: op.id, problems };
  }

  private deref(node: Json): Json {
    let current = node;
    while (current?.$ref?.startsWith('#/')) {
      current = current.$ref
        .slice(2)
        .split('/')
        .reduce((acc: Json, key: string) => acc?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], this.spec);
    }
    return current;
  }

  private validatorFor(op: Operation, status: string, schema: unknown) {
    const key = `${op.id} ${status}`;
    let validate = this.validators.get(key);
    if (!validate) {
      const rebased = JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, '"$ref":"openapi.json#/'));
      validate = this.ajv.compile(rebased);
      this.validators.set(key, validate);
    }
    return validate;
  }
}
