// The playground page in real Chromium, against the real sandbox and a real Bolt app in Socket Mode.
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, LogLevel } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackSandbox } from '../src/index.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = Boolean(process.env.CI) && !['false', '0'].includes(String(process.env.CI));
const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const RESULTS = fileURLToPath(new URL('../test-results/', import.meta.url));
const WAIT = { timeout: 15_000 };

if (!HAS_CHROMIUM && !IN_CI) {
  console.warn(
    `\n!!! playground browser tests SKIPPED: no Chromium at ${CHROMIUM}. ` +
      'Install it (apt-get install -y chromium) or set CHROMIUM_PATH. In CI (CI=true) they fail instead.\n',
  );
}

/** What the bot must do with MISP text before it reaches Slack (conventions §A9). */
const escapeMrkdwn = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// Hostile "MISP data": an event title an attacker controls.
const HOSTILE_TITLE = '<img src=x onerror=alert(1)> <!channel> & <script>window.__xss=1</script>';

function lookupCard(indicator: string) {
  return [
    { type: 'header', text: { type: 'plain_text', text: `${indicator} — malicious` } },
    {
      type: 'section',
      block_id: 'verdict',
      fields: [
        { type: 'mrkdwn', text: '*Verdict*\nMalicious' },
        { type: 'mrkdwn', text: '*Threat level*\nHigh' },
        { type: 'mrkdwn', text: `*Event*\n${escapeMrkdwn(HOSTILE_TITLE)}`, verbatim: true },
        { type: 'mrkdwn', text: '*Sightings*\n0' },
      ],
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: 'TLP:GREEN · seen in `2` events' }] },
    {
      type: 'actions',
      block_id: 'card-actions',
      elements: [
        {
          type: 'button',
          action_id: 'add_sighting',
          style: 'primary',
          value: indicator,
          text: { type: 'plain_text', text: 'Add sighting' },
        },
      ],
    },
  ];
}

function homeView(status: string) {
  return {
    type: 'home' as const,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'MISP lookups' } },
      { type: 'section', text: { type: 'mrkdwn', text: status } },
      {
        type: 'actions',
        elements: [{ type: 'button', action_id: 'home_refresh', text: { type: 'plain_text', text: 'Refresh' } }],
      },
    ],
  };
}

