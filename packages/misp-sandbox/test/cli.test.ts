import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Json } from './helpers.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'misp-sandbox-cli-'));
const adminKey = `${'K'.repeat(20)}0123456789abcdefghij`;
const userKey = `${'U'.repeat(20)}0123456789abcdefghij`;
const started: ChildProcess[] = [];

afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the built CLI and resolves once it printed its URL. */
function start(args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const child = spawn(process.execPath, [cli, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolve({ child, url: match[1] as string, output: () => output });
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    child.on('exit', (code) => reject(new Error(`CLI exited with ${code}: ${output}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.on('exit', (code) => resolve(code)),
  );

const json = async (url: string, path: string, key: string, body?: unknown) => {
  const response = await fetch(`${url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: key, Accept: 'application/json', 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Json };
};

describe('misp-sandbox CLI', () => {
  it('prints usage with --help and rejects bad flags', async () => {
    const help = spawn(process.execPath, [cli, '--help']);
    let text = '';
    help.stdout.on('data', (c) => {
      text += c;
    });
    expect(await exited(help)).toBe(0);
    expect(text).toContain('--webhook-secret');
    const bad = spawn(process.execPath, [cli, '--seed', 'lots']);
    expect(await exited(bad)).toBe(2);
    const badKey = spawn(process.execPath, [cli, '--port', '0', '--admin-key', 'short']);
    expect(await exited(badKey)).toBe(2);
  });

  it('prints the URL and the given keys, serves them, and exits cleanly on SIGTERM', async () => {
    const { child, url, output } = await start(['--seed', 'demo', '--admin-key', adminKey, '--user-key', userKey]);
    expect(output()).toContain(adminKey);
    expect(output()).toContain(`(admin@admin.test, site admin, Meridian CERT)`);
    expect(output()).toContain(`user key:       ${userKey}   (user@orgname.example, publisher, Meridian CERT)`);
    expect(output()).toContain('Bluefin ISAC: ');
    expect((await json(url, '/users/view/me', userKey)).body.User.email).toBe('user@orgname.example');
    const events = await json(url, '/events/index', adminKey);
    expect(events.body.length).toBeGreaterThan(20);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('at --seed none prints only the site admin, as a fresh MISP has, and refuses demo user keys', async () => {
    const { child, url, output } = await start(['--admin-key', adminKey]);
    expect(output()).toContain(`admin key:      ${adminKey}   (admin@admin.test, site admin, ORGNAME)`);
    expect(output()).not.toContain('user key:');
    expect(output()).not.toContain('@orgname.example');
    const users = await json(url, '/admin/users/index', adminKey);
    expect(users.body.map((u: Json) => u.User.email)).toEqual(['admin@admin.test']);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    const refused = spawn(process.execPath, [cli, '--port', '0', '--user-key', userKey]);
    let text = '';
    refused.stderr.on('data', (c) => {
      text += c;
    });
    expect(await exited(refused)).toBe(2);
    expect(text).toContain('--user-key and --read-only-key need --seed demo');
  });

  it('keeps every committed write across a SIGKILL and restart on the same --db file', async () => {
    const db = join(dir, 'persist.sqlite');
    const first = await start(['--db', db, '--admin-key', adminKey]);
    const added = await json(first.url, '/events/add', adminKey, {
      info: 'survives kill -9',
      Attribute: [{ type: 'domain', value: 'persist.example' }],
      Tag: [{ name: 'tlp:amber' }],
    });
    expect(added.status).toBe(200);
    await json(first.url, `/events/publish/${added.body.Event.id}`, adminKey, {});
    await json(first.url, '/sightings/add', adminKey, { value: 'persist.example', source: 'cli-test' });
    first.child.kill('SIGKILL');
    await exited(first.child);

    const second = await start(['--db', db, '--admin-key', adminKey]);
    const view = await json(second.url, `/events/view/${added.body.Event.id}`, adminKey);
    expect(view.status).toBe(200);
    expect(view.body.Event).toMatchObject({ info: 'survives kill -9', published: true });
    expect(view.body.Event.Tag[0].name).toBe('tlp:amber');
    expect(view.body.Event.Attribute[0].Sighting[0].source).toBe('cli-test');
    second.child.kill('SIGINT');
    expect(await exited(second.child)).toBe(0);
  });

  it('bulk-loads --scale N attributes', async () => {
    const { child, url } = await start(['--scale', '2000', '--admin-key', adminKey]);
    const search = await json(url, '/attributes/restSearch', adminKey, { type: 'domain', limit: 1 });
    expect(search.status).toBe(200);
    const count = await fetch(`${url}/attributes/restSearch`, {
      method: 'POST',
      headers: { Authorization: adminKey, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'domain' }),
    });
    // Without limit, X-Result-Count counts every match (with limit it is MISP's look-ahead, not a total).
    expect(count.headers.get('x-result-count')).toBe('500');
    child.kill('SIGTERM');
    await exited(child);
  });
});
