/*
 * The Reprise dashboard's panels: the four headline figures and the charts, each with its numbers in a
 * table under it (data-testid and data-value attributes, for tests and scripts). Charts are redrawn from
 * the last answers when the window is resized.
 */
'use strict';
(function () {
  const TOP_TENANTS = 10;
  const Charts = window.RepriseCharts;
  const {money, moneyTick, count, percent, ms, iso, sum, ratio, normalBucket, bucketLabel, bucketKeys, mergeKeys} =
    window.RepriseUsage;
  let redraws = [];

  const $ = id => document.querySelector(`[data-testid="${id}"]`);
  const panel = id => ({chart: $(id).querySelector('.chart'), numbers: $(id).querySelector('.numbers')});

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
    redraws.push(fn);
    fn();
  }

  function panelError(id, error) {
    $(id).setAttribute('data-state', 'error');
    if (id === 'panel-budgets') {
      $(id).querySelector('.budgets').replaceChildren(node('p', {class: 'empty'}, 'Unavailable: ' + error.message));
      return;
    }
    const p = panel(id);
    Charts.empty(p.chart, 'Unavailable: ' + error.message);
    p.numbers.replaceChildren();
  }

  function render(ctx, got, failed) {
    redraws = [];
    const label = ctx.rangeName === 'custom'
      ? iso(ctx.range.from).slice(0, 16) + 'Z to ' + iso(ctx.range.to).slice(0, 16) + 'Z'
      : 'the last ' + ctx.rangeName;
    setValue('range-label', ctx.rangeName, label + ' (' + ctx.unit + ' buckets)');
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
      ['tenants', () => tenants(rows('tenants'))],
      ['guardrails', () => guardrails(got.guardrails, ctx)],
      ['variants', () => window.RepriseVariants.render(got.variants)],
      ['budgets', () => budgets(rows('budgets'))],
      ['shadow', () => window.RepriseShadow.render(got.shadow, ctx, {table, draw, setValue})]
    ];
    const panels = ['figures', 'panel-requests-by-model', 'panel-cost-per-day', 'panel-hit-rate', 'panel-similarity',
      'panel-fallbacks', 'panel-latency', 'panel-tenants', 'panel-guardrails', 'panel-variants', 'panel-budgets',
      'panel-shadow'];
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
      format: count, empty: 'No requests in this range.', legend: true
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

  /** Each budget (per key, tenant and alias) with its spend in the current period, whatever the range picked. */
  function budgets(rows) {
    const list = [...rows];
    const when = t => String(t || '').replace('T', ' ').replace(/:00Z$/, ' UTC').replace(/Z$/, ' UTC');
    const t = table(['Scope', 'Id', 'Period', 'Spent', 'Budget', 'Share', 'Resets'], list.map(b => ({
      attrs: {'data-testid': 'budget-row', 'data-scope': b.scope, 'data-id': b.id, 'data-state': b.state},
      cells: [{text: b.scope}, {text: b.id, attrs: {'data-col': 'id'}}, {text: b.period, attrs: {'data-col': 'period'}},
        {text: money(b.spent_usd), value: Number(b.spent_usd) || 0, attrs: {'data-col': 'spent'}},
        {text: money(b.limit_usd), value: Number(b.limit_usd) || 0, attrs: {'data-col': 'limit'}},
        {text: percent(b.share), value: Number(b.share) || 0, attrs: {'data-col': 'share'}},
        {text: when(b.resets_at), attrs: {'data-col': 'resets'}}]
    })), 'No budgets are set: give keys a budget, or add budgets: to the config.');
    // A meter beside each share: full at the budget, marked from the soft limit.
    t.querySelectorAll('tr[data-testid="budget-row"]').forEach((tr, i) => {
      const b = list[i];
      const m = node('meter', {min: 0, max: 1, low: b.soft_limit, high: 0.999, optimum: 0,
        value: Math.min(1, Number(b.share) || 0), title: percent(b.share) + ' of ' + money(b.limit_usd)});
      tr.querySelector('td[data-col="share"]').prepend(m, ' ');
    });
    $('panel-budgets').querySelector('.budgets').replaceChildren(t);
  }

  /**
   * Per UTC day, the requests a guardrail blocked or redacted, one bar per kind (a PII kind such as card, or an
   * injection's category); the table under it has every action (logged PII and flagged injections too).
   */
  function guardrails(answer, ctx) {
    const p = panel('panel-guardrails');
    const totals = answer.days || [];
    const counts = answer.data || [];
    ['blocked', 'redacted', 'logged', 'flagged'].forEach(f =>
      setValue('guardrails-' + f, sum(totals, f), count(sum(totals, f))));
    const days = mergeKeys(bucketKeys(ctx.range.from, ctx.range.to, 'day'), totals.map(d => ({group: d.day})), 'day');
    const kind = c => c.guardrail === 'injection' ? `injection (${c.type})` : c.type;
    const verb = {block: 'blocked', redact: 'redacted'};
    const series = [...new Set(counts.filter(c => verb[c.action]).map(c => c.action + '\u0000' + kind(c)))].sort();
    const at = new Map(counts.map(c => [c.day + '\u0000' + c.action + '\u0000' + kind(c), Number(c.requests) || 0]));
    draw(() => Charts.bars(p.chart, {
      labels: days.map(d => d.slice(5)),
      series: series.map(s => {
        const [action, name] = s.split('\u0000');
        return {name: `${name} ${verb[action]}`, values: days.map(d => at.get(d + '\u0000' + s) || 0)};
      }),
      format: count, empty: 'No request was blocked or redacted in this range.'
    }));
    // One row per day and kind, with what each action did to it.
    const rows = new Map();
    counts.forEach(c => {
      const key = c.day + '\u0000' + c.guardrail + '\u0000' + c.type;
      const row = rows.get(key) || {day: c.day, guardrail: c.guardrail, type: c.type};
      row[c.action] = (row[c.action] || 0) + (Number(c.requests) || 0);
      rows.set(key, row);
    });
    const cell = (r, action) => ({text: count(r[action] || 0), value: r[action] || 0, attrs: {'data-col': action}});
    p.numbers.replaceChildren(table(['Day (UTC)', 'Guardrail', 'Type', 'Blocked', 'Redacted', 'Logged', 'Flagged'],
      [...rows.keys()].sort().map(k => rows.get(k)).map(r => ({
        attrs: {'data-day': r.day, 'data-guardrail': r.guardrail, 'data-type': r.type},
        cells: [{text: r.day}, {text: r.guardrail}, {text: r.type}, cell(r, 'block'), cell(r, 'redact'),
          cell(r, 'log'), cell(r, 'flag')]
      })), 'No guardrail acted in this range.'));
  }

  function redraw() {
    redraws.forEach(fn => fn());
  }

  window.ReprisePanels = {render, redraw, setValue, table, draw};
})();
