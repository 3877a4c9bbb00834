// One function per page. Each renders into `view` and registers its timers with `leave` so they stop on navigation.
import { api, download, seg, setToken, clearToken } from './api.js';
import { h, replace, when, table, empty, failure, statusBadge } from './dom.js';

/** Wake job states after which nothing changes (NotificationService.State#isFinal). */
const WAKE_FINAL = ['ANSWERED', 'TIMED_OUT', 'FAILED'];

const OPS = ['Get', 'Replace', 'Add', 'Delete', 'Exec'];
const FORMATS = ['chr', 'int', 'bool', 'bin', 'b64', 'node', 'xml', 'float', 'date', 'time'];

function loading() {
  return h('p', { class: 'loading' }, 'Loading…');
}

// ---------------------------------------------------------------- login

export function loginView(view, onLogin) {
  const input = h('input', { id: 'token-input', type: 'password', autocomplete: 'off', required: true,
    placeholder: 'API token', 'aria-label': 'API token' });
  const msg = h('div', { id: 'login-message' });
  const form = h('form', { id: 'login-form', class: 'card narrow' },
    h('h1', {}, 'Sign in'),
    h('p', {}, 'Paste the API token the server printed at its first start (it is also in the data directory, file ',
      h('code', {}, 'api-token'), '). It stays in this tab only.'),
    input, h('button', { id: 'login-button', type: 'submit' }, 'Sign in'), msg);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setToken(input.value.trim());
    replace(msg, loading());
    try {
      await api('/devices?limit=1', { quiet401: true });
      onLogin();
    } catch (err) {
      clearToken();
      replace(msg, failure(err.status === 401 ? { title: 'Wrong token', detail: 'The server did not accept it.' } : err));
    }
  });
  replace(view, form);
  input.focus();
}

// ---------------------------------------------------------------- devices

export function devicesView(view, leave) {
  const PAGE = 25;
  let offset = 0;
  const search = h('input', { id: 'device-search', type: 'search', placeholder: 'Search identity, manufacturer, model',
    'aria-label': 'Search devices' });
  const body = h('div', { id: 'devices-body' }, loading());
  const pager = h('div', { class: 'pager' });
  async function load() {
    try {
      const page = await api(`/devices?limit=${PAGE}&offset=${offset}&search=${encodeURIComponent(search.value)}`);
      if (page.total === 0) {
        replace(body, empty(search.value
          ? `No device matches “${search.value}”.`
          : 'No devices yet. Prepare a bootstrap on the Bootstrap page, or register one with POST /api/v1/devices.'));
      } else {
        replace(body, table('devices-table', ['Device', 'Manufacturer', 'Model', 'Last session', 'Outcome', 'Queued jobs'],
          page.items.map((d) => [
            h('a', { href: `#/devices/${seg(d.deviceId)}`, class: 'device-link' }, d.deviceId),
            d.manufacturer || '—', d.model || '—', when(d.lastSession),
            d.lastOutcome ? h('span', { class: `badge ${d.lastOutcome === 'COMPLETED' ? 'ok' : 'bad'}` }, d.lastOutcome)
              : h('span', { class: 'badge pending' }, 'never'),
            String(d.queuedJobs)]),
          (i) => ({ 'data-device-id': page.items[i].deviceId })));
      }
      replace(pager,
        h('button', { type: 'button', disabled: offset === 0, onclick: () => { offset = Math.max(0, offset - PAGE); load(); } }, '‹ Previous'),
        h('span', {}, page.total === 0 ? '' : `${offset + 1}–${Math.min(offset + PAGE, page.total)} of ${page.total}`),
        h('button', { type: 'button', disabled: offset + PAGE >= page.total, onclick: () => { offset += PAGE; load(); } }, 'Next ›'));
    } catch (err) {
      replace(body, failure(err));
    }
  }
  let debounce;
  search.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => { offset = 0; load(); }, 250);
  });
  leave(() => clearTimeout(debounce));
  replace(view, h('h1', {}, 'Devices'), h('div', { class: 'toolbar' }, search), body, pager);
  load();
}

// ---------------------------------------------------------------- one device

