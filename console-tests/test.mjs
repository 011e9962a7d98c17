// Drives the web console in Chromium, as a support person would, against a live service seeded through its API
// and signed Meta webhooks. Each flow of docs/console.md is a test; every screen is checked with axe-core and
// photographed at 1280 and 390 px.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { parseExact } from '../src/main/resources/META-INF/resources/console/js/json.js';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const base = process.env.SERVICE_URL;
const adminToken = process.env.ADMIN_TOKEN;
const appSecret = process.env.APP_SECRET;
const shots = process.env.SCREENSHOTS;
const EPOCH = 621355968000000000n;
const XSS = '<img src=x onerror=alert(1)>';
mkdirSync(shots, { recursive: true });

let passed = 0;
let failed = 0;
const started = Date.now();

function check(condition, what) {
  if (!condition) throw new Error(`expected ${what}`);
}

async function test(name, body) {
  const t = Date.now();
  try {
    await body();
    passed++;
    console.log(`ok   ${name} (${Date.now() - t} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

// --- the API, as the seed and the checks use it ------------------------------------------------------------------

async function call(token, path, { method = 'GET', body } = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? parseExact(text) : null };
}

async function ok(token, path, options) {
  const answer = await call(token, path, options);
  check(answer.status < 300, `${path} to succeed, got ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

function signed(body) {
  return 'sha256=' + createHmac('sha256', appSecret).update(body, 'utf8').digest('hex');
}

async function webhook(change) {
  const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: WABA, changes: [change] }] });
  const response = await fetch(`${base}/v1/webhooks/whatsapp`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signed(body) }, body,
  });
  check(response.status === 200, `the webhook to be taken, got ${response.status}`);
}

const metadata = () => ({ display_phone_number: '15551234567', phone_number_id: PHONE });

function status(id, state, recipient, { category = 'utility', errors } = {}) {
  return {
    id, status: state, timestamp: String(1767225600 + seq++), recipient_id: recipient,
    pricing: { billable: true, pricing_model: 'PMP', category },
    ...(errors ? { errors } : {}),
  };
}

async function statuses(list) {
  await webhook({ field: 'messages', value: { messaging_product: 'whatsapp', metadata: metadata(), statuses: list } });
}

async function allLogs(token, params = {}) {
  const ids = [];
  let next;
  do {
    const q = new URLSearchParams({ ...params, order: 'desc', pageSize: '20', ...(next ? { nextPageToken: next } : {}) });
    const page = await ok(token, `/v1/logs?${q}`);
    ids.push(...page.data.logs);
    next = page.data.next_page_token;
  } while (next);
  return ids;
}

const suffix = Math.random().toString(36).slice(2, 8);
const PROJECT = `console-${suffix}`;
const PHONE = String(100000000000000 + Math.floor(Math.random() * 899999999999999));
const WABA = String(200000000000000 + Math.floor(Math.random() * 799999999999999));
let seq = 0;

// --- the customer's webhook receiver, on loopback ----------------------------------------------------------------
let received = 0;
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received++;
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end('thanks');
  });
});
await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const HOOK = `http://127.0.0.1:${receiver.address().port}/hook`;

// --- the seed ------------------------------------------------------------------------------------------------------
await ok(adminToken, '/v1/admin/projects', { method: 'POST', body: { id: PROJECT, name: 'Console test' } });
await ok(adminToken, `/v1/admin/projects/${PROJECT}/wabas`, { method: 'POST', body: { waba_id: WABA } });
await ok(adminToken, `/v1/admin/projects/${PROJECT}/phone-numbers`, { method: 'POST', body: { phone_number_id: PHONE, waba_id: WABA } });
await ok(adminToken, `/v1/admin/projects/${PROJECT}/webhooks`, { method: 'POST', body: { url: HOOK } });
const reader = (await ok(adminToken, `/v1/admin/projects/${PROJECT}/tokens`, {
  method: 'POST', body: { scopes: ['logs:read', 'logs:write'], ttl_seconds: 3600 },
})).token;

