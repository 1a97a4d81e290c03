// The readable text of a Slack message: its top-level `text` and the text inside its blocks.
// A message with blocks often carries only a summary in `text` (the bot's own cards do), so a
// lookup on the message must read the blocks too. Only text people see is read: section text and
// fields, header, context elements, rich_text (text and links) and markdown blocks.

/** Nesting deeper than this in rich_text is not followed (Slack nests lists a few levels at most). */
const MAX_DEPTH = 8;

export function messageText(message: { text?: unknown; blocks?: unknown }): string {
  const parts: string[] = [];
  if (typeof message.text === 'string') parts.push(message.text);
  if (Array.isArray(message.blocks)) for (const block of message.blocks) blockText(block, parts);
  return parts.join('\n');
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The string of a text object (`{ type: 'mrkdwn' | 'plain_text', text }`). */
function textOf(value: unknown): string | undefined {
  return isObject(value) && typeof value.text === 'string' ? value.text : undefined;
}

function blockText(block: unknown, out: string[]): void {
  if (!isObject(block)) return;
  const push = (s: string | undefined) => {
    if (s) out.push(s);
  };
  switch (block.type) {
    case 'section':
      push(textOf(block.text));
      if (Array.isArray(block.fields)) for (const field of block.fields) push(textOf(field));
      return;
    case 'header':
      push(textOf(block.text));
      return;
    case 'context':
      if (Array.isArray(block.elements)) for (const element of block.elements) push(textOf(element));
      return;
    case 'markdown':
      if (typeof block.text === 'string') push(block.text);
      return;
    case 'rich_text':
      richText(block.elements, out, 0);
      return;
  }
}

function richText(elements: unknown, out: string[], depth: number): void {
  if (!Array.isArray(elements) || depth > MAX_DEPTH) return;
  const line: string[] = [];
  for (const element of elements) {
    if (!isObject(element)) continue;
    // Styled runs of one line are adjacent text elements: joined as they are shown.
    if (element.type === 'text' && typeof element.text === 'string') line.push(element.text);
    else if (element.type === 'link') {
      if (typeof element.url === 'string') line.push(` ${element.url} `);
      if (typeof element.text === 'string') line.push(` ${element.text} `);
    } else if (Array.isArray(element.elements)) richText(element.elements, out, depth + 1);
  }
  if (line.length > 0) out.push(line.join(''));
}
