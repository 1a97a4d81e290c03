// What MISP treats as the same route: case, a `.json` suffix, `sharing_groups` vs `sharingGroups`,
// parameter names (`{eventId}`), the default action (`/tags` is `/tags/index`), and CakePHP named parameters
// written into a path (`/galaxies/attachCluster/{id}/{type}/local:{local}`), which this contract declares as
// `in: query` parameters that the SDK sends as named ones (`/local:1`).
// Shared by the coverage count (scripts/coverage.mjs) and the SDK's PyMISP parity table.
export function normalisePath(p) {
  const segments = p
    .toLowerCase()
    .replace(/\.json$/, '')
    .split('/')
    .filter(Boolean)
    .filter((s) => !/^[a-z_]+:\{[^}]+\}$/i.test(s))
    .map((s) => (s.includes('{') ? '{}' : s.replace(/_/g, '')));
  if (segments.at(-1) === 'index') segments.pop();
  if (segments.length === 1 || (segments[0] === 'admin' && segments.length === 2)) segments.push('index');
  return `/${segments.join('/')}`;
}
