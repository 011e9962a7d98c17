// The admin views (an admin token): projects and what routes to them, webhook endpoints, tokens, sign-in links,
// and the audit log. Unrouted events reuse the logs screen.
import { api, query } from './api.js';
import { h, clear, notice, ask } from './dom.js';
import * as ticks from './ticks.js';
import { timeCell } from './logs.js';
import { isAdmin } from './session.js';

function when(text) {
  const t = ticks.fromIso(text);
  return t === null ? (text || '–') : timeCell(t.toString());
}

function table(caption, headers, rows) {
  if (!rows.length) return h('p', { class: 'empty' }, `No ${caption.toLowerCase()}.`);
  // focusable, so that a keyboard can scroll a table wider than the screen
  return h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': caption }, h('table', { class: 'plain' }, h('caption', { class: 'sr-only' }, caption),
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c, i) => h('td', { dataset: { label: headers[i] } }, c)))))));
}

/** A paged admin list: forward with next_page_token, back by the tokens remembered. */
function pagedList(path, draw, pick = (answer) => ({ items: answer.data, next: answer.next_page_token })) {
  const box = h('div', {});
  const tokens = [null];
  let index = 0;
  async function load() {
    try {
      const { items, next } = pick(await api(`${path}${path.includes('?') ? '&' : '?'}${query({ pageSize: 20, nextPageToken: tokens[index] || undefined }).slice(1)}`));
      tokens[index + 1] = next || null;
      clear(box).append(draw(items, reload), h('nav', { class: 'pager', 'aria-label': 'Pages' },
        h('button', { type: 'button', disabled: index === 0, onclick: () => { index--; load(); } }, '← Previous'),
        h('span', { class: 'page-label' }, `Page ${index + 1}`),
        h('button', { type: 'button', disabled: !next, onclick: () => { index++; load(); } }, 'Next →')));
    } catch (e) {
      clear(box).append(h('p', { class: 'form-error', role: 'alert' }, e.message));
    }
  }
  function reload() {
    load();
  }
  load();
  return box;
}

function form(label, fields, submit, onSubmit) {
  const error = h('p', { class: 'form-error', role: 'alert' });
  const node = h('form', { class: 'inline-form', 'aria-label': label },
    fields.map(([name, text, extra]) => h('div', { class: 'field' }, h('label', { for: `a-${label}-${name}`.replace(/\W/g, '-') }, text),
      h('input', { id: `a-${label}-${name}`.replace(/\W/g, '-'), name, type: 'text', autocomplete: 'off', ...(extra || {}) }))),
    h('button', { type: 'submit', class: 'primary' }, submit), error);
  node.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const values = Object.fromEntries(new FormData(node).entries());
    try {
      await onSubmit(values);
      node.reset();
    } catch (e) {
      error.textContent = e.message;
    }
  });
  return node;
}

export function renderProjects(main, nav) {
  let list;
  const link = (id) => h('a', { href: `?view=project&id=${encodeURIComponent(id)}`, onclick: (e) => { e.preventDefault(); nav(`?view=project&id=${encodeURIComponent(id)}`); } }, id);
  clear(main).append(h('h2', {}, 'Projects'),
    form('New project', [['id', 'Project id', { required: true }], ['name', 'Name', { required: true }]], 'Create project', async (v) => {
      await api('/v1/admin/projects', { method: 'POST', body: { id: v.id, name: v.name } });
      notice(`Project ${v.id} created.`);
      list.replaceWith(list = projects());
    }),
    list = projects());
  function projects() {
    return pagedList('/v1/admin/projects', (items) => table('Projects', ['Id', 'Name', 'Enabled', 'Retention (days)', 'Created'],
      items.map((p) => [link(p.id), p.name, p.enabled ? 'yes' : 'no', p.retention_days ?? '–', when(p.created_at)])));
  }
}

