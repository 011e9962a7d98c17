// Ticks: .NET DateTime.Ticks, 100 ns units since 0001-01-01T00:00:00Z, 18 digits: beyond a JavaScript number, so
// always BigInt here, and strings on the way in and out.

export const UNIX_EPOCH = 621355968000000000n;
const PER_MS = 10000n;

let utc = sessionStorage.getItem('sendzen.console.utc') === '1';

export function usesUtc() {
  return utc;
}

export function setUtc(on) {
  utc = on;
  sessionStorage.setItem('sendzen.console.utc', on ? '1' : '0');
}

function pad(n, width = 2) {
  return String(n).padStart(width, '0');
}

function parts(ticks) {
  const sinceEpoch = BigInt(ticks) - UNIX_EPOCH;
  let ms = sinceEpoch / PER_MS;
  let rest = sinceEpoch % PER_MS;
  if (rest < 0n) { ms -= 1n; rest += PER_MS; }
  const date = new Date(Number(ms));
  const fraction = pad(date.getUTCMilliseconds(), 3) + pad(Number(rest), 4); // 7 digits, to the tick
  return { date, fraction };
}

/** "2026-12-02 07:13:08.254132" in the browser's zone, or in UTC with the toggle; `digits` of the second. */
export function format(ticks, { inUtc = utc, digits = 6 } = {}) {
  const { date, fraction } = parts(ticks);
  const f = inUtc
    ? [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()]
    : [date.getFullYear(), date.getMonth() + 1, date.getDate(), date.getHours(), date.getMinutes(), date.getSeconds()];
  const text = `${pad(f[0], 4)}-${pad(f[1])}-${pad(f[2])} ${pad(f[3])}:${pad(f[4])}:${pad(f[5])}`;
  return digits > 0 ? `${text}.${fraction.slice(0, digits)}` : text;
}

/** ISO-8601 UTC with all seven digits, as the API writes times. */
export function iso(ticks) {
  return format(ticks, { inUtc: true, digits: 7 }).replace(' ', 'T') + 'Z';
}

/** The zone the console shows times in, for labels. */
export function zoneName() {
  return utc ? 'UTC' : Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';
}

/** Ticks of an ISO-8601 UTC time such as "2026-12-02T07:13:08.2541329Z". */
export function fromIso(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/.exec(text || '');
  if (!m) return null;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  const fraction = (m[7] || '').padEnd(7, '0').slice(0, 7);
  return BigInt(ms) * PER_MS + UNIX_EPOCH + BigInt(fraction);
}

/**
 * Ticks of a time typed or copied as the console shows it ("2026-12-02 07:13[:08[.254132]]", in the shown zone).
 * With `upper`, the last tick of what the text names (the whole minute of "07:13"), for an inclusive "to".
 */
export function parse(text, { inUtc = utc, upper = false } = {}) {
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?\s*(Z|UTC)?\s*$/i.exec(text || '');
  if (!m) return null;
  const zoneUtc = inUtc || Boolean(m[8]);
  const f = [+m[1], +m[2] - 1, +m[3], +(m[4] || 0), +(m[5] || 0), +(m[6] || 0)];
  if (f[1] > 11 || f[2] < 1 || f[2] > 31 || f[3] > 23 || f[4] > 59 || f[5] > 59) return null;
  const ms = zoneUtc ? Date.UTC(...f) : new Date(f[0], f[1], f[2], f[3], f[4], f[5]).getTime();
  if (Number.isNaN(ms)) return null;
  const digits = m[7] || '';
  let ticks = BigInt(ms) * PER_MS + UNIX_EPOCH + BigInt(digits.padEnd(7, '0'));
  if (upper) {
    // the length of the unit the text ends on, less one tick
    const unit = m[7] ? 10n ** BigInt(7 - digits.length)
      : m[6] ? 10000000n : m[5] ? 600000000n : 864000000000n;
    ticks += unit - 1n;
  }
  return ticks;
}
