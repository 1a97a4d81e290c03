// "Add to MISP" on a not-found card: a writer fills the modal (view_submission through the Slack
// sandbox) and the indicator lands in the triage event with the chosen type, to_ids and comment.
import { type MispSandbox, startMispSandbox } from '@mispkit/misp-sandbox';
import { createMispClient } from '@mispkit/sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADD_ACTION, ADD_FIELDS } from '../../src/blocks/add-to-misp.js';
import { actions, blockIds } from '../../src/ids.js';
import { blockText, type Harness, startHarness } from './harness.js';

const VALUE = 'fresh-phish-domain.example';

describe('Add to MISP', () => {
  let misp: MispSandbox;
  let h: Harness;
  let triage = '';
  beforeAll(async () => {
    misp = await startMispSandbox({ seed: 'demo', log: () => undefined });
    const user = createMispClient({ baseUrl: misp.url, apiKey: misp.userKey });
    triage = String(((await user.events.add({ info: 'Slack triage' } as never)) as { id: string }).id);
    h = await startHarness({
      mode: 'socket',
      mispUrl: misp.url,
      apiKey: misp.userKey,
      env: { MISPKIT_TRIAGE_EVENT: triage, MISPKIT_WRITERS: 'U0ALICE' },
    });
  });
  afterAll(async () => {
    await h?.close();
    await misp?.close();
  });

  async function openForm(user: string, value = VALUE) {
    const card = await h.intel(value, { user });
    expect(JSON.stringify(card.blocks)).toContain(actions.addToMisp);
    await h.slack.clickButton({
      user,
      channel: 'C0SOC',
      messageTs: card.ts,
      actionId: actions.addToMisp,
      blockId: `${blockIds.cardActions}0`,
    });
    return card;
  }

  it('adds the not-found indicator to the triage event with the type, to_ids and comment from the modal', async () => {
    await openForm('U0ALICE');
    const modal = await vi.waitFor(
      () => {
        const open = h.slack.openModals('U0ALICE')[0];
        if (!open) throw new Error('no modal yet');
        return open;
      },
      { timeout: 10_000 },
    );
    expect(JSON.stringify(modal.blocks)).toContain('"value":"domain"');
    const result = await h.slack.submitView({
      user: 'U0ALICE',
      viewId: modal.id,
      values: {
        [ADD_FIELDS.type]: { [ADD_ACTION]: { type: 'static_select', selected_option: { value: 'domain' } } },
        [ADD_FIELDS.toIds]: { [ADD_ACTION]: { type: 'checkboxes', selected_options: [{ value: 'yes' }] } },
        [ADD_FIELDS.comment]: { [ADD_ACTION]: { type: 'plain_text_input', value: 'seen in a phishing wave' } },
      },
    });
    expect(result.outcome).toBe('closed');
    const confirmation = await h.slack.waitForMessage(
      (m) => m.ephemeral_to === 'U0ALICE' && blockText(m).includes('Added `fresh-phish-domain[.]example`'),
    );
    expect(blockText(confirmation)).toContain(`to MISP event \`${triage}\` as \`domain\` (to_ids)`);
    const admin = createMispClient({ baseUrl: misp.url, apiKey: misp.adminKey });
    const found = (await admin.attributes.search({ value: VALUE })) as Array<Record<string, unknown>>;
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      event_id: triage,
      type: 'domain',
      to_ids: true,
      comment: 'seen in a phishing wave',
    });
  });

  it('refuses a type that was not offered, keeping the modal open', async () => {
    await openForm('U0ALICE', 'other-new-domain.example');
    const modal = await vi.waitFor(
      () => {
        const open = h.slack.openModals('U0ALICE')[0];
        if (!open) throw new Error('no modal yet');
        return open;
      },
      { timeout: 10_000 },
    );
    const result = await h.slack.submitView({
      user: 'U0ALICE',
      viewId: modal.id,
      values: { [ADD_FIELDS.type]: { [ADD_ACTION]: { type: 'static_select', selected_option: { value: 'sha256' } } } },
    });
    expect(result.outcome).toBe('errors');
    expect(result.errors?.[ADD_FIELDS.type]).toContain('offered attribute types');
  });

  it('does not open the form for someone who may not write', async () => {
    await openForm('U0BOB', 'third-new-domain.example');
    await h.slack.waitForMessage(
      (m) => m.ephemeral_to === 'U0BOB' && blockText(m).includes('not allowed to add to MISP'),
    );
    expect(h.slack.openModals('U0BOB')).toEqual([]);
  });
});
