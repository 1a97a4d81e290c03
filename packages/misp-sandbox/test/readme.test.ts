import { describe, expect, it } from 'vitest';
import { demoIndicators, startMispSandbox } from '../src/index.js';

describe('README example', () => {
  it('looks up the demo malicious IP with includeEventTags', async () => {
    const misp = await startMispSandbox({ seed: 'demo', log: () => {} });
    try {
      const response = await fetch(`${misp.url}/attributes/restSearch`, {
        method: 'POST',
        headers: { Authorization: misp.userKey, Accept: 'application/json', 'Content-Type': 'application/json' },
        body: JSON.stringify({ value: demoIndicators.maliciousIp, includeEventTags: 1 }),
      });
      const {
        response: { Attribute },
      } = (await response.json()) as { response: { Attribute: { value: string; Tag: { name: string }[] }[] } };
      expect(Attribute.map((a) => a.value)).toEqual([demoIndicators.maliciousIp, demoIndicators.maliciousIpPort]);
      expect(Attribute[0]?.Tag.map((t) => t.name)).toContain('tlp:green');
    } finally {
      await misp.close();
    }
  });
});
