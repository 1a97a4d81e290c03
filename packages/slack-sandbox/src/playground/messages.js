// One Slack message → DOM: avatar, sender (with APP badge), time, edited marker, ephemeral marker,
// body (blocks, legacy attachments or mrkdwn text), thread link and the hover menu with message shortcuts.
import { renderBlocks } from './blocks.js';
import { icon } from './icons.js';
import { renderMrkdwn } from './mrkdwn.js';

function el(tag, className, children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const child of children ?? []) if (child != null) node.append(child);
  return node;
}

export function formatTime(ts) {
  const date = new Date(Number.parseFloat(ts) * 1000);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

const AVATAR_COLOURS = ['#2a80b9', '#e8912d', '#2bac76', '#9f69e2', '#e01e5a', '#4a154b', '#1d9bd1'];

function avatar(name, isBot) {
  const initial = (name.trim()[0] ?? '?').toUpperCase();
  const node = el('div', `avatar${isBot ? ' avatar-bot' : ''}`, [isBot ? '⚙' : initial]);
  if (name === 'Slackbot') node.classList.add('avatar-slackbot');
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  if (!isBot) node.style.background = AVATAR_COLOURS[hash % AVATAR_COLOURS.length];
  node.setAttribute('aria-hidden', 'true');
  return node;
}

export function isBotMessage(message, env) {
  return Boolean(message.bot_id || message.bot_profile || (message.user && message.user === env.botUserId));
}

export function senderName(message, env) {
  if (message.local) return 'Slackbot';
  if (isBotMessage(message, env)) {
    return message.username || message.bot_profile?.name || env.botName || 'app';
  }
  const user = env.users.get(message.user);
  return user?.real_name || user?.name || message.user || 'unknown';
}

function attachments(message, ctx) {
  const list = Array.isArray(message.attachments) ? message.attachments : [];
  return list.map((attachment) => {
    const node = el('div', 'attachment');
    const colour = /^#?[0-9a-f]{3,8}$/i.test(attachment.color ?? '') ? attachment.color : null;
    const named = { good: '#2eb67d', warning: '#ecb22e', danger: '#e01e5a' }[attachment.color];
    node.style.borderLeftColor = named ?? (colour ? (colour.startsWith('#') ? colour : `#${colour}`) : '#dddddd');
    if (attachment.pretext) node.append(el('div', 'attachment-pretext', [renderMrkdwn(attachment.pretext, ctx)]));
    if (attachment.title) node.append(el('div', 'attachment-title', [renderMrkdwn(attachment.title, ctx)]));
    if (Array.isArray(attachment.blocks) && attachment.blocks.length) node.append(renderBlocks(attachment.blocks, ctx));
    else if (attachment.text) node.append(el('div', 'attachment-text', [renderMrkdwn(attachment.text, ctx)]));
    if (attachment.footer) node.append(el('div', 'attachment-footer', [renderMrkdwn(attachment.footer, ctx)]));
    return node;
  });
}

function messageMenu(message, env) {
  const wrap = el('div', 'message-menu');
  const trigger = el('button', 'icon-button message-menu-trigger', ['⋯']);
  trigger.type = 'button';
  trigger.setAttribute('aria-label', 'More actions');
  trigger.setAttribute('aria-haspopup', 'menu');
  const menu = el('div', 'menu');
  menu.setAttribute('role', 'menu');
  menu.hidden = true;
  for (const shortcut of env.shortcuts) {
    const item = el('button', 'menu-item', [shortcut.name]);
    item.type = 'button';
    item.setAttribute('role', 'menuitem');
    item.addEventListener('click', () => {
      menu.hidden = true;
      wrap.classList.remove('open');
      env.onShortcut(message, shortcut);
    });
    menu.append(item);
  }
  if (!env.shortcuts.length) menu.append(el('div', 'menu-empty', ['No message shortcuts']));
  trigger.addEventListener('click', (event) => {
    event.stopPropagation();
    const opening = menu.hidden;
    for (const other of document.querySelectorAll('.message-menu.open')) {
      other.classList.remove('open');
      other.querySelector('.menu').hidden = true;
    }
    menu.hidden = !opening;
    wrap.classList.toggle('open', opening);
  });
  wrap.append(trigger, menu);
  return wrap;
}

/**
 * env: { me, users: Map, channels: Map, botUserId, botName, shortcuts, replyCount(message),
 *        onAction(message, action, node), onShortcut(message, shortcut), onOpenThread(message), inThread }
 */
export function renderMessage(message, env) {
  const name = senderName(message, env);
  const bot = message.local || isBotMessage(message, env);
  const ctx = {
    users: env.users,
    channels: env.channels,
    onAction: (action, node) => env.onAction(message, action, node),
  };

  const node = el('div', 'message');
  node.dataset.ts = message.ts;
  node.setAttribute('role', 'article');
  node.setAttribute('aria-label', `Message from ${name}`);
  if (message.ephemeral_to || message.local) node.classList.add('message-ephemeral');

  const meta = el('div', 'message-meta', [el('span', 'sender', [name])]);
  if (bot && !message.local) meta.append(el('span', 'badge-app', ['APP']));
  const time = el('time', 'timestamp', [formatTime(message.ts)]);
  const when = new Date(Number.parseFloat(message.ts) * 1000);
  if (!Number.isNaN(when.getTime())) {
    time.dateTime = when.toISOString();
    time.title = when.toLocaleString();
  }
  meta.append(time);
  if (message.edited) meta.append(el('span', 'edited', ['(edited)']));

  const content = el('div', 'message-content');
  if (message.ephemeral_to || message.local) {
    content.append(el('div', 'ephemeral-note', [icon('eye'), 'Only visible to you']));
  }
  content.append(meta);

  const body = el('div', 'message-body');
  if (Array.isArray(message.blocks) && message.blocks.length) body.append(renderBlocks(message.blocks, ctx));
  else if (message.text) {
    body.append(
      message.mrkdwn === false
        ? document.createTextNode(message.text)
        : el('div', 'message-text', [renderMrkdwn(message.text, ctx)]),
    );
  }
  body.append(...attachments(message, ctx));
  content.append(body);

  const replies = env.inThread ? 0 : env.replyCount(message);
  if (replies > 0) {
    const link = el('button', 'thread-link', [`${replies} ${replies === 1 ? 'reply' : 'replies'}`]);
    link.type = 'button';
    link.setAttribute('aria-label', `${replies} ${replies === 1 ? 'reply' : 'replies'} in thread`);
    link.addEventListener('click', () => env.onOpenThread(message));
    content.append(link);
  }

  node.append(avatar(name, bot), content);
  if (!message.local) node.append(messageMenu(message, env));
  return node;
}
