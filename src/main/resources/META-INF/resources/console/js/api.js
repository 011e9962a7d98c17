// The console's only back end: the public JSON API, with the signed-in token.
import { parseExact } from './json.js';
import { token } from './session.js';

export class ApiError extends Error {
  constructor(status, body) {
    const problems = (body && Array.isArray(body.errors))
      ? body.errors.map((e) => `${e.parameter} ${e.problem}`).join('; ') : '';
    super(`${(body && body.message) || `HTTP ${status}`}${problems ? `: ${problems}` : ''}`);
    this.status = status;
    this.body = body;
  }
}

let onUnauthorized = () => {};

export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

/** A query string of the non-empty values; arrays are joined with commas, as the API takes lists. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function send(path, { method = 'GET', body, accept = 'application/json' } = {}) {
  const headers = { Accept: accept };
  const current = token();
  if (current) headers.Authorization = `Bearer ${current}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) {
    const text = await response.text();
    let parsed = null;
    try { parsed = parseExact(text); } catch { parsed = { message: text.slice(0, 200) }; }
    if (response.status === 401) onUnauthorized();
    throw new ApiError(response.status, parsed);
  }
  return response;
}

/** JSON with big integers (Ticks) as exact strings; null for a 204. */
export async function api(path, options) {
  const response = await send(path, options);
  if (response.status === 204) return null;
  return parseExact(await response.text());
}

/** The body as text, exactly as sent (a delivery, an export). */
export async function raw(path, options) {
  const response = await send(path, { accept: '*/*', ...options });
  return { text: await response.text(), headers: response.headers };
}
