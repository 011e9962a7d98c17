// Every node is built here; text is always set as text, so nothing from the API is ever parsed as markup.

/** h('td', {class: 'x', title: 't', onclick: fn}, 'text', node, ...) */
export function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      node.className = value;
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (key in node && typeof value !== 'string') {
      node[key] = value;
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

/** A status line for the screen readers and everyone: the latest notice replaces the one before. */
export function notice(text, kind = 'info') {
  const box = document.getElementById('notice');
  clear(box).append(h('p', { class: `notice ${kind}` }, text));
}

export function clearNotice() {
  clear(document.getElementById('notice'));
}

/** A modal question; resolves with the value of the button pressed, or null when dismissed. */
export function ask(title, body, buttons) {
  return new Promise((resolve) => {
    const dialog = h('dialog', { class: 'ask', 'aria-labelledby': 'ask-title' });
    const done = (value) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    dialog.append(
      h('h2', { id: 'ask-title' }, title),
      h('div', { class: 'ask-body' }, body),
      h('div', { class: 'ask-buttons' }, buttons.map((b) => h('button', {
        type: 'button', class: b.class || '', onclick: async () => {
          if (b.keepOpen) {
            await b.keepOpen();
          } else {
            done(b.value);
          }
        },
      }, b.label))));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      done(null);
    });
    document.body.append(dialog);
    dialog.showModal();
    const first = dialog.querySelector('button.default') || dialog.querySelector('button');
    first.focus();
  });
}

/** Saves a Blob under a name, as the browser's own download. */
export function save(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
