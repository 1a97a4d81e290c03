// The playground page: sidebar (workspace, user picker, channels, DMs, App Home), the channel's messages
// with live updates over Server-Sent Events, a thread pane, and a composer that sends slash commands.
import { api } from './api.js';
import { readInputValues, renderBlocks } from './blocks.js';
import { wireComposer } from './composer.js';
import { icon as svgIcon } from './icons.js';
import { renderMessage } from './messages.js';

const DEFAULT_SHORTCUTS = [{ callback_id: 'lookup_indicators', name: 'Look up indicators', type: 'message' }];
const DEFAULT_COMMANDS = [
  { command: '/intel', usage_hint: '<IPs, domains, URLs, hashes…> | help', description: 'Look up indicators in MISP' },
];

const $ = (id) => document.getElementById(id);

const page = {
  state: null,
  users: new Map(),
  channels: new Map(),
  me: null,
  current: null, // channel id, or HOME
  messages: [],
  notices: new Map(), // channel id → local "Only visible to you" notices from the page itself
  thread: null, // parent ts
  unread: new Set(),
  scrollOnNext: false,
  canPostText: null, // unknown until the first try
};
const HOME = '__app_home__';

function el(tag, className, children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const child of children ?? []) if (child != null) node.append(child);
  return node;
}

// ---------- state and sidebar ----------

function humanUsers() {
  return [...page.users.values()].filter((u) => !u.is_bot && u.id !== page.state.botUserId && !u.deleted);
}

function botName() {
  const bot = page.users.get(page.state?.botUserId);
  return page.state?.app?.name || bot?.real_name || bot?.name || 'app';
}

function channelLabel(channel) {
  if (channel.is_im) {
    const other = channel.user === page.me ? page.state.botUserId : channel.user;
    if (other === page.state.botUserId || !other) return botName();
    const user = page.users.get(other);
    return user?.real_name || user?.name || other;
  }
  return channel.name ?? channel.id;
}

function isVisibleDm(channel) {
  if (!channel.is_im) return false;
  const members = channel.members ?? [];
  return channel.user === page.me || members.includes(page.me) || (!channel.user && !members.length);
}

/** The Home tab the app published for the current user (views.publish), in whichever shape the state has it. */
function homeView() {
  const s = page.state ?? {};
  if (Array.isArray(s.views)) {
    const view = s.views.find((v) => (v.type ?? v.body?.type) === 'home' && v.user === page.me);
    if (view) return view.body ?? view;
  }
  const candidates = [s.homeViews, s.home_views, s.home, s.appHome, s.views?.home];
  for (const candidate of candidates) {
    const view = candidate?.[page.me];
    if (view) return view.body ?? view;
  }
  return null;
}

function shortcuts() {
  const fromState = page.state?.shortcuts;
  if (Array.isArray(fromState) && fromState.length) {
    return fromState
      .filter((s) => !s.type || s.type === 'message')
      .map((s) => ({ callback_id: s.callback_id ?? s.callbackId, name: s.name ?? s.callback_id ?? s.callbackId }));
  }
  return DEFAULT_SHORTCUTS;
}

function commands() {
  const fromState = page.state?.commands ?? page.state?.slashCommands;
  return Array.isArray(fromState) && fromState.length ? fromState : DEFAULT_COMMANDS;
}

function sidebarItem(id, icon, label, extra) {
  const li = el('li');
  const glyph = typeof icon === 'string' ? icon : icon();
  const iconNode = el('span', 'channel-icon', [glyph]);
  iconNode.setAttribute('aria-hidden', 'true'); // the button's name is just the channel's name
  const button = el('button', 'channel', [iconNode, el('span', 'channel-name', [label])]);
  button.type = 'button';
  button.dataset.channelId = id;
  if (extra) button.append(el('span', 'channel-badge', [extra]));
  if (page.current === id) {
    button.classList.add('active');
    button.setAttribute('aria-current', 'page');
  }
  if (page.unread.has(id)) button.classList.add('unread');
  button.addEventListener('click', () => selectChannel(id));
  li.append(button);
  return li;
}

