#!/usr/bin/env node
// `mispkit-doctor` (and `npx @mispkit/sdk doctor`, which runs the package's only bin): see src/doctor/.
import '../dist/doctor.js';
