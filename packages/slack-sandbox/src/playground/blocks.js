// Block Kit → DOM. Unknown blocks and elements are shown as labelled grey boxes rather than dropped,
// so a bot author sees what Slack would refuse or ignore.
import { emojiFor, emojiNode, linkNode, renderTextObject, safeUrl } from './mrkdwn.js';

function el(tag, className, children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const child of children ?? []) if (child != null) node.append(child);
  return node;
}

function unknown(kind, type) {
  const box = el('div', 'bk-unknown', [`Unsupported ${kind}: ${type ?? '(no type)'}`]);
  box.setAttribute('role', 'note');
  return box;
}

function plainLabel(object) {
  if (!object) return '';
  const fragment = renderTextObject(object);
  return fragment.textContent ?? '';
}

/**
 * ctx: { users, channels, onAction({ actionId, value, blockId }), onOpenUrl(url) }
 */
function button(element, blockId, ctx) {
  const label = plainLabel(element.text);
  const node = el('button', 'bk-button', [renderTextObject(element.text, ctx)]);
  node.type = 'button';
  node.setAttribute('aria-label', label);
  if (element.style === 'primary' || element.style === 'danger') node.classList.add(`bk-${element.style}`);
  if (element.action_id) node.dataset.actionId = element.action_id;
  const url = element.url ? safeUrl(element.url) : null;
  if (url) node.title = url;
  node.addEventListener('click', () => {
    if (url) {
      window.open(url, '_blank', 'noopener,noreferrer');
      return;
    }
    ctx.onAction?.({ actionId: element.action_id, value: element.value, blockId }, node);
  });
  return node;
}

function overflow(element, blockId, ctx) {
  const wrap = el('div', 'bk-overflow');
  const trigger = el('button', 'bk-button bk-overflow-trigger', ['⋯']);
  trigger.type = 'button';
  trigger.setAttribute('aria-label', 'More options');
  trigger.setAttribute('aria-haspopup', 'menu');
  const menu = el('div', 'bk-menu');
  menu.setAttribute('role', 'menu');
  menu.hidden = true;
  for (const option of element.options ?? []) {
    const item = el('button', 'bk-menu-item', [renderTextObject(option.text, ctx)]);
    item.type = 'button';
    item.setAttribute('role', 'menuitem');
    item.addEventListener('click', () => {
      menu.hidden = true;
      const url = option.url ? safeUrl(option.url) : null;
      if (url) window.open(url, '_blank', 'noopener,noreferrer');
      ctx.onAction?.({ actionId: element.action_id, value: option.value, blockId }, trigger);
    });
    menu.append(item);
  }
  trigger.addEventListener('click', (event) => {
    event.stopPropagation(); // the page closes open menus on any other click
    menu.hidden = !menu.hidden;
  });
  wrap.append(trigger, menu);
  return wrap;
}

function staticSelect(element, blockId, ctx) {
  const select = el('select', 'bk-select');
  select.setAttribute('aria-label', plainLabel(element.placeholder) || 'Select an option');
  const placeholder = el('option', null, [plainLabel(element.placeholder) || 'Select…']);
  placeholder.value = '';
  select.append(placeholder);
  const groups = element.option_groups ?? [{ options: element.options ?? [] }];
  for (const group of groups) {
    for (const option of group.options ?? []) {
      const node = el('option', null, [plainLabel(option.text)]);
      node.value = option.value ?? '';
      select.append(node);
    }
  }
  if (element.initial_option?.value) select.value = element.initial_option.value;
  select.addEventListener('change', () => {
    if (select.value) ctx.onAction?.({ actionId: element.action_id, value: select.value, blockId }, select);
  });
  return select;
}

function image(element, className) {
  const url = safeUrl(element.image_url ?? element.url ?? '');
  const alt = element.alt_text ?? '';
  if (!url) return el('span', `${className} bk-image-missing`, [alt || 'image']);
  const img = el('img', className);
  img.src = url;
  img.alt = alt;
  img.loading = 'lazy';
  // No network here: a broken image shows its alt text instead of a broken icon.
  img.addEventListener('error', () => img.replaceWith(el('span', `${className} bk-image-missing`, [alt || 'image'])));
  return img;
}

