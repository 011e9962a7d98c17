// The strip of figures over the table. Until the service counts for a filter (GET /v1/stats), the figures are those
// of the page on screen, and the strip says so; `figures` is the one function a stats call replaces.
import { h } from './dom.js';
import { fieldsOf } from './entries.js';

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

/** The figures for what the screen shows: for now, of the page (see the module's comment). */
export async function figures(_filters, logs) {
  return figuresOfPage(logs);
}

export function strip(f) {
  const item = (label, value) => h('div', { class: 'figure' }, h('dt', {}, label), h('dd', {}, String(value)));
  return h('section', { class: 'stats', 'aria-label': 'Figures' },
    h('dl', {},
      item(f.scope === 'page' ? 'On this page' : 'Matching', f.total),
      Object.entries(f.byStatus).map(([status, count]) => item(status, count)),
      item('Failures', f.failures),
      item('Forward failure rate', f.forwardFailureRate === null ? '–' : `${Math.round(f.forwardFailureRate * 100)}%`)));
}
