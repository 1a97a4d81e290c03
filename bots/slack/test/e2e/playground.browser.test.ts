// The `npm start` experience in real Chromium: the playground page, both sandboxes and the bot.
// A lookup typed into the page's composer shows its verdict card.
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { demoIndicators, type MispSandbox, startMispSandbox } from '@mispkit/misp-sandbox';
import { createMispClient } from '@mispkit/sdk';
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
    // The verdict's colour dot and the other shortcodes are drawn as emoji, not as `:red_circle:`.
    expect(await card.locator('.mk-emoji').first().textContent()).toBe('🔴');
    expect(text).not.toContain(':red_circle:');
    expect(text).not.toContain(':dna:');
    await page.screenshot({ path: `${RESULTS}playground-lookup.png` });
    await page.close();
  });

  it('shows three cards at once, as in the Slack sandbox docs', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(WAIT.timeout);
    await page.goto(`${h.slack.playgroundUrl}?as=U0ALICE&channel=C0SOC`);
    await page.locator('body[data-ready="true"][data-live="true"]').waitFor(WAIT);
    const composer = page.getByLabel('Message composer');
    await composer.fill(
      `/intel hxxp://bad[.]example/invoice/INV-20931.doc ${demoIndicators.warninglistedIp} ${demoIndicators.unknownValue}`,
    );
    await composer.press('Enter');
    await page.getByRole('article').filter({ hasText: '3 indicators looked up' }).last().waitFor(WAIT);
    await page.screenshot({ path: `${RESULTS}playground.png` });
    await page.close();
  });

  it('opens an event from "Open in MISP": login page with the demo credentials, then the event', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(WAIT.timeout);
    await page.goto(`${h.slack.playgroundUrl}?as=U0ALICE&channel=C0SOC`);
    await page.locator('body[data-ready="true"][data-live="true"]').waitFor(WAIT);
    const composer = page.getByLabel('Message composer');
    await composer.fill(`/intel ${demoIndicators.maliciousIp}`);
    await composer.press('Enter');
    const card = page
      .getByRole('article')
      .filter({ hasText: 'NightFerry RAT command-and-control infrastructure' })
      .last();
    await card.waitFor(WAIT);
    // The card lists every event the address is in, one "Open in MISP" each: press the NightFerry event's.
    const admin = createMispClient({ baseUrl: h.misp.url, apiKey: h.misp.adminKey });
    const [event] = await admin.events.list({ eventinfo: 'NightFerry RAT command-and-control infrastructure' });
    const open = card.locator(`button[title$="/events/view/${event?.id}"]`, { hasText: 'Open in MISP' });
    const [misp] = await Promise.all([page.waitForEvent('popup'), open.click()]);
    await misp.waitForLoadState();
    expect(new URL(misp.url()).pathname).toBe('/users/login');
    expect(await misp.locator('.note').textContent()).toContain('admin@admin.test');
    await misp.getByLabel('Password').fill('admin');
    await misp.getByRole('button', { name: 'Login' }).click();
    await misp.locator('h1', { hasText: 'NightFerry RAT' }).waitFor(WAIT);
    expect(new URL(misp.url()).pathname).toMatch(/^\/events\/view\/\d+$/);
    const body = (await misp.locator('main').textContent()) ?? '';
    for (const part of ['Attributes', 'Objects', 'Galaxies', 'Sightings', demoIndicators.maliciousIp, 'tlp:green']) {
      expect(body).toContain(part);
    }
    await misp.screenshot({ path: `${RESULTS}misp-event.png`, fullPage: false });
    await page.close();
  });

  it('fits a 420 px window: the card keeps the width', async () => {
    const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
    page.setDefaultTimeout(WAIT.timeout);
    await page.goto(`${h.slack.playgroundUrl}?as=U0ALICE&channel=C0SOC`);
    await page.locator('body[data-ready="true"][data-live="true"]').waitFor(WAIT);
    const composer = page.getByLabel('Message composer');
    await composer.fill(`/intel ${demoIndicators.maliciousIp}`);
    await composer.press('Enter');
    const card = page
      .getByRole('article')
      .filter({ hasText: 'NightFerry RAT command-and-control infrastructure' })
      .last();
    await card.waitFor(WAIT);
    expect((await card.boundingBox())?.width).toBeGreaterThan(360);
    await page.screenshot({ path: `${RESULTS}playground-420px.png` });
    await page.close();
  });
});

describe('Add to MISP in the playground', () => {
  let misp: MispSandbox;
  let h: Harness;
  let browser: Browser;
  let triage = '';
  beforeAll(async () => {
    misp = await startMispSandbox({ seed: 'demo', log: () => undefined });
    const user = createMispClient({ baseUrl: misp.url, apiKey: misp.userKey });
    triage = String(((await user.events.add({ info: 'Slack triage' } as never)) as { id: string }).id);
    h = await startHarness({
      mode: 'socket',
      mispUrl: misp.url,
      apiKey: misp.userKey,
      env: { MISPKIT_WRITERS: '*', MISPKIT_TRIAGE_EVENT: triage },
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await misp?.close();
  });

  it('opens the modal from a not-found card, submits it, and the indicator is in MISP', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(WAIT.timeout);
    await page.goto(`${h.slack.playgroundUrl}?as=U0ALICE&channel=C0SOC`);
    await page.locator('body[data-ready="true"][data-live="true"]').waitFor(WAIT);
    const composer = page.getByLabel('Message composer');
    await composer.fill('/intel brand-new-phish.example');
    await composer.press('Enter');
    const card = page.getByRole('article').filter({ hasText: 'Not found' }).last();
    await card.getByRole('button', { name: 'Add to MISP' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add to MISP' });
    await dialog.waitFor(WAIT);
    expect(await dialog.getByLabel('Attribute type').inputValue()).toBe('domain');
    await dialog.getByRole('checkbox').check();
    await dialog.getByLabel('Comment').fill('from the playground');
    await page.screenshot({ path: `${RESULTS}playground-add-to-misp.png` });
    await dialog.getByRole('button', { name: 'Add' }).click();
    await dialog.waitFor({ state: 'detached', ...WAIT });
    await page.getByText(`to MISP event ${triage} as domain (to_ids)`).waitFor(WAIT);
    const admin = createMispClient({ baseUrl: misp.url, apiKey: misp.adminKey });
    const found = (await admin.attributes.search({ value: 'brand-new-phish.example' })) as Array<
      Record<string, unknown>
    >;
    expect(found[0]).toMatchObject({ event_id: triage, type: 'domain', to_ids: true, comment: 'from the playground' });
    await page.close();
  });
});