export function deviceView(view, leave, deviceId) {
  const details = h('section', { id: 'device-details', class: 'card' }, loading());
  const tree = h('ul', { id: 'tree', class: 'tree', role: 'tree' });
  const props = h('div', { id: 'node-props', class: 'node-props', hidden: true });
  const treeBox = h('section', { class: 'card' }, h('h2', {}, 'Management tree (values read so far)'),
    h('p', { class: 'hint' }, 'Expand a node to see what the server has read; “Read from device” queues a Get for what it has not.'),
    tree, props);
  const jobBox = h('section', { class: 'card' }, h('h2', {}, 'New job'));
  const jobsBox = h('section', { class: 'card' }, h('h2', {}, 'Jobs of this device'), h('div', { id: 'device-jobs' }, loading()));
  replace(view, h('p', {}, h('a', { href: '#/devices' }, '‹ All devices')),
    h('h1', { id: 'device-title' }, deviceId), h('div', { class: 'grid' }, details, treeBox, jobBox, jobsBox));

  const timers = [];
  leave(() => timers.forEach(clearInterval));

  loadDetails();
  expand(tree, '.');
  jobForm();
  loadJobs();

  async function loadDetails() {
    try {
      const d = await api(`/devices/${seg(deviceId)}`);
      const info = Object.entries(d.devInfo).sort();
      const a = d.auth;
      const wakeMsg = h('div', { id: 'wake-result' });
      replace(details, h('h2', {}, 'Device'),
        h('dl', { class: 'facts' },
          h('dt', {}, 'Last session'), h('dd', {}, when(d.lastSession), ' ', d.lastOutcome ? h('span', { class: 'badge' }, d.lastOutcome) : ''),
          h('dt', {}, 'Sessions'), h('dd', {}, String(d.sessions)),
          h('dt', {}, 'Queued jobs'), h('dd', {}, String(d.queuedJobs)),
          info.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
          a ? [h('dt', {}, 'Device auth'), h('dd', { id: 'auth-scheme' }, `${a.authScheme}${a.certificateRequired ? ' + client certificate' : ''}`),
            h('dt', {}, 'Device name'), h('dd', {}, a.username || '—', a.clientSecretSet ? ' (secret set)' : ''),
            h('dt', {}, 'Server name'), h('dd', {}, a.serverUsername || '—', a.serverSecretSet ? ' (secret set)' : '')]
            : [h('dt', {}, 'Auth'), h('dd', {}, 'no account')]),
        h('div', { class: 'actions' },
          h('button', { type: 'button', id: 'wake-button', onclick: wake }, 'Wake (send notification)'),
          h('button', { type: 'button', class: 'danger', onclick: remove }, 'Delete device')),
        wakeMsg);
      async function wake() {
        replace(wakeMsg, loading());
        try {
          const w = await api(`/devices/${seg(deviceId)}/wake`, { method: 'POST' });
          showWake(w);
          if (WAKE_FINAL.includes(w.state)) return;
          // follow the wake job until the device answers, it times out or the push fails
          const t = setInterval(async () => {
            try {
              const now = await api(`/wakes/${seg(w.wakeId)}`);
              showWake(now);
              if (WAKE_FINAL.includes(now.state)) clearInterval(t);
            } catch (err) { clearInterval(t); replace(wakeMsg, failure(err)); }
          }, 1000);
          timers.push(t);
        } catch (err) { replace(wakeMsg, failure(err)); }
      }
      /** Says what became of the wake, in the operator's words; a refused or unanswered push is never "sent". */
      function showWake(w) {
        const attempts = `${w.attempts} notification${w.attempts === 1 ? '' : 's'}`;
        const says = {
          SCHEDULED: [`Wake ${w.wakeId}: waiting to send the notification${w.lastResult ? ` (${w.lastResult})` : ''}.`, 'pending'],
          SENDING: [`Wake ${w.wakeId}: sending the notification…`, 'pending'],
          AWAITING_ANSWER: [`Notification sent (SessionID ${w.sessionId}); waiting for the device to open its session.`, 'pending'],
          ANSWERED: [`The device answered: session ${w.sessionId} started.`, 'ok'],
          TIMED_OUT: [`No answer from the device after ${attempts}.`, 'bad'],
          FAILED: [`The notification could not be sent: ${w.lastResult || 'refused'}.`, 'bad'],
        }[w.state] || [`Wake ${w.wakeId}: ${w.state}`, 'pending'];
        replace(wakeMsg, h('p', { class: `wake-state ${says[1]}`, 'data-state': w.state }, says[0]));
      }
      async function remove() {
        if (!window.confirm(`Delete ${deviceId}, its account and its queued jobs?`)) return;
        try { await api(`/devices/${seg(deviceId)}`, { method: 'DELETE' }); location.hash = '#/devices'; } catch (err) { replace(wakeMsg, failure(err)); }
      }
    } catch (err) {
      replace(details, failure(err));
    }
  }

  // The server knows only what it has read from the device. A node whose children or value have not been read yet
  // offers "Read from device": it queues a Get job (an interior node answers with its child names) and, once the
  // device's next session has delivered it, shows the level again. Nothing is read behind the operator's back.
  async function expand(ul, path) {
    replace(ul, h('li', { class: 'loading' }, 'Loading…'));
    let level;
    try {
      level = await api(`/devices/${seg(deviceId)}/tree?path=${encodeURIComponent(path)}`);
    } catch (err) {
      if (err.status === 404) {
        replace(ul, h('li', { class: 'unread' }, h('span', { class: 'empty' }, 'Not read yet. '), readButton(path, ul)));
      } else {
        replace(ul, h('li', {}, failure(err)));
      }
      return;
    }
    if (level.children.length === 0) {
      replace(ul, h('li', { class: 'unread' },
        h('span', { class: 'empty' }, path === '.' ? 'Nothing read yet: wait for the device’s first session, or ' : 'No children read. '),
        readButton(path, ul)));
      return;
    }
    replace(ul, level.children.map((n) => node(n)),
      h('li', { class: 'reread' }, readButton(path, ul, path === '.' ? 'Read the top level from device' : 'Read this level again')));
  }

  /** A button that queues a Get on `path` and re-expands `ul` when the job completes. */
  function readButton(path, ul, label = 'Read from device') {
    const status = h('span', { class: 'read-status', 'aria-live': 'polite' });
    const b = h('button', { type: 'button', class: 'read-node', 'data-path': path }, label);
    b.addEventListener('click', async () => {
      b.disabled = true;
      replace(status, ' queuing a Get…');
      try {
        const job = await api(`/devices/${seg(deviceId)}/jobs`, { method: 'POST', body: { operations: [{ op: 'Get', target: path }] } });
        replace(status, ' Get ', h('a', { href: `#/jobs/${seg(job.jobId)}` }, job.jobId), ' queued — delivered in the device’s next session');
        loadJobs();
        const t = setInterval(async () => {
          try {
            const j = await api(`/jobs/${seg(job.jobId)}`);
            if (j.state !== 'COMPLETED' && j.state !== 'OUTCOME_UNKNOWN') return;
            clearInterval(t);
            const code = j.outcomes.length ? j.outcomes[0].status : -1;
            if (code >= 200 && code < 300) {
              if (ul) expand(ul, path);
              await refreshNode(path);
              replace(status, ' read ', statusBadge(code));
            } else {
              b.disabled = false;
              replace(status, ' the device answered ', statusBadge(code));
            }
            loadJobs();
          } catch (err) { clearInterval(t); replace(status, failure(err)); b.disabled = false; }
        }, 1000);
        timers.push(t);
      } catch (err) {
        b.disabled = false;
        replace(status, failure(err));
      }
    });
    return h('span', { class: 'read-action' }, b, status);
  }

  /** Redraws one node's line (its value or child list may have been read meanwhile). */
  async function refreshNode(path) {
    const li = tree.querySelector(`li[data-path="${CSS.escape(path)}"]`);
    if (!li || path === '.') return;
    const parent = path.substring(0, path.lastIndexOf('/')) || '.';
    try {
      const level = await api(`/devices/${seg(deviceId)}/tree?path=${encodeURIComponent(parent)}`);
      const n = level.children.find((c) => c.path === path);
      if (!n) return;
      const fresh = node(n);
      const oldKids = li.querySelector(':scope > ul');
      const newKids = fresh.querySelector(':scope > ul');
      if (oldKids && newKids && !oldKids.hidden) {
        newKids.replaceWith(oldKids);
        const tg = fresh.querySelector(':scope > .expander');
        tg.setAttribute('aria-expanded', 'true');
        tg.textContent = '▾';
      }
      li.replaceWith(fresh);
    } catch { /* the level view already shows errors */ }
  }

  function showProperties(n) {
    replace(props,
      h('h3', {}, 'Node properties'),
      h('dl', { class: 'facts' },
        h('dt', {}, 'Path'), h('dd', {}, h('code', {}, n.path)),
        h('dt', {}, 'Kind'), h('dd', {}, n.hasChildren || n.format === 'node' ? 'interior node' : n.read ? 'leaf' : 'not read yet'),
        h('dt', {}, 'Format'), h('dd', { 'data-prop': 'format' }, n.format || '—'),
        h('dt', {}, 'Value'), h('dd', { 'data-prop': 'value' }, n.format === 'node' || n.value === undefined || n.value === null ? '—' : h('span', { class: 'node-value' }, n.value)),
        h('dt', {}, 'Read'), h('dd', {}, n.readAt ? when(n.readAt) : 'never')),
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: () => { const t = document.getElementById('job-target'); if (t) { t.value = n.path; t.focus(); } } }, 'Use as job target'),
        n.hasChildren ? null : readButton(n.path, null, n.read ? 'Read again' : 'Read from device')));
    props.hidden = false;
  }

  function node(n) {
    const li = h('li', { role: 'treeitem', 'data-path': n.path, 'data-read': String(n.read) });
    const label = h('button', { type: 'button', class: 'node-name', title: 'Show properties; use as job target',
      onclick: () => { showProperties(n); const t = document.getElementById('job-target'); if (t) t.value = n.path; } }, n.name);
    // an interior node, or a listed name not read yet (it may be interior): both can be expanded
    if (n.hasChildren || !n.read) {
      const children = h('ul', { role: 'group', hidden: true });
      const toggle = h('button', { type: 'button', class: 'expander', 'aria-expanded': 'false', 'aria-label': `Expand ${n.path}` }, '▸');
      toggle.addEventListener('click', () => {
        const open = toggle.getAttribute('aria-expanded') === 'true';
        toggle.setAttribute('aria-expanded', String(!open));
        toggle.textContent = open ? '▸' : '▾';
        children.hidden = open;
        if (!open) expand(children, n.path);
      });
      li.append(toggle, label);
      if (!n.read) li.append(h('span', { class: 'node-meta' }, 'not read yet'));
      li.append(children);
    } else {
      li.append(h('span', { class: 'leaf' }, '•'), label,
        h('span', { class: 'node-value' }, n.value ?? ''),
        h('span', { class: 'node-meta' }, `${n.format || ''} · read ${when(n.readAt)}`));
    }
    return li;
  }

  function jobForm() {
    const op = h('select', { id: 'job-op', 'aria-label': 'Operation' }, OPS.map((o) => h('option', { value: o }, o)));
    const target = h('input', { id: 'job-target', required: true, placeholder: './DevInfo/Mod', 'aria-label': 'Target URI' });
    const data = h('input', { id: 'job-data', placeholder: 'value', 'aria-label': 'Data' });
    const format = h('select', { id: 'job-format', 'aria-label': 'Format' }, FORMATS.map((f) => h('option', { value: f }, f)));
    const result = h('div', { id: 'job-result', 'aria-live': 'polite' });
    const dataRow = h('div', { class: 'row' }, h('label', { for: 'job-data' }, 'Data'), data, format);
    const sync = () => { dataRow.hidden = !['Replace', 'Add', 'Exec'].includes(op.value); };
    op.addEventListener('change', sync);
    sync();
    const form = h('form', { id: 'job-form' },
      h('div', { class: 'row' }, h('label', { for: 'job-op' }, 'Operation'), op),
      h('div', { class: 'row' }, h('label', { for: 'job-target' }, 'Target'), target),
      dataRow,
      h('button', { id: 'job-submit', type: 'submit' }, 'Queue job'), result);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const spec = { op: op.value, target: target.value.trim() };
      if (!dataRow.hidden && data.value !== '') { spec.data = data.value; spec.format = format.value; }
      if (op.value === 'Replace' && spec.data === undefined) { spec.data = ''; spec.format = format.value; }
      replace(result, loading());
      try {
        const job = await api(`/devices/${seg(deviceId)}/jobs`, { method: 'POST', body: { operations: [spec] } });
        follow(job.jobId, result);
        loadJobs();
      } catch (err) {
        replace(result, failure(err));
      }
    });
    jobBox.append(form);
  }

  function follow(jobId, box) {
    const render = (job) => replace(box, jobSummary(job));
    let t;
    const tick = async () => {
      try {
        const job = await api(`/jobs/${seg(jobId)}`);
        render(job);
        if (job.state === 'COMPLETED') {
          clearInterval(t);
          loadJobs();
          loadDetails();
          expand(tree, '.');
        }
      } catch (err) { replace(box, failure(err)); clearInterval(t); }
    };
    t = setInterval(tick, 1000);
    timers.push(t);
    tick();
  }

  async function loadJobs() {
    const box = document.getElementById('device-jobs');
    try {
      const jobs = await api(`/jobs?deviceId=${encodeURIComponent(deviceId)}`);
      replace(box, jobs.length === 0 ? empty('No jobs for this device yet.') : jobsTable(jobs.slice(0, 20), 'device-jobs-table', false));
    } catch (err) { if (box) replace(box, failure(err)); }
  }
}

