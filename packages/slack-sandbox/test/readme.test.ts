import { App } from '@slack/bolt';
import { expect, it } from 'vitest';
import { startSlackSandbox } from '../src/index.js';
import { quietLogger } from './helpers.js';

it('runs the README programmatic example', async () => {
  const slack = await startSlackSandbox({ mode: 'socket' });
  const app = new App({
    token: slack.botToken,
    appToken: slack.appToken,
    socketMode: true,
    // The README's example, with its log output silenced.
    logger: quietLogger,
    clientOptions: { slackApiUrl: slack.apiUrl },
  });
  app.command('/intel', async ({ ack, respond, command }) => {
    await ack();
    await respond(`looking up ${command.text}`);
  });
  await app.start();

  const { acked } = await slack.slashCommand({ user: 'U0ALICE', channel: 'C0SOC', command: '/intel', text: '1.2.3.4' });
  const answer = await slack.waitForMessage((m) => m.text === 'looking up 1.2.3.4');
  expect(acked).toBe(true);
  expect(answer.ephemeral_to).toBe('U0ALICE');
  await app.stop();
  await slack.close();
});
