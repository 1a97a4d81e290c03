// Lease owners name host and process, so a restarted bot can tell its crashed predecessor is gone.
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { isDeadLocalOwner, newOwnerId } from '../../src/alerts/owner.js';

async function exitedPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid as number;
}

describe('lease owners', () => {
  it('names this host and process', () => {
    expect(newOwnerId()).toMatch(
      new RegExp(`^${hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/${process.pid}/[0-9a-f]{8}$`),
    );
    expect(newOwnerId()).not.toBe(newOwnerId());
  });

  it('calls an owner dead only if it was a process on this host that no longer exists', async () => {
    expect(isDeadLocalOwner(`${hostname()}/${await exitedPid()}/abcd1234`)).toBe(true);
    expect(isDeadLocalOwner(newOwnerId())).toBe(false); // this very process
    expect(isDeadLocalOwner(`${hostname()}/${process.ppid}/abcd1234`)).toBe(false); // alive
    expect(isDeadLocalOwner(`another-host/${await exitedPid()}/abcd1234`)).toBe(false);
    expect(isDeadLocalOwner(`${hostname()}/1/abcd1234`)).toBe(false); // pid 1: a container's, maybe ours again
    expect(isDeadLocalOwner('alerts-4f1c2d7e-0000-4000-8000-000000000000')).toBe(false); // older id format
    expect(isDeadLocalOwner(`${hostname()}/not-a-pid/x`)).toBe(false);
  });
});
