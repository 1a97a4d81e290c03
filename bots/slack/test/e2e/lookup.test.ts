import { demoIndicators } from '@mispkit/misp-sandbox';
import { validateBlocks } from '@mispkit/slack-sandbox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { blockText, type Harness, startHarness } from './harness.js';

describe('/intel through both sandboxes (Socket Mode)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ mode: 'socket' });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers a malicious IP with a valid verdict card, visible to the requester only', async () => {
    const answer = await h.intel(demoIndicators.maliciousIp);
    expect(answer.ephemeral_to).toBe('U0ALICE');
    expect(validateBlocks(answer.blocks)).toEqual([]);
    const text = blockText(answer);
    expect(text).toContain('*Malicious*');
    expect(text).toContain('`185[.]220[.]101[.]4`');
    expect(text).toContain('NightFerry RAT command-and-control infrastructure');
    expect(text).toMatch(/sightings: \d+ seen/);
    // The demo seed enables a decaying model for network indicators: MISP's decay score shows on the card.
    expect(text).toMatch(/decay score \d+(, decayed)? \(Polynomial: network indicators\)/);
    expect(text).toContain(`${h.misp.url}/events/view/`);
  });

  it('acks within the window with "Looking up…", then replaces that message with the answer', async () => {
    const before = h.slack.messages('C0SOC').length;
    const result = await h.slack.slashCommand({
      user: 'U0ALICE',
      channel: 'C0SOC',
      command: '/intel',
      text: `${demoIndicators.maliciousDomain} ${demoIndicators.unknownIp}`,
    });
    expect(result.acked).toBe(true);
    expect(result.ackBody?.text).toBe('Looking up 2 indicators…');
    const answer = await h.slack.waitForMessage(
      (m) => m.ephemeral_to === 'U0ALICE' && m.text.startsWith('2 indicators looked up'),
    );
    expect(answer.ts).toBe(result.ackMessage?.ts);
    const added = h.slack.messages('C0SOC').slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ ts: answer.ts, ephemeral_to: 'U0ALICE' });
    expect(added.some((m) => m.text.startsWith('Looking up'))).toBe(false);
  });

  it('says not found for an unknown value and known benign for a warninglisted one', async () => {
    const answer = await h.intel(`${demoIndicators.unknownValue} ${demoIndicators.warninglistedIp}`);
    const text = blockText(answer);
    expect(text).toContain('*Not found*');
    expect(text).toContain('*Known benign*');
    expect(text).toContain('on warninglist');
  });

  it('handles defanged input', async () => {
    const answer = await h.intel('hxxp://bad[.]example/invoice/INV-20931.doc');
    expect(blockText(answer)).toMatch(/\*(Malicious|Suspicious)\*/);
  });

  it('shows what MISP knows about the host of an unknown URL, with the capped verdict', async () => {
    const before = h.misp.stats().requests;
    const answer = await h.intel('hxxp://bad[.]example/other');
    expect(h.misp.stats().requests - before).toBeLessThanOrEqual(2);
    expect(validateBlocks(answer.blocks)).toEqual([]);
    const text = blockText(answer);
    expect(text).toContain('*Suspicious* `hxxp[://]bad[.]example/other`');
    expect(text).toContain('host known to MISP (malicious, capped at suspicious)');
    expect(text).toContain('MISP has no attribute with this value');
    expect(text).toMatch(/Host `bad\[\.\]example` is known to MISP: 1 event · 2 attributes/);
    expect(text).toContain(`${h.misp.url}/events/view/`);
  });

  it('withholds host hits from a channel their TLP does not allow when the card is shared', async () => {
    const card = await h.intel('hxxp://bad[.]example/other');
    await h.shareCard(card);
    const shared = await h.slack.waitForMessage(
      (m) => m.channel === 'C0SOC' && !m.ephemeral_to && blockText(m).includes('bad[.]example/other'),
    );
    const text = blockText(shared);
    expect(text).toContain('*Restricted*');
    expect(text).toContain('Nothing can be shown here: MISP has 2 results for this indicator, marked TLP:AMBER');
    expect(text).not.toContain('is known to MISP');
    expect(JSON.stringify(shared.blocks)).not.toContain('/events/view/');
  });

  it('shows the TLP:RED domain to the requester alone', async () => {
    const answer = await h.intel(demoIndicators.tlpRedDomain);
    expect(answer.ephemeral_to).toBe('U0ALICE');
    expect(blockText(answer)).toContain('TLP:RED');
    expect(blockText(answer)).not.toContain('not shown here');
  });

  it('uses at most two MISP calls for 50 indicators and says when more were cut', async () => {
    const values = Array.from({ length: 55 }, (_, i) => `198.51.100.${i + 1}`);
    const before = h.misp.stats().requests;
    const answer = await h.intel(values.join(' '));
    expect(h.misp.stats().requests - before).toBeLessThanOrEqual(2);
    expect(blockText(answer)).toContain('5 more indicators were cut');
    expect(answer.blocks?.length).toBeLessThanOrEqual(50);
    expect(validateBlocks(answer.blocks)).toEqual([]);
  });

  it('explains usage for /intel alone and for help', async () => {
    for (const text of ['', 'help']) {
      const result = await h.slack.slashCommand({ user: 'U0ALICE', channel: 'C0SOC', command: '/intel', text });
      expect(JSON.stringify(result.ackBody)).toContain('looks indicators up in MISP');
    }
  });

  it('says so, with examples, when the text has no indicator', async () => {
    const result = await h.slack.slashCommand({
      user: 'U0ALICE',
      channel: 'C0SOC',
      command: '/intel',
      text: 'hello there',
    });
    expect(JSON.stringify(result.ackBody)).toContain('I found no indicator');
  });

  it('records the lookup in the audit log, defanged, without secrets', async () => {
    await h.intel(demoIndicators.maliciousDomain, { channel: 'C0SOCPRIV' });
    const record = await vi.waitFor(
      async () => {
        const [latest] = await h.store.listAudit({ limit: 1 });
        if (latest?.channelId !== 'C0SOCPRIV') throw new Error('not yet audited');
        return latest;
      },
      { timeout: 10_000 },
    );
    expect(record).toMatchObject({
      userId: 'U0ALICE',
      channelId: 'C0SOCPRIV',
      action: 'lookup',
      outcome: 'ok',
      indicators: ['bad[.]example'],
    });
    const logged = h.logs.join('\n');
    expect(logged).toContain('"event":"audit"');
    expect(logged).not.toContain(h.slack.botToken);
    expect(logged).not.toContain(h.slack.appToken);
    expect(logged).not.toContain(h.misp.userKey);
    // Bolt's debug lines carry whole payloads: the response_url key may appear, its value never.
    expect(logged).not.toMatch(/\/response_url\/T/);
    expect(logged).not.toMatch(/response_url\\?"\s*:\s*\\?"(?!\[redacted\])/);
    expect(logged).toContain('"level":"debug"');
  });
});