function interactiveElement(element, blockId, ctx) {
  switch (element?.type) {
    case 'button':
      return button(element, blockId, ctx);
    case 'overflow':
      return overflow(element, blockId, ctx);
    case 'static_select':
      return staticSelect(element, blockId, ctx);
    case 'image':
      return image(element, 'bk-accessory-image');
    default:
      return unknown('element', element?.type);
  }
}

function header(block, ctx) {
  return el('div', 'bk-header', [renderTextObject(block.text, ctx)]);
}

function section(block, ctx) {
  const body = el('div', 'bk-section-body');
  if (block.text) body.append(el('div', 'bk-section-text', [renderTextObject(block.text, ctx)]));
  if (Array.isArray(block.fields) && block.fields.length) {
    const fields = el('div', 'bk-fields');
    for (const field of block.fields) fields.append(el('div', 'bk-field', [renderTextObject(field, ctx)]));
    body.append(fields);
  }
  const node = el('div', 'bk-section', [body]);
  if (block.accessory) {
    node.append(el('div', 'bk-accessory', [interactiveElement(block.accessory, block.block_id, ctx)]));
  }
  return node;
}

function context(block, ctx) {
  const node = el('div', 'bk-context');
  for (const element of block.elements ?? []) {
    if (element.type === 'image') node.append(image(element, 'bk-context-image'));
    else if (element.type === 'mrkdwn' || element.type === 'plain_text') {
      node.append(el('span', 'bk-context-text', [renderTextObject(element, ctx)]));
    } else node.append(unknown('element', element.type));
  }
  return node;
}

function actions(block, ctx) {
  const node = el('div', 'bk-actions');
  for (const element of block.elements ?? []) node.append(interactiveElement(element, block.block_id, ctx));
  return node;
}

function imageBlock(block, ctx) {
  const node = el('figure', 'bk-image-block');
  if (block.title) node.append(el('figcaption', 'bk-image-title', [renderTextObject(block.title, ctx)]));
  node.append(image(block, 'bk-image'));
  return node;
}

// rich_text: structured elements, no markup parsing at all.
function richInline(element, ctx) {
  const style = element.style ?? {};
  let node;
  switch (element.type) {
    case 'text':
      node = document.createTextNode(element.text ?? '');
      break;
    case 'link':
      node = linkNode(element.url ?? '', element.text || element.url || '');
      break;
    case 'user': {
      const user = ctx.users?.get(element.user_id);
      node = el('span', 'mk-mention mk-user', [`@${user?.real_name || user?.name || element.user_id}`]);
      break;
    }
    case 'channel': {
      const channel = ctx.channels?.get(element.channel_id);
      node = el('span', 'mk-mention mk-channel', [`#${channel?.name || element.channel_id}`]);
      break;
    }
    case 'usergroup':
      node = el('span', 'mk-mention mk-user', [`@${element.usergroup_id}`]);
      break;
    case 'broadcast':
      node = el('span', 'mk-mention mk-broadcast', [`@${element.range}`]);
      break;
    case 'emoji':
      node = element.unicode
        ? emojiNode(codepointsToString(element.unicode), `:${element.name}:`)
        : emojiFor(element.name, element.skin_tone);
      break;
    default:
      return unknown('rich text element', element.type);
  }
  if (style.code) node = el('code', 'mk-code', [node]);
  if (style.strike) node = el('s', null, [node]);
  if (style.italic) node = el('i', null, [node]);
  if (style.bold) node = el('b', null, [node]);
  return node;
}

function codepointsToString(unicode) {
  try {
    return String.fromCodePoint(
      ...String(unicode)
        .split('-')
        .map((hex) => Number.parseInt(hex, 16)),
    );
  } catch {
    return '';
  }
}

function richElement(element, ctx) {
  const inline = () => (element.elements ?? []).map((child) => richInline(child, ctx));
  switch (element.type) {
    case 'rich_text_section':
      return el('div', 'rt-section', inline());
    case 'rich_text_preformatted':
      return el('pre', 'mk-pre', inline());
    case 'rich_text_quote':
      return el('blockquote', 'mk-quote', inline());
    case 'rich_text_list': {
      const list = el(element.style === 'ordered' ? 'ol' : 'ul', 'rt-list');
      list.style.marginLeft = `${(element.indent ?? 0) * 24}px`;
      for (const item of element.elements ?? []) list.append(el('li', null, [richElement(item, ctx)]));
      return list;
    }
    default:
      return unknown('rich text element', element.type);
  }
}

