import { demoIndicators } from '@mispkit/misp-sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockText, type Harness, startHarness } from './harness.js';

describe('when Slack fails', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ clientOptions: { rejectRateLimitedCalls: true, retryConfig: { retries: 0 } } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('treats a channel it cannot inspect as shared with outsiders when sharing', async () => {
    const card = await h.intel(demoIndicators.maliciousIp);
    h.slack.forceRateLimit({ method: 'conversations.info', times: 1, retryAfter: 30 });
    await h.shareCard(card);
    const shared = await h.slack.waitForMessage((m) => m.channel === 'C0SOC' && !m.ephemeral_to);
    expect(blockText(shared)).toMatch(
      /Nothing can be shown here: MISP has \d+ results? for this indicator, marked TLP:GREEN/,
    );
    expect(blockText(shared)).not.toContain('NightFerry');
  });

  it('survives a failed App Home publish and keeps answering', async () => {
    h.slack.forceRateLimit({ method: 'views.publish', times: 1, retryAfter: 30 });
    await h.slack.appHomeOpened('U0ALICE');
    const answer = await h.intel(demoIndicators.maliciousIp);
    expect(blockText(answer)).toContain('*Malicious*');
    expect(h.logs.join('\n')).toContain('home_publish_failed');
  });
});
