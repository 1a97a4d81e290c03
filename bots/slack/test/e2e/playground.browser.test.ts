// The `npm start` experience in real Chromium: the playground page, both sandboxes and the bot.
// A lookup typed into the page's composer shows its verdict card.
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { demoIndicators } from '@mispkit/misp-sandbox';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RESULTS = fileURLToPath(new URL('../../test-results/', import.meta.url));
const WAIT = { timeout: 15_000 };

describe('playground page with the bot', () => {
  let h: Harness;
  let browser: Browser;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium not found at ${CHROMIUM}: install chromium or set CHROMIUM_PATH`);
    mkdirSync(RESULTS, { recursive: true });
    h = await startHarness({ mode: 'socket', env: { MISPKIT_WRITERS: '*' } });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('shows a verdict card for a lookup typed into the page', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(WAIT.timeout);
    await page.goto(`${h.slack.playgroundUrl}?as=U0ALICE&channel=C0SOC`);
    await page.locator('body[data-ready="true"][data-live="true"]').waitFor(WAIT);
    const composer = page.getByLabel('Message composer');
    await composer.fill(`/intel ${demoIndicators.maliciousIp}`);
    await composer.press('Enter');
    const card = page.getByRole('article').filter({ hasText: 'NightFerry RAT command-and-control infrastructure' });
    await card.waitFor(WAIT);
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('Malicious');
    expect(text).toContain('185[.]220[.]101[.]4');
    expect(await card.getByRole('button', { name: 'Share in channel' }).count()).toBe(1);
    await page.screenshot({ path: `${RESULTS}playground-lookup.png` });
  });
});
