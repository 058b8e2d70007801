/*
 * The Reprise dashboard: logs in with the admin key (kept in sessionStorage, sent only as a bearer header
 * to this gateway), reads /admin/usage, /admin/usage/similarity and /admin/requests for the chosen range,
 * and draws the panels. Every figure also sits in the DOM as a number (data-value), so tests and scripts
 * can read what a chart shows.
 */
'use strict';
(function () {
  const KEY = 'reprise.adminKey';
  const AUTO = 'reprise.autoRefresh';
  const MINUTE = 60e3;
  const HOUR = 60 * MINUTE;
  const DAY = 24 * HOUR;
  const SPANS = {'1h': HOUR, '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY};
  const UNIT_MS = {minute: MINUTE, hour: HOUR, day: DAY};
  const REFRESH_MS = 30e3;
  const TOP_TENANTS = 10;
  const Charts = window.RepriseCharts;

  const state = {range: '24h', custom: null, timer: null, inFlight: false, refreshes: 0, redraw: []};

  const $ = id => document.querySelector(`[data-testid="${id}"]`);
  const panel = id => ({chart: $(id).querySelector('.chart'), numbers: $(id).querySelector('.numbers')});

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  // --- storage and the API --------------------------------------------------------------------------

  function storedKey() {
    try {
      return sessionStorage.getItem(KEY);
    } catch (e) {
      return null;
    }
  }

  async function api(path, params, key) {
    const query = new URLSearchParams(params || {}).toString();
    const headers = {Accept: 'application/json'};
    if (key) {
      headers.Authorization = 'Bearer ' + key;
    }
    let res;
    try {
      res = await fetch(path + (query ? '?' + query : ''), {headers, cache: 'no-store', credentials: 'omit'});
    } catch (e) {
      throw new ApiError(0, 'network', 'Cannot reach the gateway.');
    }
    let body = null;
    try {
      body = await res.json();
    } catch (e) {
      body = null;
    }
    if (!res.ok) {
      const err = (body && body.error) || {};
      throw new ApiError(res.status, err.code || null, err.message || 'HTTP ' + res.status);
    }
    return body;
  }

  // --- formatting ------------------------------------------------------------------------------------

  function money(v) {
    const n = Number(v) || 0;
    if (n === 0) {
      return '$0';
    }
    if (Math.abs(n) < 5e-7) {
      return n > 0 ? '<$0.000001' : '>-$0.000001';
    }
    const digits = Math.abs(n) < 0.01 ? 6 : Math.abs(n) < 1 ? 4 : 2;
    // Trailing zeros past the cents say nothing: $0.008000 reads as $0.008.
    return '$' + n.toFixed(digits).replace(/(\.\d\d\d*?)0+$/, '$1');
  }

  /** An axis tick: three significant digits are enough to place a bar. */
  const moneyTick = v => '$' + Number((Number(v) || 0).toPrecision(3));
  const count = v => (Number(v) || 0).toLocaleString('en-US');
  const percent = v => (100 * (Number(v) || 0)).toFixed(1) + ' %';
  const ms = v => v == null ? '–' : (Number(v) >= 100 ? Math.round(v) : Number(v).toFixed(1)) + ' ms';
  const iso = t => new Date(t).toISOString();
  const sum = (rows, field) => rows.reduce((acc, r) => acc + (Number(r[field]) || 0), 0);
  const ratio = (a, b) => b > 0 ? a / b : 0;

  function bucketKey(t, unit) {
    const s = iso(t);
    return unit === 'day' ? s.slice(0, 10) : s.slice(0, 19) + 'Z';
  }

  /** The server's group for a time bucket, in the page's own spelling of it. */
  function normalBucket(group, unit) {
    if (unit === 'day') {
      return String(group).slice(0, 10);
    }
    const t = Date.parse(group);
    return Number.isNaN(t) ? String(group) : bucketKey(t, unit);
  }

  function bucketLabel(key, unit, span) {
    if (unit === 'day') {
      return key.slice(5, 10);
    }
    return span > DAY ? key.slice(5, 10) + ' ' + key.slice(11, 16) : key.slice(11, 16);
  }

  function unitFor(span) {
    return span <= 3 * HOUR ? 'minute' : span <= 8 * DAY ? 'hour' : 'day';
  }

  function bucketKeys(from, to, unit) {
    const step = UNIT_MS[unit];
    const keys = [];
    for (let t = Math.floor(from / step) * step; t < to && keys.length < 2000; t += step) {
      keys.push(bucketKey(t, unit));
    }
    return keys;
  }

  /** The buckets to draw: every bucket of the range, plus any the server answered outside it. */
  function mergeKeys(keys, rows, unit) {
    const all = new Set(keys);
    rows.forEach(r => all.add(normalBucket(r.group, unit)));
    return [...all].sort();
  }

  function currentRange() {
    if (state.range === 'custom' && state.custom) {
      return {from: state.custom.from, to: state.custom.to == null ? Date.now() : state.custom.to};
    }
    const to = Date.now();
    return {from: to - SPANS[state.range], to};
  }

  // --- DOM helpers -----------------------------------------------------------------------------------

  function node(tag, attrs, text) {
    const n = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v != null) {
        n.setAttribute(k, String(v));
      }
    }
    if (text != null) {
      n.textContent = text;
    }
    return n;
  }

  /** A table of numbers: head is the column titles, each row {attrs, cells: [{text, value, attrs}]}. */
  function table(head, rows, emptyText) {
    const t = node('table', {class: 'numbers-table'});
    const tr = node('tr');
    head.forEach(h => tr.appendChild(node('th', {scope: 'col'}, h)));
    t.appendChild(node('thead')).appendChild(tr);
    const body = t.appendChild(node('tbody'));
    rows.forEach(row => {
      const r = body.appendChild(node('tr', row.attrs));
      row.cells.forEach((c, i) => {
        const attrs = Object.assign({}, c.attrs, c.value === undefined ? {} : {'data-value': c.value});
        r.appendChild(node(i === 0 ? 'th' : 'td', Object.assign(i === 0 ? {scope: 'row'} : {}, attrs), c.text));
      });
    });
    if (!rows.length) {
      body.appendChild(node('tr')).appendChild(node('td', {colspan: head.length, class: 'empty'}, emptyText || 'No data in this range.'));
    }
    const wrap = node('div', {class: 'table-wrap'});
    wrap.appendChild(t);
    return wrap;
  }

  function setValue(id, value, text) {
    const n = $(id);
    n.setAttribute('data-value', String(value));
    n.textContent = text;
  }

  function draw(fn) {
    state.redraw.push(fn);
    fn();
  }

  function panelError(id, error) {
    const p = panel(id);
    Charts.empty(p.chart, 'Unavailable: ' + error.message);
    p.numbers.replaceChildren();
    $(id).setAttribute('data-state', 'error');
  }

  // --- views -----------------------------------------------------------------------------------------

  function setView(view) {
    document.body.setAttribute('data-view', view);
    $('admin-off').hidden = view !== 'admin-off';
    $('login-form').hidden = view !== 'login';
    $('board').hidden = view !== 'board';
    $('controls').hidden = view !== 'board';
    $('custom-range').hidden = view !== 'board' || state.range !== 'custom';
    if (view === 'login') {
      $('login-key').focus();
    }
    if (view !== 'board') {
      stopTimer();
    } else {
      syncTimer();
    }
  }

  function status(message) {
    const s = $('status');
    s.textContent = message || '';
    s.hidden = !message;
  }

  function loginError(message) {
    const e = $('login-error');
    e.textContent = message || '';
    e.hidden = !message;
  }

  function logout(message) {
    try {
      sessionStorage.removeItem(KEY);
    } catch (e) {
      // nothing stored
    }
    status('');
    loginError(message);
    setView('login');
  }

  // --- login -----------------------------------------------------------------------------------------

  async function login(event) {
    event.preventDefault();
    const key = $('login-key').value.trim();
    if (!key) {
      loginError('Type the admin key.');
      return;
    }
    loginError('');
    $('login-submit').disabled = true;
    try {
      // /admin/deployments is served whenever the admin API is on, so it checks the key without the ledger.
      await api('/admin/deployments', null, key);
    } catch (e) {
      if (e.status === 401) {
        loginError('Wrong admin key: the gateway refused it.');
      } else if (e.status === 403 && e.code === 'admin_disabled') {
        setView('admin-off');
      } else {
        loginError('Cannot log in: ' + e.message);
      }
      return;
    } finally {
      $('login-submit').disabled = false;
    }
    sessionStorage.setItem(KEY, key);
    $('login-key').value = '';
    setView('board');
    refresh();
  }

  // --- refresh ---------------------------------------------------------------------------------------

  async function refresh() {
    const key = storedKey();
    if (!key) {
      setView('login');
      return;
    }
    if (state.inFlight) {
      return;
    }
    state.inFlight = true;
    const range = currentRange();
    const span = range.to - range.from;
    const unit = unitFor(span);
    const p = {from: iso(range.from), to: iso(range.to)};
    const now = Date.now();
    const today = Math.floor(now / DAY) * DAY;
    const calls = {
      overTime: api('/admin/usage', Object.assign({group_by: unit}, p), key),
      modelsOverTime: api('/admin/usage', Object.assign({group_by: unit + ',model'}, p), key),
      models: api('/admin/usage', Object.assign({group_by: 'model'}, p), key),
      days: api('/admin/usage', Object.assign({group_by: 'day'}, p), key),
      tenants: api('/admin/usage', Object.assign({group_by: 'tenant'}, p), key),
      today: api('/admin/usage', {from: iso(today), to: iso(now), group_by: 'day'}, key),
      similarity: api('/admin/usage/similarity', Object.assign({bins: 20}, p), key),
      fallbacks: api('/admin/requests', Object.assign({fallback: 'true', limit: 20}, p), key)
    };
    const names = Object.keys(calls);
    const settled = await Promise.allSettled(Object.values(calls));
    state.inFlight = false;
    const got = {};
    const failed = {};
    settled.forEach((s, i) => {
      if (s.status === 'fulfilled') {
        got[names[i]] = s.value;
      } else {
        failed[names[i]] = s.reason;
      }
    });
    const errors = Object.values(failed);
    if (errors.some(e => e.status === 401)) {
      logout('The gateway refused the admin key (has it changed?). Log in again.');
      return;
    }
    if (errors.some(e => e.status === 403 && e.code === 'admin_disabled')) {
      setView('admin-off');
      return;
    }
    if (errors.length === names.length && errors.every(e => e.status === 404)) {
      status('This gateway does not serve the usage API (/admin/usage answered 404): it keeps no usage ledger.');
    } else if (errors.some(e => e.status === 0)) {
      status('Cannot reach the gateway; the figures below are from the last refresh that worked.');
    } else if (errors.length) {
      status('Some panels could not be loaded: ' + errors[0].message);
    } else {
      status('');
    }
    if (errors.some(e => e.status === 0)) {
      return;
    }
    render({range, span, unit}, got, failed);
    state.refreshes += 1;
    document.body.setAttribute('data-refreshes', String(state.refreshes));
    setValue('last-updated', iso(now), new Date(now).toISOString().slice(11, 19) + ' UTC');
  }

  function render(ctx, got, failed) {
    state.redraw = [];
    const label = state.range === 'custom'
      ? iso(ctx.range.from).slice(0, 16) + 'Z to ' + iso(ctx.range.to).slice(0, 16) + 'Z'
      : 'the last ' + state.range;
    setValue('range-label', state.range, label + ' (' + ctx.unit + ' buckets)');
    const keys = bucketKeys(ctx.range.from, ctx.range.to, ctx.unit);
    const rows = name => got[name] ? (got[name].data || []) : null;
    const sections = [
      ['models', () => figures(rows('models'), got.today ? rows('today') : null)],
      ['modelsOverTime', () => requestsByModel(rows('modelsOverTime'), keys, ctx)],
      ['days', () => costPerDay(rows('days'), ctx)],
      ['overTime', () => hitRate(rows('overTime'), keys, ctx)],
      ['similarity', () => similarity(got.similarity)],
      ['overTime', () => fallbacks(rows('overTime'), keys, ctx, got.fallbacks, failed.fallbacks)],
      ['models', () => latency(rows('models'))],
      ['tenants', () => tenants(rows('tenants'))]
    ];
    const panels = ['figures', 'panel-requests-by-model', 'panel-cost-per-day', 'panel-hit-rate', 'panel-similarity',
      'panel-fallbacks', 'panel-latency', 'panel-tenants'];
    sections.forEach(([source, fn], i) => {
      if (failed[source]) {
        if (panels[i] !== 'figures') {
          panelError(panels[i], failed[source]);
        }
        return;
      }
      if (panels[i] !== 'figures') {
        $(panels[i]).setAttribute('data-state', 'ready');
      }
      fn();
    });
  }

  // --- the headline figures --------------------------------------------------------------------------

  function figures(models, today) {
    const total = sum(models, 'requests');
    setValue('figure-requests-total', total, count(total));
    const list = $('figure-requests-models');
    list.replaceChildren();
    [...models].sort((a, b) => b.requests - a.requests || String(a.group).localeCompare(String(b.group)))
      .forEach(r => {
        const li = node('li', {'data-testid': 'figure-requests-model', 'data-model': r.group, 'data-value': r.requests});
        li.append(node('span', {class: 'name'}, r.group), node('span', {class: 'num'}, count(r.requests)));
        list.appendChild(li);
      });
    if (today) {
      setValue('figure-cost-today-value', sum(today, 'cost_usd'), money(sum(today, 'cost_usd')));
      setValue('figure-saved-today', sum(today, 'saved_usd'), money(sum(today, 'saved_usd')));
    }
    setValue('figure-cost-range', sum(models, 'cost_usd'), money(sum(models, 'cost_usd')));
    const hits = sum(models, 'cache_hits');
    setValue('figure-hit-rate-value', ratio(hits, total), percent(ratio(hits, total)));
    setValue('figure-hit-rate-detail', hits, `${count(hits)} of ${count(total)} requests · exact `
      + `${count(sum(models, 'exact_hits'))}, semantic ${count(sum(models, 'semantic_hits'))}`);
    setValue('figure-fallbacks-value', sum(models, 'fallbacks'), count(sum(models, 'fallbacks')));
    setValue('figure-errors', sum(models, 'errors'), count(sum(models, 'errors')));
  }

  // --- the panels ------------------------------------------------------------------------------------

  function requestsByModel(rows, keys, ctx) {
    const p = panel('panel-requests-by-model');
    const allKeys = mergeKeys(keys, rows, ctx.unit);
    const models = [...new Set(rows.map(r => r.subgroup))].sort();
    const at = new Map(rows.map(r => [normalBucket(r.group, ctx.unit) + '\u0000' + r.subgroup, r.requests]));
    const value = (k, m) => Number(at.get(k + '\u0000' + m)) || 0;
    draw(() => Charts.line(p.chart, {
      labels: allKeys.map(k => bucketLabel(k, ctx.unit, ctx.span)),
      series: models.map(m => ({name: m, values: allKeys.map(k => value(k, m))})),
      format: count, empty: 'No requests in this range.'
    }));
    const busy = allKeys.filter(k => models.some(m => value(k, m) > 0));
    p.numbers.replaceChildren(table(['Time (UTC)', ...models], busy.map(k => ({
      attrs: {'data-bucket': k},
      cells: [{text: k}, ...models.map(m => ({text: count(value(k, m)), value: value(k, m), attrs: {'data-model': m}}))]
    })), 'No requests in this range.'));
  }

  function costPerDay(rows, ctx) {
    const p = panel('panel-cost-per-day');
    const days = mergeKeys(bucketKeys(ctx.range.from, ctx.range.to, 'day'), rows, 'day');
    const byDay = new Map(rows.map(r => [normalBucket(r.group, 'day'), r]));
    const field = (d, f) => Number((byDay.get(d) || {})[f]) || 0;
    draw(() => Charts.bars(p.chart, {
      labels: days.map(d => d.slice(5)),
      series: [{name: 'cost', values: days.map(d => field(d, 'cost_usd'))},
        {name: 'saved by the cache', values: days.map(d => field(d, 'saved_usd'))}],
      format: money, axisFormat: moneyTick
    }));
    p.numbers.replaceChildren(table(['Day (UTC)', 'Requests', 'Cost', 'Saved'], days.filter(d => byDay.has(d)).map(d => ({
      attrs: {'data-day': d},
      cells: [{text: d}, {text: count(field(d, 'requests')), value: field(d, 'requests'), attrs: {'data-col': 'requests'}},
        {text: money(field(d, 'cost_usd')), value: field(d, 'cost_usd'), attrs: {'data-col': 'cost'}},
        {text: money(field(d, 'saved_usd')), value: field(d, 'saved_usd'), attrs: {'data-col': 'saved'}}]
    }))));
  }

  function hitRate(rows, keys, ctx) {
    const p = panel('panel-hit-rate');
    const allKeys = mergeKeys(keys, rows, ctx.unit);
    const at = new Map(rows.map(r => [normalBucket(r.group, ctx.unit), r]));
    const field = (k, f) => Number((at.get(k) || {})[f]) || 0;
    const rate = (k, f) => ratio(field(k, f), field(k, 'requests'));
    draw(() => Charts.line(p.chart, {
      labels: allKeys.map(k => bucketLabel(k, ctx.unit, ctx.span)),
      series: [{name: 'exact', values: allKeys.map(k => rate(k, 'exact_hits'))},
        {name: 'semantic', values: allKeys.map(k => rate(k, 'semantic_hits'))}],
      format: v => Math.round(100 * v) + '%', max: 1
    }));
    p.numbers.replaceChildren(table(['Time (UTC)', 'Requests', 'Exact', 'Semantic', 'All hits'],
      allKeys.filter(k => field(k, 'requests') > 0).map(k => ({
        attrs: {'data-bucket': k},
        cells: [{text: k}, {text: count(field(k, 'requests')), value: field(k, 'requests'), attrs: {'data-col': 'requests'}},
          {text: percent(rate(k, 'exact_hits')), value: rate(k, 'exact_hits'), attrs: {'data-col': 'exact'}},
          {text: percent(rate(k, 'semantic_hits')), value: rate(k, 'semantic_hits'), attrs: {'data-col': 'semantic'}},
          {text: percent(rate(k, 'cache_hits')), value: rate(k, 'cache_hits'), attrs: {'data-col': 'hits'}}]
      }))));
  }

  function similarity(answer) {
    const p = panel('panel-similarity');
    const bins = answer.bins || [];
    const thresholds = Object.entries(answer.thresholds || {}).sort((a, b) => a[0].localeCompare(b[0]));
    setValue('similarity-lookups', answer.lookups || 0,
      `${count(answer.lookups || 0)} lookups reached the semantic tier`);
    const lo = bins.length ? Number(bins[0].from) : 0;
    const hi = bins.length ? Number(bins[bins.length - 1].to) : 1;
    const byValue = new Map();
    thresholds.forEach(([alias, t]) => byValue.set(t, (byValue.get(t) || []).concat(alias)));
    draw(() => Charts.bars(p.chart, {
      labels: bins.map(b => Number(b.from).toFixed(2)),
      edgeLabels: true,
      series: bins.length ? [{name: 'lookups', values: bins.map(b => Number(b.count) || 0)}] : [],
      format: count, empty: 'No semantic lookups in this range.',
      markers: [...byValue.entries()].map(([t, aliases]) => ({
        at: hi > lo ? (t - lo) / (hi - lo) : 1, label: `threshold ${t}: ${aliases.join(', ')}`
      }))
    }));
    const list = node('ul', {class: 'thresholds'});
    thresholds.forEach(([alias, t]) => list.appendChild(node('li',
      {'data-testid': 'similarity-threshold', 'data-model': alias, 'data-value': t}, `${alias}: threshold ${t}`)));
    p.numbers.replaceChildren(table(['Similarity', 'Lookups'], bins.map(b => ({
      attrs: {'data-from': b.from, 'data-to': b.to},
      cells: [{text: `${Number(b.from).toFixed(3)} – ${Number(b.to).toFixed(3)}`},
        {text: count(b.count), value: Number(b.count) || 0, attrs: {'data-col': 'count'}}]
    })), 'No semantic lookups in this range.'), list);
  }

  function fallbacks(rows, keys, ctx, latest, latestError) {
    const p = panel('panel-fallbacks');
    const allKeys = mergeKeys(keys, rows, ctx.unit);
    const at = new Map(rows.map(r => [normalBucket(r.group, ctx.unit), r]));
    const field = (k, f) => Number((at.get(k) || {})[f]) || 0;
    draw(() => Charts.bars(p.chart, {
      labels: allKeys.map(k => bucketLabel(k, ctx.unit, ctx.span)),
      series: [{name: 'fallbacks', values: allKeys.map(k => field(k, 'fallbacks'))},
        {name: 'errors', values: allKeys.map(k => field(k, 'errors'))}],
      format: count
    }));
    p.numbers.replaceChildren(table(['Time (UTC)', 'Requests', 'Fallbacks', 'Errors'],
      allKeys.filter(k => field(k, 'fallbacks') + field(k, 'errors') > 0).map(k => ({
        attrs: {'data-bucket': k},
        cells: [{text: k}, {text: count(field(k, 'requests')), value: field(k, 'requests'), attrs: {'data-col': 'requests'}},
          {text: count(field(k, 'fallbacks')), value: field(k, 'fallbacks'), attrs: {'data-col': 'fallbacks'}},
          {text: count(field(k, 'errors')), value: field(k, 'errors'), attrs: {'data-col': 'errors'}}]
      })), 'No fallbacks or errors in this range.'));
    const body = $('fallback-table').querySelector('tbody');
    body.replaceChildren();
    const items = latest ? (latest.data || []) : [];
    items.forEach(r => {
      const tr = body.appendChild(node('tr', {'data-testid': 'fallback-row', 'data-request-id': r.request_id}));
      tr.append(node('td', {'data-col': 'time', 'data-value': r.time}, String(r.time || '').replace('T', ' ')),
        node('td', {'data-col': 'alias'}, r.model),
        node('td', {'data-col': 'route', 'data-from': r.fallback_from, 'data-to': r.fallback_to},
          `${r.fallback_from || '?'} → ${r.fallback_to || '?'}`),
        node('td', {'data-col': 'reason'}, r.fallback_reason || ''));
    });
    if (!items.length) {
      body.appendChild(node('tr')).appendChild(node('td', {colspan: 4, class: 'empty'},
        latestError ? 'Unavailable: ' + latestError.message : 'No request fell back in this range.'));
    }
  }

  function latency(rows) {
    const p = panel('panel-latency');
    const models = [...rows].sort((a, b) => String(a.group).localeCompare(String(b.group)));
    const num = v => v == null ? 0 : Number(v);
    draw(() => Charts.hbars(p.chart, {
      labels: models.map(r => String(r.group)),
      series: [{name: 'p50', values: models.map(r => num(r.latency_p50_ms))},
        {name: 'p95', values: models.map(r => num(r.latency_p95_ms))}],
      format: ms, empty: 'No requests in this range.'
    }));
    p.numbers.replaceChildren(table(['Model', 'Requests', 'p50', 'p95'], models.map(r => ({
      attrs: {'data-model': r.group},
      cells: [{text: r.group}, {text: count(r.requests), value: r.requests, attrs: {'data-col': 'requests'}},
        {text: ms(r.latency_p50_ms), value: r.latency_p50_ms == null ? '' : r.latency_p50_ms, attrs: {'data-col': 'p50'}},
        {text: ms(r.latency_p95_ms), value: r.latency_p95_ms == null ? '' : r.latency_p95_ms, attrs: {'data-col': 'p95'}}]
    }))));
  }

  function tenants(rows) {
    const p = panel('panel-tenants');
    const top = [...rows].sort((a, b) => (Number(b.cost_usd) || 0) - (Number(a.cost_usd) || 0)
      || String(a.group).localeCompare(String(b.group))).slice(0, TOP_TENANTS);
    const name = r => r.group == null || r.group === '' ? '(no tenant)' : String(r.group);
    draw(() => Charts.hbars(p.chart, {
      labels: top.map(name),
      series: [{name: 'cost', values: top.map(r => Number(r.cost_usd) || 0)}],
      format: money, empty: 'No requests in this range.'
    }));
    p.numbers.replaceChildren(table(['Tenant', 'Requests', 'Cost', 'Saved'], top.map(r => ({
      attrs: {'data-tenant': name(r)},
      cells: [{text: name(r)}, {text: count(r.requests), value: r.requests, attrs: {'data-col': 'requests'}},
        {text: money(r.cost_usd), value: Number(r.cost_usd) || 0, attrs: {'data-col': 'cost'}},
        {text: money(r.saved_usd), value: Number(r.saved_usd) || 0, attrs: {'data-col': 'saved'}}]
    }))));
  }

  // --- range, refresh timer, wiring ------------------------------------------------------------------

  function pickRange(range) {
    state.range = range;
    document.querySelectorAll('[data-range]').forEach(b =>
      b.setAttribute('aria-pressed', String(b.getAttribute('data-range') === range)));
    $('custom-range').hidden = range !== 'custom';
    if (range === 'custom') {
      const r = state.custom || currentRangeFor('24h');
      $('range-from').value = $('range-from').value || iso(r.from).slice(0, 16) + 'Z';
      return;
    }
    refresh();
  }

  function currentRangeFor(range) {
    const to = Date.now();
    return {from: to - SPANS[range], to};
  }

  /** An ISO-8601 time; without a zone it is read as UTC, the zone of every figure on the page. */
  function parseTime(text) {
    const t = text.trim();
    if (!t || t === 'now') {
      return null;
    }
    const zoned = /([zZ]|[+-]\d\d:?\d\d)$/.test(t) ? t : t + 'Z';
    const value = Date.parse(zoned);
    if (Number.isNaN(value)) {
      throw new Error(`"${t}" is not a time like 2026-12-06T10:00Z`);
    }
    return value;
  }

  function applyCustom(event) {
    event.preventDefault();
    let from;
    let to;
    try {
      from = parseTime($('range-from').value);
      to = parseTime($('range-to').value);
    } catch (e) {
      status('Custom range: ' + e.message + '.');
      return;
    }
    if (from == null) {
      status('Custom range: give a start time.');
      return;
    }
    if (from >= (to == null ? Date.now() : to)) {
      status('Custom range: the start must come before the end.');
      return;
    }
    state.custom = {from, to};
    status('');
    refresh();
  }

  function stopTimer() {
    if (state.timer) {
      clearInterval(state.timer);
      state.timer = null;
    }
  }

  function syncTimer() {
    stopTimer();
    if ($('auto-refresh').checked) {
      state.timer = setInterval(() => {
        if (!document.hidden) {
          refresh();
        }
      }, REFRESH_MS);
    }
  }

  let resizeTimer = null;

  function onResize() {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => state.redraw.forEach(fn => fn()), 150);
  }

  async function start() {
    $('login-form').addEventListener('submit', login);
    $('custom-range').addEventListener('submit', applyCustom);
    $('refresh').addEventListener('click', () => refresh());
    $('logout').addEventListener('click', () => logout(''));
    document.querySelectorAll('[data-range]').forEach(b =>
      b.addEventListener('click', () => pickRange(b.getAttribute('data-range'))));
    $('auto-refresh').checked = sessionStorage.getItem(AUTO) === 'on';
    $('auto-refresh').addEventListener('change', () => {
      sessionStorage.setItem(AUTO, $('auto-refresh').checked ? 'on' : 'off');
      syncTimer();
    });
    window.addEventListener('resize', onResize);
    // Without a key the admin API answers 401 when it is on and 403 admin_disabled when it is off.
    try {
      await api('/admin/deployments', null, null);
    } catch (e) {
      if (e.status === 403 && e.code === 'admin_disabled') {
        setView('admin-off');
        return;
      }
    }
    if (storedKey()) {
      setView('board');
      refresh();
    } else {
      setView('login');
    }
  }

  start();
})();
