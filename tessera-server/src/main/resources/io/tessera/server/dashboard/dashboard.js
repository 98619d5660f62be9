// Tessera live dashboard: plain JS over the REST API (no build step, ECharts from its WebJar).
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  let key = sessionStorage.getItem('tessera.key');
  let feedAfter = 0;
  let feedTimer = null;
  let feedSource = null;
  let feedRetry = null;
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
    stopFeed();
    if (page === 'overview') overview();
    if (page === 'segment') segmentPage();
    if (page === 'feed') startFeed();
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
      showScores(c);
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

  function fmt(v) { return typeof v === 'number' ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(3)) : text(v); }

  // the last batch run's scores (with the run and its date) and the lifetime value computed now
  function showScores(c) {
    const body = $('customer-scores').tBodies[0];
    body.replaceChildren();
    const reasons = $('customer-reasons');
    reasons.replaceChildren();
    const b = c.scores;
    const l = c.live_scores;
    const from = b ? 'run ' + b.run_id + ' (data to ' + b.scored_as_of + ')' : '';
    const row = (name, value, source) => { const tr = document.createElement('tr'); cell(tr, name); cell(tr, fmt(value)); cell(tr, source); body.appendChild(tr); };
    if (!b) $('customer-scores-source').textContent = 'No batch run has scored customers yet (start one: POST /api/v1/runs).';
    else if (!b.scored) $('customer-scores-source').textContent = b.message;
    else $('customer-scores-source').textContent = 'Batch scores of ' + from + ', loaded ' + b.loaded_at;
    if (b && b.scored) {
      row('Churn probability', b.churn.probability, from + (b.churn.model ? ', ' + b.churn.model : ''));
      row('Buys in 30 days', b.next_purchase.p_purchase_30d, from + (b.next_purchase.band ? ', ' + b.next_purchase.band : ''));
      row('P(alive)', b.lifetime_value.p_alive, from);
      row('Expected purchases (90 d)', b.lifetime_value.expected_purchases_90d, from);
      row('CLV (365 d)', b.lifetime_value.clv_365d, from);
      for (const r of b.churn.reasons || []) { const li = document.createElement('li'); li.textContent = 'churn: ' + r; reasons.appendChild(li); }
      for (const r of b.cluster_reasons || []) { const li = document.createElement('li'); li.textContent = 'cluster: ' + r; reasons.appendChild(li); }
    }
    if (l && l.clv_365d !== undefined) {
      const now = 'live, ' + l.as_of + ' (model of run ' + l.model_run_id + ')';
      row('P(alive)', l.p_alive, now);
      row('Expected purchases (90 d)', l.expected_purchases_90d, now);
      row('CLV (365 d)', l.clv_365d, now);
    } else if (l) {
      row('CLV (365 d)', null, 'live: ' + l.message);
    }
  }

  function addChange(ch) {
    if (ch.seq <= feedAfter) return;
    const body = $('feed').tBodies[0];
    const tr = document.createElement('tr'); tr.className = ch.change;
    cell(tr, ch.seq); cell(tr, ch.at); cell(tr, ch.customer_id); cell(tr, ch.segment_id); cell(tr, ch.change); cell(tr, ch.cause_event_id);
    body.insertBefore(tr, body.firstChild);
    feedAfter = ch.seq;
  }

  function stopFeed() {
    if (feedTimer) { clearInterval(feedTimer); feedTimer = null; }
    if (feedRetry) { clearTimeout(feedRetry); feedRetry = null; }
    if (feedSource) { feedSource.close(); feedSource = null; }
  }

  // pushed changes (server-sent events) with a short-lived token, as EventSource cannot send the
  // key header; polling when the stream cannot be opened
  async function startFeed() {
    stopFeed();
    if (!window.EventSource) { startPolling('polling (this browser has no EventSource)'); return; }
    try {
      const t = await api('POST', '/api/v1/stream-tokens');
      if ($('page-feed').hidden) return;
      const src = new EventSource(t.stream + '&after=' + feedAfter);
      feedSource = src;
      src.addEventListener('open', () => {
        if (feedTimer) { clearInterval(feedTimer); feedTimer = null; }
        $('feed-mode').textContent = 'pushed (server-sent events)';
        $('feed-error').textContent = '';
      });
      src.addEventListener('change', (e) => addChange(JSON.parse(e.data)));
      src.addEventListener('lagged', () => { src.close(); feedRetry = setTimeout(startFeed, 500); });
      src.onerror = () => {
        // the token may have expired before a reconnect: a new stream with a new token
        src.close();
        if (feedSource !== src) return;
        feedSource = null;
        startPolling('polling (the stream closed; trying it again in 10 s)');
        feedRetry = setTimeout(startFeed, 10000);
      };
    } catch (e) {
      startPolling('polling (' + e.message + ')');
    }
  }

  function startPolling(why) {
    $('feed-mode').textContent = why;
    if (!feedTimer) { pollFeed(); feedTimer = setInterval(pollFeed, 1000); }
  }

  async function pollFeed() {
    try {
      const data = await api('GET', '/api/v1/changes?limit=200&after=' + feedAfter);
      for (const ch of data.changes) addChange(ch);
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
