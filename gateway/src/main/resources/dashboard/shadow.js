/*
 * The Shadow traffic panel: each candidate alias against its primary over time, from
 * GET /admin/usage?group_by=shadow,hour (or day): p50 latency of both as lines, and a table per bucket and pair of
 * requests, errors, latency, output tokens, cost and answer similarity. Drawn by ReprisePanels.render.
 */
'use strict';
(function () {
  const Charts = window.RepriseCharts;
  const {money, count, percent, ms, normalBucket, bucketLabel, bucketKeys, mergeKeys} = window.RepriseUsage;

  const $ = id => document.querySelector(`[data-testid="${id}"]`);

  /** Minute buckets are too fine for a share of the traffic: the shadow report is per hour at the finest. */
  const unitOf = unit => unit === 'minute' ? 'hour' : unit;

  function render(answer, ctx, helpers) {
    const root = $('panel-shadow');
    const chart = root.querySelector('.chart');
    const numbers = root.querySelector('.numbers');
    const unit = unitOf(ctx.unit);
    const rows = (answer.data || []).map(r => Object.assign({}, r, {group: r.time}));
    const pairs = [...new Set(rows.map(r => r.primary_alias + ' → ' + r.candidate_alias))].sort();
    const pairOf = r => r.primary_alias + ' → ' + r.candidate_alias;
    const keys = mergeKeys(bucketKeys(ctx.range.from, ctx.range.to, unit), rows, unit);
    const at = new Map(rows.map(r => [normalBucket(r.time, unit) + '\u0000' + pairOf(r), r]));
    const p50 = (k, pair, side) => Number(((at.get(k + '\u0000' + pair) || {})[side] || {}).latency_p50_ms) || 0;
    const total = rows.reduce((n, r) => n + (Number(r.requests) || 0), 0);
    helpers.setValue('shadow-requests', total, count(total));
    helpers.draw(() => Charts.line(chart, {
      labels: keys.map(k => bucketLabel(k, unit, ctx.span)),
      series: pairs.flatMap(pair => [
        {name: pair + ': primary p50', values: keys.map(k => p50(k, pair, 'primary'))},
        {name: pair + ': candidate p50', values: keys.map(k => p50(k, pair, 'candidate'))}]),
      format: ms, empty: 'No shadow calls in this range.', legend: true
    }));
    const cell = (text, value, col) => ({text, value, attrs: {'data-col': col}});
    const side = (s, name) => [
      cell(count(s.errors), Number(s.errors) || 0, name + '-errors'),
      cell(ms(s.latency_p50_ms), Number(s.latency_p50_ms) || 0, name + '-p50'),
      cell(ms(s.latency_p95_ms), Number(s.latency_p95_ms) || 0, name + '-p95'),
      cell(count(s.output_tokens), Number(s.output_tokens) || 0, name + '-output-tokens'),
      cell(money(s.cost_usd), Number(s.cost_usd) || 0, name + '-cost')];
    const sorted = [...rows].sort((a, b) => String(a.time).localeCompare(String(b.time))
      || pairOf(a).localeCompare(pairOf(b)));
    numbers.replaceChildren(helpers.table(['Time (UTC)', 'Primary → candidate', 'Requests',
      'Primary errors', 'Primary p50', 'Primary p95', 'Primary output tokens', 'Primary cost',
      'Candidate errors', 'Candidate p50', 'Candidate p95', 'Candidate output tokens', 'Candidate cost',
      'Similarity (mean)', 'Alike'], sorted.map(r => ({
      attrs: {'data-testid': 'shadow-row', 'data-bucket': normalBucket(r.time, unit), 'data-primary': r.primary_alias,
        'data-candidate': r.candidate_alias},
      cells: [{text: normalBucket(r.time, unit)}, {text: pairOf(r)}, cell(count(r.requests), r.requests, 'requests'),
        ...side(r.primary || {}, 'primary'), ...side(r.candidate || {}, 'candidate'),
        cell(r.similarity_mean == null ? '–' : Number(r.similarity_mean).toFixed(3),
          r.similarity_mean == null ? '' : r.similarity_mean, 'similarity'),
        cell(percent(r.similar_share), Number(r.similar_share) || 0, 'alike')]
    })), 'No shadow calls in this range: give an alias models[].shadow candidates.'));
  }

  window.RepriseShadow = {render, unitOf};
})();
