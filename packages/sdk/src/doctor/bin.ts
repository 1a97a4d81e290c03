// Entry of the `mispkit-doctor` bin (built to dist/doctor.js; bin/mispkit-doctor.js imports it).
import { main } from './cli.js';

main(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`mispkit-doctor: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
