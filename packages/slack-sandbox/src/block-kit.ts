/**
 * Block Kit validation with Slack's limits (docs.slack.dev/reference/block-kit, `@slack/types` blocks.ts).
 * Errors read like Slack's `response_metadata.messages`:
 * `[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text]`.
 */

export const BLOCK_LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  textObject: 3000,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  id: 255,
  imageAltText: 2000,
  markdownTotal: 12_000,
  overflowOptions: { min: 2, max: 5 },
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  placeholder: 150,
  inputLabel: 2000,
  inputHint: 2000,
  messageText: 40_000,
} as const;

const BLOCK_TYPES = new Set([
  'section',
  'header',
  'context',
  'divider',
  'actions',
  'rich_text',
  'image',
  'input',
  'markdown',
]);
const INTERACTIVE_ELEMENTS = new Set([
  'button',
  'overflow',
  'static_select',
  'external_select',
  'users_select',
  'conversations_select',
  'channels_select',
  'multi_static_select',
  'multi_users_select',
  'multi_conversations_select',
  'multi_channels_select',
  'datepicker',
  'timepicker',
  'checkboxes',
  'radio_buttons',
  'plain_text_input',
]);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Collector {
  readonly errors: string[] = [];
  markdownChars = 0;
  add(message: string, pointer: string) {
    this.errors.push(`${message} [json-pointer:${pointer}]`);
  }
  maxLen(value: unknown, max: number, pointer: string) {
    if (typeof value === 'string' && value.length > max) this.add(`must be less than ${max + 1} characters`, pointer);
  }
  required(obj: Obj, key: string, pointer: string): boolean {
    if (obj[key] === undefined || obj[key] === null) {
      this.add(`missing required field: ${key}`, pointer);
      return false;
    }
    return true;
  }
  id(value: unknown, pointer: string) {
    if (value === undefined) return;
    if (typeof value !== 'string' || value.length === 0) this.add('must be a non-empty string', pointer);
    else this.maxLen(value, BLOCK_LIMITS.id, pointer);
  }
}

function textObject(c: Collector, value: unknown, pointer: string, max: number, onlyPlain = false) {
  if (!isObj(value)) {
    c.add('must be a text object', pointer);
    return;
  }
  if (value.type !== 'plain_text' && value.type !== 'mrkdwn') {
    c.add('must be one of plain_text, mrkdwn', `${pointer}/type`);
    return;
  }
  if (onlyPlain && value.type !== 'plain_text') c.add('must be plain_text', `${pointer}/type`);
  if (typeof value.text !== 'string') {
    c.add('must be a string', `${pointer}/text`);
    return;
  }
  if (value.text.length === 0) c.add('must be more than 0 characters', `${pointer}/text`);
  // Slack reports length failures on the text object itself.
  c.maxLen(value.text, Math.min(max, BLOCK_LIMITS.textObject), pointer);
}

function options(c: Collector, value: unknown, pointer: string) {
  if (!Array.isArray(value)) {
    c.add('must be an array', pointer);
    return;
  }
  value.forEach((opt, i) => {
    const p = `${pointer}/${i}`;
    if (!isObj(opt)) {
      c.add('must be an option object', p);
      return;
    }
    textObject(c, opt.text, `${p}/text`, BLOCK_LIMITS.optionText);
    c.maxLen(opt.value, BLOCK_LIMITS.optionValue, `${p}/value`);
    c.maxLen(opt.url, BLOCK_LIMITS.url, `${p}/url`);
  });
}

function element(c: Collector, el: unknown, pointer: string, actionIds: Set<string>) {
  if (!isObj(el)) return c.add('must be an element object', pointer);
  const type = el.type;
  if (typeof type !== 'string' || !INTERACTIVE_ELEMENTS.has(type)) {
    return c.add(`unsupported element type: ${String(type)}`, `${pointer}/type`);
  }
  c.id(el.action_id, `${pointer}/action_id`);
  if (typeof el.action_id === 'string') {
    if (actionIds.has(el.action_id)) c.add(`duplicate action_id: ${el.action_id}`, `${pointer}/action_id`);
    actionIds.add(el.action_id);
  }
  switch (type) {
    case 'button':
      if (c.required(el, 'text', pointer)) textObject(c, el.text, `${pointer}/text`, BLOCK_LIMITS.buttonText, true);
      c.maxLen(el.value, BLOCK_LIMITS.buttonValue, `${pointer}/value`);
      c.maxLen(el.url, BLOCK_LIMITS.url, `${pointer}/url`);
      if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') {
        c.add('must be one of primary, danger', `${pointer}/style`);
      }
      break;
    case 'overflow':
      if (c.required(el, 'options', pointer)) {
        options(c, el.options, `${pointer}/options`);
        const n = Array.isArray(el.options) ? el.options.length : 0;
        if (n < BLOCK_LIMITS.overflowOptions.min) c.add('must provide at least 2 items', `${pointer}/options`);
        if (n > BLOCK_LIMITS.overflowOptions.max) c.add('no more than 5 items allowed', `${pointer}/options`);
      }
      break;
    case 'static_select':
    case 'multi_static_select':
      if (el.placeholder !== undefined)
        textObject(c, el.placeholder, `${pointer}/placeholder`, BLOCK_LIMITS.placeholder, true);
      if (el.options === undefined && el.option_groups === undefined) {
        c.add('must provide either options or option_groups', pointer);
      }
      if (el.options !== undefined) {
        options(c, el.options, `${pointer}/options`);
        if (Array.isArray(el.options) && el.options.length > BLOCK_LIMITS.selectOptions) {
          c.add('no more than 100 items allowed', `${pointer}/options`);
        }
      }
      break;
    default:
      if (el.placeholder !== undefined)
        textObject(c, el.placeholder, `${pointer}/placeholder`, BLOCK_LIMITS.placeholder, true);
  }
}

