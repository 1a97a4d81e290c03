// MISP here has no background workers: publishing queues a job that nothing runs. When the oracle's
// directory is known (MISP_ORACLE_DIR, the DIR given to real-misp/start), the runner runs the queued job
// with MISP's own console command, as a worker would; otherwise the cases that need its effect are not
// comparable.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Hooks } from './differential.js';
import { type Json, send, type Target } from './http.js';

/** MISP's app directory: DIR/MISP/app for the DIR given to real-misp/start, or the app directory itself. */
export function mispAppDir(dir: string | undefined): string | undefined {
  if (!dir) return undefined;
  return [join(dir, 'MISP', 'app'), dir].find((candidate) => existsSync(join(candidate, 'Console', 'cake')));
}

export function oracleJobs(misp: Target, appDir: string | undefined): Hooks {
  return {
    async runJob(kind, eventId) {
      if (!appDir) return false;
      const jobs = await send(misp, 'GET', '/jobs/index');
      // Newest first: the job the case has just queued is the first waiting publish job.
      const job = (Array.isArray(jobs.body) ? jobs.body : []).find(
        (j: Json) => j.Job?.job_type === `${kind}_event` && String(j.Job?.status) === '0',
      );
      if (!job) throw new Error(`oracle: no queued ${kind} job for event ${eventId}`);
      // Event publish <event id> <pass along> <job id> <user id>: the site admin (user 1) queued it.
      execFileSync(join(appDir, 'Console', 'cake'), ['Event', kind, eventId, '0', String(job.Job.id), '1'], {
        cwd: appDir,
        stdio: 'ignore',
        timeout: 60_000,
      });
      return true;
    },
    async runServerJob(jobType, args) {
      if (!appDir) return false;
      const jobs = await send(misp, 'GET', '/jobs/index');
      const job = (Array.isArray(jobs.body) ? jobs.body : []).find(
        (j: Json) => j.Job?.job_type === jobType && String(j.Job?.status) === '0',
      );
      if (!job) throw new Error(`oracle: no queued ${jobType} job`);
      // e.g. Server fetchFeed <user id> <feed id> <job id>, Server cacheFeed <user id> <scope> <job id>.
      execFileSync(join(appDir, 'Console', 'cake'), ['Server', ...args, String(job.Job.id)], {
        cwd: appDir,
        stdio: 'ignore',
        timeout: 120_000,
      });
      return true;
    },
  };
}