function renderSidebar() {
  $('workspace-name').textContent = page.state.team?.name ?? 'Slack sandbox';
  const picker = $('user-picker');
  picker.replaceChildren(
    ...humanUsers().map((u) => {
      const option = el('option', null, [u.name ?? u.id]);
      option.value = u.id;
      return option;
    }),
  );
  picker.value = page.me;

  const channels = [...page.channels.values()].filter((c) => !c.is_im && !c.is_archived);
  channels.sort((a, b) => String(a.name).localeCompare(String(b.name)));
  $('channel-list').replaceChildren(
    ...channels.map((c) =>
      sidebarItem(
        c.id,
        c.is_private ? () => svgIcon('lock') : '#',
        c.name,
        c.is_ext_shared || c.is_shared ? 'shared' : null,
      ),
    ),
  );
  const dms = [...page.channels.values()].filter(isVisibleDm);
  $('dm-list').replaceChildren(...dms.map((c) => sidebarItem(c.id, '●', channelLabel(c))));
  $('section-dms').hidden = dms.length === 0;
  $('app-list').replaceChildren(sidebarItem(HOME, '⌂', 'App Home'));
}

async function loadState() {
  const state = await api.state();
  page.state = state;
  page.users = new Map((state.users ?? []).map((u) => [u.id, u]));
  page.channels = new Map((state.channels ?? []).map((c) => [c.id, c]));
  const params = new URLSearchParams(location.search);
  const humans = humanUsers();
  if (!page.me || !page.users.has(page.me)) {
    const wanted = params.get('as');
    page.me = (wanted && page.users.has(wanted) ? wanted : null) ?? humans[0]?.id ?? null;
  }
  if (!page.current || (page.current !== HOME && !page.channels.has(page.current))) {
    const wanted = params.get('channel');
    const byName = [...page.channels.values()].find((c) => c.name === wanted);
    const firstMember = [...page.channels.values()].find((c) => !c.is_im && !c.is_private);
    page.current =
      (wanted === 'home' ? HOME : null) ?? (page.channels.has(wanted) ? wanted : byName?.id) ?? firstMember?.id;
  }
  renderSidebar();
}

function updateUrl() {
  const params = new URLSearchParams();
  if (page.me) params.set('as', page.me);
  if (page.current) params.set('channel', page.current === HOME ? 'home' : page.current);
  history.replaceState(null, '', `${location.pathname}?${params}`);
}

// ---------- messages ----------

function env(inThread) {
  return {
    me: page.me,
    users: page.users,
    channels: page.channels,
    botUserId: page.state.botUserId,
    botName: botName(),
    shortcuts: shortcuts(),
    inThread,
    replyCount: (message) =>
      message.reply_count ?? page.messages.filter((m) => m.thread_ts === message.ts && m.ts !== message.ts).length,
    onAction: sendAction,
    onShortcut: sendShortcut,
    onOpenThread: (message) => openThread(message.ts),
  };
}

function visibleTo(message) {
  return !message.ephemeral_to || message.ephemeral_to === page.me;
}

function isTopLevel(message) {
  return !message.thread_ts || message.thread_ts === message.ts || message.subtype === 'thread_broadcast';
}

function byTs(a, b) {
  return Number.parseFloat(a.ts) - Number.parseFloat(b.ts);
}

function renderMessages() {
  const container = $('messages');
  const atBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 60;
  container.classList.toggle('is-home', page.current === HOME);
  if (page.current === HOME) {
    renderHome(container);
    renderThread();
    return;
  }
  const list = [...page.messages.filter(isTopLevel), ...(page.notices.get(page.current) ?? [])].sort(byTs);
  const environment = env(false);
  const nodes = list.map((message) => renderMessage(message, environment));
  if (!nodes.length) {
    const channel = page.channels.get(page.current);
    nodes.push(
      el('div', 'empty-channel', [
        el('div', 'empty-title', [`This is the very beginning of ${channel ? channelLabel(channel) : 'this channel'}`]),
        el('div', null, ['Try ', el('code', 'mk-code', ['/intel 1.2.3.4']), ' in the composer below.']),
      ]),
    );
  }
  container.replaceChildren(...nodes);
  if (atBottom || page.scrollOnNext) container.scrollTop = container.scrollHeight;
  page.scrollOnNext = false;
  renderThread();
}

function renderHome(container) {
  const view = homeView();
  const header = el('div', 'home-header', [el('div', 'home-tab', ['Home'])]);
  if (!view) {
    container.replaceChildren(
      header,
      el('div', 'empty-channel', [
        el('div', 'empty-title', ['No App Home yet']),
        el('div', null, ['The app has not published a Home tab for this user (views.publish).']),
      ]),
    );
    return;
  }
  const ctx = {
    users: page.users,
    channels: page.channels,
    onAction: (action, node) => sendViewAction(view, action, node),
  };
  container.replaceChildren(header, el('div', 'home-view', [renderBlocks(view.blocks ?? [], ctx)]));
}

