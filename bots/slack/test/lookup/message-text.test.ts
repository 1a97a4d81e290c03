import { describe, expect, it } from 'vitest';
import { extract } from '../../src/lookup/extract.js';
import { messageText } from '../../src/lookup/message-text.js';

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });

describe('messageText', () => {
  it('reads the top-level text when there are no blocks', () => {
    expect(messageText({ text: 'seen 185.220.101.4' })).toBe('seen 185.220.101.4');
  });

  it('reads section text and fields, header, context elements and markdown blocks', () => {
    const text = messageText({
      text: '1 indicator looked up',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'evil-header.example' } },
        { type: 'section', text: mrkdwn('`185[.]220[.]101[.]4`'), fields: [mrkdwn('hxxp://bad[.]example/x')] },
        {
          type: 'context',
          elements: [mrkdwn('from 10.9.8.7'), { type: 'image', image_url: 'http://img.example/a.png' }],
        },
        { type: 'markdown', text: 'see **198.51.100.9**' },
        { type: 'divider' },
        { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: '203.0.113.1' } }] },
      ],
    });
    const values = extract(text, 50).indicators.map((i) => i.value);
    expect(values).toEqual(
      expect.arrayContaining([
        'evil-header.example',
        '185.220.101.4',
        'http://bad.example/x',
        '10.9.8.7',
        '198.51.100.9',
      ]),
    );
    // Buttons and image URLs are not message text.
    expect(values).not.toContain('203.0.113.1');
    expect(values.some((v) => v.includes('img.example'))).toBe(false);
  });

  it('reads rich_text runs, links and nested lists', () => {
    const text = messageText({
      blocks: [
        {
          type: 'rich_text',
          elements: [
            {
              type: 'rich_text_section',
              elements: [
                { type: 'text', text: 'beacon to 185.220.' },
                { type: 'text', text: '101.4', style: { code: true } },
                { type: 'link', url: 'https://phish.example/login', text: 'this page' },
              ],
            },
            {
              type: 'rich_text_list',
              elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'dropper.example' }] }],
            },
          ],
        },
      ],
    });
    expect(extract(text, 50).indicators.map((i) => i.value)).toEqual(
      expect.arrayContaining(['185.220.101.4', 'https://phish.example/login', 'dropper.example']),
    );
  });

  it('ignores malformed blocks instead of throwing', () => {
    const blocks = [null, 'x', 42, { type: 'section', text: 'not an object', fields: 'nope' }, { type: 'rich_text' }];
    expect(messageText({ text: 'ok', blocks })).toBe('ok');
    expect(messageText({ text: 7, blocks: {} })).toBe('');
  });
});