export function renderProject(main, nav, id) {
  const base = `/v1/admin/projects/${encodeURIComponent(id)}`;
  const linkBox = h('div', { class: 'link-box' });
  const sections = {};
  const refresh = (name) => sections[name].replaceWith(sections[name] = build[name]());
  const build = {
    numbers: () => pagedList(`${base}/phone-numbers`, (items) => table('Phone numbers', ['Phone number id', 'WABA', 'Display number', 'Credentials', 'Added', ''],
      items.map((n) => [n.phone_number_id, n.waba_id || '–', n.display_phone_number || '–', credentialState(n), when(n.created_at),
        h('button', { type: 'button', class: 'small danger', 'aria-label': `Remove phone number ${n.phone_number_id}`, onclick: async () => {
          if (await confirmed(`Remove phone number ${n.phone_number_id}?`, 'Its events will no longer reach this project.')) {
            await act(() => api(`${base}/phone-numbers/${encodeURIComponent(n.phone_number_id)}`, { method: 'DELETE' }), 'Phone number removed.');
            refresh('numbers');
          }
        } }, 'Remove')]))),
    wabas: () => pagedList(`${base}/wabas`, (items) => table('WABAs', ['WABA id', 'Credentials', 'Added'],
      items.map((w) => [w.waba_id, credentialState(w), when(w.created_at)]))),
    webhooks: () => pagedList(`${base}/webhooks`, (items) => table('Webhook endpoints', ['URL', 'Event types', 'Enabled', 'Created', 'Actions'],
      items.map((w) => [h('span', { class: 'url' }, w.url), (w.event_types || []).join(', ') || 'all', w.enabled ? 'yes' : 'no', when(w.created_at),
        h('div', { class: 'row-actions' },
          h('button', { type: 'button', class: 'small', onclick: async () => {
            const answer = await act(() => api(`${base}/webhooks/${encodeURIComponent(w.id)}/rotate-secret`, { method: 'POST' }));
            if (answer) await ask('New signing secret', [h('p', {}, 'Shown this once: give it to the endpoint\'s owner.'), h('pre', { class: 'raw' }, answer.secret)], [{ label: 'Done', value: 1, class: 'default' }]);
          } }, 'Rotate secret'),
          h('button', { type: 'button', class: 'small', onclick: async () => {
            await act(() => api(`${base}/webhooks/${encodeURIComponent(w.id)}`, { method: 'PATCH', body: { enabled: !w.enabled } }), w.enabled ? 'Endpoint disabled.' : 'Endpoint enabled.');
            refresh('webhooks');
          } }, w.enabled ? 'Disable' : 'Enable'),
          h('button', { type: 'button', class: 'small danger', onclick: async () => {
            if (await confirmed('Delete this endpoint?', 'Nothing more is forwarded to it.')) {
              await act(() => api(`${base}/webhooks/${encodeURIComponent(w.id)}`, { method: 'DELETE' }), 'Endpoint deleted.');
              refresh('webhooks');
            }
          } }, 'Delete'))]))),
    tokens: () => pagedList(`${base}/tokens`, (items) => table('Tokens', ['Id', 'Scopes', 'Created', 'Expires', 'Last used', 'Revoked', ''],
      items.map((t) => [t.id, t.scopes.join(', '), when(t.created_at), when(t.expires_at), t.last_used_at ? when(t.last_used_at) : '–',
        t.revoked_at ? when(t.revoked_at) : '–',
        t.revoked_at ? '' : h('button', { type: 'button', class: 'small danger', onclick: async () => {
          await act(() => api(`${base}/tokens/${encodeURIComponent(t.id)}`, { method: 'DELETE' }), 'Token revoked.');
          refresh('tokens');
        } }, 'Revoke')]))),
  };
  for (const name of Object.keys(build)) sections[name] = build[name]();

  clear(main).append(
    h('a', { href: '?view=projects', onclick: (e) => { e.preventDefault(); nav('?view=projects'); } }, '← Projects'),
    h('h2', {}, `Project ${id}`),
    h('section', { class: 'panel', 'aria-label': 'Console link' }, h('h3', {}, 'Console link'),
      h('p', {}, 'A link that signs a person in to this console as the project, for an hour.'),
      h('button', { type: 'button', class: 'primary', onclick: async () => {
        const answer = await act(() => api(`${base}/console-links`, { method: 'POST', body: { scopes: ['logs:read', 'logs:write'], ttl_seconds: 3600 } }));
        if (answer) {
          const url = new URL(answer.data.url, location.origin).toString();
          clear(linkBox).append(h('p', {}, `Valid until ${answer.data.expires_at}. Anyone holding it acts as the project.`),
            h('input', { type: 'text', readOnly: true, value: url, 'aria-label': 'Console link', class: 'wide' }),
            h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, 'Open in a new tab'));
        }
      } }, 'Make a console link'), linkBox),
    h('section', { class: 'panel', 'aria-label': 'Phone numbers' }, h('h3', {}, 'Phone numbers'),
      form('Add phone number', [['phone_number_id', 'Phone number id', { required: true }], ['waba_id', 'WABA id (optional)']], 'Add', async (v) => {
        await api(`${base}/phone-numbers`, { method: 'POST', body: { phone_number_id: v.phone_number_id, ...(v.waba_id ? { waba_id: v.waba_id } : {}) } });
        notice('Phone number added.');
        refresh('numbers');
      }), sections.numbers),
    h('section', { class: 'panel', 'aria-label': 'WABAs' }, h('h3', {}, 'WhatsApp Business Accounts'), sections.wabas),
    h('section', { class: 'panel', 'aria-label': 'Webhook endpoints' }, h('h3', {}, 'Webhook endpoints'),
      form('New webhook endpoint', [['url', 'URL (https://…)', { required: true }]], 'Create endpoint', async (v) => {
        const created = await api(`${base}/webhooks`, { method: 'POST', body: { url: v.url } });
        await ask('Endpoint created', [h('p', {}, 'Its signing secret, shown this once:'), h('pre', { class: 'raw' }, created.secret)], [{ label: 'Done', value: 1, class: 'default' }]);
        refresh('webhooks');
      }), sections.webhooks),
    h('section', { class: 'panel', 'aria-label': 'Tokens' }, h('h3', {}, 'Tokens'), sections.tokens));
}

function credentialState(item) {
  const c = item.credentials ?? item.credential_state ?? item.access_token_state;
  if (c === undefined || c === null) return 'none stored';
  return typeof c === 'object' ? (c.state || JSON.stringify(c)) : String(c);
}

async function confirmed(title, text) {
  return (await ask(title, h('p', {}, text), [{ label: 'Yes', value: 1, class: 'danger' }, { label: 'Cancel', value: null, class: 'default' }])) === 1;
}

async function act(call, done) {
  try {
    const answer = await call();
    if (done) notice(done);
    return answer ?? true;
  } catch (e) {
    notice(e.message, 'error');
    return null;
  }
}

export function renderAudit(main) {
  const admin = isAdmin();
  const path = admin ? '/v1/admin/audit' : '/v1/audit';
  const pick = admin ? undefined : (answer) => ({ items: answer.data.records, next: answer.data.next_page_token });
  clear(main).append(h('h2', {}, 'Audit log'),
    pagedList(path, (items) => table('Audit records', ['At', 'Actor', 'Project', 'Action', 'Target', 'Count'],
      items.map((r) => [when(r.at), `${r.actor.sub}${r.actor.jti ? ` (${r.actor.jti})` : ''}`, r.project_id ?? '–', r.action,
        h('code', {}, typeof r.target === 'string' ? r.target : JSON.stringify(r.target)), r.count ?? '–'])), pick));
}