function describe(op) {
  if (op.operations && op.operations.length) return `${op.op} [${op.operations.map(describe).join(', ')}]`;
  return `${op.op} ${op.target || ''}${op.data !== undefined && op.data !== null ? ` = ${op.data}` : ''}`;
}

function jobSummary(job) {
  return h('div', { class: 'job', 'data-job-id': job.jobId, 'data-state': job.state },
    h('p', {}, h('a', { href: `#/jobs/${seg(job.jobId)}` }, job.jobId), ' ',
      h('span', { class: `badge ${job.state === 'COMPLETED' ? (job.succeeded ? 'ok' : 'bad') : 'pending'}`, 'data-role': 'state' },
        job.state === 'COMPLETED' ? (job.succeeded ? 'succeeded' : 'failed') : job.state.toLowerCase()),
      job.state !== 'COMPLETED' ? ' — delivered in the device’s next session' : ''),
    job.outcomes.length === 0 ? null : h('ol', { class: 'outcomes' }, job.outcomes.map((o, i) =>
      h('li', { 'data-index': i }, statusBadge(o.status), ' ', describe(job.operations[i] || { op: o.command }),
        o.results.length === 0 ? null : h('ul', { class: 'results' }, o.results.map((r) =>
          h('li', {}, h('code', {}, r.path || ''), ' = ', h('span', { class: 'node-value' }, r.value ?? ''))))))));
}

