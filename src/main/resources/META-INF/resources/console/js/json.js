// JSON whose big integers stay exact. JSON.parse turns 638500000000000123 into 638500000000000100 before any reviver
// sees it, so integers of 16 or more digits are quoted in the raw text first and arrive as strings.

const BIG = 16;

export function parseExact(text) {
  let out = '';
  let last = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) { // a string: skip it whole, escapes included
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 92) i += 2;
        else if (d === 34) { i++; break; } else i++;
      }
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      let j = c === 45 ? i + 1 : i;
      const start = j;
      while (j < n && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      const next = text.charCodeAt(j);
      const integer = next !== 46 && next !== 101 && next !== 69; // no '.', 'e', 'E'
      if (integer && j - start >= BIG) {
        out += text.slice(last, i) + '"' + text.slice(i, j) + '"';
        last = j;
      }
      i = j;
      while (i < n && /[0-9.eE+-]/.test(text[i])) i++;
    } else {
      i++;
    }
  }
  return JSON.parse(last === 0 ? text : out + text.slice(last));
}

/** Pretty JSON text of a value parsed by parseExact (big integers shown as the digits they were). */
export function pretty(value) {
  return JSON.stringify(value, null, 2);
}
