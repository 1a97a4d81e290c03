// `.env` support, as `.env.example` promises: the bot reads `.env` from its working directory (or
// the file MISPKIT_ENV_FILE names; MISPKIT_ENV_FILE= empty turns it off) before reading its config.
// Variables already set in the environment win over the file, as with Node's --env-file.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

export interface DotEnvResult {
  /** The file read, if any. */
  file?: string;
  /** Names taken from the file (never the values: they may be secrets). */
  loaded: string[];
}

/** Adds the variables of the `.env` file to `env` where `env` has no value yet. */
export function loadDotEnv(env: NodeJS.ProcessEnv, cwd = process.cwd()): DotEnvResult {
  const named = env.MISPKIT_ENV_FILE;
  if (named === '') return { loaded: [] };
  const file = resolve(cwd, named ?? '.env');
  if (!existsSync(file)) {
    if (named !== undefined) throw new Error(`MISPKIT_ENV_FILE names ${file}, which does not exist`);
    return { loaded: [] };
  }
  const loaded: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) {
    if (env[name] !== undefined && env[name] !== '') continue;
    env[name] = value;
    loaded.push(name);
  }
  return { file, loaded };
}
