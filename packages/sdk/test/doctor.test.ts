// mispkit-doctor against the MISP sandbox over HTTP: every read-only operation answers as the contract says for
// a site admin; a Read Only key shows what its role may not do; a broken answer (the sandbox's fault injection,
// or a body changed on the way) is a "differs" row and exit code 1; a MISP that is down, a refused key, a URL
// that is no MISP and a refused --write are one-line errors.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type MispSandbox, startMispSandbox } from '@mispkit/misp-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliIo, main } from '../src/doctor/cli.js';
import { type DoctorReport, runDoctor } from '../src/doctor/run.js';
import { checkSchema } from '../src/doctor/validate.js';

let sandbox: MispSandbox;

beforeAll(async () => {
  sandbox = await startMispSandbox({ seed: 'demo', log: () => undefined });
});
afterAll(() => sandbox?.close());

function io(env: Record<string, string | undefined> = {}, fetch?: CliIo['fetch']) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env, fetch } };
}

const failing = (report: DoctorReport) =>
  report.rows
    .filter((r) => ['differs', 'missing', 'error'].includes(r.verdict))
    .map((r) => `${r.operation}: ${r.detail}`);

describe('mispkit-doctor against the sandbox', () => {
  it('finds every read-only answer of a site admin as the contract says, and exits 0', async () => {
    const report = await runDoctor({ baseUrl: sandbox.url, apiKey: sandbox.adminKey });
    expect(failing(report)).toEqual([]);
    expect(report.version).toMatch(/^2\.5\./);
    expect(report.user).toMatchObject({ email: 'admin@admin.test', role: 'admin' });
    expect(report.permissions).toContain('site_admin');
    const verdict = (name: string) => report.rows.find((r) => r.operation === name)?.verdict;
    // Ids found on the way unlock the views: the first event, one of its attributes, the first tag, the user.
    for (const name of ['events.index', 'events.get', 'attributes.get', 'tags.get', 'galaxies.get', 'users.get'])
      expect(verdict(name), name).toBe('ok');
    expect(report.rows.find((r) => r.operation === 'events.index')?.request).toBe('GET /events/index/limit:1');
    // Nothing that writes: no add, edit, delete, enable or update.
    expect(report.rows.filter((r) => /\.(add|edit|delete|enable|disable|update)/.test(r.operation))).toEqual([]);
  });

  it("shows what a Read Only user's role may not do as forbidden rows, which do not fail the check", async () => {
    const report = await runDoctor({ baseUrl: sandbox.url, apiKey: sandbox.readOnlyKey });
    expect(report.user?.role).toBe('Read Only');
    expect(report.permissions).not.toContain('add');
    const forbidden = report.rows.filter((r) => r.verdict === 'forbidden').map((r) => r.operation);
    expect(forbidden).toEqual(expect.arrayContaining(['users.get', 'servers.list', 'auditLogs.search']));
    expect(failing(report)).toEqual([]);
  });

  it('reports a broken answer as "differs" and exits 1: a 500 from fault injection', async () => {
    sandbox.faults.add({ path: '/tags/index', status: 500, times: 1 });
    const { out, io: cli } = io({ MISP_URL: sandbox.url, MISP_API_KEY: sandbox.adminKey });
    const code = await main(['doctor'], cli);
    sandbox.faults.clear();
    expect(code).toBe(1);
    const table = out.join('\n');
    expect(table).toMatch(/tags\.list\s+GET \/tags\/index\s+500\s+differs: HTTP 500/);
    expect(table).toMatch(/\d+ operations: \d+ ok, [1-9]\d* differ, .* not as the contract says$/);
    expect(table).not.toContain(sandbox.adminKey);
  });

  it('reports a body that breaks the schema with the first problem, by JSON path', async () => {
    const tampering: CliIo['fetch'] = async (input, init) => {
      const response = await fetch(input, init);
      const url = typeof input === 'string' ? input : input.url;
      if (!new URL(url).pathname.startsWith('/tags/index')) return response;
      const body = await response.json();
      body.Tag[0].id = Number(body.Tag[0].id);
      return new Response(JSON.stringify(body), { status: 200, headers: response.headers });
    };
    const report = await runDoctor({ baseUrl: sandbox.url, apiKey: sandbox.adminKey, fetch: tampering });
    expect(report.rows.find((r) => r.operation === 'tags.list')).toMatchObject({
      verdict: 'differs',
      detail: '$.Tag[0].id must be string, got integer',
    });
    expect(report.ok).toBe(false);
  });

  it('prints JSON with --json', async () => {
    const { out, io: cli } = io({ MISP_URL: sandbox.url, MISP_API_KEY: sandbox.userKey });
    const code = await main(['--json'], cli);
    const report = JSON.parse(out.join('')) as DoctorReport;
    expect(failing(report)).toEqual([]);
    expect(code).toBe(report.ok ? 0 : 1);
    expect(report.rows[0]).toMatchObject({ operation: 'server.version', verdict: 'ok', status: 200 });
    expect(JSON.stringify(report)).not.toContain(sandbox.userKey);
  });

  it('runs the write checks only on the instance named by --test-instance, and cleans up', async () => {
    const refused = io({ MISP_URL: sandbox.url, MISP_API_KEY: sandbox.adminKey });
    expect(await main(['--write'], refused.io)).toBe(1);
    expect(refused.err).toEqual([
      'mispkit-doctor: --write creates and deletes an event: add --test-instance 127.0.0.1 to confirm that this MISP is a test instance',
    ]);
    const wrong = io({ MISP_URL: sandbox.url, MISP_API_KEY: sandbox.adminKey });
    expect(await main(['--write', '--test-instance', 'misp.example.org'], wrong.io)).toBe(1);
    expect(wrong.err[0]).toBe(
      'mispkit-doctor: --write refused: --test-instance misp.example.org is not the host of the MISP URL (127.0.0.1)',
    );
    const before = (await fetch(`${sandbox.url}/events/index`, { headers: headers(sandbox.adminKey) }).then((r) =>
      r.json(),
    )) as unknown[];
    const report = await runDoctor({
      baseUrl: sandbox.url,
      apiKey: sandbox.userKey,
      write: true,
      testInstance: '127.0.0.1',
    });
    const writes = report.rows
      .filter((r) => r.write)
      .map((r) => `${r.operation} ${r.verdict}${r.detail ? `: ${r.detail}` : ''}`);
    expect(writes).toEqual(['events.add ok', 'attributes.add ok', 'tags.attach ok', 'events.delete ok']);
    const after = (await fetch(`${sandbox.url}/events/index`, { headers: headers(sandbox.adminKey) }).then((r) =>
      r.json(),
    )) as unknown[];
    expect(after).toHaveLength(before.length);
  });
});

