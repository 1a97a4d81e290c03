// Who holds a lease. Owner ids name the host and process (`host/pid/random`), so that a process
// restarted after a crash (SIGKILL, OOM) can tell that the previous holder on the same machine is
// gone and take its poller lease and channel leases at once, instead of waiting for them to
// expire (30 s by default). Holders on other machines, or whose process may still exist, are
// always waited for.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { AlertStore } from './store.js';

export function newOwnerId(): string {
  return `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
}

/** True only when `owner` is a process on this machine that no longer exists. */
export function isDeadLocalOwner(owner: string): boolean {
  const [host, pidText, rest] = owner.split('/');
  if (host !== hostname() || rest === undefined || !/^\d+$/.test(pidText ?? '')) return false;
  const pid = Number(pidText);
  if (pid === process.pid || pid <= 1) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Frees the leases of dead local owners; returns who they were. */
export async function reapDeadOwners(store: AlertStore, now: number): Promise<string[]> {
  const dead = (await store.leaseOwners(now)).filter(isDeadLocalOwner);
  for (const owner of dead) await store.releaseOwner(owner);
  return dead;
}