async function loadMessages() {
  if (page.current === HOME || !page.current || !page.me) {
    page.messages = [];
    renderMessages();
    return;
  }
  const channel = page.current;
  const messages = await api.messages(channel, page.me);
  if (channel !== page.current) return;
  page.messages = messages.filter(visibleTo);
  renderMessages();
}

function applyEvent(event) {
  if (!event || typeof event !== 'object') return;
  if (
    event.type === 'state' ||
    event.type === 'home' ||
    event.type === 'view' ||
    String(event.type).startsWith('modal')
  ) {
    void refreshState();
    return;
  }
  const message = event.message ?? {};
  if (event.channel !== page.current) {
    if (event.type === 'posted' && event.channel && visibleTo(message)) {
      page.unread.add(event.channel);
      renderSidebar();
    }
    return;
  }
  const index = page.messages.findIndex((m) => m.ts === message.ts);
  if (event.type === 'deleted') {
    if (index !== -1) page.messages.splice(index, 1);
  } else if (visibleTo(message)) {
    if (index === -1) {
      page.messages.push(message);
      page.messages.sort(byTs);
    } else page.messages[index] = { ...page.messages[index], ...message };
    if (event.type === 'posted' && message.thread_ts && message.thread_ts !== message.ts) {
      const parent = page.messages.find((m) => m.ts === message.thread_ts);
      if (parent && parent.reply_count !== undefined) {
        parent.reply_count = Math.max(parent.reply_count, replyTotal(parent.ts));
      }
    }
  }
  renderMessages();
}

function replyTotal(parentTs) {
  return page.messages.filter((m) => m.thread_ts === parentTs && m.ts !== parentTs).length;
}

async function refreshState() {
  await loadState();
  renderMessages();
  renderModal();
}

// ---------- modals ----------

/** Modals the viewer closed with Cancel (Slack sends nothing unless notify_on_close; neither do we). */
const dismissedModals = new Set();

function openModal() {
  const modals = (page.state?.modals ?? []).filter((m) => m.user === page.me && !dismissedModals.has(m.id));
  return modals.at(-1) ?? null;
}

/** The newest modal the app opened for the viewer (views.open), drawn over the page as Slack does. */
function renderModal() {
  const view = openModal();
  const current = $('modal-overlay');
  if (!view) {
    current?.remove();
    return;
  }
  if (current?.dataset.viewId === view.id) return; // keep what the user has typed
  current?.remove();
  const title = view.title?.text ?? 'Modal';
  const ctx = {
    users: page.users,
    channels: page.channels,
    onAction: (action, node) => sendViewAction(view, action, node),
  };
  const body = el('div', 'modal-body', [renderBlocks(view.blocks ?? [], ctx)]);
  const error = el('div', 'modal-error', []);
  const close = () => {
    dismissedModals.add(view.id);
    renderModal();
  };
  const cancel = el('button', 'modal-cancel', [view.close?.text ?? 'Cancel']);
  cancel.type = 'button';
  cancel.addEventListener('click', close);
  const footer = el('div', 'modal-footer', [cancel]);
  if (view.submit) {
    const submit = el('button', 'modal-submit', [view.submit.text ?? 'Submit']);
    submit.type = 'button';
    submit.addEventListener('click', async () => {
      submit.disabled = true;
      error.textContent = '';
      for (const node of body.querySelectorAll('.bk-input-error')) node.textContent = '';
      try {
        const result = await api.submitView({ user: page.me, viewId: view.id, values: readInputValues(body) });
        if (result.outcome === 'errors') {
          for (const [block, message] of Object.entries(result.errors ?? {})) {
            const target = body.querySelector(`[data-block-id="${CSS.escape(block)}"] .bk-input-error`);
            if (target) target.textContent = String(message);
            else error.textContent = String(message);
          }
        } else if (result.outcome === 'not_acked') {
          error.textContent = 'The app did not answer within 3 seconds.';
        } else if (result.outcome === 'closed') {
          close();
        }
      } catch (failure) {
        error.textContent = `Submitting failed: ${failure.message}`;
      } finally {
        submit.disabled = false;
      }
    });
    footer.append(submit);
  }
  const dialog = el('div', 'modal', [el('h2', 'modal-title', [title]), body, error, footer]);
  dialog.setAttribute('role', 'dialog');
  dialog.setAttribute('aria-modal', 'true');
  dialog.setAttribute('aria-label', title);
  const overlay = el('div', 'modal-backdrop', [dialog]);
  overlay.id = 'modal-overlay';
  overlay.dataset.viewId = view.id;
  document.body.append(overlay);
}

// ---------- thread pane ----------

function openThread(ts) {
  page.thread = ts;
  renderThread();
}