function richText(block, ctx) {
  return el(
    'div',
    'bk-rich-text',
    (block.elements ?? []).map((element) => richElement(element, ctx)),
  );
}

const RENDERERS = {
  header,
  section,
  context,
  divider: () => el('hr', 'bk-divider'),
  actions,
  image: imageBlock,
  rich_text: richText,
  input: inputBlock,
};

/** Modal `input` blocks: a label and one form control, read back by `readInputValues`. */
function inputBlock(block) {
  const element = block.element ?? {};
  const id = `bk-input-${block.block_id ?? Math.random().toString(36).slice(2)}`;
  const label = el('label', 'bk-input-label', [renderTextObject(block.label)]);
  label.htmlFor = id;
  if (block.optional) label.append(el('span', 'bk-input-optional', [' (optional)']));
  let control;
  if (element.type === 'plain_text_input') {
    control = document.createElement(element.multiline ? 'textarea' : 'input');
    if (!element.multiline) control.type = 'text';
    if (element.initial_value) control.value = element.initial_value;
    if (element.max_length) control.maxLength = element.max_length;
  } else if (element.type === 'static_select') {
    control = document.createElement('select');
    for (const option of element.options ?? []) {
      const node = el('option', null, [option.text?.text ?? option.value]);
      node.value = option.value;
      if (element.initial_option?.value === option.value) node.selected = true;
      control.append(node);
    }
  } else if (element.type === 'checkboxes') {
    control = el('div', 'bk-checkboxes');
    control.setAttribute('role', 'group');
    for (const option of element.options ?? []) {
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.value = option.value;
      box.checked = (element.initial_options ?? []).some((o) => o.value === option.value);
      control.append(el('label', 'bk-checkbox', [box, ` ${option.text?.text ?? option.value}`]));
    }
  } else {
    return unknown('input element', element.type);
  }
  control.id = id;
  control.classList.add('bk-input-control');
  const node = el('div', 'bk-input', [label, control, el('div', 'bk-input-error', [])]);
  node.dataset.elementType = element.type;
  node.dataset.actionId = element.action_id ?? '';
  if (element.type === 'checkboxes') label.htmlFor = '';
  return node;
}

/** The values of a modal's input blocks, shaped as Slack puts them in `view.state.values`. */
export function readInputValues(container) {
  const values = {};
  for (const node of container.querySelectorAll('.bk-input')) {
    const block = node.closest('[data-block-id]')?.dataset.blockId;
    if (!block) continue;
    const type = node.dataset.elementType;
    const control = node.querySelector('.bk-input-control');
    let value;
    if (type === 'plain_text_input') value = { type, value: control.value === '' ? null : control.value };
    else if (type === 'static_select') {
      const option = control.selectedOptions[0];
      value = {
        type,
        selected_option: option
          ? { text: { type: 'plain_text', text: option.textContent }, value: option.value }
          : null,
      };
    } else if (type === 'checkboxes') {
      const checked = [...control.querySelectorAll('input:checked')].map((box) => ({ value: box.value }));
      value = { type, selected_options: checked };
    }
    values[block] = { [node.dataset.actionId]: value };
  }
  return values;
}

/** Renders a list of blocks; a failing block is shown as a grey box instead of breaking the message. */
export function renderBlocks(blocks, ctx) {
  const container = el('div', 'bk-blocks');
  for (const block of Array.isArray(blocks) ? blocks : []) {
    const render = RENDERERS[block?.type];
    let node;
    try {
      node = render ? render(block, ctx) : unknown('block', block?.type);
    } catch (error) {
      node = unknown('block', `${block?.type} (${error instanceof Error ? error.message : 'render error'})`);
    }
    node.classList.add('bk-block');
    if (block?.block_id) node.dataset.blockId = block.block_id;
    container.append(node);
  }
  return container;
}
