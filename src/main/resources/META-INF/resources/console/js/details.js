// One entry in full: its fields, Meta's error meanings, the response-code advice, the payload as a folding tree,
// the original delivery, the forwarding attempts, the message's story, and Redeliver / Delete.
import { api, raw } from './api.js';
import { h, append, clear, notice, ask } from './dom.js';
import { directionLabel, fieldsOf, payloadOf } from './entries.js';
import { parseExact, pretty } from './json.js';
import * as ticks from './ticks.js';
import { timeCell, exportEntries } from './logs.js';
import { canWrite } from './session.js';

/** The CRM guide's table of Cloud API response codes. */
export const RESPONSE_CODES = [
  [200, 'Success: message accepted by the WhatsApp API', 'No action needed'],
  [400, 'Bad Request: invalid parameters or template issue', 'Review the template and parameters'],
  [401, 'Unauthorized: invalid or expired access token', 'Regenerate your access token in Meta Business settings'],
  [403, 'Forbidden: insufficient permissions', 'Check your System User permissions'],
  [404, 'Not Found: invalid phone number ID or endpoint', 'Verify your Phone Number ID in module settings'],
  [429, 'Rate Limited: too many requests sent', 'Reduce send frequency; retry after cooldown'],
  [500, 'Internal Server Error: WhatsApp API issue', 'Retry later; check Meta status page if persistent'],
];

function isoTime(text) {
  const t = ticks.fromIso(text);
  return t === null ? h('span', {}, text || '–') : timeCell(t.toString());
}

/** A JSON value as a tree of <details>: objects and arrays fold, leaves are text. */
export function tree(value, label = null, depth = 0) {
  const name = label === null ? null : h('span', { class: 'json-key' }, `${label}: `);
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
    return h('details', { class: 'json', open: depth < 4 },
      h('summary', {}, name, h('span', { class: 'json-count' }, summary)),
      h('ul', {}, entries.map(([k, v]) => h('li', {}, tree(v, k, depth + 1)))));
  }
  const kind = value === null ? 'null' : typeof value;
  return h('span', { class: 'json-leaf' }, name,
    h('span', { class: `json-${kind}` }, kind === 'string' ? JSON.stringify(value) : String(value)));
}

function copyButton(text, what) {
  return h('button', {
    type: 'button', class: 'small', onclick: async () => {
      try {
        await navigator.clipboard.writeText(text);
        notice(`${what} copied.`);
      } catch {
        notice(`${what} could not be copied: select it and copy by hand.`, 'error');
      }
    },
  }, `Copy ${what.toLowerCase()}`);
}

function section(title, ...content) {
  return h('section', { class: 'panel', 'aria-label': title }, h('h3', {}, title), ...content);
}

function fieldList(pairs) {
  return h('dl', { class: 'fields' }, pairs.filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v instanceof Node ? v : String(v))]));
}

