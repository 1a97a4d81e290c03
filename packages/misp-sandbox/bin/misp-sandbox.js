#!/usr/bin/env node
// The command npm links at install time. It is committed (dist/ is not) so that npm links it even in
// a fresh clone, where `npm ci` runs before the first build; after `npm run build` it runs the CLI.
import '../dist/cli.js';
