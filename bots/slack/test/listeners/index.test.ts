import { describe, expect, it } from 'vitest';
import { renderLookupMessage } from '../../src/blocks/lookup-message.js';
import { actions, alertActions } from '../../src/ids.js';
import { registered } from '../../src/listeners/index.js';
import { defaultTlpPolicy } from '../../src/tlp.js';
import { defaultVerdictConfig } from '../../src/verdict.js';
import { makeHit, makeResult } from '../fixtures.js';

describe('listener registration', () => {
  it('registers a listener for every action id', () => {
    expect([...registered.actions].sort()).toEqual([...Object.values(actions), ...Object.values(alertActions)].sort());
  });
  it('only emits action ids that have a listener', () => {
    const ctx = {
      kind: 'requester' as const,
      policy: defaultTlpPolicy,
      verdictConfig: defaultVerdictConfig,
      mispUrl: 'https://m',
      nowSeconds: 0,
      offerShare: true,
      lookupId: 'L',
    };
    const few = renderLookupMessage({ results: [makeResult([makeHit()])], ctx });
    const many = renderLookupMessage({ results: Array.from({ length: 30 }, () => makeResult([makeHit()])), ctx });
    const emitted = new Set([...JSON.stringify([few, many]).matchAll(/"action_id":"([^"]+)"/g)].map((m) => m[1]));
    for (const id of emitted) expect(registered.actions).toContain(id);
  });
});