function renderThread() {
  const pane = $('thread-pane');
  const parent = page.thread && page.messages.find((m) => m.ts === page.thread);
  if (!parent || page.current === HOME) {
    pane.hidden = true;
    return;
  }
  pane.hidden = false;
  const channel = page.channels.get(page.current);
  $('thread-channel').textContent = channel ? (channel.is_im ? channelLabel(channel) : `#${channel.name}`) : '';
  const replies = page.messages.filter((m) => m.thread_ts === parent.ts && m.ts !== parent.ts).sort(byTs);
  const environment = env(true);
  const count = replies.length;
  $('thread-messages').replaceChildren(
    renderMessage(parent, environment),
    el('div', 'thread-divider', [`${count} ${count === 1 ? 'reply' : 'replies'}`]),
    ...replies.map((m) => renderMessage(m, environment)),
  );
}

// ---------- interactions ----------

function notice(text, channel = page.current) {
  const list = page.notices.get(channel) ?? [];
  const ts = (Date.now() / 1000).toFixed(6);
  list.push({ ts, text, local: true });
  page.notices.set(channel, list);
  page.scrollOnNext = true;
  if (channel === page.current) renderMessages();
}

async function busy(node, work) {
  if (node) node.disabled = true;
  node?.classList.add('busy');
  try {
    await work();
  } finally {
    if (node?.isConnected) {
      node.disabled = false;
      node.classList.remove('busy');
    }
  }
}

function sendAction(message, action, node) {
  return busy(node, async () => {
    try {
      await api.action({
        user: page.me,
        channel: message.channel ?? page.current,
        messageTs: message.ts,
        actionId: action.actionId,
        value: action.value,
        blockId: action.blockId,
      });
    } catch (error) {
      notice(`The action \`${action.actionId}\` failed: ${error.message}`);
    }
  });
}

/** block_actions from the Home tab carry a view, not a message; the sandbox may not route those yet. */
function sendViewAction(view, action, node) {
  return busy(node, async () => {
    try {
      await api.action({
        user: page.me,
        viewId: view.id,
        actionId: action.actionId,
        value: action.value,
        blockId: action.blockId,
      });
    } catch (error) {
      showError(`The App Home action \`${action.actionId}\` failed: ${error.message}`);
    }
  });
}

async function sendShortcut(message, shortcut) {
  try {
    await api.shortcut({
      user: page.me,
      channel: message.channel ?? page.current,
      messageTs: message.ts,
      callbackId: shortcut.callback_id,
    });
  } catch (error) {
    notice(`The shortcut "${shortcut.name}" failed: ${error.message}`);
  }
}

async function submitComposer() {
  const raw = $('composer').value.trim();
  if (!raw || page.current === HOME) return;
  composerControl?.clear();
  page.scrollOnNext = true;
  const match = /^(\/[^\s]+)\s*([\s\S]*)$/.exec(raw);
  if (match) {
    const [, command, text] = match;
    try {
      const result = await api.slash({ user: page.me, channel: page.current, command, text });
      if (result && result.acked === false) {
        notice(`${command} failed with the error "${result.error ?? 'dispatch_failed'}"`);
      }
    } catch (error) {
      notice(`${command} failed: ${error.message}`);
    }
    return;
  }
  if (page.canPostText === false) {
    notice('Only slash commands are supported in the playground, e.g. `/intel 1.2.3.4`.');
    return;
  }
  try {
    await api.postMessage({ user: page.me, channel: page.current, text: raw });
    page.canPostText = true;
  } catch (error) {
    if (error.status === 404 || error.status === 405) {
      page.canPostText = false;
      notice('Only slash commands are supported in the playground, e.g. `/intel 1.2.3.4`.');
    } else notice(`Your message could not be sent: ${error.message}`);
  }
}

async function submitThreadReply() {
  const input = $('thread-composer');
  const text = input.value.trim();
  const parent = page.thread;
  if (!text || !parent) return;
  input.value = '';
  if (text.startsWith('/')) {
    notice('Slash commands are not supported in threads (as in Slack): use the channel composer.');
    return;
  }
  try {
    await api.postMessage({ user: page.me, channel: page.current, text, thread_ts: parent });
  } catch (error) {
    notice(`Your reply could not be sent: ${error.message}`);
  }
}

