/*
 * The Reprise dashboard's page: logs in with the admin key (kept in sessionStorage, sent only as a bearer
 * header to this gateway), reads /admin/usage, /admin/usage/similarity, /admin/usage/guardrails, /admin/usage/variants and
 * /admin/requests for the chosen range (and /admin/usage?group_by=shadow for the Shadow traffic panel), and /admin/budgets for the current periods, and hands the answers to the panels; the range picker, refresh and auto-refresh live here.
 */
'use strict';
(function () {
  const KEY = 'reprise.adminKey';
  const AUTO = 'reprise.autoRefresh';
  const {HOUR, DAY, api, iso, unitFor, parseTime} = window.RepriseUsage;
  const Panels = window.ReprisePanels;
  const SPANS = {'1h': HOUR, '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY};
  const REFRESH_MS = 30e3;

  const state = {range: '24h', custom: null, timer: null, inFlight: false, refreshes: 0};

  const $ = id => document.querySelector(`[data-testid="${id}"]`);

  // --- storage ---------------------------------------------------------------------------------------

  function storedKey() {
    try {
      return sessionStorage.getItem(KEY);
    } catch (e) {
      return null;
    }
  }

  function currentRange() {
    if (state.range === 'custom' && state.custom) {
      return {from: state.custom.from, to: state.custom.to == null ? Date.now() : state.custom.to};
    }
    const to = Date.now();
    return {from: to - SPANS[state.range], to};
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
      fallbacks: api('/admin/requests', Object.assign({fallback: 'true', limit: 20}, p), key),
      guardrails: api('/admin/usage/guardrails', p, key),
      variants: api('/admin/usage/variants', p, key),
      shadow: api('/admin/usage', Object.assign({group_by: 'shadow,' + window.RepriseShadow.unitOf(unit)}, p), key),
      budgets: api('/admin/budgets', null, key)
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
    // Budgets are served without the ledger (spend is then counted in memory), so they do not tell.
    const usage = names.filter(n => n !== 'budgets');
    if (usage.every(n => failed[n] && failed[n].status === 404)) {
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
    Panels.render({range, span, unit, rangeName: state.range}, got, failed);
    state.refreshes += 1;
    document.body.setAttribute('data-refreshes', String(state.refreshes));
    Panels.setValue('last-updated', iso(now), new Date(now).toISOString().slice(11, 19) + ' UTC');
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
    resizeTimer = setTimeout(Panels.redraw, 150);
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