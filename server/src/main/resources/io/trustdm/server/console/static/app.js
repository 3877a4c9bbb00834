// Entry point: picks the token up from #token=... once, then routes #/section/... to a view.
import { token, setToken, clearToken } from './api.js';
import { loginView, devicesView, deviceView, jobsView, jobView, alertsView, bootstrapView, auditView } from './views.js';

const view = document.getElementById('view');
const logout = document.getElementById('logout');
let cleanups = [];

function leave(fn) {
  cleanups.push(fn);
}

function takeTokenFromFragment() {
  const m = /^#token=([A-Za-z0-9_-]{32,})$/.exec(location.hash);
  if (m) {
    setToken(m[1]);
    // drop the token from the address bar and the history
    history.replaceState(null, '', `${location.pathname}#/devices`);
  }
}

function route() {
  cleanups.forEach((fn) => fn());
  cleanups = [];
  takeTokenFromFragment();
  if (!token()) {
    logout.hidden = true;
    markNav('');
    loginView(view, () => { if (location.hash === '#/devices') route(); else location.hash = '#/devices'; });
    return;
  }
  logout.hidden = false;
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  const [section, id] = parts;
  markNav(section || 'devices');
  switch (section) {
    case 'devices': return id ? deviceView(view, leave, id) : devicesView(view, leave);
    case 'jobs': return id ? jobView(view, leave, id) : jobsView(view, leave);
    case 'alerts': return alertsView(view);
    case 'bootstrap': return bootstrapView(view);
    case 'audit': return auditView(view);
    default: location.hash = '#/devices';
  }
}

function markNav(section) {
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.section === section) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

logout.addEventListener('click', () => { clearToken(); route(); });
window.addEventListener('trustdm:unauthorized', () => { clearToken(); route(); });
window.addEventListener('hashchange', route);
route();