describe.skipIf(!HAS_CHROMIUM && !IN_CI)('playground page in Chromium', () => {
  let slack: Awaited<ReturnType<typeof startSlackSandbox>>;
  let app: App;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!HAS_CHROMIUM) {
      throw new Error(`Chromium not found at ${CHROMIUM} (CI=true): install the chromium package or set CHROMIUM_PATH`);
    }
    mkdirSync(RESULTS, { recursive: true });
    slack = await startSlackSandbox({ port: 0, mode: 'socket' });
    app = new App({
      token: slack.botToken,
      appToken: slack.appToken,
      socketMode: true,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: slack.apiUrl },
    });
    app.command('/intel', async ({ ack, respond, command }) => {
      await ack();
      const indicator = command.text.trim().split(/\s+/)[0] ?? '';
      await respond({ text: `Lookup result for ${indicator}`, blocks: lookupCard(indicator) });
    });
    app.action('add_sighting', async ({ ack, respond, body }) => {
      await ack();
      await respond({
        replace_original: true,
        text: 'Sighting recorded',
        blocks: [
          {
            type: 'section',
            text: { type: 'mrkdwn', text: `:white_check_mark: Sighting recorded by <@${body.user.id}>` },
          },
        ],
      });
    });
    app.shortcut('lookup_indicators', async ({ ack, shortcut, client }) => {
      await ack();
      if (shortcut.type !== 'message_action') return;
      await client.chat.postMessage({
        channel: shortcut.channel.id,
        thread_ts: shortcut.message.ts,
        text: 'Looked up 1 indicator from this message',
      });
    });
    app.event('app_home_opened', async ({ event, client }) => {
      await client.views.publish({ user_id: event.user, view: homeView('Type `/intel <indicator>` in any channel.') });
    });
    app.action('home_refresh', async ({ ack, body, client }) => {
      await ack();
      await client.views.publish({ user_id: body.user.id, view: homeView('MISP connection: *ok*') });
    });
    await app.start();

    browser = await chromium.launch({ executablePath: CHROMIUM, args: LAUNCH_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(WAIT.timeout); // a missing element fails the test with a message, not a hang
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${slack.playgroundUrl}?as=U0ALICE&channel=C0SOC`);
    await page.locator('body[data-ready="true"][data-live="true"]').waitFor(WAIT);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await slack?.close();
  });

  it('shows the workspace, its channel kinds and the acting user', async () => {
    await page.locator('#workspace-name', { hasText: 'mispkit-demo' }).waitFor(WAIT);
    const sidebar = page.getByRole('navigation', { name: 'Workspace' });
    expect(await sidebar.getByRole('button', { name: 'soc-private' }).count()).toBe(1);
    expect(await sidebar.getByRole('button', { name: /partners.*shared/ }).count()).toBe(1);
    expect(await page.getByLabel('Acting as').inputValue()).toBe('U0ALICE');
    expect(await page.locator('#channel-title').textContent()).toContain('soc');
  });

  it('renders the card a slash command typed in the composer gets back', async () => {
    const composer = page.getByLabel('Message composer');
    await composer.fill('/int');
    await page.getByRole('listbox', { name: 'Slash commands' }).getByText('/intel').waitFor(WAIT);
    await composer.fill('/intel 1.2.3.4');
    await composer.press('Enter');

    const card = page.getByRole('article').filter({ hasText: '1.2.3.4 — malicious' });
    await card.waitFor(WAIT);
    expect(await card.locator('.bk-header').textContent()).toBe('1.2.3.4 — malicious');
    expect(await card.locator('.bk-field').count()).toBe(4);
    expect(await card.locator('.bk-field b', { hasText: 'Threat level' }).count()).toBe(1);
    expect(await card.locator('.bk-context').textContent()).toContain('TLP:GREEN · seen in 2 events');
    expect(await card.locator('.bk-context code').textContent()).toBe('2');
    expect(await card.getByText('Only visible to you').count()).toBe(1);
    expect(await card.locator('.badge-app').textContent()).toBe('APP');
    const button = card.getByRole('button', { name: 'Add sighting' });
    expect(await button.getAttribute('class')).toContain('bk-primary');
    await page.screenshot({ path: `${RESULTS}playground-card.png` });
  });

  it('shows hostile MISP text as text: no markup, no mention, no dialog', async () => {
    const card = page.getByRole('article').filter({ hasText: '1.2.3.4 — malicious' });
    const field = card.locator('.bk-field').nth(2);
    expect(await field.textContent()).toBe(`Event\n${HOSTILE_TITLE}`);
    expect(await card.locator('img, script').count()).toBe(0);
    expect(await card.locator('.mk-broadcast').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  it('updates the card in place when its button is clicked', async () => {
    const card = page.getByRole('article').filter({ hasText: '1.2.3.4 — malicious' });
    await card.getByRole('button', { name: 'Add sighting' }).click();
    const updated = page.getByRole('article').filter({ hasText: 'Sighting recorded by' });
    await updated.waitFor(WAIT);
    expect(await updated.locator('.mk-user').textContent()).toBe('@Alice Analyst');
    expect(await page.getByRole('article').filter({ hasText: '1.2.3.4 — malicious' }).count()).toBe(0);
    await page.screenshot({ path: `${RESULTS}playground-updated.png` });
  });

  it('renders mrkdwn formatting and never turns message text into markup', async () => {
    const cases: [string, string][] = [
      ['*bold* _italic_ ~strike~ `code`', 'bold|b italic|i strike|s code|code'],
      ['&lt;img src=x onerror=alert(1)&gt; &amp;', '<img src=x onerror=alert(1)> &|#text'],
      ['<img src=x onerror=alert(1)>', '<img src=x onerror=alert(1)>|#text'],
      ['"><svg onload=alert(1)>', '">|#text <svg onload=alert(1)>|#text'],
      ['<javascript:alert(1)|click me>', 'click me|span.mk-link-unsafe'],
      ['<https://misp.example/e?a=1&amp;b=2|Event 7>', 'Event 7|a[https://misp.example/e?a=1&b=2]'],
      ['<!here> <!channel> &lt;!channel&gt;', '@here|span.mk-broadcast @channel|span.mk-broadcast <!channel>|#text'],
      [
        '<@U0BOB> <#C0SOC> <#C0NEW|new-room>',
        '@Bob Builder|span.mk-user #soc|span.mk-channel #new-room|span.mk-channel',
      ],
      ['```<b>x</b> *no* &lt;y&gt;```', '<b>x</b> *no* <y>|pre'],
      ['&gt; quoted *line*\nafter', 'quoted line|blockquote after|#text'],
    ];
    // The page's own module, loaded in the page (a script tag, so vitest does not rewrite the import).
    await page.addScriptTag({
      type: 'module',
      content: "import { renderMrkdwn } from '/playground/mrkdwn.js'; window.renderMrkdwn = renderMrkdwn;",
    });
    await page.waitForFunction(() => 'renderMrkdwn' in window, undefined, WAIT);
    const rendered = await page.evaluate(
      (inputs) => {
        const { renderMrkdwn } = window as unknown as {
          renderMrkdwn: (text: string, ctx: object) => DocumentFragment;
        };
        const users = new Map([['U0BOB', { id: 'U0BOB', name: 'bob', real_name: 'Bob Builder' }]]);
        const channels = new Map([['C0SOC', { id: 'C0SOC', name: 'soc' }]]);
        return inputs.map((text: string) => {
          const root = document.createElement('div');
          root.append(renderMrkdwn(text, { users, channels }));
          // Leaf-most meaningful nodes: elements we create, and bare text directly inside paragraphs.
          const parts: string[] = [];
          const walk = (node: Node) => {
            for (const child of node.childNodes) {
              if (child.nodeType === Node.TEXT_NODE) {
                if (child.textContent?.trim()) parts.push(`${child.textContent.trim()}|#text`);
              } else if (child instanceof HTMLElement && child.className === 'mk-p') walk(child);
              else if (child instanceof HTMLAnchorElement) parts.push(`${child.textContent}|a[${child.href}]`);
              else if (child instanceof HTMLElement) {
                const cls = child.className.split(' ').pop();
                const tag = child.tagName.toLowerCase();
                parts.push(`${child.textContent?.trim()}|${tag === 'span' ? `span.${cls}` : tag}`);
              }
            }
          };
          walk(root);
          return {
            parts: parts.join(' '),
            elements: [...root.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()),
          };
        });
      },
      cases.map(([input]) => input),
    );
    cases.forEach(([input, expected], index) => {
      expect(rendered[index]?.parts, input).toBe(expected);
      for (const tag of rendered[index]?.elements ?? []) {
        expect(['span', 'b', 'i', 's', 'code', 'pre', 'a', 'blockquote'], `${input} made <${tag}>`).toContain(tag);
      }
    });
    expect(dialogs).toEqual([]);
  });

  it('renders every supported block kind and labels unknown ones instead of dropping them', async () => {
    await page.addScriptTag({
      type: 'module',
      content: "import { renderBlocks } from '/playground/blocks.js'; window.renderBlocks = renderBlocks;",
    });
    await page.waitForFunction(() => 'renderBlocks' in window, undefined, WAIT);
    const result = await page.evaluate(() => {
      const { renderBlocks } = window as unknown as {
        renderBlocks: (blocks: unknown[], ctx: object) => HTMLElement;
      };
      const actions: string[] = [];
      const root = renderBlocks(
        [
          { type: 'header', text: { type: 'plain_text', text: '*not bold* &amp; <b>' } },
          {
            type: 'section',
            text: { type: 'mrkdwn', text: 'with accessory' },
            accessory: { type: 'button', action_id: 'acc', text: { type: 'plain_text', text: 'Details' } },
          },
          { type: 'divider' },
          {
            type: 'actions',
            block_id: 'b1',
            elements: [
              {
                type: 'button',
                action_id: 'go',
                value: 'v1',
                style: 'danger',
                text: { type: 'plain_text', text: 'Delete' },
              },
              {
                type: 'button',
                action_id: 'link',
                url: 'https://misp.example/',
                text: { type: 'plain_text', text: 'Open' },
              },
              {
                type: 'button',
                action_id: 'evil',
                url: 'javascript:alert(1)',
                text: { type: 'plain_text', text: 'Evil' },
              },
            ],
          },
          {
            type: 'rich_text',
            elements: [
              {
                type: 'rich_text_list',
                style: 'ordered',
                elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'one' }] }],
              },
              { type: 'rich_text_preformatted', elements: [{ type: 'text', text: '<pre>' }] },
            ],
          },
          { type: 'table', rows: [] },
        ],
        {
          users: new Map(),
          channels: new Map(),
          onAction: (a: { actionId: string; value?: string; blockId?: string }) =>
            actions.push(`${a.actionId}:${a.value}:${a.blockId}`),
        },
      );
      const opened: string[] = [];
      window.open = ((url: string) => {
        opened.push(url);
        return null;
      }) as typeof window.open;
      for (const button of root.querySelectorAll('button')) button.click();
      return {
        header: root.querySelector('.bk-header')?.textContent,
        accessory: root.querySelector('.bk-accessory button')?.textContent,
        dividers: root.querySelectorAll('hr').length,
        danger: root.querySelector('.bk-danger')?.textContent,
        list: root.querySelector('ol li')?.textContent,
        pre: root.querySelector('pre')?.textContent,
        unknown: root.querySelector('.bk-unknown')?.textContent,
        actions,
        opened,
      };
    });
    expect(result).toEqual({
      header: '*not bold* & <b>',
      accessory: 'Details',
      dividers: 1,
      danger: 'Delete',
      list: 'one',
      pre: '<pre>',
      unknown: 'Unsupported block: table',
      // The url button opens a tab instead of posting; a javascript: url is never opened.
      actions: ['acc:undefined:undefined', 'go:v1:b1', 'evil:undefined:b1'],
      opened: ['https://misp.example/'],
    });
  });

  it('runs the message shortcut from the hover menu and opens the reply in the thread pane', async () => {
    const web = new WebClient(slack.botToken, { slackApiUrl: slack.apiUrl });
    const posted = await web.chat.postMessage({ channel: 'C0SOC', text: 'Alert: beaconing to 5.6.7.8 seen' });
    const message = page.getByRole('article').filter({ hasText: 'Alert: beaconing to 5.6.7.8 seen' });
    await message.waitFor(WAIT);
    expect(posted.ok).toBe(true);

    await message.hover();
    await message.getByRole('button', { name: 'More actions' }).click();
    await message.getByRole('menuitem', { name: 'Look up indicators' }).click();
    const replies = message.getByRole('button', { name: '1 reply in thread' });
    await replies.waitFor(WAIT);
    await replies.click();
    const thread = page.getByRole('complementary', { name: 'Thread' });
    await thread.getByText('Looked up 1 indicator from this message').waitFor(WAIT);
    await thread.getByLabel('Reply in thread').fill('thanks, blocking it');
    await thread.getByLabel('Reply in thread').press('Enter');
    await thread
      .getByRole('article', { name: 'Message from Alice Analyst' })
      .getByText('thanks, blocking it')
      .waitFor();
    await message.getByRole('button', { name: '2 replies in thread' }).waitFor();
    await page.screenshot({ path: `${RESULTS}playground-thread.png` });

    await web.chat.update({ channel: 'C0SOC', ts: posted.ts as string, text: 'Alert: beaconing to 5.6.7.8 confirmed' });
    const edited = page.getByRole('article').filter({ hasText: 'Alert: beaconing to 5.6.7.8 confirmed' }).first();
    await edited.locator('.edited').waitFor(WAIT);
    expect(await edited.locator('.edited').textContent()).toBe('(edited)');
  });

  it('posts a plain message typed in the composer as the acting user', async () => {
    const composer = page.getByLabel('Message composer');
    await composer.fill('hello team, anyone seen 9.9.9.9?');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const mine = page.getByRole('article', { name: 'Message from Alice Analyst' });
    await mine.filter({ hasText: 'hello team, anyone seen 9.9.9.9?' }).waitFor(WAIT);
    expect(await composer.inputValue()).toBe('');
  });

  it('opens App Home, shows the view the app published and sends its button clicks', async () => {
    await page.getByRole('navigation', { name: 'Workspace' }).getByRole('button', { name: 'App Home' }).click(WAIT);
    const home = page.locator('.home-view');
    await home.locator('.bk-header', { hasText: 'MISP lookups' }).waitFor(WAIT);
    expect(await home.locator('.bk-section code').textContent()).toBe('/intel <indicator>');
    expect(await page.locator('#composer-form').isHidden()).toBe(true);
    expect(await page.getByRole('complementary', { name: 'Thread' }).isHidden()).toBe(true);
    await home.getByRole('button', { name: 'Refresh' }).click();
    await home.getByText('MISP connection:').waitFor(WAIT);
    expect(await home.locator('.bk-section b').textContent()).toBe('ok');
    await page.screenshot({ path: `${RESULTS}playground-home.png` });
    await page
      .getByRole('navigation', { name: 'Workspace' })
      .getByRole('button', { name: 'soc', exact: true })
      .click(WAIT);
    await page.getByLabel('Message composer').waitFor(WAIT);
  });

  it("hides another user's ephemeral messages after switching the acting user", async () => {
    const ephemeral = page.getByRole('article').filter({ hasText: 'Sighting recorded by' });
    // The page renders on its own schedule: wait for the message rather than count at once.
    await ephemeral.first().waitFor(WAIT);
    expect(await ephemeral.count()).toBe(1);
    await page.getByLabel('Acting as').selectOption('U0BOB');
    await page.locator('body[data-live="true"]').waitFor(WAIT);
    await ephemeral.waitFor({ state: 'detached', ...WAIT });
    expect(await page.getByRole('article').filter({ hasText: 'Alert: beaconing' }).count()).toBeGreaterThan(0);
    expect(new URL(page.url()).searchParams.get('as')).toBe('U0BOB');
    expect(pageErrors).toEqual([]);
  });
});