function jobsTable(jobs, id, withDevice = true) {
  const headers = ['Job', 'Device', 'Operations', 'State', 'Created', 'Completed'].filter((x) => withDevice || x !== 'Device');
  return table(id, headers,
    jobs.map((j) => [
      h('a', { href: `#/jobs/${seg(j.jobId)}` }, j.jobId),
      withDevice ? h('a', { href: `#/devices/${seg(j.deviceId)}` }, j.deviceId) : null,
      j.operations.map(describe).join('; '),
      h('span', { class: `badge ${j.state === 'COMPLETED' ? (j.succeeded ? 'ok' : 'bad') : 'pending'}` },
        j.state === 'COMPLETED' ? (j.succeeded ? 'succeeded' : 'failed') : j.state.toLowerCase()),
      when(j.created), when(j.completed)].filter((c) => c !== null)),
    (i) => ({ 'data-job-id': jobs[i].jobId, 'data-state': jobs[i].state }));
}

// ---------------------------------------------------------------- jobs

export function jobsView(view, leave) {
  const state = h('select', { id: 'jobs-state', 'aria-label': 'State' },
    h('option', { value: '' }, 'any state'), ['QUEUED', 'DELIVERING', 'COMPLETED'].map((s) => h('option', { value: s }, s.toLowerCase())));
  const body = h('div', { id: 'jobs-body' }, loading());
  async function load() {
    try {
      const jobs = await api(`/jobs${state.value ? `?state=${state.value}` : ''}`);
      replace(body, jobs.length === 0 ? empty('No jobs. Queue one from a device’s page.') : jobsTable(jobs, 'jobs-table'));
    } catch (err) { replace(body, failure(err)); }
  }
  state.addEventListener('change', load);
  const t = setInterval(load, 3000);
  leave(() => clearInterval(t));
  replace(view, h('h1', {}, 'Jobs'), h('div', { class: 'toolbar' }, h('label', { for: 'jobs-state' }, 'Show '), state), body);
  load();
}

