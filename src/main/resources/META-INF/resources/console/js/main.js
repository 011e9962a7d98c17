// The console's entry: sign-in, the navigation, and which screen the URL names (?view=…; the logs by default).
import { whenUnauthorized } from './api.js';
import { h, clear, notice, clearNotice } from './dom.js';
import * as session from './session.js';
import * as ticks from './ticks.js';
import * as logs from './logs.js';
import * as details from './details.js';
import * as admin from './admin.js';

const main = document.getElementById('main');

function nav(url) {
  clearNotice();
  history.pushState(null, '', new URL(url, location.href).toString());
  route();
}

function navigation() {
  const box = clear(document.getElementById('nav'));
  if (!session.token()) return;
  const view = new URLSearchParams(location.search).get('view') || 'logs';
  const links = session.isAdmin()
    ? [['projects', 'Projects'], ['unrouted', 'Unrouted'], ['audit', 'Audit log']]
    : [['logs', 'Logs'], ['audit', 'Audit log']];
  box.append(h('ul', {}, links.map(([name, label]) => h('li', {}, h('a', {
    href: name === 'logs' ? './' : `?view=${name}`,
    'aria-current': view === name || (name === 'projects' && view === 'project') ? 'page' : null,
    onclick: (e) => { e.preventDefault(); nav(name === 'logs' ? './' : `?view=${name}`); },
  }, label)))));
}

function who() {
  const c = session.claims();
  document.getElementById('who').textContent = !c ? '' : session.isAdmin() ? 'Administrator' : `Project ${c.project_id || '?'}`;
  document.getElementById('sign-out').hidden = !c;
}

function signInScreen(reason) {
  const input = h('textarea', { id: 'token', name: 'token', rows: 4, required: true, spellcheck: 'false', autocomplete: 'off' });
  const form = h('form', { class: 'sign-in', 'aria-label': 'Sign in' },
    h('h2', {}, 'Sign in'),
    reason ? h('p', { class: 'form-error', role: 'alert' }, reason) : null,
    h('p', {}, 'Open a console link an administrator made for you, or paste a token: a project token shows its logs, an admin token the admin views. The token is kept in this tab only.'),
    h('label', { for: 'token' }, 'Token'), input,
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!input.value.trim()) return;
    session.signIn(input.value);
    nav(session.isAdmin() ? '?view=projects' : './');
  });
  clear(main).append(form);
  input.focus();
}

async function route() {
  logs.stop();
  who();
  navigation();
  if (!session.token()) {
    signInScreen();
    return;
  }
  const params = new URLSearchParams(location.search);
  const view = params.get('view') || (session.isAdmin() ? 'projects' : 'logs');
  document.title = `${view === 'log' ? `Entry ${params.get('id')}` : view[0].toUpperCase() + view.slice(1)} · SendZen Logs`;
  switch (view) {
    case 'log': return details.render(main, nav, params.get('id'));
    case 'unrouted': return logs.render(main, nav, { base: '/v1/admin/unrouted', detailView: 'unrouted-log', readOnly: true });
    case 'unrouted-log': return details.render(main, nav, params.get('id'), { base: '/v1/admin/unrouted', readOnly: true });
    case 'projects': return admin.renderProjects(main, nav);
    case 'project': return admin.renderProject(main, nav, params.get('id'));
    case 'audit': return admin.renderAudit(main);
    default: return logs.render(main, nav);
  }
}

session.takeTokenFromFragment();
whenUnauthorized(() => {
  session.signOut();
  who();
  navigation();
  signInScreen('The token was refused: it expired, was revoked, or is not one of this service.');
});
const utcToggle = document.getElementById('utc-toggle');
utcToggle.checked = ticks.usesUtc();
utcToggle.addEventListener('change', () => {
  ticks.setUtc(utcToggle.checked);
  route();
});
document.getElementById('sign-out').addEventListener('click', () => {
  session.signOut();
  notice('Signed out.');
  nav('./');
});
window.addEventListener('popstate', route);
route();