function responseTable(code) {
  return h('table', { class: 'codes' },
    h('caption', {}, 'What a WhatsApp Cloud API response code means'),
    h('thead', {}, h('tr', {}, ['Response code', 'Meaning', 'Action required'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, RESPONSE_CODES.map(([c, meaning, action]) => h('tr', { class: c === code ? 'current' : '' },
      h('td', {}, String(c)), h('td', {}, meaning), h('td', {}, action)))));
}

/** Options: base ('/v1/logs' or the unrouted list's), readOnly. */
export async function render(main, nav, id, options = { base: '/v1/logs', readOnly: false }) {
  clear(main).append(h('p', {}, 'Loading…'));
  let detail;
  try {
    detail = (await api(`${options.base}/${encodeURIComponent(id)}`)).data;
  } catch (e) {
    clear(main).append(h('h2', {}, `Entry ${id}`), h('p', { class: 'form-error', role: 'alert' }, e.message));
    return;
  }
  const entry = detail.log;
  const event = detail.event || {};
  const f = fieldsOf(entry);
  const writable = !options.readOnly && canWrite();
  const code = Number(f.responseCode);

  const back = h('a', { href: './', onclick: (e) => { e.preventDefault(); history.length > 1 ? history.back() : nav('./'); } }, '← Back to the logs');
  const actions = writable ? h('div', { class: 'toolbar' },
    h('button', { type: 'button', class: 'primary', onclick: () => redeliver() }, 'Redeliver'),
    h('button', { type: 'button', class: 'danger', onclick: () => remove() }, 'Delete…')) : null;

  const errors = Array.isArray(event.errors) ? event.errors : [];
  const deliveryBox = h('div', {});
  const storyBox = h('div', {}, event.message_id ? 'Loading the story…' : 'This event names no message.');

  append(clear(main), [
    back,
    h('h2', {}, `Entry ${entry.log_id}`),
    actions,
    section('Fields', fieldList([
      ['Recorded on', timeCell(entry.created_at)],
      ['Created at (Ticks)', entry.created_at],
      ['Direction', directionLabel(entry)],
      ['Event type', entry.event_type],
      ['Project', entry.project_id],
      ['Phone number id', entry.phone_number_id],
      ['Display phone number', event.display_phone_number],
      ['WABA', event.waba_id],
      ['Message id', event.message_id],
      ['Status', event.status],
      ['Customer (wa_id)', event.wa_id],
      ['Meta timestamp', event.timestamp],
      ['Template', event.template ? `${event.template.name} (${event.template.language || '–'})` : f.template],
      ['Category', event.pricing?.category || f.category],
      ['Billable', event.pricing?.billable],
      ['Conversation', event.conversation ? `${event.conversation.id} (${event.conversation.origin || '–'})` : undefined],
      ['API response code', entry.api_response_code],
      ['Tags', Array.isArray(entry.tags) ? entry.tags.join(', ') : entry.tags],
      ['Forward status', entry.flyout_delivery_status],
      ['Forward response code', entry.flyout_delivery_response_code],
      ['Forward response', entry.flyout_delivery_response],
      ['Forward URL', entry.flyout_url],
      ['Next attempt', detail.next_attempt_at ? isoTime(detail.next_attempt_at) : undefined],
    ])),
    errors.length ? section('What Meta\'s error means', h('ul', { class: 'errors' }, errors.map((e) => h('li', {},
      h('strong', {}, `${e.code} ${e.title || ''}`), e.details ? h('p', {}, e.details) : null,
      e.meaning ? h('p', {}, h('em', {}, 'Meaning: '), e.meaning) : null,
      e.action ? h('p', {}, h('em', {}, 'What to do: '), e.action) : null)))) : null,
    section('Response codes', responseTable(code)),
    section('Payload', copyButton(pretty(payloadOf(entry)), 'Payload'), tree(payloadOf(entry))),
    entry.api_response !== undefined ? section('API response', apiResponse(entry.api_response)) : null,
    section('Original delivery', detail.delivery ? fieldList([
      ['Delivery id', detail.delivery.delivery_id], ['Received', isoTime(detail.delivery.received_at)],
      ['Events in it', detail.delivery.events], ['Bytes', detail.delivery.bytes]]) : h('p', {}, 'Not kept for this entry.'),
    detail.delivery ? h('button', { type: 'button', onclick: () => showDelivery() }, 'Show the delivery as Meta sent it') : null,
    deliveryBox),
    section('Forwarding attempts', attempts(detail.attempts || [])),
    section('The message\'s story', storyBox)]);

  if (event.message_id && !options.readOnly) story(event.message_id);
  else if (options.readOnly) storyBox.textContent = 'Unrouted events belong to no project: no story.';

  function apiResponse(value) {
    let parsed = value;
    if (typeof value === 'string') {
      try { parsed = parseExact(value); } catch { return h('pre', {}, value); }
    }
    return tree(parsed);
  }

  async function showDelivery() {
    try {
      const { text } = await raw(`${options.base}/${encodeURIComponent(id)}/delivery`);
      clear(deliveryBox).append(copyButton(text, 'Delivery'), h('pre', { class: 'raw delivery', tabindex: 0 }, text));
    } catch (e) {
      clear(deliveryBox).append(h('p', { class: 'form-error' }, e.message));
    }
  }

  async function story(wamid) {
    try {
      const m = (await api(`/v1/messages/${encodeURIComponent(wamid)}`)).data;
      append(clear(storyBox), [
        fieldList([['Message id', m.message_id], ['Direction', m.direction], ['Customer', m.wa_id],
          ['Latest status', m.latest_status]]),
        h('ol', { class: 'timeline story' }, m.statuses.map((s) => h('li', { class: s.log_id === entry.log_id ? 'current' : '' },
          h('span', { class: `badge ${s.status}` }, s.status), ' ',
          s.timestamp ? `at ${new Date(Number(s.timestamp) * 1000).toISOString().replace('.000', '')} (Meta), ` : '',
          'received ', isoTime(s.received_at), ' · ',
          h('a', { href: `?view=log&id=${s.log_id}`, onclick: (e) => { e.preventDefault(); nav(`?view=log&id=${s.log_id}`); } }, `entry ${s.log_id}`)))),
        m.errors.length ? h('ul', { class: 'errors' }, m.errors.map((e) => h('li', {}, `${e.code} ${e.title || ''}: ${e.details || ''}`))) : null,
        h('p', {}, `Entries: ${m.entries.join(', ')}`)]);
    } catch (e) {
      storyBox.textContent = e.status === 404 ? 'No story: the message has no other entry.' : e.message;
    }
  }

  async function redeliver() {
    try {
      await api(`/v1/logs/${encodeURIComponent(id)}/redeliver`, { method: 'POST' });
      notice(`Entry ${id} queued for redelivery.`);
      setTimeout(() => render(main, nav, id, options), 1500);
    } catch (e) {
      notice(`Not redelivered: ${e.message}`, 'error');
    }
  }

  async function remove() {
    const choice = await ask(`Delete entry ${id}?`, [
      h('p', {}, 'A deleted record cannot be recovered: it is gone for good, with its forwarding attempts.'),
      h('p', {}, 'Export it first if it may be needed for compliance, reporting or a dispute.')], [
      { label: 'Export it first', keepOpen: () => exportEntries([entry]) },
      { label: 'Delete for good', value: 'delete', class: 'danger' },
      { label: 'Cancel', value: null, class: 'default' }]);
    if (choice !== 'delete') return;
    try {
      await api(`/v1/logs/${encodeURIComponent(id)}`, { method: 'DELETE' });
      notice(`Entry ${id} deleted.`);
      nav('./');
    } catch (e) {
      notice(`Not deleted: ${e.message}`, 'error');
    }
  }
}

function attempts(list) {
  if (!list.length) return h('p', {}, 'No forwarding attempt.');
  return h('ol', { class: 'timeline attempts' }, list.map((a) => h('li', { class: a.response_code >= 200 && a.response_code < 300 ? 'ok' : 'bad' },
    h('strong', {}, `Attempt ${a.attempt}`), ` (${a.trigger}) `, isoTime(a.started_at),
    ` · ${a.duration_ms} ms · `, h('span', { class: 'url' }, a.url), ' · ',
    a.response_code ? `HTTP ${a.response_code}` : 'no answer',
    a.response ? h('pre', { class: 'raw small' }, a.response) : null,
    a.error ? h('p', { class: 'form-error' }, a.error) : null)));
}