const headers = (key: string) => ({ Authorization: key, Accept: 'application/json' });

describe('mispkit-doctor when it cannot check', () => {
  it('says in one line that the variables are missing', async () => {
    const { err, io: cli } = io({});
    expect(await main([], cli)).toBe(1);
    expect(err).toEqual([
      'mispkit-doctor: MISP_URL is not set: set MISP_URL and MISP_API_KEY (or pass --url/--key); --help for more',
    ]);
  });

  it('says that the key was refused, without printing it', async () => {
    const key = 'B'.repeat(40);
    const { err, io: cli } = io({ MISP_URL: sandbox.url, MISP_API_KEY: key });
    expect(await main([], cli)).toBe(1);
    expect(err).toEqual([`mispkit-doctor: MISP at ${sandbox.url} refused the API key (HTTP 403): check MISP_API_KEY`]);
  });

  it('says that a MISP that is down cannot be reached', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const { err, io: cli } = io({ MISP_URL: `http://127.0.0.1:${port}`, MISP_API_KEY: 'C'.repeat(40) });
    expect(await main(['--timeout', '5'], cli)).toBe(1);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(new RegExp(`^mispkit-doctor: cannot reach http://127\\.0\\.0\\.1:${port}: `));
  });

  it('says that a URL which is no MISP does not answer like one', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html><body>It works!</body></html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const { err, io: cli } = io({ MISP_URL: `http://127.0.0.1:${port}`, MISP_API_KEY: 'C'.repeat(40) });
      expect(await main([], cli)).toBe(1);
      expect(err).toHaveLength(1);
      expect(err[0]).toMatch(/^mispkit-doctor: http:\/\/127\.0\.0\.1:\d+ does not answer like a MISP/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses unknown arguments and prints help', async () => {
    const bad = io({});
    expect(await main(['--frobnicate'], bad.io)).toBe(1);
    expect(bad.err).toEqual(['mispkit-doctor: unknown argument "--frobnicate" (see --help)']);
    const help = io({});
    expect(await main(['doctor', '--help'], help.io)).toBe(0);
    expect(help.out.join('')).toContain('npx @mispkit/sdk doctor');
  });
});

describe('the schema checker', () => {
  const contract = { components: { Id: { type: 'string', pattern: '^\\d+$' } } };
  it('answers the first problem with its JSON path', () => {
    const schema = {
      type: 'object',
      required: ['Event'],
      properties: {
        Event: { type: 'object', properties: { id: { $ref: 'Id' }, tags: { type: 'array', items: { enum: ['a'] } } } },
      },
    };
    expect(checkSchema(contract, schema, { Event: { id: '1', tags: ['a'] } })).toBeUndefined();
    expect(checkSchema(contract, schema, {})).toEqual({ path: '$', message: 'lacks the required field Event' });
    expect(checkSchema(contract, schema, { Event: { id: 'x' } })).toEqual({
      path: '$.Event.id',
      message: 'must match ^\\d+$, got "x"',
    });
    expect(checkSchema(contract, schema, { Event: { id: '1', tags: ['b'] } })).toEqual({
      path: '$.Event.tags[0]',
      message: 'must be one of "a", got "b"',
    });
    expect(checkSchema(contract, { anyOf: [{ type: 'string' }, { type: 'null' }] }, 3)).toEqual({
      path: '$',
      message: 'matches none of the 2 allowed forms (3)',
    });
  });
});
