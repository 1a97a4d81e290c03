// Validates sandbox answers against the bundled contract (openapi/dist/openapi.json): one checker for
// contract.test.ts and every test file that checks its own operations' answers.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { MispSandbox } from '../../src/index.js';
import { type Api, type ApiResponse, apiFor, type Json } from '../helpers.js';

const require = createRequire(import.meta.url);
function specPath(): string {
  const fallback = fileURLToPath(new URL('../../../../openapi/dist/openapi.json', import.meta.url));
  const resolve = () => {
    try {
      return require.resolve('@mispkit/openapi/openapi.json');
    } catch {
      return fallback;
    }
  };
  if (!existsSync(resolve())) execFileSync('npm', ['run', 'bundle', '-w', '@mispkit/openapi'], { stdio: 'ignore' });
  return resolve();
}

export const spec = JSON.parse(readFileSync(specPath(), 'utf8'));

/** The tags of the operations this folder covers (contract.test.ts leaves them to it). */
export const ACCOUNT_TAGS = new Set(['roles', 'auth_keys', 'user_settings']);
/** Operations of other tags covered here. */
export const ACCOUNT_OPERATIONS = new Set([
  'adminListUsers',
  'adminGetUser',
  'adminAddUser',
  'adminEditUser',
  'adminDeleteUser',
  'editOwnProfile',
  'getUser',
  'getUserStatistics',
  'initiatePasswordReset',
  'addOrganisation',
  'editOrganisation',
  'deleteOrganisation',
  'getSharingGroup',
  'sharingGroupExists',
  'addSharingGroup',
  'editSharingGroup',
  'deleteSharingGroup',
  'addOrgToSharingGroup',
  'removeOrgFromSharingGroup',
  'addServerToSharingGroup',
  'removeServerFromSharingGroup',
]);

interface Operation {
  id: string;
  method: string;
  pattern: RegExp;
  specificity: number;
  responses: Record<string, Json>;
  tags: string[];
}

export const operations: Operation[] = [];
for (const [template, item] of Object.entries<Record<string, Json>>(spec.paths)) {
  for (const [method, op] of Object.entries<Json>(item)) {
    if (!op?.operationId) continue;
    // Options MISP reads as positional path arguments (x-mispkit.positional: `/tags/search/{term}/1`) may follow.
    const positional = (op['x-mispkit']?.positional ?? []).length;
    operations.push({
      id: op.operationId,
      method: method.toUpperCase(),
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}(?:/[^/]+){0,${positional}}$`),
      specificity: template.replace(/\{[^}]+\}/g, '').length,
      responses: op.responses,
      tags: op.tags ?? [],
    });
  }
}
export const accountOperations = operations.filter(
  (o) => ACCOUNT_OPERATIONS.has(o.id) || o.tags.some((t) => ACCOUNT_TAGS.has(t)),
);

const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({ strict: false, allErrors: true });
(addFormats as unknown as typeof addFormats.default)(ajv);
ajv.addSchema(spec, 'openapi.json');

export const deref = (node: Json): Json => {
  let current = node;
  while (current?.$ref?.startsWith('#/')) {
    current = current.$ref
      .slice(2)
      .split('/')
      .reduce((acc: Json, key: string) => acc?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  }
  return current;
};

/**
 * Resolves each answer's operation by method and path template and validates it against the response declared for
 * its status: status, required headers, media type, body schema, and no body on HEAD. `problems` collects what
 * breaks the contract; `exercised` records which statuses each operation was seen answering.
 */
export class SpecChecker {
  readonly exercised = new Map<string, Set<number>>();
  readonly problems: string[] = [];
  /** Problems of the account operations only (other operations belong to contract.test.ts). */
  accountProblems(): string[] {
    const ids = new Set(accountOperations.map((o) => o.id));
    return this.problems.filter((p) => ids.has(p.split(/[: ]/)[0] ?? '') || p.includes('no operation in the spec'));
  }
  private readonly validators = new Map<string, ReturnType<typeof ajv.compile>>();

  /** A JSON client of `misp` (as `key`, default the site admin) whose every answer goes through check(). */
  api(misp: MispSandbox, key?: string): Api {
    const call = apiFor(misp, key);
    return async (method, path, body, options) => this.check(method, path, await call(method, path, body, options));
  }

  check(method: string, path: string, response: ApiResponse): ApiResponse {
    // CakePHP named parameters (`/admin/users/index/searchorg:2`) are not part of the path template.
    const pathname = (path.split('?')[0]?.replace(/\.json$/, '') ?? path).replace(/\/[^/:]+:[^/]*/g, '');
    // `/auth_keys/add` and `/auth_keys/add/{userId}` both match some paths: the most literal template wins.
    const op = operations
      .filter((o) => o.method === method && o.pattern.test(pathname))
      .sort((a, b) => b.specificity - a.specificity)[0];
    if (!op) {
      this.problems.push(`${method} ${path}: no operation in the spec`);
      return response;
    }
    this.exercised.set(op.id, (this.exercised.get(op.id) ?? new Set()).add(response.status));
    if (method === 'HEAD' && response.text !== '')
      this.problems.push(`${op.id} ${response.status}: a HEAD answer has a body`);
    const status = String(response.status);
    const declared = op.responses[status] ?? op.responses[`${status[0]}XX`] ?? op.responses.default;
    if (!declared) {
      this.problems.push(`${op.id}: status ${status} is not declared (${response.text.slice(0, 160)})`);
      return response;
    }
    for (const [name, header] of Object.entries<Json>(deref(declared)?.headers ?? {})) {
      if (deref(header)?.required && !response.headers.has(name))
        this.problems.push(`${op.id} ${status}: missing header ${name}`);
    }
    // A text answer (restSearch exports, MISP's text/html relation saves) is checked for its declared media type only.
    const mediaType = response.headers.get('content-type')?.split(';')[0]?.trim() ?? 'application/json';
    const content = deref(declared)?.content;
    if (content && mediaType !== 'application/json' && !content[mediaType]) {
      this.problems.push(`${op.id} ${status}: content type ${mediaType} is not declared`);
      return response;
    }
    if (mediaType.startsWith('text/')) return response;
    const schema = content?.['application/json']?.schema;
    if (!schema) return response;
    const key = `${op.id} ${status}`;
    let validate = this.validators.get(key);
    if (!validate) {
      const rebased = JSON.parse(JSON.stringify(schema).replace(/"\$ref":"#\//g, '"$ref":"openapi.json#/'));
      validate = ajv.compile(rebased);
      this.validators.set(key, validate);
    }
    if (!validate(response.body))
      this.problems.push(`${op.id} ${status}: ${ajv.errorsText(validate.errors, { separator: '; ' }).slice(0, 600)}`);
    return response;
  }
}
