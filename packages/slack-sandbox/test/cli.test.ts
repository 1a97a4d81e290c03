import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

function run(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => {
    stdout += c;
  });
  child.stderr.on('data', (c) => {
    stderr += c;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

it('prints the API URL, tokens and playground URL, serves requests and exits 0 on SIGTERM', async () => {
  const proc = run(['--port', '0', '--mode', 'socket']);
  await expect.poll(() => proc.out(), { timeout: 20_000 }).toContain('Signing secret');
  const apiUrl = /Web API:\s+(\S+)/.exec(proc.out())?.[1];
  const botToken = /Bot token:\s+(\S+)/.exec(proc.out())?.[1];
  expect(proc.out()).toMatch(/App token:\s+xapp-/);
  expect(proc.out()).toMatch(/Playground:\s+http:\/\/127\.0\.0\.1:\d+\//);
  const response = await fetch(`${apiUrl}auth.test`, { headers: { authorization: `Bearer ${botToken}` } });
  expect(await response.json()).toMatchObject({ ok: true, user_id: 'U0MISPBOT' });
  proc.child.kill('SIGTERM');
  expect(await proc.exited).toBe(0);
});

it('rejects bad options with a usage message and exit code 2', async () => {
  const proc = run(['--mode', 'carrier-pigeon']);
  expect(await proc.exited).toBe(2);
  expect(proc.err()).toContain('--mode must be socket or http');
  expect(proc.err()).toContain('Usage: slack-sandbox');
});