function updateComposerForChannel() {
  const textarea = $('composer');
  const channel = page.channels.get(page.current);
  const home = page.current === HOME;
  $('composer-form').hidden = home;
  const title = home ? botName() : channel ? (channel.is_im ? channelLabel(channel) : channel.name) : '';
  const prefix = home || channel?.is_im ? '' : channel?.is_private ? svgIcon('lock') : '# ';
  $('channel-title').replaceChildren(prefix, title);
  const topic = [];
  if (channel?.is_ext_shared || channel?.is_shared) topic.push('Slack Connect — shared with an external organisation');
  const members = channel?.members;
  const botOutside =
    channel?.is_member === false || (Array.isArray(members) && !members.includes(page.state.botUserId));
  if (channel && !channel.is_im && botOutside) topic.push(`${botName()} is not in this channel`);
  const about = channel?.topic?.value || channel?.purpose?.value;
  if (about) topic.push(about);
  $('channel-topic').textContent = topic.join(' · ');
  textarea.placeholder = channel ? `Message ${channel.is_im ? channelLabel(channel) : `#${channel.name}`}` : 'Message';
  textarea.setAttribute('aria-label', 'Message composer');
}

// ---------- navigation and live updates ----------

async function selectChannel(id) {
  page.current = id;
  page.thread = null;
  page.unread.delete(id);
  page.scrollOnNext = true;
  updateUrl();
  renderSidebar();
  updateComposerForChannel();
  try {
    await loadMessages();
  } catch (error) {
    showError(`Could not load messages: ${error.message}`);
  }
  if (id === HOME) void openHome();
}

/** Like Slack, opening the Home tab sends app_home_opened, so the app can publish its view. */
async function openHome() {
  try {
    await api.appHomeOpened({ user: page.me });
    await refreshState();
  } catch (error) {
    if (error.status !== 404) showError(`Could not open App Home: ${error.message}`);
  }
}

function showError(text) {
  let toast = document.querySelector('.toast');
  if (!toast) {
    toast = el('div', 'toast');
    toast.setAttribute('role', 'alert');
    document.body.append(toast);
  }
  toast.textContent = text;
  toast.hidden = false;
  clearTimeout(showError.timer);
  showError.timer = setTimeout(() => {
    toast.hidden = true;
  }, 6000);
}

function setStatus(connected) {
  $('status-dot').classList.toggle('online', connected);
  $('status-text').textContent = connected ? 'live' : 'reconnecting…';
  document.body.dataset.live = String(connected);
}

let events = null;

/** The stream is per user: the server only sends a user's ephemeral messages to that user's stream. */
function connectEvents() {
  events?.close();
  setStatus(false);
  const source = new EventSource(`/_sandbox/events?as=${encodeURIComponent(page.me ?? '')}`);
  events = source;
  const onData = (event) => {
    try {
      applyEvent(JSON.parse(event.data));
    } catch {
      // A malformed event must not stop the stream; the next reload catches up.
    }
  };
  source.addEventListener('message', onData);
  for (const name of ['posted', 'updated', 'deleted', 'state', 'home', 'view', 'modal', 'modal_closed']) {
    source.addEventListener(name, (event) => {
      try {
        const data = JSON.parse(event.data);
        applyEvent({ type: data.type ?? name, ...data });
      } catch {
        // same as above
      }
    });
  }
  source.addEventListener('open', () => {
    setStatus(true);
    // Catch up on anything that happened while the stream was down.
    void refreshState().then(loadMessages, () => undefined);
  });
  source.addEventListener('error', () => setStatus(false));
}

let composerControl = null;

async function main() {
  composerControl = wireComposer({
    form: $('composer-form'),
    textarea: $('composer'),
    box: $('autocomplete'),
    commands,
    onSubmit: () => void submitComposer(),
  });
  const closeMenus = () => {
    for (const open of document.querySelectorAll('.message-menu.open')) {
      open.classList.remove('open');
      open.querySelector('.menu').hidden = true;
    }
    for (const menu of document.querySelectorAll('.bk-menu')) menu.hidden = true;
  };
  document.addEventListener('click', closeMenus);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') closeMenus();
  });
  $('thread-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void submitThreadReply();
  });
  $('thread-composer').addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void submitThreadReply();
    }
  });
  $('thread-close').addEventListener('click', () => {
    page.thread = null;
    renderThread();
  });
  $('user-picker').addEventListener('change', (event) => {
    page.me = event.target.value;
    page.thread = null;
    updateUrl();
    renderSidebar();
    updateComposerForChannel();
    connectEvents(); // its `open` handler reloads the messages as the new user
  });
  try {
    await loadState();
    updateUrl();
    updateComposerForChannel();
    await loadMessages();
    if (page.current === HOME) void openHome();
  } catch (error) {
    showError(`Could not reach the sandbox: ${error.message}`);
  }
  connectEvents();
  document.body.dataset.ready = 'true';
}

void main();