for (let i = 0; i < 20; i++) await statuses([status(`wamid.filler${i}${suffix}`, 'delivered', '16505559999')]);
await statuses([status(`wamid.fail${suffix}`, 'failed', '16505550002', {
  category: 'marketing',
  errors: [{ code: 131047, title: 'Re-engagement message', message: 'Re-engagement message', error_data: { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' } }],
})]);
for (let i = 0; i < 5; i++) await statuses([status(`wamid.bulk${i}${suffix}`, 'delivered', '16505550005')]);
for (let i = 0; i < 3; i++) await statuses([status(`wamid.check${i}${suffix}`, 'delivered', '16505550003')]);
await statuses([status(`wamid.one${suffix}`, 'read', '16505550004')]);
const STORY = `wamid.story${suffix}`;
await statuses([status(STORY, 'sent', '16505550001')]);
await statuses([status(STORY, 'delivered', '16505550001')]);
await statuses([status(STORY, 'read', '16505550001')]);
await webhook({ field: 'message_template_status_update', value: {
  event: 'APPROVED', message_template_id: 594425479261596, message_template_name: 'order_update', message_template_language: 'en_US', reason: 'NONE',
} });
await webhook({ field: 'messages', value: {
  messaging_product: 'whatsapp', metadata: metadata(),
  contacts: [{ profile: { name: 'Mallory' }, wa_id: '16505550007' }],
  messages: [{ from: '16505550007', id: `wamid.xss${suffix}`, timestamp: '1767229000', type: 'text', text: { body: XSS } }],
} });
const TOTAL = 35;

// every entry forwarded before the browser looks
for (let i = 0; i < 100; i++) {
  const pending = await ok(reader, '/v1/logs?flyoutStatus=pending&pageSize=1');
  const all = await allLogs(reader);
  if (all.length === TOTAL && pending.data.logs.length === 0 && all.every((e) => e.flyout_delivery_status === 'success')) break;
  await new Promise((resolve) => setTimeout(resolve, 200));
}
const seeded = await allLogs(reader);
check(seeded.length === TOTAL, `${TOTAL} entries seeded, got ${seeded.length}`);
const byMessage = (id) => seeded.filter((e) => e.payload.includes(`"${id}"`));

// --- the browser ---------------------------------------------------------------------------------------------------
const profile = mkdtempSync(join(tmpdir(), 'console-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
  viewport: { width: 1280, height: 900 },
  timezoneId: 'Asia/Kolkata',
  locale: 'en-GB',
  acceptDownloads: true,
});
const page = context.pages()[0] || await context.newPage();
page.setDefaultTimeout(5000);
const dialogs = [];
const pageErrors = [];
const requests = new Set();
page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
page.on('pageerror', (e) => pageErrors.push(e.message));
page.on('request', (r) => requests.add(new URL(r.url()).origin));
await page.addInitScript(() => {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
});

async function rowIds() {
  return page.$$eval('table.logs tbody tr', (rows) => rows.map((r) => r.dataset.logId));
}

/** Waits until the table shows exactly these entries, in this order. */
async function expectRows(ids, what) {
  const want = JSON.stringify(ids);
  try {
    await page.waitForFunction((w) => JSON.stringify([...document.querySelectorAll('table.logs tbody tr')].map((r) => r.dataset.logId)) === w
      || (w === '[]' && document.querySelector('.empty')), want, { timeout: 5000 });
  } catch {
    throw new Error(`expected ${what}: rows ${want}, shown ${JSON.stringify(await rowIds())}`);
  }
}

async function apiIds(params) {
  return (await allLogs(reader, params)).map((e) => e.log_id);
}

async function screen(name) {
  const width = page.viewportSize().width;
  await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
}

const axeFindings = [];
async function accessible(name) {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`));
  const width = page.viewportSize().width;
  if (violations.length) axeFindings.push(`${name}@${width}: ${violations.join('; ')}`);
  check(violations.length === 0, `no serious axe violation on ${name} at ${width} px: ${violations.join('; ')}`);
}

async function openLogs(search = '') {
  await page.goto(`${base}/console/${search}`);
  await page.waitForSelector('table.logs, .empty');
}

async function applyFilters() {
  await page.getByRole('button', { name: 'Apply filters' }).click();
}

function formatIn(ticks, offsetMinutes, digits = 6) {
  const since = BigInt(ticks) - EPOCH;
  const ms = Number(since / 10000n) + offsetMinutes * 60000;
  const d = new Date(ms);
  const p = (n, w = 2) => String(n).padStart(w, '0');
  const fraction = (p(d.getUTCMilliseconds(), 3) + p(Number(since % 10000n), 4)).slice(0, digits);
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${fraction}`;
}
const KOLKATA = 330;

// --- the flows -----------------------------------------------------------------------------------------------------

await test('signs in by a console link: token kept in sessionStorage only and taken out of the address bar', async () => {
  const link = await ok(adminToken, `/v1/admin/projects/${PROJECT}/console-links`, {
    method: 'POST', body: { scopes: ['logs:read', 'logs:write'], ttl_seconds: 3600 },
  });
  check(link.data.url.startsWith('/console/#token='), 'a link with the token in its fragment');
  await page.goto(`${base}${link.data.url}`);
  await page.waitForSelector('table.logs');
  check(!page.url().includes('token'), `the token gone from the URL, got ${page.url()}`);
  const stored = await page.evaluate(() => ({ session: sessionStorage.getItem('sendzen.console.token'), local: localStorage.length }));
  check(stored.session === link.data.url.slice('/console/#token='.length), 'the token in sessionStorage');
  check(stored.local === 0, 'nothing in localStorage');
  check(await page.textContent('#who') === `Project ${PROJECT}`, 'the project named');
  await expectRows(seeded.slice(0, 20).map((e) => e.log_id), 'the newest 20 entries');
  await screen('logs');
});

await test('pages forward with the API token and back by the tokens remembered', async () => {
  await openLogs();
  const ids = seeded.map((e) => e.log_id);
  await expectRows(ids.slice(0, 20), 'page 1');
  check(await page.getByRole('button', { name: '← Previous' }).isDisabled(), 'no previous page on page 1');
  await page.getByRole('button', { name: 'Next →' }).click();
  await expectRows(ids.slice(20), 'page 2');
  check(await page.textContent('.page-label') === 'Page 2', 'page 2 labelled');
  check(await page.getByRole('button', { name: 'Next →' }).isDisabled(), 'no next page after the last');
  await page.getByRole('button', { name: '← Previous' }).click();
  await expectRows(ids.slice(0, 20), 'page 1 again');
});

// every seeded entry is forwarded once to the one hook and answered 200: those three filters select them all
const SELECT_ALL = new Set(['url', 'responseCode', 'flyoutStatus']);
const FILTERS = [
  ['eventTypes', 'Incoming Message', async () => page.getByRole('checkbox', { name: 'Incoming Message', exact: true }).check()],
  ['status', 'failed', async () => page.getByRole('checkbox', { name: 'failed', exact: true }).check()],
  ['phoneNumberId', PHONE, async () => page.getByLabel('Phone number id').fill(PHONE)],
  ['url', HOOK, async () => page.getByLabel('Forward URL').fill(HOOK)],
  ['messageId', STORY, async () => page.getByLabel('Message id (wamid)').fill(STORY)],
  ['waId', '16505550002', async () => page.getByLabel('Customer (wa_id)').fill('16505550002')],
  ['errorCode', '131047', async () => page.getByLabel('Error code').fill('131047')],
  ['responseCode', '2xx', async () => page.getByLabel('Response code or class (4xx)').fill('2xx')],
  ['flyoutStatus', 'success', async () => page.getByLabel('Forward status').selectOption('success')],
  ['category', 'marketing', async () => page.getByLabel('Category').fill('marketing')],
  ['templateName', 'order_update', async () => page.getByLabel('Template').fill('order_update')],
  ['q', 'onerror', async () => page.getByLabel('Search text').fill('onerror')],
];
for (const [name, value, set] of FILTERS) {
  await test(`filters by ${name}: the URL says so and a reload keeps it`, async () => {
    await openLogs();
    await set();
    await applyFilters();
    await page.waitForURL((u) => new URL(u).searchParams.get(name) === value);
    const expected = await apiIds({ [name]: value });
    check(expected.length > 0 && (SELECT_ALL.has(name) || expected.length < TOTAL), `${name}=${value} to select some entries (${expected.length})`);
    await expectRows(expected.slice(0, 20), `the entries of ${name}=${value}`);
    await page.reload();
    await page.waitForSelector('table.logs');
    await expectRows(expected.slice(0, 20), `the same entries after a reload`);
    check(new URL(page.url()).searchParams.get(name) === value, 'the filter still in the URL');
  });
}

await test('a time shown in the table, typed into From and To, selects that entry to the microsecond', async () => {
  const read = byMessage(STORY).find((e) => e.payload.includes('"read"'));
  await openLogs(`?messageId=${STORY}`);
  const shown = await page.textContent(`tr[data-log-id="${read.log_id}"] time`);
  check(shown === formatIn(read.created_at, KOLKATA), `the time in Asia/Kolkata: ${shown} vs ${formatIn(read.created_at, KOLKATA)}`);
  await page.getByLabel('Message id (wamid)').fill('');
  await page.getByLabel(/^From/).fill(shown);
  await page.getByLabel(/^To/).fill(shown);
  await applyFilters();
  await page.waitForURL((u) => new URL(u).searchParams.has('fromDate'));
  const params = new URL(page.url()).searchParams;
  const created = BigInt(read.created_at);
  check(BigInt(params.get('fromDate')) / 10n === created / 10n, `fromDate ${params.get('fromDate')} to be ${created} to the microsecond`);
  check(BigInt(params.get('toDate')) / 10n === created / 10n, `toDate ${params.get('toDate')} to be ${created} to the microsecond`);
  await expectRows([read.log_id], 'exactly that entry');
  await page.reload();
  await expectRows([read.log_id], 'that entry after a reload');
  check(await page.getByLabel(/^From/).inputValue() === shown.replace(/0+$/, ''), 'the From field as typed');
});

await test('"Clear filters" drops every filter from the URL', async () => {
  await openLogs('?status=failed&waId=16505550002');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.waitForURL((u) => new URL(u).search === '');
  await expectRows(seeded.slice(0, 20).map((e) => e.log_id), 'every entry again');
});

await test('the UTC toggle shows times in UTC, with UTC on hover in local mode', async () => {
  await openLogs();
  const first = seeded[0];
  const cell = page.locator(`tr[data-log-id="${first.log_id}"] time`);
  check(await cell.textContent() === formatIn(first.created_at, KOLKATA), 'local time first');
  check(await cell.getAttribute('title') === `${formatIn(first.created_at, 0, 7).replace(' ', 'T')}Z`, 'UTC on hover');
  await page.getByRole('checkbox', { name: 'UTC', exact: true }).check();
  await page.waitForFunction((t) => document.querySelector(`tr[data-log-id="${t.id}"] time`)?.textContent === t.text,
    { id: first.log_id, text: formatIn(first.created_at, 0) });
  await page.reload();
  await page.waitForSelector('table.logs');
  check(await cell.textContent() === formatIn(first.created_at, 0), 'still UTC after a reload');
  await page.getByRole('checkbox', { name: 'UTC', exact: true }).uncheck();
  await page.waitForFunction((t) => document.querySelector(`tr[data-log-id="${t.id}"] time`)?.textContent === t.text,
    { id: first.log_id, text: formatIn(first.created_at, KOLKATA) });
});

await test('details show the fields, the delivery, the attempts and the message\'s story', async () => {
  const delivered = byMessage(STORY).find((e) => e.payload.includes('"delivered"'));
  await openLogs(`?messageId=${STORY}`);
  await page.click(`tr[data-log-id="${delivered.log_id}"]`);
  await page.waitForURL((u) => new URL(u).searchParams.get('id') === delivered.log_id);
  await page.waitForSelector('.story li');
  const story = await page.$$eval('.story li .badge', (b) => b.map((x) => x.textContent));
  check(JSON.stringify(story) === '["sent","delivered","read"]', `the story sent, delivered, read: ${story}`);
  const attempts = await page.$$eval('.attempts li', (l) => l.map((x) => x.textContent));
  check(attempts.length === 1 && attempts[0].includes('HTTP 200') && attempts[0].includes(HOOK), `one attempt to the hook: ${attempts}`);
  check(await page.locator('.fields').allTextContents().then((t) => t.join(' ')).then((t) => t.includes('16505550001') && t.includes('utility')), 'the extracted fields');
  check(await page.locator('details.json').count() > 3, 'the payload as a folding tree');
  await page.getByRole('button', { name: 'Show the delivery as Meta sent it' }).click();
  const raw = await page.locator('pre.delivery').textContent();
  check(raw.startsWith('{"object":"whatsapp_business_account"') && raw.includes(STORY), 'the delivery byte for byte');
  await screen('details');
});

await test('details of a failed send say what Meta\'s error means and show the response-code table', async () => {
  const failedEntry = byMessage(`wamid.fail${suffix}`)[0];
  await page.goto(`${base}/console/?view=log&id=${failedEntry.log_id}`);
  await page.waitForSelector('.errors');
  const errors = await page.textContent('.errors');
  check(errors.includes('131047') && errors.includes('Meaning:') && errors.includes('What to do:'), `the meaning and advice: ${errors}`);
  const codes = await page.$$eval('table.codes tbody tr', (r) => r.map((x) => x.cells[0].textContent));
  check(codes.join(',') === '200,400,401,403,404,429,500', `the seed's codes: ${codes}`);
  check(await page.locator('table.codes tr.current td').first().textContent() === '200', 'the entry\'s own code marked');
  await screen('details-failed');
});

await test('Redeliver sends the entry again and its attempt appears', async () => {
  const entry = byMessage(`wamid.one${suffix}`)[0];
  await page.goto(`${base}/console/?view=log&id=${entry.log_id}`);
  await page.waitForSelector('.attempts li');
  const before = received;
  await page.getByRole('button', { name: 'Redeliver' }).click();
  await page.waitForSelector('.notice:has-text("queued for redelivery")');
  await page.waitForFunction(() => document.querySelectorAll('.attempts li').length === 2, null, { timeout: 10000 });
  check(received > before, 'the receiver called again');
});

await test('a message body of markup is shown as text and no script runs', async () => {
  const xss = byMessage(`wamid.xss${suffix}`)[0];
  await page.goto(`${base}/console/?view=log&id=${xss.log_id}`);
  await page.waitForSelector('details.json');
  await page.locator('.json-string', { hasText: XSS }).first().waitFor({ state: 'attached' });
  check(await page.locator('main img').count() === 0, 'no img element made of the payload');
  await page.getByRole('button', { name: 'Show the delivery as Meta sent it' }).click();
  await page.waitForSelector('pre.delivery');
  check((await page.locator('pre.delivery').textContent()).includes(XSS), 'the delivery as text');
  await openLogs('?q=onerror');
  await page.waitForTimeout(300);
  check(dialogs.length === 0, `no dialog opened: ${dialogs}`);
  const violations = await page.evaluate(() => window.__violations);
  check(violations.length === 0, `no CSP violation: ${violations}`);
  const policy = (await page.request.get(`${base}/console/`)).headers()['content-security-policy'];
  check(policy.includes("script-src 'self'") && !policy.includes('unsafe'), `a strict policy: ${policy}`);
});

async function download(click) {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
}

await test('deletes one entry after a confirmation that warns and offers the export first', async () => {
  const entry = byMessage(`wamid.one${suffix}`)[0];
  await openLogs('?waId=16505550004');
  await expectRows([entry.log_id], 'the one entry');
  await page.getByRole('button', { name: `Delete entry ${entry.log_id}`, exact: true }).click();
  const dialog = page.locator('dialog.ask');
  check((await dialog.textContent()).includes('cannot be recovered'), 'the warning');
  await screen('delete-dialog');
  const exported = await download(() => dialog.getByRole('button', { name: 'Export it first' }).click());
  const lines = exported.text.trim().split('\n');
  check(lines.length === 1 && parseExact(lines[0]).log_id === entry.log_id, `the entry exported first: ${exported.text.slice(0, 100)}`);
  await dialog.getByRole('button', { name: 'Delete for good' }).click();
  await page.waitForSelector(`.notice:has-text("Entry ${entry.log_id} deleted")`);
  await expectRows([], 'no entry left');
  check((await call(reader, `/v1/logs/${entry.log_id}`)).status === 404, 'the entry gone');
});

await test('checks three rows and deletes them at once', async () => {
  const entries = seeded.filter((e) => e.payload.includes('16505550003'));
  check(entries.length === 3, 'three entries');
  await openLogs('?waId=16505550003');
  await expectRows(entries.map((e) => e.log_id), 'the three');
  for (const e of entries) await page.getByRole('checkbox', { name: `Select entry ${e.log_id}`, exact: true }).check();
  await page.getByRole('button', { name: 'Delete selected (3)' }).click();
  await page.locator('dialog.ask').getByRole('button', { name: 'Delete 3 for good' }).click();
  await page.waitForSelector('.notice:has-text("3 entries deleted")');
  for (const e of entries) check((await call(reader, `/v1/logs/${e.log_id}`)).status === 404, `entry ${e.log_id} gone`);
});

await test('deletes everything a filter matches after a dry run, with the job\'s progress', async () => {
  await openLogs('?waId=16505550005');
  await expectRows((await apiIds({ waId: '16505550005' })).slice(0, 20), 'the five');
  await page.getByRole('button', { name: 'Delete all matching…' }).click();
  const dialog = page.locator('dialog.ask');
  check((await dialog.locator('.dry-run').textContent()).includes('counted 5 entries'), 'the dry run\'s count');
  await dialog.getByRole('button', { name: 'Delete 5 for good' }).click();
  await page.waitForSelector('section.job progress');
  await page.waitForSelector('.notice:has-text("Bulk delete done: 5 entries deleted")', { timeout: 15000 });
  check((await page.textContent('.job-state')).startsWith('done: 5 of 5'), 'the job done');
  check((await apiIds({ waId: '16505550005' })).length === 0, 'nothing left that matches');
  await expectRows([], 'an empty table');
});

await test('exports what the filters match as CSV and NDJSON', async () => {
  const expected = await apiIds({ status: 'delivered' });
  await openLogs('?status=delivered');
  const csv = await download(() => page.getByRole('button', { name: 'Export CSV' }).click());
  check(csv.name.endsWith('.csv'), `a .csv file: ${csv.name}`);
  const records = csv.text.split('\r\n').filter(Boolean);
  check(records[0].startsWith('log_id,created_at,recorded_on'), 'the header row');
  const csvIds = records.slice(1).map((r) => r.split(',')[0]);
  check(JSON.stringify(csvIds) === JSON.stringify(expected), `the CSV rows: ${csvIds.length} vs ${expected.length}`);
  const ndjson = await download(() => page.getByRole('button', { name: 'Export NDJSON' }).click());
  const ids = ndjson.text.trim().split('\n').map((l) => parseExact(l).log_id);
  check(JSON.stringify(ids) === JSON.stringify(expected), `the NDJSON lines: ${ids.length} vs ${expected.length}`);
});

await test('live tail shows a new entry without a reload', async () => {
  await openLogs();
  await page.getByLabel('Live tail').check();
  await statuses([status(`wamid.live${suffix}`, 'sent', '16505550008')]);
  await page.waitForSelector('tr.new', { timeout: 10000 });
  check((await page.textContent('tr.new')).includes('16505550008'), 'the new entry marked');
  await page.getByLabel('Live tail').uncheck();
});

await test('the figures strip counts what the filters match, and the page where stats take no such filter', async () => {
  await openLogs('?status=failed');
  await page.waitForSelector('.stats[data-scope="window"]');
  let text = await page.textContent('.stats');
  check(text.includes('Matching1') && text.includes('failed1') && text.includes('Failures1'), `the figures of status=failed: ${text}`);
  await openLogs('?eventTypes=Message%20Status');
  await page.waitForSelector('.stats[data-scope="window"]');
  const statuses = (await apiIds({ eventTypes: 'Message Status' })).length;
  const delivered = (await apiIds({ eventTypes: 'Message Status', status: 'delivered' })).length;
  text = await page.textContent('.stats');
  check(statuses > 20 && text.includes(`Matching${statuses}`) && text.includes(`delivered${delivered}`),
    `the figures over every page (${statuses} statuses, ${delivered} delivered): ${text}`);
  await openLogs('?waId=16505550002');
  await page.waitForSelector('.stats[data-scope="page"]');
  text = await page.textContent('.stats');
  check(text.includes('On this page1') && text.includes('Failures1'), `the figures of the page: ${text}`);
});

await test('signs out, and an admin token pasted opens the admin views', async () => {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForSelector('form.sign-in');
  check(await page.evaluate(() => sessionStorage.getItem('sendzen.console.token')) === null, 'the token forgotten');
  await screen('sign-in');
  await accessible('sign-in');
  await page.getByLabel('Token').fill(adminToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForSelector(`a:has-text("${PROJECT}")`);
  await page.click(`a:has-text("${PROJECT}")`);
  await page.waitForSelector(`text=${HOOK}`);
  await page.waitForSelector(`text=${PHONE}`);
  await page.getByRole('button', { name: 'Make a console link' }).click();
  const link = await page.getByRole('textbox', { name: 'Console link' }).inputValue();
  check(link.startsWith(`${base}/console/#token=`), `a link: ${link.slice(0, 60)}`);
  await page.click('a:has-text("Unrouted")');
  await page.waitForSelector('table.logs, .empty');
  await page.click('a:has-text("Audit log")');
  await page.waitForSelector('text=log.bulk_delete_job');
});

// every screen, at both widths: accessible, within the width, photographed
const linkForScreens = (await ok(adminToken, `/v1/admin/projects/${PROJECT}/console-links`, { method: 'POST', body: {} })).data.url;
const detailId = byMessage(STORY)[1].log_id;
const SCREENS = [
  ['logs', 'project', '/console/'],
  ['details', 'project', `/console/?view=log&id=${detailId}`],
  ['audit-project', 'project', '/console/?view=audit'],
  ['projects', 'admin', '/console/?view=projects'],
  ['project', 'admin', `/console/?view=project&id=${PROJECT}`],
  ['unrouted', 'admin', '/console/?view=unrouted'],
  ['audit', 'admin', '/console/?view=audit'],
];
for (const width of [1280, 390]) {
  await test(`every screen at ${width} px: no serious axe violation, nothing wider than the screen`, async () => {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    for (const [name, who, path] of SCREENS) {
      await page.goto(`${base}/console/`);
      await page.evaluate((t) => sessionStorage.setItem('sendzen.console.token', t),
        who === 'admin' ? adminToken : linkForScreens.slice('/console/#token='.length));
      await page.goto(`${base}${path}`);
      await page.waitForSelector('main h2');
      await page.waitForLoadState('networkidle');
      await screen(name);
      await accessible(name);
      const overflow = await page.evaluate(() => {
        const widest = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
          .map((e) => `${e.tagName.toLowerCase()}.${e.className}`).slice(-3);
        return { by: document.documentElement.scrollWidth - window.innerWidth, widest };
      });
      const stray = await page.evaluate(() => {
        const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
        const found = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode()) if (/^(null|undefined|NaN)$/.test(n.nodeValue.trim())) found.push(n.parentElement.tagName);
        return found;
      });
      check(stray.length === 0, `no stray null or undefined printed on ${name}: in ${stray}`);
      if (width === 1280 && name === 'logs') {
        const hidden = await page.$eval('.table-wrap', (w) => w.scrollWidth - w.clientWidth);
        check(hidden <= 0, `every column of the logs table on a 1280 px screen (${hidden} px scrolled out)`);
      }
      check(overflow.by <= 0, `${name} to fit ${width} px (${overflow.by} px too wide: ${overflow.widest.join(', ')})`);
    }
  });
}

await test('the browser talked to this service only and no script failed', async () => {
  check([...requests].every((o) => o === base), `only ${base}: ${[...requests]}`);
  check(pageErrors.length === 0, `no page error: ${pageErrors}`);
  check(dialogs.length === 0, `no dialog: ${dialogs}`);
});

await context.close();
rmSync(profile, { recursive: true, force: true });
receiver.close();
console.log(`console tests: ${passed} passed, ${failed} failed in ${Math.round((Date.now() - started) / 1000)} s; screenshots in target/console-screenshots`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
