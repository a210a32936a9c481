// The jxen web console: a XenAPI client in the page. Login, then one view per route
// (#/host, #/vms, #/vm/UUID, #/new, #/storage, #/networks, #/tasks), all drawn from the
// event.from cache and kept current by it.

import { Api } from './api.js';
import { Cache } from './cache.js';
import { Metrics } from './metrics.js';
import { Notices, Tasks } from './tasks.js';
import { h, fill, field } from './dom.js';
import { describe } from './errors.js';
import { hostView } from './views/host.js';
import { vmListView } from './views/vms.js';
import { vmView } from './views/vm.js';
import { newVmView } from './views/new-vm.js';
import { storageView } from './views/storage.js';
import { networksView } from './views/networks.js';
import { tasksView } from './views/tasks.js';

const ROUTES = [
  { path: /^host$/, view: hostView, nav: 'Host' },
  { path: /^vms$/, view: vmListView, nav: 'VMs' },
  { path: /^new$/, view: newVmView },
  { path: /^vm\/([0-9a-f-]+)$/, view: vmView },
  { path: /^storage$/, view: storageView, nav: 'Storage' },
  { path: /^networks$/, view: networksView, nav: 'Networks' },
  { path: /^tasks$/, view: tasksView, nav: 'Tasks' },
];

const root = document.getElementById('root');
const notices = new Notices(document.getElementById('notices'));
const api = new Api();
let session = null; // {cache, metrics, tasks, view, main}

api.onSessionLost(() => {
  end();
  showLogin('Your session has ended. Log in again.');
});

function showLogin(message) {
  const user = h('input', { name: 'user', autocomplete: 'username', required: true, value: 'root' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'form-error', role: 'alert' }, message ?? '');
  const submit = h('button', { type: 'submit' }, 'Log in');
  const form = h('form', { class: 'login', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, 'jxen'),
    h('p', {}, 'Log in with a jxend user (jxend --add-user adds one).'),
    field('User', user), field('Password', password), error, submit);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    submit.disabled = true;
    error.textContent = '';
    try {
      await api.login(user.value, password.value);
      begin();
    } catch (e) {
      error.textContent = describe(e);
      password.select();
    } finally {
      submit.disabled = false;
    }
  });
  document.title = 'Log in · jxen';
  fill(root, h('main', { id: 'view', class: 'login-page' }, form));
  (user.value ? password : user).focus();
}

function begin() {
  const cache = new Cache(api);
  const metrics = new Metrics(api);
  const tasks = new Tasks(api, cache, notices);
  const main = h('main', { id: 'view', tabindex: '-1' });
  const hostName = h('span', { class: 'host-name' });
  const taskCount = h('span', { class: 'badge', 'aria-label': 'tasks running' });
  const links = ROUTES.filter(r => r.nav).map(r => {
    const href = `#/${r.path.source.slice(1, -1)}`;
    return h('a', { href, 'data-route': href }, r.nav, r.nav === 'Tasks' ? taskCount : null);
  });
  const header = h('header', { class: 'top' },
    h('a', { class: 'brand', href: '#/host' }, 'jxen'), hostName,
    h('nav', { 'aria-label': 'Main' }, links),
    h('span', { class: 'user' }, api.user ?? ''),
    h('button', { type: 'button', class: 'logout', onclick: logout }, 'Log out'));
  fill(root, header, main);
  session = { cache, metrics, tasks, main, view: null, header: { hostName, taskCount, links } };
  cache.subscribe(changed => {
    if (changed.has('host') || changed.has('task')) updateHeader();
  });
  cache.start();
  metrics.start();
  if (!location.hash || location.hash === '#/') location.hash = '#/vms';
  route();
}

function updateHeader() {
  const { cache, header } = session;
  const host = [...cache.all('host').values()][0];
  header.hostName.textContent = host ? host.name_label : '';
  const pending = [...cache.all('task').values()].filter(t => t.status === 'pending').length;
  header.taskCount.textContent = pending ? String(pending) : '';
}

async function logout() {
  end();
  await api.logout();
  showLogin('You have logged out.');
}

function end() {
  if (!session) return;
  session.view?.close?.();
  session.cache.stop();
  session.metrics.stop();
  session = null;
}

async function route() {
  if (!session) return;
  const path = location.hash.replace(/^#\/?/, '');
  const match = ROUTES.map(r => ({ r, m: r.path.exec(path) })).find(x => x.m);
  session.view?.close?.();
  session.view = null;
  for (const a of session.header.links) {
    if (a.dataset.route === `#/${path}`) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const main = session.main;
  if (!match) {
    fill(main, h('h1', {}, 'Not found'), h('p', {}, 'No page here. ', h('a', { href: '#/vms' }, 'See the VMs.')));
    return;
  }
  fill(main, h('p', { class: 'loading' }, 'Loading…'));
  const current = session;
  await current.cache.ready;
  if (session !== current) return;
  const view = match.r.view({ api, cache: current.cache, metrics: current.metrics, tasks: current.tasks, notices }, ...match.m.slice(1));
  session.view = view;
  fill(main, view.el);
  document.title = `${view.title} · jxen`;
  main.querySelector('h1')?.setAttribute('tabindex', '-1');
  if (document.activeElement === document.body || !main.contains(document.activeElement)) {
    main.querySelector('h1')?.focus({ preventScroll: true });
  }
  updateHeader();
}

window.addEventListener('hashchange', route);
if (api.session) begin(); else showLogin();
