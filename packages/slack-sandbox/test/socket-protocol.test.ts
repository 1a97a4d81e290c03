import { afterEach, beforeEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type SlackSandbox, startSlackSandbox } from '../src/index.js';

let slack: SlackSandbox;
beforeEach(async () => {
  slack = await startSlackSandbox({ mode: 'socket' });
});
afterEach(async () => {
  await slack.close();
});

async function openUrl(): Promise<string> {
  const response = await fetch(`${slack.apiUrl}apps.connections.open`, {
    method: 'POST',
    headers: { authorization: `Bearer ${slack.appToken}` },
  });
  const body = (await response.json()) as { ok: boolean; url: string };
  expect(body.ok).toBe(true);
  return body.url;
}

function connect(url: string) {
  const ws = new WebSocket(url);
  const frames: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (data) => {
    frames.push(JSON.parse(data.toString()));
    for (const w of waiters.splice(0)) w();
  });
  const next = async (index: number) => {
    while (frames.length <= index) await new Promise<void>((resolve) => waiters.push(resolve));
    return frames[index]!;
  };
  return { ws, next };
}

it('greets with hello, sends envelopes and matches acks by envelope_id', async () => {
  const { ws, next } = connect(await openUrl());
  expect(await next(0)).toEqual({
    type: 'hello',
    num_connections: 1,
    debug_info: expect.objectContaining({ host: expect.any(String) }),
    connection_info: { app_id: 'A0MISPKIT' },
  });
  const pending = slack.slashCommand({ user: 'U0ALICE', channel: 'C0SOC', command: '/intel', text: 'x' });
  const envelope = (await next(1)) as {
    envelope_id: string;
    type: string;
    payload: Record<string, string>;
    accepts_response_payload: boolean;
  };
  expect(envelope).toMatchObject({
    type: 'slash_commands',
    accepts_response_payload: true,
    payload: { command: '/intel', text: 'x' },
  });
  ws.send(JSON.stringify({ envelope_id: 'not-this-one', payload: {} }));
  ws.send('not json');
  ws.send(JSON.stringify({ envelope_id: envelope.envelope_id, payload: { text: 'ack text' } }));
  expect(await pending).toMatchObject({ acked: true, ackBody: { text: 'ack text' } });
  slack.disconnectSockets('warning');
  expect(await next(2)).toEqual({ type: 'disconnect', reason: 'warning' });
  ws.close();
});

it('refuses a reused or unknown ticket', async () => {
  const url = await openUrl();
  const first = connect(url);
  await first.next(0);
  const status = await new Promise<number | undefined>((resolve) => {
    const again = new WebSocket(url);
    again.on('unexpected-response', (_req, res) => resolve(res.statusCode));
    again.on('error', () => resolve(undefined));
  });
  expect(status).toBe(401);
  first.ws.close();
});
