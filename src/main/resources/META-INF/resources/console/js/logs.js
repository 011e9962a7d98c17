// The logs screen: filter bar, figures, the table, paging by the API's tokens, live tail, export and deleting.
import { api, query, raw, ApiError } from './api.js';
import { h, clear, notice, ask, save } from './dom.js';
import { directionLabel, fieldsOf } from './entries.js';
import * as filtersOf from './filters.js';
import * as stats from './stats.js';
import * as ticks from './ticks.js';
import { canWrite } from './session.js';

const PAGE_SIZE = 20;
const LIVE_EVERY_MS = 3000;

// per filter set: the token of each page seen, so "Previous" goes back without offsets
let paging = { key: null, tokens: [null], index: 0 };
let liveTimer = null;
let live = false;

export function stop() {
  clearInterval(liveTimer);
  liveTimer = null;
}

export function timeCell(createdAt) {
  return h('time', {
    datetime: ticks.iso(createdAt),
    title: ticks.usesUtc() ? `${ticks.format(createdAt, { inUtc: false })} (${Intl.DateTimeFormat().resolvedOptions().timeZone})` : ticks.iso(createdAt),
  }, ticks.format(createdAt));
}

function cell(label, ...content) {
  return h('td', { dataset: { label } }, ...content);
}

function dash(value) {
  return value === undefined || value === null || value === '' ? '–' : String(value);
}