function imageElementOrBlock(c: Collector, obj: Obj, pointer: string) {
  if (obj.image_url === undefined && obj.slack_file === undefined) {
    c.add('must provide either image_url or slack_file', pointer);
  }
  c.maxLen(obj.image_url, BLOCK_LIMITS.url, `${pointer}/image_url`);
  if (c.required(obj, 'alt_text', pointer)) c.maxLen(obj.alt_text, BLOCK_LIMITS.imageAltText, `${pointer}/alt_text`);
}

function block(c: Collector, b: unknown, pointer: string, blockIds: Set<string>) {
  if (!isObj(b)) return c.add('must be a block object', pointer);
  const type = b.type;
  if (typeof type !== 'string' || !BLOCK_TYPES.has(type)) {
    return c.add(`unsupported block type: ${String(type)}`, `${pointer}/type`);
  }
  c.id(b.block_id, `${pointer}/block_id`);
  if (typeof b.block_id === 'string') {
    if (blockIds.has(b.block_id)) c.add(`duplicate block_id: ${b.block_id}`, `${pointer}/block_id`);
    blockIds.add(b.block_id);
  }
  const actionIds = new Set<string>();
  switch (type) {
    case 'section': {
      if (b.text === undefined && b.fields === undefined) c.add('must provide either text or fields', pointer);
      if (b.text !== undefined) textObject(c, b.text, `${pointer}/text`, BLOCK_LIMITS.sectionText);
      if (b.fields !== undefined) {
        if (!Array.isArray(b.fields)) c.add('must be an array', `${pointer}/fields`);
        else {
          if (b.fields.length > BLOCK_LIMITS.sectionFields) c.add('no more than 10 items allowed', `${pointer}/fields`);
          b.fields.forEach((f, i) => {
            textObject(c, f, `${pointer}/fields/${i}`, BLOCK_LIMITS.sectionFieldText);
          });
        }
      }
      if (b.accessory !== undefined) {
        if (isObj(b.accessory) && b.accessory.type === 'image')
          imageElementOrBlock(c, b.accessory, `${pointer}/accessory`);
        else element(c, b.accessory, `${pointer}/accessory`, actionIds);
      }
      break;
    }
    case 'header':
      if (c.required(b, 'text', pointer)) textObject(c, b.text, `${pointer}/text`, BLOCK_LIMITS.headerText, true);
      break;
    case 'context':
      if (!Array.isArray(b.elements) || b.elements.length === 0) {
        c.add('must provide at least 1 item', `${pointer}/elements`);
        break;
      }
      if (b.elements.length > BLOCK_LIMITS.contextElements)
        c.add('no more than 10 items allowed', `${pointer}/elements`);
      b.elements.forEach((el, i) => {
        const p = `${pointer}/elements/${i}`;
        if (isObj(el) && el.type === 'image') imageElementOrBlock(c, el, p);
        else textObject(c, el, p, BLOCK_LIMITS.textObject);
      });
      break;
    case 'actions':
      if (!Array.isArray(b.elements) || b.elements.length === 0) {
        c.add('must provide at least 1 item', `${pointer}/elements`);
        break;
      }
      if (b.elements.length > BLOCK_LIMITS.actionsElements)
        c.add('no more than 25 items allowed', `${pointer}/elements`);
      b.elements.forEach((el, i) => {
        element(c, el, `${pointer}/elements/${i}`, actionIds);
      });
      break;
    case 'image':
      imageElementOrBlock(c, b, pointer);
      if (b.title !== undefined) textObject(c, b.title, `${pointer}/title`, 2000, true);
      break;
    case 'rich_text':
      if (!Array.isArray(b.elements)) c.add('must be an array', `${pointer}/elements`);
      break;
    case 'input':
      if (c.required(b, 'label', pointer)) textObject(c, b.label, `${pointer}/label`, BLOCK_LIMITS.inputLabel, true);
      if (b.hint !== undefined) textObject(c, b.hint, `${pointer}/hint`, BLOCK_LIMITS.inputHint, true);
      if (c.required(b, 'element', pointer)) element(c, b.element, `${pointer}/element`, actionIds);
      break;
    case 'markdown':
      if (typeof b.text !== 'string' || b.text.length === 0) c.add('must be a non-empty string', `${pointer}/text`);
      else c.markdownChars += b.text.length;
      break;
    default:
      break;
  }
}

/** Returns Slack-style error strings; an empty list means the blocks are valid. */
export function validateBlocks(blocks: unknown, opts: { maxBlocks?: number; pointer?: string } = {}): string[] {
  const pointer = opts.pointer ?? '/blocks';
  const max = opts.maxBlocks ?? BLOCK_LIMITS.messageBlocks;
  const c = new Collector();
  if (!Array.isArray(blocks)) {
    c.add('must be an array', pointer);
    return c.errors.map((e) => `[ERROR] ${e}`);
  }
  if (blocks.length > max) c.add(`no more than ${max} items allowed`, pointer);
  const blockIds = new Set<string>();
  blocks.forEach((b, i) => {
    block(c, b, `${pointer}/${i}`, blockIds);
  });
  if (c.markdownChars > BLOCK_LIMITS.markdownTotal) {
    c.add(`markdown blocks must be less than ${BLOCK_LIMITS.markdownTotal + 1} characters in total`, pointer);
  }
  return c.errors.map((e) => `[ERROR] ${e}`);
}
