// Modals: a button's trigger_id opens a modal for the person who clicked, and submitting it delivers
// `view_submission` with the input values; the app's ack decides whether it closes (Bolt, Socket Mode).
import type { App } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackSandbox, startSlackSandbox } from '../src/index.js';
import { boltSocketApp } from './helpers.js';

describe('view_submission', () => {
  let slack: SlackSandbox;
  let app: App;
  const submitted: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    slack = await startSlackSandbox({ port: 0, mode: 'socket' });
    app = boltSocketApp(slack);
    app.action('open_form', async ({ ack, body, client }) => {
      await ack();
      await client.views.open({
        trigger_id: (body as { trigger_id: string }).trigger_id,
        view: {
          type: 'modal',
          callback_id: 'form',
          private_metadata: 'ctx-1',
          title: { type: 'plain_text', text: 'Add to MISP' },
          submit: { type: 'plain_text', text: 'Add' },
          blocks: [
            {
              type: 'input',
              block_id: 'comment',
              label: { type: 'plain_text', text: 'Comment' },
              element: { type: 'plain_text_input', action_id: 'value' },
            },
          ],
        },
      });
    });
    app.view('form', async ({ ack, view }) => {
      const comment = view.state.values.comment?.value?.value ?? '';
      submitted.push({ comment, metadata: view.private_metadata });
      if (comment === '') await ack({ response_action: 'errors', errors: { comment: 'Say why' } });
      else await ack();
    });
    await app.start();
    await new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl }).chat.postMessage({
      channel: 'C0SOC',
      text: 'form',
      blocks: [
        {
          type: 'actions',
          elements: [{ type: 'button', action_id: 'open_form', text: { type: 'plain_text', text: 'Open' } }],
        },
      ],
    });
  }, 30_000);

  afterAll(async () => {
    await app?.stop();
    await slack?.close();
  });

  it('opens the modal for the clicker, keeps it open on errors, and closes it on a plain ack', async () => {
    const message = slack.messages('C0SOC').at(-1);
    await slack.clickButton({ user: 'U0ALICE', channel: 'C0SOC', messageTs: message?.ts ?? '', actionId: 'open_form' });
    const deadline = Date.now() + 5000;
    while (slack.openModals('U0ALICE').length === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    const [modal] = slack.openModals('U0ALICE');
    expect(modal?.callback_id).toBe('form');
    expect(slack.openModals('U0BOB')).toEqual([]);

    const refused = await slack.submitView({
      user: 'U0ALICE',
      viewId: modal?.id ?? '',
      values: { comment: { value: { type: 'plain_text_input', value: '' } } },
    });
    expect(refused.outcome).toBe('errors');
    expect(refused.errors).toEqual({ comment: 'Say why' });
    expect(slack.openModals('U0ALICE')).toHaveLength(1);

    const accepted = await slack.submitView({
      user: 'U0ALICE',
      viewId: modal?.id ?? '',
      values: { comment: { value: { type: 'plain_text_input', value: 'seen in a phishing wave' } } },
    });
    expect(accepted.outcome).toBe('closed');
    expect(slack.openModals('U0ALICE')).toEqual([]);
    expect(submitted).toEqual([
      { comment: '', metadata: 'ctx-1' },
      { comment: 'seen in a phishing wave', metadata: 'ctx-1' },
    ]);
  });

  it('refuses to submit a modal that is not open for that user', async () => {
    await expect(slack.submitView({ user: 'U0BOB', viewId: 'VNOPE', values: {} })).rejects.toThrow(/no open modal/);
  });
});
