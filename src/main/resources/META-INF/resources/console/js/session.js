// The token lives in this tab's sessionStorage only: it leaves with the tab, and no other site or tab reads it.

const KEY = 'sendzen.console.token';

/** Takes a token handed over in the fragment (#token=…) and wipes it from the address bar and the history. */
export function takeTokenFromFragment() {
  const match = /^#token=([^&]+)/.exec(location.hash);
  if (!match) return;
  signIn(decodeURIComponent(match[1]));
  history.replaceState(null, '', location.pathname + location.search);
}

export function token() {
  return sessionStorage.getItem(KEY);
}

export function signIn(text) {
  sessionStorage.setItem(KEY, text.trim());
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

/** What the token says of itself, for the screen only: the service checks it on every call. */
export function claims() {
  const text = token();
  if (!text) return null;
  try {
    const part = text.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(part.padEnd(part.length + (4 - part.length % 4) % 4, '=')), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return {};
  }
}

export function isAdmin() {
  const c = claims();
  return Boolean(c && Array.isArray(c.groups) && c.groups.includes('admin'));
}

export function canWrite() {
  const c = claims();
  return Boolean(c && Array.isArray(c.groups) && c.groups.includes('logs:write'));
}
