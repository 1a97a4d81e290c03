// `npm run test:e2e:misp`: the e2e suite against a real MISP (MISPKIT_E2E_URL, MISPKIT_E2E_KEY: a site admin
// key of a test instance; MISPKIT_E2E_MISP_DIR optionally, to run publish jobs on a MISP without workers).
// Files run one after another (they share the instance). A test listed below is known to fail there, with
// the reason; the run fails on any other failure, and says so when a listed test passes again.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** MISP 2.5.1 on Debian's PHP 8.2 fails objectTemplates/update (CakePHP's Folder::read passes string keys to
 * array_merge), so the oracle has no object templates. (On an oracle patched to load them, the objects corpus of
 * the differential runner was identical; these tests were not run there.) */
const NO_TEMPLATES =
  'the oracle has no object templates: MISP 2.5.1 on PHP 8.2 answers objectTemplates/update with a 500, and an ' +
  'object from a template is then a 404 "Invalid template."';

const KNOWN_FAILURES = {
  "exists failures > reports MISP's login redirect clearly when a proxy drops the Accept header":
    'MISP’s Location is absolute (baseurl + /users/login); the SDK recognises only the relative /users/login',
  'object templates > lists MISP’s templates and shows one with its elements': NO_TEMPLATES,
  'objects > adds from a template, edits, finds, references and deletes': NO_TEMPLATES,
  'objects > a template requirement not met is a MispValidationError, and nothing is saved': NO_TEMPLATES,
  'objects > an unknown reference target and an unknown template are MispNotFoundErrors': NO_TEMPLATES,
  'objects > deletes by the path form MISP documents, /objects/delete/{id}/{hard}: 0 soft, 1 for good': NO_TEMPLATES,
  'objects > breakOnDuplicate refuses a copy of an object of the event (MispValidationError)': NO_TEMPLATES,
  'galaxies: MISP’s real catalogue > the demo’s events carry real ATT&CK clusters':
    'sandbox-only: it reads the events of the sandbox’s demo seed, which a real MISP does not have',
  'taxonomies: MISP’s real vocabularies > lists every taxonomy with how many tags it defines and how many exist':
    'seed-dependent: the sandbox’s demo seed enables tlp; on a fresh MISP every taxonomy starts disabled',
  'noticelists > updates (nothing to install) and refuses to toggle an unknown list':
    'MISP 2.5.1 answers toggling an unknown noticelist with a 500 (a crash); the sandbox answers 403',
  'feeds > adds a free-text feed from a local file, fetches it into an event and caches it':
    'MISP without workers (the oracle) only queues feed fetches, caches and pulls ("Pull queued for background execution."); the sandbox runs them before answering',
  'feeds > shows a cached value as a feed correlation in events/view':
    'needs the feed cached by the test before it, which MISP without workers only queues',
  'feeds > fetches a MISP-format feed served by a second sandbox':
    'MISP without workers (the oracle) only queues feed fetches, caches and pulls ("Pull queued for background execution."); the sandbox runs them before answering',
  'sync servers > adds a server, tests the connection and pulls from it':
    'MISP without workers (the oracle) only queues feed fetches, caches and pulls ("Pull queued for background execution."); the sandbox runs them before answering' +
    ' (the connection test to the second sandbox passes, with post 1)',
  'sync servers > pushes to it and pulls one event by id':
    'MISP without workers (the oracle) queues a push as a background job and answers "Server pushed"; the sandbox pushes before answering ("Push complete. N events pushed, …")',
  'objectReferences.addBySource and objectTemplates.getRaw > adds a reference whose source object is named in the body':
    'the oracle has no object templates: MISP 2.5.1 on PHP 8.2 answers objectTemplates/update with a 500, and an object from a template is then a 404 "Invalid template."',
  'objectReferences.addBySource and objectTemplates.getRaw > gets a template’s definition.json by name (perm_object_template); an unknown one is not found':
    'the oracle has no misp-objects folder on disk, so MISP 2.5.1 answers getRaw of any template with a 500',
  'roles > lists the default roles and manages a custom one':
    'not yet explained: an expectation about the custom role differs on MISP 2.5.1 (to investigate with the oracle)',
};

if (!process.env.MISPKIT_E2E_URL || !process.env.MISPKIT_E2E_KEY) {
  console.log(
    'test:e2e:misp: MISPKIT_E2E_URL and MISPKIT_E2E_KEY are not set, so the e2e suite is not run against a real MISP.',
  );
  process.exit(0);
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const output = `${root}test-results/e2e-real-misp.json`;
mkdirSync(`${root}test-results`, { recursive: true });
const run = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    'test/e2e',
    '--no-file-parallelism',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${output}`,
  ],
  { cwd: root, stdio: 'inherit' },
);
if (run.error) throw run.error;

const report = JSON.parse(readFileSync(output, 'utf8'));
const results = report.testResults.flatMap((file) =>
  file.assertionResults.map((test) => ({
    name: [...test.ancestorTitles, test.title].join(' > '),
    status: test.status,
  })),
);
const failed = results.filter((t) => t.status === 'failed').map((t) => t.name);
const unexpected = failed.filter((name) => !(name in KNOWN_FAILURES));
const fixed = Object.keys(KNOWN_FAILURES).filter((name) =>
  results.some((t) => t.name === name && t.status === 'passed'),
);
const passed = results.filter((t) => t.status === 'passed').length;
/** A file that failed without a failing test did not run (its setup failed). */
const broken = report.testResults
  .filter((file) => file.status === 'failed' && !file.assertionResults.some((t) => t.status === 'failed'))
  .map((file) => file.name);

console.log(
  `\ntest:e2e:misp against ${process.env.MISPKIT_E2E_URL}: ${passed} passed, ${failed.length} failed of ${results.length}`,
);
for (const name of failed.filter((n) => n in KNOWN_FAILURES))
  console.log(`  known failure: ${name}\n    ${KNOWN_FAILURES[name]}`);
for (const name of fixed) console.log(`  passes now, remove it from KNOWN_FAILURES: ${name}`);
for (const name of unexpected) console.log(`  UNEXPECTED FAILURE: ${name}`);
for (const file of broken) console.log(`  DID NOT RUN (setup failed): ${file}`);
process.exit(unexpected.length > 0 || broken.length > 0 ? 1 : 0);
