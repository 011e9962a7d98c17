// The filter bar: everything GET /v1/logs filters on, kept in the page's URL so a view can be bookmarked.
import { h } from './dom.js';
import * as ticks from './ticks.js';

export const EVENT_TYPES = ['Incoming Message', 'Message Status', 'Outgoing Message', 'Other'];
export const STATUSES = ['sent', 'delivered', 'read', 'failed', 'played', 'deleted'];
const LISTS = ['eventTypes', 'status'];
/** The names of the API's filters, as the URL and the API spell them. */
export const NAMES = ['eventTypes', 'fromDate', 'toDate', 'phoneNumberId', 'url', 'status', 'messageId', 'waId',
  'errorCode', 'responseCode', 'flyoutStatus', 'category', 'templateName', 'q'];

const TEXT_FIELDS = [
  ['phoneNumberId', 'Phone number id'], ['url', 'Forward URL'], ['messageId', 'Message id (wamid)'],
  ['waId', 'Customer (wa_id)'], ['errorCode', 'Error code'], ['responseCode', 'Response code or class (4xx)'],
  ['category', 'Category'], ['templateName', 'Template'],
];

/** The filters in the URL: lists as arrays, Ticks as digit strings; plus `order` (the console shows newest first). */
export function fromUrl(search = location.search) {
  const params = new URLSearchParams(search);
  const filters = {};
  for (const name of NAMES) {
    const value = params.get(name);
    if (value === null || value === '') continue;
    filters[name] = LISTS.includes(name) ? value.split(',').filter(Boolean) : value;
  }
  return { filters, order: params.get('order') === 'asc' ? 'asc' : 'desc' };
}

/** The URL query of a filter set (the view's own parameters are not filters and are not kept). */
export function toSearch({ filters, order }) {
  const params = new URLSearchParams();
  for (const name of NAMES) {
    const value = filters[name];
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    params.set(name, Array.isArray(value) ? value.join(',') : value);
  }
  if (order === 'asc') params.set('order', 'asc');
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function isEmpty(filters) {
  return Object.keys(filters).length === 0;
}

/** A stable key of a filter set, so paging state belongs to one set. */
export function key({ filters, order }) {
  return toSearch({ filters, order });
}

function checkboxes(name, legend, options, chosen) {
  return h('fieldset', { class: 'choices' }, h('legend', {}, legend),
    options.map((option) => h('label', {}, h('input', {
      type: 'checkbox', name, value: option, checked: chosen.includes(option),
    }), ` ${option}`)));
}

function field(name, label, value, extra = {}) {
  const id = `f-${name}`;
  return h('div', { class: 'field' }, h('label', { for: id }, label),
    h('input', { id, name, type: 'text', value: value || '', autocomplete: 'off', spellcheck: 'false', ...extra }));
}

/** The form; `onApply` gets the new filter set, `onClear` is "Clear filters". */
export function bar(current, { onApply, onClear }) {
  const { filters, order } = current;
  const zone = ticks.zoneName();
  const timeValue = (name, upper) => (filters[name] ? ticks.format(filters[name], { digits: 7 })
    .replace(upper ? /\.?9+$/ : /\.?0+$/, '') : '');
  const error = h('p', { class: 'form-error', role: 'alert', id: 'filter-error' });
  const form = h('form', { class: 'filters', 'aria-label': 'Filters', novalidate: true },
    h('div', { class: 'filter-grid' },
      field('q', 'Search text', filters.q, { type: 'search' }),
      field('fromDate', `From (${zone})`, timeValue('fromDate', false),
        { placeholder: 'YYYY-MM-DD HH:MM:SS', 'aria-describedby': 'time-hint' }),
      field('toDate', `To (${zone})`, timeValue('toDate', true),
        { placeholder: 'YYYY-MM-DD HH:MM:SS', 'aria-describedby': 'time-hint' }),
      TEXT_FIELDS.map(([name, label]) => field(name, label, filters[name])),
      h('div', { class: 'field' }, h('label', { for: 'f-flyoutStatus' }, 'Forward status'),
        h('select', { id: 'f-flyoutStatus', name: 'flyoutStatus' },
          [['', 'any'], ['-', 'not forwarded'], ['pending', 'pending'], ['success', 'success'], ['failed', 'failed']]
            .map(([value, text]) => h('option', { value, selected: (filters.flyoutStatus || '') === value }, text)))),
      h('div', { class: 'field' }, h('label', { for: 'f-order' }, 'Order'),
        h('select', { id: 'f-order', name: 'order' },
          h('option', { value: 'desc', selected: order !== 'asc' }, 'newest first'),
          h('option', { value: 'asc', selected: order === 'asc' }, 'oldest first')))),
    h('div', { class: 'filter-lists' },
      checkboxes('eventTypes', 'Event types', EVENT_TYPES, filters.eventTypes || []),
      checkboxes('status', 'Message status', STATUSES, filters.status || [])),
    h('p', { class: 'hint', id: 'time-hint' },
      `Times are in ${zone}; a "to" time includes the whole of its last unit (07:13 means up to 07:13:59.9999999).`),
    error,
    h('div', { class: 'filter-buttons' },
      h('button', { type: 'submit', class: 'primary' }, 'Apply filters'),
      h('button', { type: 'button', onclick: onClear }, 'Clear filters')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const next = {};
    for (const name of NAMES) {
      if (LISTS.includes(name)) {
        const values = data.getAll(name);
        if (values.length) next[name] = values;
      } else {
        const value = String(data.get(name) || '').trim();
        if (value) next[name] = value;
      }
    }
    for (const [name, upper] of [['fromDate', false], ['toDate', true]]) {
      if (!next[name]) continue;
      const parsed = /^\d{15,19}$/.test(next[name]) ? BigInt(next[name]) : ticks.parse(next[name], { upper });
      if (parsed === null) {
        error.textContent = `${name === 'fromDate' ? 'From' : 'To'}: write a time as YYYY-MM-DD HH:MM:SS (${zone}).`;
        form.elements[name].focus();
        return;
      }
      next[name] = parsed.toString();
    }
    onApply({ filters: next, order: data.get('order') === 'asc' ? 'asc' : 'desc' });
  });
  return form;
}
