// What MISP treats as the same route: case, a `.json` suffix, `sharing_groups` vs `sharingGroups`,
// parameter names (`{eventId}`, `local:{local}`), and the default action (`/tags` is `/tags/index`).
// Shared by the coverage count (scripts/coverage.mjs) and the SDK's PyMISP parity table.
export function normalisePath(p) {
  const segments = p
    .toLowerCase()
    .replace(/\.json$/, '')
    .split('/')
    .filter(Boolean)
    .map((s) => (s.includes('{') ? '{}' : s.replace(/_/g, '')));
  if (segments.at(-1) === 'index') segments.pop();
  if (segments.length === 1 || (segments[0] === 'admin' && segments.length === 2)) segments.push('index');
  return `/${segments.join('/')}`;
}