/** Options: base (list path), detailView, readOnly (the unrouted list). */
export async function render(main, nav, options = { base: '/v1/logs', detailView: 'log', readOnly: false }) {
  stop();
  const current = filtersOf.fromUrl();
  const key = `${options.base}${filtersOf.key(current)}`;
  if (paging.key !== key) paging = { key, tokens: [null], index: 0 };
  const writable = !options.readOnly && canWrite();
  const selected = new Set();

  const apply = (next) => {
    paging = { key: null, tokens: [null], index: 0 };
    nav(`${location.pathname}${filtersOf.toSearch(next)}`);
  };
  const bar = filtersOf.bar(current, { onApply: apply, onClear: () => apply({ filters: {}, order: 'desc' }) });
  const figures = h('div', { class: 'figures' });
  const table = h('div', { class: 'table-wrap' });
  const pageLabel = h('span', { class: 'page-label', 'aria-live': 'polite' });
  const previous = h('button', { type: 'button', onclick: () => { paging.index--; load(); } }, '← Previous');
  const next = h('button', { type: 'button', onclick: () => { paging.index++; load(); } }, 'Next →');
  const deleteSelected = h('button', { type: 'button', class: 'danger', disabled: true, onclick: () => removeSelected() },
    'Delete selected');
  const liveToggle = h('input', { type: 'checkbox', id: 'live', checked: live, onchange: (e) => setLive(e.target.checked) });

  const tools = h('div', { class: 'toolbar' },
    h('label', { class: 'toggle' }, liveToggle, ' Live tail'),
    options.readOnly ? null : [
      h('button', { type: 'button', onclick: () => exportFiltered('csv') }, 'Export CSV'),
      h('button', { type: 'button', onclick: () => exportFiltered('ndjson') }, 'Export NDJSON')],
    writable ? [deleteSelected,
      h('button', { type: 'button', class: 'danger', onclick: () => removeMatching() }, 'Delete all matching…')] : null);
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' }, previous, pageLabel, next);

  clear(main).append(
    h('h2', {}, options.readOnly ? 'Unrouted events' : 'Logs'),
    bar, figures, tools, h('div', { id: 'job' }), table, pager);

  let shown = [];

  function apiParams(token) {
    return { ...current.filters, order: current.order, pageSize: PAGE_SIZE, nextPageToken: token || undefined };
  }

  async function load({ quiet = false } = {}) {
    const before = new Set(shown.map((e) => e.log_id));
    let answer;
    try {
      answer = await api(`${options.base}${query(apiParams(paging.tokens[paging.index]))}`);
    } catch (e) {
      if (!quiet) {
        clear(table).append(h('p', { class: 'form-error', role: 'alert' }, e.message));
        clear(figures);
      }
      return;
    }
    const data = answer.data;
    shown = data.logs;
    paging.tokens[paging.index + 1] = data.next_page_token || null;
    paging.tokens.length = paging.index + 2;
    previous.disabled = paging.index === 0;
    next.disabled = !data.next_page_token;
    pageLabel.textContent = `Page ${paging.index + 1}`;
    selected.clear();
    updateSelection();
    clear(table).append(rows(shown, quiet ? before : null));
    clear(figures).append(stats.strip(await stats.figures(current.filters, shown)));
  }

  function updateSelection() {
    deleteSelected.disabled = selected.size === 0;
    deleteSelected.textContent = selected.size ? `Delete selected (${selected.size})` : 'Delete selected';
  }

  function rows(logs, before) {
    if (!logs.length) return h('p', { class: 'empty' }, 'No log entries match.');
    const all = h('input', { type: 'checkbox', 'aria-label': 'Select every row of this page' });
    const boxes = [];
    all.addEventListener('change', () => {
      for (const box of boxes) {
        box.checked = all.checked;
        box.dispatchEvent(new Event('change'));
      }
    });
    const head = h('thead', {}, h('tr', {},
      writable ? h('th', { scope: 'col' }, all) : null,
      ['Recorded on', 'Direction · type', 'Phone number', 'Status', 'Customer', 'Template · category', 'Response code',
        'Forward status', 'Forward URL', 'Actions'].map((t) => h('th', { scope: 'col' }, t))));
    const body = h('tbody', {}, logs.map((entry) => {
      const f = fieldsOf(entry);
      const href = `?view=${options.detailView}&id=${encodeURIComponent(entry.log_id)}`;
      const box = h('input', { type: 'checkbox', 'aria-label': `Select entry ${entry.log_id}`, value: entry.log_id });
      box.addEventListener('change', () => {
        if (box.checked) selected.add(entry.log_id); else selected.delete(entry.log_id);
        updateSelection();
      });
      box.addEventListener('click', (e) => e.stopPropagation());
      boxes.push(box);
      const row = h('tr', { class: before && !before.has(entry.log_id) ? 'new' : '', dataset: { logId: entry.log_id } },
        writable ? h('td', { class: 'check' }, box) : null,
        cell('Recorded on', timeCell(entry.created_at)),
        cell('Direction · type', `${directionLabel(entry)} · ${entry.event_type}`),
        cell('Phone number', entry.phone_number_id),
        cell('Status', f.status ? h('span', { class: `badge ${f.status}` }, f.status) : '–'),
        cell('Customer', dash(f.customer)),
        cell('Template · category', `${dash(f.template)} · ${dash(f.category)}`),
        cell('Response code', dash(f.responseCode === 0 ? '' : f.responseCode)),
        cell('Forward status', entry.flyout_delivery_status),
        cell('Forward URL', h('span', { class: 'url' }, entry.flyout_url)),
        h('td', { class: 'actions', dataset: { label: 'Actions' } },
          h('a', { href, class: 'details-link', onclick: (e) => { e.preventDefault(); e.stopPropagation(); nav(href); } },
            'Details', h('span', { class: 'sr-only' }, ` of entry ${entry.log_id}`)),
          writable ? h('button', {
            type: 'button', class: 'danger small', 'aria-label': `Delete entry ${entry.log_id}`,
            onclick: (e) => { e.stopPropagation(); removeOne(entry); },
          }, 'Delete') : null));
      row.addEventListener('click', () => nav(href));
      return row;
    }));
    return h('table', { class: 'logs' }, h('caption', { class: 'sr-only' }, 'Log entries'), head, body);
  }

  function setLive(on) {
    live = on;
    stop();
    if (!on) return;
    if (paging.index !== 0) {
      paging.index = 0;
      load();
    }
    liveTimer = setInterval(() => {
      if (!document.body.contains(table)) { stop(); return; }
      if (paging.index === 0) load({ quiet: true });
    }, LIVE_EVERY_MS);
  }

  function exportParams(format) {
    return { ...current.filters, order: current.order, format };
  }

  async function exportFiltered(format) {
    try {
      await download(`/v1/logs/export${query(exportParams(format))}`, `logs.${format}`);
      notice(`Exported what the filters match as ${format.toUpperCase()}.`);
    } catch (e) {
      notice(`Export failed: ${e.message}`, 'error');
    }
  }

  async function removeOne(entry) {
    const choice = await ask(`Delete entry ${entry.log_id}?`, [
      h('p', {}, 'A deleted record cannot be recovered: it is gone for good, with its forwarding attempts.'),
      h('p', {}, 'Export it first if it may be needed for compliance, reporting or a dispute.')], [
      { label: 'Export it first', keepOpen: () => exportEntries([entry]) },
      { label: 'Delete for good', value: 'delete', class: 'danger' },
      { label: 'Cancel', value: null, class: 'default' }]);
    if (choice !== 'delete') return;
    try {
      await api(`/v1/logs/${encodeURIComponent(entry.log_id)}`, { method: 'DELETE' });
      notice(`Entry ${entry.log_id} deleted.`);
      await load();
    } catch (e) {
      notice(`Not deleted: ${e.message}`, 'error');
    }
  }

  async function removeSelected() {
    const ids = [...selected];
    const entries = shown.filter((e) => selected.has(e.log_id));
    const choice = await ask(`Delete ${ids.length} selected entries?`, [
      h('p', {}, 'Deleted records cannot be recovered.'),
      h('p', {}, 'Export them first if they may be needed later.')], [
      { label: 'Export them first', keepOpen: () => exportEntries(entries) },
      { label: `Delete ${ids.length} for good`, value: 'delete', class: 'danger' },
      { label: 'Cancel', value: null, class: 'default' }]);
    if (choice !== 'delete') return;
    try {
      const answer = await api('/v1/logs/bulk-delete', { method: 'POST', body: { log_ids: ids } });
      const missing = answer.data.not_found.length;
      notice(`${answer.data.deleted} entries deleted${missing ? `, ${missing} were already gone` : ''}.`);
      await load();
    } catch (e) {
      notice(`Not deleted: ${e.message}`, 'error');
    }
  }

  async function removeMatching() {
    const filter = { ...current.filters };
    const all = filtersOf.isEmpty(filter);
    let matching;
    try {
      matching = (await api('/v1/logs/bulk-delete', { method: 'POST', body: { filter, dry_run: true } })).data.matching;
    } catch (e) {
      notice(`Could not count: ${e.message}`, 'error');
      return;
    }
    const choice = await ask(`Delete ${matching} matching entries?`, [
      h('p', { class: 'dry-run' }, `A dry run counted ${matching} entries that match ${all ? 'no filter: every entry of the project' : 'the filters'}.`),
      h('p', {}, 'Deleted records cannot be recovered. Export them first if they may be needed later.')], [
      { label: 'Export them first (NDJSON)', keepOpen: () => exportFiltered('ndjson') },
      { label: `Delete ${matching} for good`, value: 'delete', class: 'danger' },
      { label: 'Cancel', value: null, class: 'default' }]);
    if (choice !== 'delete') return;
    try {
      const body = all ? { filter, all: true } : { filter };
      const started = await api('/v1/logs/bulk-delete', { method: 'POST', body });
      await follow(started.data.job_id);
    } catch (e) {
      notice(`Not started: ${e.message}`, 'error');
    }
  }

  async function follow(jobId) {
    const box = document.getElementById('job');
    const bar = h('progress', { max: 1, value: 0, 'aria-label': 'Bulk delete progress' });
    const text = h('span', { class: 'job-state' }, 'queued');
    const cancel = h('button', {
      type: 'button', onclick: async () => {
        try { await api(`/v1/jobs/${encodeURIComponent(jobId)}`, { method: 'DELETE' }); } catch (e) { notice(e.message, 'error'); }
      },
    }, 'Cancel job');
    clear(box).append(h('section', { class: 'job', 'aria-label': 'Bulk delete job' },
      h('strong', {}, `Bulk delete ${jobId}: `), text, ' ', bar, ' ', cancel));
    for (;;) {
      const job = (await api(`/v1/jobs/${encodeURIComponent(jobId)}`)).data;
      const matching = job.matching === null ? null : Number(job.matching);
      bar.max = matching || 1;
      bar.value = Number(job.done);
      text.textContent = `${job.state}: ${job.done} of ${matching === null ? '…' : matching} deleted`;
      if (['done', 'failed', 'cancelled'].includes(job.state)) {
        cancel.remove();
        notice(`Bulk delete ${job.state}: ${job.done} entries deleted.${job.error ? ` ${job.error}` : ''}`,
          job.state === 'failed' ? 'error' : 'info');
        await load();
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
  }

  await load();
  if (live) setLive(true);
}

/** Downloads an export with the token (a plain link could not carry it), named as the service names it. */
export async function download(path, fallbackName) {
  const { text, headers } = await raw(path);
  const disposition = headers.get('Content-Disposition') || '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] || fallbackName;
  save(new Blob([text], { type: headers.get('Content-Type') || 'application/octet-stream' }), name);
}

/** Exports these entries exactly as the service writes them: the export of their time span, only their lines. */
export async function exportEntries(entries) {
  if (!entries.length) return;
  const times = entries.map((e) => BigInt(e.created_at));
  const min = times.reduce((a, b) => (a < b ? a : b));
  const max = times.reduce((a, b) => (a > b ? a : b));
  const wanted = new Set(entries.map((e) => e.log_id));
  try {
    const { text } = await raw(`/v1/logs/export${query({ fromDate: min.toString(), toDate: max.toString(), format: 'ndjson' })}`);
    const lines = text.split('\n').filter((line) => {
      const id = /"log_id":"(\d+)"/.exec(line);
      return id && wanted.has(id[1]);
    });
    save(new Blob([lines.map((l) => `${l}\n`).join('')], { type: 'application/x-ndjson' }),
      entries.length === 1 ? `log-${entries[0].log_id}.ndjson` : `logs-selected-${entries.length}.ndjson`);
    notice(`Exported ${lines.length} ${lines.length === 1 ? 'entry' : 'entries'} as NDJSON.`);
  } catch (e) {
    notice(`Export failed: ${e instanceof ApiError ? e.message : String(e)}`, 'error');
  }
}
