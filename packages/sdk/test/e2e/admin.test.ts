// Instance administration through the SDK against the sandbox: settings (read, change, refused values),
// diagnostics, the log of changes and attribute statistics.
import { describe, expect, it } from 'vitest';
import type { MispClient } from '../../src/index.js';
import { useSandbox } from './sandbox.js';

const e2e = useSandbox();
const admin = (): MispClient => e2e.client({ apiKey: e2e.sandbox.adminKey });

describe('instance settings', () => {
  it('reads a setting with its definition and changes it, which the log records', async () => {
    const misp = admin();
    const setting = await misp.server.getSetting('MISP.welcome_text_top');
    expect(setting).toMatchObject({ name: 'MISP.welcome_text_top', type: 'string', level: 2 });
    const saved = await misp.server.editSetting('MISP.welcome_text_top', { value: 'Welcome to mispkit' });
    expect(saved).toMatchObject({ saved: true, message: 'Field updated' });
    expect(await misp.server.settingValue('MISP.welcome_text_top')).toEqual({
      'MISP.welcome_text_top': 'Welcome to mispkit',
    });
    const logs = await misp.logs.search({ action: 'serverSettingsEdit', model: 'Server' });
    expect(logs.at(-1)?.Log).toMatchObject({
      title: 'Server setting changed',
      change: expect.stringContaining('=> (Welcome to mispkit)'),
    });
  });

  it('turns refused values, unknown names and redacted settings into typed errors', async () => {
    const misp = admin();
    await expect(misp.server.editSetting('MISP.uuid', { value: 'not-a-uuid' })).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('Could not serverSettingsEdit Server'),
    });
    // Any dotted name is sent; one MISP does not know is its 404.
    await expect(misp.server.getSetting('MISP.nope')).rejects.toMatchObject({
      status: 404,
      message: 'Setting MISP.nope is invalid.',
    });
    await expect(misp.server.getSetting('Security.salt')).rejects.toMatchObject({ status: 403 });
    await expect(e2e.misp.server.getSetting('MISP.live')).rejects.toMatchObject({ status: 403 });
  });

  it('lists every setting with its test result and describes the database schema', async () => {
    const misp = admin();
    const all = await misp.server.settings();
    expect(all.version.current).toMatch(/^v2\.5\./);
    expect(all.finalSettings.find((s) => s.setting === 'MISP.baseurl')).toMatchObject({ tab: 'MISP', type: 'string' });
    const schema = await misp.server.dbSchemaDiagnostic();
    expect(schema.diagnostic).toEqual([]);
    expect(schema.indexes.events).toBeDefined();
  });
});

describe('logs and statistics', () => {
  it('logs an event the caller adds, with the fields it set', async () => {
    const event = await e2e.misp.events.add({ Event: { info: 'admin e2e: logged event', distribution: '0' } });
    const entries = await admin().logs.search({ model: 'Event', model_id: event.id });
    expect(entries.map((e) => [e.Log.action, e.Log.title])).toEqual([
      ['add', `Event (${event.id}): admin e2e: logged event`],
    ]);
    expect(entries[0]?.Log.change).toContain('info () => (admin e2e: logged event)');
  });

  it('counts the attributes per type and category, as counts or shares', async () => {
    const misp = admin();
    const byType = await misp.attributes.statistics('type', '0');
    expect(Number((byType as Record<string, string>)['ip-dst'])).toBeGreaterThan(0);
    const shares = (await misp.attributes.statistics('category', '1')) as Record<string, string>;
    expect(shares['Network activity']).toMatch(/^\d+(\.\d+)?%$/);
    // With no filter at all MISP 2.5.1 crashes (a 500: its filter parser gets false); with one it answers [].
    await expect(misp.auditLogs.search({ model: 'Event' })).resolves.toEqual([]);
  });
});
