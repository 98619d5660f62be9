// Tessera live dashboard: plain JS over the REST API (no build step, ECharts from its WebJar).
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  let key = sessionStorage.getItem('tessera.key');
  let feedAfter = 0;
  let feedTimer = null;
  let membersAfter = null;

  function text(s) { return s === null || s === undefined ? '' : String(s); }
  function cell(row, value) { const td = document.createElement('td'); td.textContent = text(value); row.appendChild(td); return td; }

  async function api(method, path, body) {
    const res = await fetch(path, {
      method,
      headers: { 'Authorization': 'Bearer ' + key, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = res.status === 204 ? null : await res.json();
    if (!res.ok) { const e = new Error(data && data.message ? data.message : 'HTTP ' + res.status); e.data = data; e.status = res.status; throw e; }
    return data;
  }

  function show(page) {
    for (const s of document.querySelectorAll('main > section')) s.hidden = s.id !== 'page-' + page;
    for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', a.id === 'tab-' + page);
    if (feedTimer) { clearInterval(feedTimer); feedTimer = null; }
    if (page === 'overview') overview();
    if (page === 'segment') segmentPage();
    if (page === 'feed') { pollFeed(); feedTimer = setInterval(pollFeed, 1000); }
    if (page === 'rules') listRules();
  }

  async function login() {
    key = $('key').value.trim() || key;
    try {
      const me = await api('GET', '/api/v1/me');
      sessionStorage.setItem('tessera.key', key);
      $('who').textContent = me.name + ' (' + me.role + ')';
      $('nav').hidden = false;
      $('login-error').textContent = '';
      route();
    } catch (e) {
      $('login-error').textContent = 'Sign-in failed: ' + e.message;
    }
  }

  function route() {
    const page = (location.hash || '#overview').substring(1);
    show(['overview', 'segment', 'customer', 'feed', 'rules'].includes(page) ? page : 'overview');
  }

  async function overview() {
    const data = await api('GET', '/api/v1/segments');
    $('overview-summary').textContent = data.customers + ' customers, ' + data.segments.length + ' segments';
    const body = $('segments-table').tBodies[0];
    body.replaceChildren();
    for (const s of data.segments) {
      const tr = document.createElement('tr');
      cell(tr, s.id); cell(tr, s.kind); cell(tr, s.name); cell(tr, s.size); cell(tr, s.expression);
      body.appendChild(tr);
    }
    if (window.echarts) {
      const chart = echarts.init($('overview-chart'));
      chart.setOption({
        tooltip: {}, grid: { left: 160 },
        xAxis: { type: 'value' },
        yAxis: { type: 'category', data: data.segments.map((s) => s.name) },
        series: [{ type: 'bar', data: data.segments.map((s) => s.size) }],
      });
    }
  }

  async function segmentPage() {
    const data = await api('GET', '/api/v1/segments');
    const select = $('segment-id');
    const current = select.value;
    select.replaceChildren();
    for (const s of data.segments) {
      const o = document.createElement('option'); o.value = s.id; o.textContent = s.name + ' (' + s.size + ')';
      select.appendChild(o);
    }
    if (current) select.value = current;
  }

  async function showSegment(more) {
    const id = $('segment-id').value;
    if (!id) return;
    $('segment-error').textContent = '';
    try {
      if (!more) {
        membersAfter = null;
        $('segment-members').replaceChildren();
        const detail = await api('GET', '/api/v1/segments/' + encodeURIComponent(id));
        if (window.echarts) {
          echarts.init($('segment-chart')).setOption({
            tooltip: {}, xAxis: { type: 'category', data: detail.size_by_day.map((d) => d.day) },
            yAxis: { type: 'value' }, series: [{ type: 'line', data: detail.size_by_day.map((d) => d.size) }],
          });
        }
      }
      const page = await api('GET', '/api/v1/segments/' + encodeURIComponent(id) + '/members?limit=50'
        + (membersAfter ? '&after=' + encodeURIComponent(membersAfter) : ''));
      for (const m of page.members) {
        const li = document.createElement('li'); li.textContent = m; $('segment-members').appendChild(li);
      }
      membersAfter = page.next_after;
      $('segment-more').hidden = !membersAfter;
    } catch (e) {
      $('segment-error').textContent = e.message;
    }
  }

  async function lookup() {
    const id = $('customer-id').value.trim();
    $('customer-error').textContent = '';
    $('customer-view').hidden = true;
    try {
      const c = await api('GET', '/api/v1/customers/' + encodeURIComponent(id));
      const segs = $('customer-segments');
      segs.replaceChildren();
      for (const s of c.segments) { const li = document.createElement('li'); li.textContent = s; segs.appendChild(li); }
      $('customer-rfm').textContent = c.rfm ? 'RFM ' + c.rfm.r_score + c.rfm.f_score + c.rfm.m_score + ' (' + c.rfm.segment + ')' : 'No RFM score (no purchase or no model yet)';
      const prof = $('customer-profile').tBodies[0];
      prof.replaceChildren();
      for (const [k, v] of Object.entries(c.profile)) { const tr = document.createElement('tr'); cell(tr, k); cell(tr, v); prof.appendChild(tr); }
      const h = await api('GET', '/api/v1/customers/' + encodeURIComponent(id) + '/history');
      const hist = $('customer-history').tBodies[0];
      hist.replaceChildren();
      for (const ch of h.changes) { const tr = document.createElement('tr'); tr.className = ch.change; cell(tr, ch.at); cell(tr, ch.segment_id); cell(tr, ch.change); cell(tr, ch.cause + (ch.cause_event_id ? ' ' + ch.cause_event_id : '')); hist.appendChild(tr); }
      $('customer-view').hidden = false;
    } catch (e) {
      $('customer-error').textContent = e.message;
    }
  }

  async function pollFeed() {
    try {
      const data = await api('GET', '/api/v1/changes?limit=200&after=' + feedAfter);
      const body = $('feed').tBodies[0];
      for (const ch of data.changes) {
        const tr = document.createElement('tr'); tr.className = ch.change;
        cell(tr, ch.seq); cell(tr, ch.at); cell(tr, ch.customer_id); cell(tr, ch.segment_id); cell(tr, ch.change); cell(tr, ch.cause_event_id);
        body.insertBefore(tr, body.firstChild);
      }
      feedAfter = data.next_after;
      $('feed-error').textContent = '';
    } catch (e) {
      $('feed-error').textContent = e.message;
    }
  }

  async function validateRule() {
    const r = await api('POST', '/api/v1/rules/validate', { expression: $('rule-expr').value });
    $('rule-message').textContent = r.valid ? 'Valid: ' + r.canonical : r.message;
    $('rule-message').className = r.valid ? '' : 'error';
    return r.valid;
  }

  async function saveRule() {
    try {
      const id = $('rule-id').value.trim();
      const body = { id, name: $('rule-name').value.trim(), expression: $('rule-expr').value };
      const exists = (await api('GET', '/api/v1/rules')).rules.some((r) => r.id === id);
      const r = exists ? await api('PUT', '/api/v1/rules/' + encodeURIComponent(id), body) : await api('POST', '/api/v1/rules', body);
      $('rule-message').textContent = 'Saved ' + r.segment_id + ' (version ' + r.version + ')';
      $('rule-message').className = '';
      listRules();
    } catch (e) {
      $('rule-message').textContent = e.message;
      $('rule-message').className = 'error';
    }
  }

  async function listRules() {
    const data = await api('GET', '/api/v1/rules');
    const body = $('rules-table').tBodies[0];
    body.replaceChildren();
    for (const r of data.rules) {
      const tr = document.createElement('tr');
      cell(tr, r.id); cell(tr, r.name); cell(tr, r.expression); cell(tr, r.version);
      const del = document.createElement('button'); del.textContent = 'Delete';
      del.onclick = async () => { await api('DELETE', '/api/v1/rules/' + encodeURIComponent(r.id)); listRules(); };
      cell(tr, '').appendChild(del);
      body.appendChild(tr);
    }
  }

  $('login').onclick = login;
  $('customer-go').onclick = lookup;
  $('segment-go').onclick = () => showSegment(false);
  $('segment-more').onclick = () => showSegment(true);
  $('rule-validate').onclick = validateRule;
  $('rule-create').onclick = saveRule;
  window.addEventListener('hashchange', () => { if (!$('nav').hidden) route(); });
  if (key) login();
})();
