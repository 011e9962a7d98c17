// Drives a live service through the typescript-fetch client generated from openapi.yaml, as a customer would.
import { createHmac, randomUUID } from 'node:crypto';
import {
  AdminProjectsApi, AdminTokensApi, AuditApi, Configuration, ExportLogsFormatEnum, ExportLogsOrderEnum, LogsApi,
  MessagesApi, NewTokenScopesEnum, ResponseError, SendRequestTypeEnum, StatsApi,
} from '../generated';

const baseUrl = required('SERVICE_URL');
const adminToken = required('ADMIN_TOKEN');
const appSecret = required('APP_SECRET');
const cloudApiUrl = required('CLOUD_API_URL');

let passed = 0;
let failed = 0;

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set`);
  }
  return value;
}

function check(condition: boolean, what: string): void {
  if (!condition) {
    throw new Error(`expected ${what}`);
  }
}

async function test(name: string, body: () => Promise<void>): Promise<void> {
  try {
    await body();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function config(token?: string): Configuration {
  return new Configuration({ basePath: baseUrl, accessToken: token ? async () => token : undefined });
}

/** Meta posts raw, signed bytes: the webhook goes out with fetch, not through the model's serialiser. */
async function postStatuses(phone: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  const statuses = [];
  for (let i = 0; i < count; i++) {
    const id = `wamid.${randomUUID().replace(/-/g, '')}`;
    ids.push(id);
    statuses.push({ id, status: i % 3 === 0 ? 'read' : 'delivered', timestamp: '1704067200', recipient_id: '16505551234' });
  }
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15551234567', phone_number_id: phone },
      statuses,
    } }] }],
  });
  const signature = 'sha256=' + createHmac('sha256', appSecret).update(body, 'utf8').digest('hex');
  const response = await fetch(`${baseUrl}/v1/webhooks/whatsapp`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signature }, body,
  });
  check(response.status === 200, `webhook answered 200, got ${response.status}`);
  return ids;
}

/** created_at has 18 digits: above Number.MAX_SAFE_INTEGER. Read it from the raw text as a BigInt. */
function createdAtAsBigInts(raw: string): bigint[] {
  return [...raw.matchAll(/"created_at":(\d+)/g)].map((m) => BigInt(m[1]));
}

async function main(): Promise<void> {
  const admin = config(adminToken);
  const projectId = `ts-${randomUUID().slice(0, 8)}`;
  const phone = String(100000000000000 + Math.floor(Math.random() * 899999999999999));
  let token = '';

  await test('admin creates a project, a phone number and a project token', async () => {
    const project = await new AdminProjectsApi(admin).createProject({ newProject: { id: projectId, name: 'TypeScript SDK' } });
    check(project.id === projectId, 'the project id back');
    check(project.enabled === true, 'a new project to be enabled');
    const number = await new AdminProjectsApi(admin).addPhoneNumber({ projectId, newPhoneNumber: { phoneNumberId: phone } });
    check(number.phoneNumberId === phone, 'the phone number back');
    const issued = await new AdminTokensApi(admin).createProjectToken({
      projectId, newToken: { scopes: [NewTokenScopesEnum.LogsRead], ttlSeconds: 600 },
    });
    check(issued.token.split('.').length === 3, 'a JWT');
    check(issued.expiresAt instanceof Date, 'expires_at as a date');
    token = issued.token;
  });

  const sent = await postStatuses(phone, 11);

  await test('lists logs and paginates to the end, reading every field', async () => {
    const logs = new LogsApi(config(token));
    const seen = new Set<string>();
    let next: string | undefined;
    let pages = 0;
    do {
      const page = await logs.listLogs({ eventTypes: ['Message Status'], pageSize: 4, nextPageToken: next });
      check(page.message === 'Notification logs retrieved successfully', 'the SendZen message');
      for (const entry of page.data.logs) {
        check(entry.projectId === projectId, 'project_id');
        check(entry.phoneNumberId === phone, 'phone_number_id');
        check(entry.eventType === 'Message Status', 'event_type');
        check(JSON.parse(entry.payload).entry[0].changes[0].value.statuses.length === 1, 'payload holding one status');
        check(typeof entry.createdAt === 'number' && entry.createdAt > 6.2e17, 'created_at as a (lossy) number');
        check(entry.direction === 1, 'direction');
        check(entry.flyoutDeliveryStatus === '-' && entry.flyoutDeliveryResponse === '-', 'flyout placeholders');
        check(entry.flyoutDeliveryResponseCode === 0 && entry.flyoutUrl === '-', 'flyout code and url');
        check(typeof entry.logId === 'string' && !seen.has(entry.logId), 'a new log_id');
        seen.add(entry.logId);
      }
      next = page.data.nextPageToken;
      pages++;
    } while (next);
    check(seen.size === sent.length, `${sent.length} entries, got ${seen.size}`);
    check(pages === 3, `3 pages, got ${pages}`);
  });

  await test('created_at read exactly as BigInt from the raw response', async () => {
    const raw = await new LogsApi(config(token)).listLogsRaw({ pageSize: 20 });
    const exact = createdAtAsBigInts(await raw.raw.text());
    check(exact.length === sent.length, 'a created_at per entry');
    check(exact.every((t) => t > 621355968000000000n && t > BigInt(Number.MAX_SAFE_INTEGER)), 'Ticks beyond safe integers');
  });

  await test('a bad parameter is a ResponseError with the 400 envelope', async () => {
    try {
      await new LogsApi(config(token)).listLogs({ pageSize: 21 });
      throw new Error('no error raised');
    } catch (e) {
      check(e instanceof ResponseError, 'a ResponseError');
      const response = (e as ResponseError).response;
      check(response.status === 400, `400, got ${response.status}`);
      const body = await response.json();
      check(body.message === 'Invalid request parameters' && body.data === null, 'the envelope');
      check(body.errors[0].parameter === 'pageSize', 'the parameter named');
    }
  });

  await test('no token is 401, an admin token on the logs is 403', async () => {
    for (const [conf, status] of [[config(), 401], [admin, 403]] as const) {
      try {
        await new LogsApi(conf).listLogs({});
        throw new Error('no error raised');
      } catch (e) {
        check(e instanceof ResponseError && e.response.status === status, `${status}`);
      }
    }
  });

  await test('support workflows: a record in full, its delivery, the story, export, delete, a job, the audit', async () => {
    const issued = await new AdminTokensApi(admin).createProjectToken({
      projectId, newToken: { scopes: [NewTokenScopesEnum.LogsRead, NewTokenScopesEnum.LogsWrite], ttlSeconds: 600 },
    });
    const writer = config(issued.token);
    const logs = new LogsApi(writer);
    const first = (await logs.listLogs({ pageSize: 1, order: 'asc' })).data.logs[0];
    const detail = (await logs.getLog({ logId: first.logId })).data;
    check(detail.log.logId === first.logId, 'the entry in full');
    check(sent.includes(detail.event.messageId ?? ''), 'its message id extracted');
    check(detail.delivery?.events === sent.length, 'the delivery it came in, with all its events');
    const raw = await logs.getLogDeliveryRaw({ logId: first.logId });
    check((await raw.raw.text()).includes(sent[0]), 'the delivery byte for byte');
    const story = (await new MessagesApi(writer).getMessage({ wamid: detail.event.messageId ?? '' })).data;
    check(story.entries.includes(first.logId), 'the message story names the entry');
    const stuck = await new MessagesApi(writer).listStuckMessages({ stuck: 'PT15M' });
    check(stuck.data.messages.length === 0, 'nothing stuck');
    const exported = await logs.exportLogs({ order: ExportLogsOrderEnum.Asc, format: ExportLogsFormatEnum.Ndjson });
    const lines = (await exported.text()).trim().split('\n');
    check(lines.length === sent.length, `an export line per entry, got ${lines.length}`);
    check(lines[0].includes(`"log_id":"${first.logId}"`), 'the first line is the first entry');
    const counted = await logs.bulkDeleteLogs({ bulkDeleteRequest: { filter: { phoneNumberId: phone }, dryRun: true } });
    check(counted.data.matching === sent.length, 'a dry run counts every entry');
    const again = await logs.bulkRedeliverLogs({ bulkDeleteRequest: { filter: { phoneNumberId: phone }, dryRun: true } });
    check(again.data.matching === sent.length && again.data.skipped === sent.length,
      'a bulk redelivery counted: no endpoint took them, so each would be skipped');
    let byPhone = 0;
    for (let i = 0; i < 60 && byPhone !== sent.length; i++) {
      const stats = await new StatsApi(writer).getStats({ groupBy: 'phone_number_id', phoneNumberId: phone });
      byPhone = stats.data.totals.find((t) => t.key === phone)?.count ?? 0;
      if (byPhone !== sent.length) {
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    check(byPhone === sent.length, `the stats count every entry of the phone number, got ${byPhone}`);
    await logs.deleteLog({ logId: first.logId });
    const job = await logs.bulkDeleteLogs({ bulkDeleteRequest: { filter: { phoneNumberId: phone } } });
    check(typeof job.data.jobId === 'string', 'a job id');
    let state = '';
    for (let i = 0; i < 60 && state !== 'done'; i++) {
      state = (await logs.getJob({ jobId: job.data.jobId ?? '' })).data.state;
      if (state !== 'done') {
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    check(state === 'done', `the job done, got ${state}`);
    check((await logs.listLogs({})).data.logs.length === 0, 'every entry deleted');
    const actions = (await new AuditApi(writer).listAuditRecords({ pageSize: 100 })).data.records.map((r) => r.action);
    for (const action of ['log.export', 'log.delete', 'log.bulk_delete_job', 'token.mint']) {
      check(actions.includes(action), `${action} in the audit trail: ${actions.join(', ')}`);
    }
    const everyone = await new AuditApi(admin).listAllAuditRecords({ projectId, pageSize: 100 });
    check(everyone.data.length === actions.length, 'the operators see the same records of the project');
  });

  await test("sends through the Cloud API with the number's token, reports a send, and lists both", async () => {
    const projects = new AdminProjectsApi(admin);
    const sender = String(100000000000000 + Math.floor(Math.random() * 899999999999999));
    const waba = String(100000000000000 + Math.floor(Math.random() * 899999999999999));
    await projects.addPhoneNumber({ projectId, newPhoneNumber: { phoneNumberId: sender, wabaId: waba } });
    await projects.setPhoneNumberCredentials({ projectId, phoneNumberId: sender, newCredentials: { accessToken: 'EAAGtsToken' } });
    await projects.setWabaCredentials({ projectId, wabaId: waba, newCredentials: { accessToken: 'EAAGtsWaba' } });
    const numbers = await projects.listPhoneNumbers({ projectId, pageSize: 100 });
    check(numbers.data.find((n) => n.phoneNumberId === sender)?.credentialsState === 'set', 'credentials_state set');
    const issued = await new AdminTokensApi(admin).createProjectToken({ projectId, newToken: {
      scopes: [NewTokenScopesEnum.MessagesSend, NewTokenScopesEnum.LogsWrite, NewTokenScopesEnum.LogsRead], ttlSeconds: 600 } });
    const answer = await new MessagesApi(config(issued.token)).sendMessage({
      idempotencyKey: `ts-${sender}`,
      sendRequest: { from: sender, to: '16505551234', type: SendRequestTypeEnum.Template,
        template: { name: 'order_update', langCode: 'en_US' }, tags: { category: 'Utility', name: 'Orders' } },
    });
    check(answer.message === 'Message sent successfully', `the send accepted, got ${answer.message}`);
    check(answer.data?.messageId?.startsWith('wamid.') === true, 'a message id');
    const got = await (await fetch(`${cloudApiUrl}/requests`)).json() as { path: string; authorization: string; body: any }[];
    const mine = got.filter((r) => r.path.endsWith(`/${sender}/messages`));
    check(mine.length === 1 && mine[0].authorization === 'Bearer EAAGtsToken', 'one POST with the number\'s token');
    check(mine[0].body.template.language.code === 'en_US', 'the template sent in Meta\'s form');
    const reported = await new LogsApi(config(issued.token)).reportLog({ reportedSend: {
      phoneNumberId: sender, to: '16505551234', request: { messaging_product: 'whatsapp', type: 'text' },
      responseCode: 400, response: { error: { code: 131009, message: 'Parameter value is not valid' } } } });
    const outgoing = await new LogsApi(config(issued.token)).listLogs({ direction: 2, order: 'asc' });
    check(outgoing.data.logs.map((l) => l.logId).join() === [answer.data?.logId, reported.data.logId].join(),
      'the send and the report listed');
    check(outgoing.data.logs.map((l) => l.apiResponseCode).join() === '200,400', 'Meta\'s codes listed');
    await projects.removePhoneNumberCredentials({ projectId, phoneNumberId: sender });
    await projects.removeWabaCredentials({ projectId, wabaId: waba });
    try {
      await new MessagesApi(config(issued.token)).sendMessage({ sendRequest: { from: sender, to: '16505551234',
        type: SendRequestTypeEnum.Text, text: { body: 'no token' } } as any });
      check(false, 'a 409 without a token');
    } catch (e) {
      check(e instanceof ResponseError && e.response.status === 409, `a 409 without a token, got ${e}`);
    }
  });

  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((e) => {
  console.error(e);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exitCode = 1;
});
