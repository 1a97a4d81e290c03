import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { actions, alertActions, commands, events, shortcuts } from '../src/ids.js';
import { registered } from '../src/listeners/index.js';

const manifest = parse(readFileSync(new URL('../manifest.yaml', import.meta.url), 'utf8'));

describe('manifest.yaml', () => {
  it('declares exactly the slash commands the code handles', () => {
    const declared = manifest.features.slash_commands.map((c: { command: string }) => c.command).sort();
    expect(declared).toEqual(Object.values(commands).sort());
  });
  it('declares exactly the shortcuts the code handles', () => {
    const declared = manifest.features.shortcuts.map((s: { callback_id: string }) => s.callback_id).sort();
    expect(declared).toEqual(Object.values(shortcuts).sort());
  });
  it('subscribes to exactly the events the code listens to', () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual(Object.values(events).sort());
  });
  it('enables interactivity, because cards carry buttons', () => {
    expect(Object.values(actions).length).toBeGreaterThan(0);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });
  it('handles every button alert messages carry (interactivity covers them)', () => {
    expect(Object.values(alertActions).sort()).toEqual(['alert_acknowledge', 'alert_lookup', 'alert_open_in_misp']);
    for (const id of Object.values(alertActions)) expect(registered.actions).toContain(id);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });
  it('enables the App Home tab the app_home_opened listener publishes to', () => {
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });
  it('asks for no scope the bot does not use: conversations.info and users.conversations (read), history for alert reconciliation', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      [
        'app_mentions:read',
        'channels:history',
        'channels:read',
        'chat:write',
        'commands',
        'groups:history',
        'groups:read',
        'im:history',
        'im:read',
        'mpim:read',
      ].sort(),
    );
  });
  it('keeps within Slack’s manifest limits', () => {
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    for (const c of manifest.features.slash_commands) expect(c.command.length).toBeLessThanOrEqual(32);
    for (const s of manifest.features.shortcuts) expect(s.description.length).toBeLessThanOrEqual(150);
  });
});

describe('manifest.http.yaml', () => {
  const http = parse(readFileSync(new URL('../manifest.http.yaml', import.meta.url), 'utf8'));
  const REQUEST_URL = 'https://misp-intel.example.org/slack/events';

  it('is manifest.yaml with Socket Mode off and the Request URL where HTTP mode needs it', () => {
    expect(http.settings.socket_mode_enabled).toBe(false);
    expect(http.settings.event_subscriptions.request_url).toBe(REQUEST_URL);
    expect(http.settings.interactivity.request_url).toBe(REQUEST_URL);
    for (const command of http.features.slash_commands) expect(command.url).toBe(REQUEST_URL);
    const withoutHttp = structuredClone(http);
    delete withoutHttp.settings.event_subscriptions.request_url;
    delete withoutHttp.settings.interactivity.request_url;
    for (const command of withoutHttp.features.slash_commands) delete command.url;
    withoutHttp.settings.socket_mode_enabled = true;
    expect(withoutHttp).toEqual(manifest);
  });

  it('has Request URLs on the path the bot serves in HTTP mode', () => {
    const guard = readFileSync(new URL('../src/http-guard.ts', import.meta.url), 'utf8');
    expect(guard).toContain(`'${new URL(REQUEST_URL).pathname}'`);
  });
});
