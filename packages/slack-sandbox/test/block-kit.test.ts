import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateBlocks } from '../src/index.js';

const text = (t: string, type: 'mrkdwn' | 'plain_text' = 'mrkdwn') => ({ type, text: t });
const button = (id: string, label = 'Go', extra: Record<string, unknown> = {}) => ({
  type: 'button',
  action_id: id,
  text: text(label, 'plain_text'),
  ...extra,
});

describe('validateBlocks', () => {
  it('accepts a typical verdict card', () => {
    expect(
      validateBlocks([
        { type: 'header', text: text('Verdict', 'plain_text') },
        { type: 'section', text: text('*bad*'), fields: [text('a'), text('b')], accessory: button('more') },
        {
          type: 'context',
          elements: [text('TLP:AMBER'), { type: 'image', image_url: 'https://x/y.png', alt_text: 'i' }],
        },
        { type: 'divider' },
        {
          type: 'actions',
          elements: [
            button('share'),
            {
              type: 'overflow',
              action_id: 'o',
              options: [
                { text: text('a', 'plain_text'), value: 'a' },
                { text: text('b', 'plain_text'), value: 'b' },
              ],
            },
          ],
        },
        { type: 'rich_text', elements: [] },
      ]),
    ).toEqual([]);
  });

  it('enforces text lengths per block type at their limits', () => {
    expect(validateBlocks([{ type: 'section', text: text('x'.repeat(3000)) }])).toEqual([]);
    expect(validateBlocks([{ type: 'section', text: text('x'.repeat(3001)) }])).toEqual([
      '[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/text]',
    ]);
    expect(validateBlocks([{ type: 'section', fields: [text('x'.repeat(2001))] }])).toEqual([
      '[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/fields/0]',
    ]);
    expect(validateBlocks([{ type: 'header', text: text('x'.repeat(150), 'plain_text') }])).toEqual([]);
    expect(validateBlocks([{ type: 'actions', elements: [button('b', 'x'.repeat(76))] }])).toEqual([
      '[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/0/text]',
    ]);
    expect(validateBlocks([{ type: 'actions', elements: [button('b', 'ok', { value: 'v'.repeat(2001) })] }])).toEqual([
      '[ERROR] must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]',
    ]);
    expect(
      validateBlocks([{ type: 'actions', elements: [button('b', 'ok', { url: `https://${'u'.repeat(3000)}` })] }]),
    ).toEqual(['[ERROR] must be less than 3001 characters [json-pointer:/blocks/0/elements/0/url]']);
  });

  it('enforces element counts: 10 fields, 10 context elements, 25 actions', () => {
    expect(validateBlocks([{ type: 'section', fields: Array.from({ length: 11 }, () => text('f')) }])).toEqual([
      '[ERROR] no more than 10 items allowed [json-pointer:/blocks/0/fields]',
    ]);
    expect(validateBlocks([{ type: 'context', elements: Array.from({ length: 11 }, () => text('c')) }])).toEqual([
      '[ERROR] no more than 10 items allowed [json-pointer:/blocks/0/elements]',
    ]);
    const buttons = Array.from({ length: 26 }, (_, i) => button(`b${i}`));
    expect(validateBlocks([{ type: 'actions', elements: buttons }])).toEqual([
      '[ERROR] no more than 25 items allowed [json-pointer:/blocks/0/elements]',
    ]);
  });

  it('rejects unknown types, mrkdwn headers, long or duplicate ids', () => {
    expect(validateBlocks([{ type: 'carousel' }])).toEqual([
      '[ERROR] unsupported block type: carousel [json-pointer:/blocks/0/type]',
    ]);
    expect(validateBlocks([{ type: 'actions', elements: [{ type: 'slider', action_id: 's' }] }])).toEqual([
      '[ERROR] unsupported element type: slider [json-pointer:/blocks/0/elements/0/type]',
    ]);
    expect(validateBlocks([{ type: 'header', text: text('h') }])).toEqual([
      '[ERROR] must be plain_text [json-pointer:/blocks/0/text/type]',
    ]);
    expect(validateBlocks([{ type: 'divider', block_id: 'x'.repeat(256) }])).toEqual([
      '[ERROR] must be less than 256 characters [json-pointer:/blocks/0/block_id]',
    ]);
    expect(
      validateBlocks([
        { type: 'divider', block_id: 'a' },
        { type: 'divider', block_id: 'a' },
      ]),
    ).toEqual(['[ERROR] duplicate block_id: a [json-pointer:/blocks/1/block_id]']);
    expect(validateBlocks([{ type: 'actions', elements: [button('same'), button('same')] }])).toEqual([
      '[ERROR] duplicate action_id: same [json-pointer:/blocks/0/elements/1/action_id]',
    ]);
    expect(validateBlocks([{ type: 'section', text: text('') }])).toEqual([
      '[ERROR] must be more than 0 characters [json-pointer:/blocks/0/text/text]',
    ]);
  });

  it('allows 100 blocks in views but 50 in messages', () => {
    const blocks = Array.from({ length: 100 }, () => ({ type: 'divider' }));
    expect(validateBlocks(blocks, { maxBlocks: 100 })).toEqual([]);
    expect(validateBlocks(blocks)).toEqual(['[ERROR] no more than 50 items allowed [json-pointer:/blocks]']);
  });

  it('never throws on arbitrary input and reports errors as Slack-style strings', () => {
    const blockish = fc.record(
      {
        type: fc.constantFrom('section', 'header', 'context', 'actions', 'image', 'input', 'markdown', 'divider', 'x'),
        text: fc.jsonValue({ maxDepth: 2 }),
        fields: fc.jsonValue({ maxDepth: 2 }),
        elements: fc.jsonValue({ maxDepth: 3 }),
        accessory: fc.jsonValue({ maxDepth: 2 }),
        block_id: fc.jsonValue({ maxDepth: 1 }),
        element: fc.jsonValue({ maxDepth: 2 }),
        label: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: ['type'] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.array(blockish, { maxLength: 5 }), fc.jsonValue({ maxDepth: 3 })), (blocks) => {
        const errors = validateBlocks(blocks);
        for (const error of errors) expect(error).toMatch(/^\[ERROR\] .+ \[json-pointer:\/blocks[^\]]*\]$/);
      }),
      { numRuns: 500 },
    );
  });
});