export function jobView(view, leave, jobId) {
  const body = h('div', { id: 'job-body' }, loading());
  replace(view, h('p', {}, h('a', { href: '#/jobs' }, '‹ All jobs')), h('h1', {}, jobId), body);
  let t;
  const tick = async () => {
    try {
      const job = await api(`/jobs/${seg(jobId)}`);
      replace(body, h('section', { class: 'card' },
        h('p', {}, 'Device ', h('a', { href: `#/devices/${seg(job.deviceId)}` }, job.deviceId),
          ` · created ${when(job.created)} · completed ${when(job.completed)}`),
        jobSummary(job),
        job.outcomes.length === 0 ? h('ol', {}, job.operations.map((o) => h('li', {}, describe(o)))) : null));
      if (job.state === 'COMPLETED') clearInterval(t);
    } catch (err) { replace(body, failure(err)); clearInterval(t); }
  };
  t = setInterval(tick, 1500);
  leave(() => clearInterval(t));
  tick();
}

// ---------------------------------------------------------------- alerts

export async function alertsView(view) {
  const body = h('div', { id: 'alerts-body' }, loading());
  replace(view, h('h1', {}, 'Alerts'), h('p', { class: 'hint' }, 'Generic Alerts (1226) and Client Events (1224), newest first.'), body);
  try {
    const alerts = await api('/alerts');
    replace(body, alerts.length === 0 ? empty('No alerts received yet.') : table('alerts-table',
      ['Received', 'Device', 'Code', 'Correlator', 'Job', 'Items'],
      alerts.map((a) => [when(a.received), h('a', { href: `#/devices/${seg(a.deviceId)}` }, a.deviceId), String(a.code),
        a.correlator || '—', a.jobId ? h('a', { href: `#/jobs/${seg(a.jobId)}` }, a.jobId) : '—',
        a.items.map((i) => `${i.path || ''} ${i.type ? `(${i.type})` : ''} = ${i.value ?? ''}`).join('; ')])));
  } catch (err) { replace(body, failure(err)); }
}

