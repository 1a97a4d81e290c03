// The message composer: auto-growing textarea, Enter to send (Shift+Enter for a new line), and a
// slash-command hint list that Tab / arrows / click complete.

function el(tag, className, children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const child of children ?? []) node.append(child);
  return node;
}

/**
 * textarea, box: the composer and its hint list; form: submits on Enter or the Send button.
 * commands(): [{ command, usage_hint?, description? }]; onSubmit(): sends textarea's value.
 */
export function wireComposer({ form, textarea, box, commands, onSubmit }) {
  let selected = 0;

  const resize = () => {
    textarea.style.height = 'auto';
    textarea.style.height = `${Math.min(textarea.scrollHeight, 200)}px`;
  };

  const matching = () => {
    const typed = /^(\/\S*)(\s?)/.exec(textarea.value);
    if (!typed) return [];
    const [, word, space] = typed;
    return commands().filter((c) => (space ? c.command === word : c.command.startsWith(word)));
  };

  const hide = () => {
    box.hidden = true;
  };

  const complete = (command) => {
    const rest = textarea.value.replace(/^\/\S*\s?/, '');
    textarea.value = `${command.command} ${rest}`;
    textarea.focus();
    render();
  };

  function render() {
    const matches = matching();
    if (!matches.length) {
      hide();
      return;
    }
    selected = Math.min(selected, matches.length - 1);
    box.replaceChildren(
      el('div', 'autocomplete-title', ['Commands']),
      ...matches.map((c, i) => {
        const item = el('div', 'autocomplete-item', [
          el('span', 'autocomplete-command', [c.command]),
          el('span', 'autocomplete-usage', [c.usage_hint ?? '']),
          el('span', 'autocomplete-description', [c.description ?? '']),
        ]);
        item.setAttribute('role', 'option');
        item.setAttribute('aria-selected', String(i === selected));
        item.addEventListener('mousedown', (event) => {
          event.preventDefault(); // keep the focus in the textarea
          complete(c);
        });
        return item;
      }),
    );
    box.hidden = false;
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    hide();
    onSubmit();
  });
  textarea.addEventListener('input', () => {
    resize();
    render();
  });
  textarea.addEventListener('blur', hide);
  textarea.addEventListener('keydown', (event) => {
    const open = !box.hidden;
    const matches = open ? matching() : [];
    if (open && event.key === 'Tab' && matches.length) {
      event.preventDefault();
      complete(matches[selected] ?? matches[0]);
    } else if (open && (event.key === 'ArrowDown' || event.key === 'ArrowUp') && matches.length) {
      event.preventDefault();
      selected = (selected + (event.key === 'ArrowDown' ? 1 : -1) + matches.length) % matches.length;
      render();
    } else if (event.key === 'Escape') {
      hide();
    } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      // Enter on a half-typed command word completes it, as Slack does; otherwise it sends.
      const typingCommandWord = /^\/\S*$/.test(textarea.value);
      const exact = matches.some((c) => c.command === textarea.value.trim());
      if (open && typingCommandWord && matches.length && !exact) complete(matches[selected] ?? matches[0]);
      else {
        hide();
        onSubmit();
      }
    }
  });

  return {
    /** Empties the composer after a send. */
    clear() {
      textarea.value = '';
      resize();
      hide();
    },
  };
}
