// The strip of figures over the table: what the current filters match over their window, counted by the service
// (GET /v1/stats, from its rollups) by status and by forward status. Stats take no free text, message id, customer
// or tag filter; with one of those set, the strip counts the page on screen instead, and says so.
import { api, query } from './api.js';
import { h } from './dom.js';
import { fieldsOf } from './entries.js';

const NOT_COUNTED = ['q', 'messageId', 'waId', 'tag.name', 'tag.recipient_type'];
const LISTED = ['delivered', 'read', 'sent', 'failed'];

export function figuresOfPage(logs) {
  const byStatus = {};
  let failures = 0;
  let forwarded = 0;
  let forwardFailed = 0;
  for (const entry of logs) {
    const { status, errorCode } = fieldsOf(entry);
    if (status) byStatus[status] = (byStatus[status] || 0) + 1;
    if (status === 'failed' || errorCode !== undefined) failures++;
    if (entry.flyout_delivery_status && entry.flyout_delivery_status !== '-') forwarded++;
    if (entry.flyout_delivery_status === 'failed') forwardFailed++;
  }
  return { scope: 'page', total: logs.length, byStatus, failures, forwardFailureRate: forwarded ? forwardFailed / forwarded : null };
}

async function totals(filters, groupBy) {
  const answer = await api(`/v1/stats${query({ ...filters, groupBy, interval: 'day' })}`);
  const counts = {};
  for (const { key, count } of answer.data.totals) counts[key ?? ''] = Number(count);
  return counts;
}

/** The figures for what the screen shows: counted by the service when it can, else of the page. */
export async function figures(filters, logs) {
  if (NOT_COUNTED.some((name) => filters[name] !== undefined && filters[name] !== '')) return figuresOfPage(logs);
  try {
    const [byStatus, byForward] = await Promise.all([totals(filters, 'status'), totals(filters, 'flyout_status')]);
    const total = Object.values(byForward).reduce((a, b) => a + b, 0);
    const forwarded = (byForward.success || 0) + (byForward.failed || 0);
    const shown = {};
    for (const [key, count] of Object.entries(byStatus)) if (key && count) shown[key] = count;
    return {
      scope: 'window',
      total,
      byStatus: Object.fromEntries(Object.entries(shown).sort(([a], [b]) => rank(a) - rank(b))),
      failures: byStatus.failed || 0,
      forwardFailureRate: forwarded ? (byForward.failed || 0) / forwarded : null,
    };
  } catch {
    return figuresOfPage(logs);
  }
}

function rank(status) {
  const at = LISTED.indexOf(status);
  return at < 0 ? LISTED.length : at;
}

export function strip(f) {
  const item = (label, value) => h('div', { class: 'figure' }, h('dt', {}, label), h('dd', {}, String(value)));
  return h('section', { class: 'stats', 'aria-label': 'Figures', 'data-scope': f.scope },
    h('dl', {},
      item(f.scope === 'page' ? 'On this page' : 'Matching', f.total),
      Object.entries(f.byStatus).map(([status, count]) => item(status, count)),
      item('Failures', f.failures),
      item('Forward failure rate', f.forwardFailureRate === null ? '–' : `${Math.round(f.forwardFailureRate * 100)}%`)),
    f.scope === 'page' ? null : h('p', { class: 'hint' }, 'Counted over the filters\' window (the last 30 days unless From is set).'));
}
