// Noticelists through the SDK against the sandbox: like a MISP without the misp-noticelist data, it has none.
import { describe, expect, it } from 'vitest';
import { useSandbox } from './sandbox.js';

const e2e = useSandbox();

describe('noticelists', () => {
  it('lists none and finds no id, as a MISP without the noticelist data', async () => {
    expect(await e2e.misp.noticelists.list()).toEqual([]);
    await expect(e2e.misp.noticelists.get('1')).rejects.toMatchObject({ code: 'misp_not_found', status: 404 });
  });

  it('updates (nothing to install) and refuses to toggle an unknown list', async () => {
    const admin = e2e.client({ apiKey: e2e.sandbox.adminKey });
    expect((await admin.noticelists.update()).message).toBe('All noticelists are up to date already.');
    await expect(admin.noticelists.toggleEnable('1')).rejects.toMatchObject({ code: 'misp_validation', status: 403 });
    await expect(e2e.misp.noticelists.update()).rejects.toMatchObject({ status: 403 });
  });
});
