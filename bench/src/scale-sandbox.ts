// What the scale suites share: a MISP sandbox on a file database in a temp folder, a JSON caller for it, and the
// timing loop and machine-load note every HTTP figure is reported with.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type MispSandbox, startMispSandbox } from '@mispkit/misp-sandbox';

/** Runs `fn` `warmup` times untimed, then `samples` times timed; returns the durations in ms. */
export async function timed(fn: () => Promise<void>, samples: number, warmup = 10): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await fn();
    out.push(performance.now() - started);
  }
  return out;
}

/** The note every scale section ends with: how loaded the shared machine was when the figures were taken. */
export function loadNote(): string {
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
  return `Machine load average at the end: ${load} on ${os.cpus().length} cores.`;
}

export interface ScaleSandbox {
  misp: MispSandbox;
  /** The SQLite file the sandbox writes. */
  file: string;
  /** Calls the sandbox as its site admin; answers the JSON body, throws on any status but 200. */
  call: (method: string, route: string, body?: unknown) => Promise<unknown>;
}

/** Starts a sandbox on a fresh file database, runs `fn` with it, and always stops it and removes the folder. */
export async function withScaleSandbox<T>(prefix: string, fn: (sandbox: ScaleSandbox) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const file = path.join(dir, 'bench.sqlite');
  const misp = await startMispSandbox({ db: file, log: () => {} });
  const headers = { Authorization: misp.adminKey, Accept: 'application/json', 'Content-Type': 'application/json' };
  const call = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${misp.url}${route}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = await response.json();
    if (response.status !== 200) throw new Error(`${route} answered ${response.status}`);
    return json;
  };
  try {
    return await fn({ misp, file, call });
  } finally {
    await misp.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
