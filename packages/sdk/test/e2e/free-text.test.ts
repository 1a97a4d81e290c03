// Free-text import through the SDK (PyMISP `freetext`): a pasted report becomes attributes of an event.
import { describe, expect, it } from 'vitest';
import { useSandbox } from './sandbox.js';

const e2e = useSandbox();
const run = Date.now().toString(36);

describe('events.freeTextImport', () => {
  it('turns a defanged report into proposals and saves them into the event', async () => {
    const event = await e2e.misp.events.add({ info: `sdk free text ${run}` });
    const report = `C2 at hxxps://update-cdn-${run}[.]com/gate.php and 198.51.100.77:8443; see CVE-2024-3400.`;
    const proposals = await e2e.misp.events.freeTextImport(event.id, { value: report });
    // Without returnMetaAttributes every item is a proposal (`type`); with it, candidate types (`types`).
    expect(proposals.map((p) => ('type' in p ? [p.type, p.value, p.to_ids] : p.types))).toEqual([
      ['url', `https://update-cdn-${run}.com/gate.php`, 1],
      ['ip-dst|port', '198.51.100.77|8443', 1],
      ['vulnerability', 'CVE-2024-3400', 0],
    ]);
    expect(proposals[1]).toMatchObject({ comment: 'On port 8443', original_value: '198.51.100.77:8443' });
    const saved = await e2e.misp.events.get(event.id);
    expect((saved.Attribute ?? []).map((a) => [a.type, a.value]).sort()).toEqual(
      [
        ['url', `https://update-cdn-${run}.com/gate.php`],
        ['ip-dst|port', '198.51.100.77|8443'],
        ['vulnerability', 'CVE-2024-3400'],
      ].sort(),
    );
  });

  it('answers the candidate types with returnMetaAttributes, saving nothing', async () => {
    const event = await e2e.misp.events.add({ info: `sdk free text meta ${run}` });
    const meta = await e2e.misp.events.freeTextImport(event.id, {
      // `.onion` is a TLD even for a MISP whose TLD warninglist was never loaded (its other domains are file names).
      value: `mail.evil-${run}.onion`,
      returnMetaAttributes: 1,
    });
    expect(meta).toEqual([
      expect.objectContaining({
        default_type: 'hostname',
        types: { hostname: 'hostname', domain: 'domain', url: 'url', filename: 'filename' },
      }),
    ]);
    expect((await e2e.misp.events.get(event.id)).Attribute ?? []).toEqual([]);
  });

  it('fails as MISP does: an unknown event, a read-only key', async () => {
    await expect(e2e.misp.events.freeTextImport('999999', { value: '198.51.100.1' })).rejects.toMatchObject({
      code: 'misp_not_found',
      status: 404,
    });
    const event = await e2e.misp.events.add({ info: `sdk free text read-only ${run}` });
    await expect(e2e.readOnly.events.freeTextImport(event.id, { value: '198.51.100.1' })).rejects.toMatchObject({
      status: 403,
    });
  });
});
