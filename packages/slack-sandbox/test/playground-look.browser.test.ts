// How the playground draws what a user scans for: emoji from Slack's shortcodes, the sidebar, and a
// narrow window. Real Chromium against the real sandbox; messages are posted with the Web API.
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WebClient } from '@slack/web-api';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackSandbox } from '../src/index.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = Boolean(process.env.CI) && !['false', '0'].includes(String(process.env.CI));
const RESULTS = fileURLToPath(new URL('../test-results/', import.meta.url));
const WAIT = { timeout: 15_000 };

describe.skipIf(!HAS_CHROMIUM && !IN_CI)('playground look in Chromium', () => {
  let slack: Awaited<ReturnType<typeof startSlackSandbox>>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(RESULTS, { recursive: true });
    slack = await startSlackSandbox({ port: 0, mode: 'socket' });
    const web = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl });
    await web.chat.postMessage({
      channel: 'C0SOC',
      text: 'emoji',
      blocks: [
        {
          type: 'section',
          block_id: 'emoji-card',
          text: {
            type: 'mrkdwn',
            verbatim: true,
            text: ':red_circle: *Malicious* :dna: :label: :+1::skin-tone-3: :thumbsup: :not_a_real_emoji: `:dna:`',
          },
        },
        { type: 'context', elements: [{ type: 'plain_text', text: ':large_green_circle: plain' }] },
      ],
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(WAIT.timeout);
    await page.goto(`${slack.playgroundUrl}?as=U0ALICE&channel=C0SOC`);
    await page.locator('body[data-ready="true"]').waitFor(WAIT);
    await page.locator('[data-block-id="emoji-card"], .bk-section').first().waitFor(WAIT);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await slack?.close();
  });

  it('draws shortcodes as Slack does: aliases, skin tones; unknown codes and code spans stay text', async () => {
    const message = page.getByRole('article').filter({ hasText: 'Malicious' });
    const emoji = await message.locator('.mk-emoji').allTextContents();
    expect(emoji).toEqual(['🔴', '🧬', '🏷️', '👍🏼', '👍', '🟢']);
    const text = (await message.textContent()) ?? '';
    expect(text).toContain(':not_a_real_emoji:');
    expect(await message.locator('code').textContent()).toBe(':dna:');
    expect(await message.locator('.mk-emoji').first().getAttribute('title')).toBe(':red_circle:');
  });

  it('has a colour emoji font even where the system has none', async () => {
    const faces = await page.evaluate(async () =>
      (await document.fonts.load('16px "Sandbox Twemoji"', '\u{1F534}')).map((f) => f.status),
    );
    expect(faces).toEqual(['loaded']);
  });

  it('shows App Home without an "empty" badge', async () => {
    const home = page.getByRole('navigation', { name: 'Workspace' }).getByRole('button', { name: 'App Home' });
    expect((await home.textContent())?.trim()).toBe('⌂App Home');
    expect(await home.locator('.channel-badge').count()).toBe(0);
  });

  it('keeps the conversation full width at 420 px: the sidebar moves above it', async () => {
    await page.setViewportSize({ width: 420, height: 800 });
    const card = page.getByRole('article').filter({ hasText: 'Malicious' });
    const main = await page.locator('main').boundingBox();
    const cardBox = await card.boundingBox();
    expect(main?.width).toBeGreaterThanOrEqual(400);
    expect(cardBox?.width).toBeGreaterThan(360);
    await page.screenshot({ path: `${RESULTS}playground-420px.png` });
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