// ---------------------------------------------------------------- bootstrap

export function bootstrapView(view) {
  const device = h('input', { id: 'bootstrap-device', required: true, placeholder: 'IMEI:356938035643809', 'aria-label': 'Device identity' });
  const profile = h('select', { id: 'bootstrap-profile', 'aria-label': 'Profile' },
    h('option', { value: 'PLAIN' }, 'Plain (WBXML DM package)'), h('option', { value: 'CP' }, 'CP (w7 provisioning document)'));
  const result = h('div', { id: 'bootstrap-result', 'aria-live': 'polite' });
  const form = h('form', { id: 'bootstrap-form', class: 'card' },
    h('h2', {}, 'Prepare a bootstrap'),
    h('p', {}, 'Creates fresh credentials for the device and keeps its bootstrap ready. The server hands it out only over a Secure Transport: ',
      'the HTTPS bootstrap endpoint with a client certificate whose CN is the device identity, or a smartcard personalised with the image below. ',
      'Its content is never shown here.'),
    h('div', { class: 'row' }, h('label', { for: 'bootstrap-device' }, 'Device'), device),
    h('div', { class: 'row' }, h('label', { for: 'bootstrap-profile' }, 'Profile'), profile),
    h('button', { id: 'bootstrap-submit', type: 'submit' }, 'Prepare bootstrap'), result);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    replace(result, loading());
    try {
      const b = await api(`/devices/${seg(device.value.trim())}/bootstrap`, { method: 'POST', body: { profile: profile.value } });
      cardDevice.value = b.deviceId;
      replace(result, h('div', { class: 'ok-box' },
        h('p', {}, `Bootstrap ready for ${b.deviceId}: ${b.profile} profile, ${b.bytes} bytes (${b.contentType}).`),
        h('p', {}, 'The device fetches it from ', h('code', {}, b.fetchFrom || '/bootstrap'), ' over mutual TLS, or you export its smartcard image below.'),
        h('p', {}, h('a', { href: `#/devices/${seg(b.deviceId)}` }, 'Open the device'))));
    } catch (err) { replace(result, failure(err)); }
  });

  const cardDevice = h('input', { id: 'card-device', required: true, placeholder: 'IMEI:356938035643809', 'aria-label': 'Device identity for the card image' });
  const cardResult = h('div', { id: 'card-result', 'aria-live': 'polite' });
  const card = h('form', { id: 'card-form', class: 'card' },
    h('h2', {}, 'Smartcard image'),
    h('p', {}, 'Downloads the PKCS#15 card image (ODF, DODF, DM_Bootstrap and Content-Type EFs) of the bootstrap prepared for a device, ',
      'for personalising its SIM/UICC. A smartcard is a Secure Transport.'),
    h('p', { class: 'warning' }, 'The file holds the device’s bootstrap secrets: keep it private and delete it once the card is written. ',
      'Every export is recorded in the security audit with your address.'),
    h('div', { class: 'row' }, h('label', { for: 'card-device' }, 'Device'), cardDevice),
    h('button', { id: 'card-download', type: 'submit' }, 'Download card image'), cardResult);
  card.addEventListener('submit', async (e) => {
    e.preventDefault();
    replace(cardResult, loading());
    try {
      const { blob, filename } = await download(`/devices/${seg(cardDevice.value.trim())}/bootstrap/card-image`);
      const url = URL.createObjectURL(blob);
      const a = h('a', { href: url, download: filename, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      replace(cardResult, h('div', { class: 'ok-box' },
        h('p', {}, `Saved ${filename} (${blob.size} bytes). The export is in the `, h('a', { href: '#/audit' }, 'security audit'), '.')));
    } catch (err) {
      replace(cardResult, failure(err.status === 404
        ? { title: 'No bootstrap prepared', detail: `Prepare a bootstrap for ${cardDevice.value.trim()} first.` } : err));
    }
  });
  replace(view, h('h1', {}, 'Bootstrap'), h('div', { class: 'grid' }, form, card));
}

// ---------------------------------------------------------------- audit

export function auditView(view) {
  const device = h('input', { id: 'audit-device', placeholder: 'any device', 'aria-label': 'Device' });
  const point = h('select', { id: 'audit-point', 'aria-label': 'Decision point' },
    h('option', { value: '' }, 'any decision'), h('option', { value: 'message' }, 'messages'),
    h('option', { value: 'bootstrap' }, 'bootstraps'), h('option', { value: 'bootstrap.export' }, 'card image exports'),
    h('option', { value: 'notification' }, 'notifications'));
  const verdict = h('select', { id: 'audit-verdict', 'aria-label': 'Verdict' },
    h('option', { value: '' }, 'any verdict'), ['ACCEPT', 'CHALLENGE', 'TERMINATE', 'REFUSE'].map((v) => h('option', { value: v }, v.toLowerCase())));
  const since = h('input', { id: 'audit-since', type: 'datetime-local', 'aria-label': 'Since', title: 'Since' });
  const until = h('input', { id: 'audit-until', type: 'datetime-local', 'aria-label': 'Until', title: 'Until' });
  const body = h('div', { id: 'audit-body' }, loading());
  async function load() {
    const q = new URLSearchParams();
    if (device.value.trim()) q.set('deviceId', device.value.trim());
    if (point.value) q.set('decisionPoint', point.value);
    if (verdict.value) q.set('verdict', verdict.value);
    if (since.value) q.set('since', new Date(since.value).toISOString());
    if (until.value) q.set('until', new Date(until.value).toISOString());
    replace(body, loading());
    try {
      const events = await api(`/audit?${q}`);
      replace(body, events.length === 0 ? empty('No security decisions match these filters.') : table('audit-table',
        ['At', 'Decision', 'Subject', 'Channel', 'Verdict', 'DM status', 'Reason'],
        events.map((e) => [when(e.at), e.decisionPoint, e.subject, e.channel,
          h('span', { class: `badge ${e.verdict === 'ACCEPT' ? 'ok' : 'bad'}` }, e.verdict),
          e.dmStatus === undefined || e.dmStatus === null ? '—' : String(e.dmStatus), e.reason]),
        (i) => ({ 'data-verdict': events[i].verdict, 'data-point': events[i].decisionPoint })));
    } catch (err) { replace(body, failure(err)); }
  }
  const form = h('form', { id: 'audit-filters', class: 'toolbar' }, device, point, verdict,
    h('label', { class: 'inline' }, 'from ', since), h('label', { class: 'inline' }, 'to ', until),
    h('button', { id: 'audit-apply', type: 'submit' }, 'Filter'));
  form.addEventListener('submit', (e) => { e.preventDefault(); load(); });
  replace(view, h('h1', {}, 'Security audit'),
    h('p', { class: 'hint' }, 'Every security decision the server made: message authentication, bootstrap delivery, notifications.'),
    form, body);
  load();
}
