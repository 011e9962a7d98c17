// What the table shows of an entry, read from its payload (the webhook JSON Meta sent, one event in it).
import { parseExact } from './json.js';

function first(list) {
  return Array.isArray(list) && list.length ? list[0] : undefined;
}

export function payloadOf(entry) {
  if (entry._payload !== undefined) return entry._payload;
  try {
    entry._payload = typeof entry.payload === 'string' ? parseExact(entry.payload) : entry.payload;
  } catch {
    entry._payload = null;
  }
  return entry._payload;
}

/** The fields of the seed's table, from whichever shape the event has; missing ones are undefined. */
export function fieldsOf(entry) {
  const payload = payloadOf(entry) || {};
  const value = ((first(payload.entry) || {}).changes || [])[0]?.value || {};
  const status = first(value.statuses);
  const message = first(value.messages);
  const outgoing = entry.direction === 2;
  return {
    status: status?.status,
    messageId: status?.id || message?.id || payload.message_id,
    customer: status?.recipient_id || message?.from || payload.to || payload.wa_id,
    template: value.message_template_name || message?.template?.name || payload.template?.name || payload.template_name,
    category: status?.pricing?.category || payload.category,
    errorCode: first(status?.errors)?.code ?? first(value.errors)?.code,
    responseCode: outgoing && entry.api_response_code !== undefined ? entry.api_response_code : entry.flyout_delivery_response_code,
    outgoing,
  };
}

export function directionLabel(entry) {
  return entry.direction === 2 ? 'Outgoing' : 'Incoming';
}
