/*
 * The dashboard's Variants panel: each A/B variant of each alias side by side, on the outcomes its callers reported
 * through POST /v1/feedback (mean score, labels) and on cost and latency, from /admin/usage/variants.
 */
'use strict';
(function () {
  const Charts = window.RepriseCharts;
  const {money, count, percent, ms, ratio} = window.RepriseUsage;
  const {table, draw} = window.ReprisePanels;

  const $ = id => document.querySelector(`[data-testid="${id}"]`);
  const name = v => `${v.alias} / ${v.variant}`;
  const score = v => v == null ? '–' : Number(v).toFixed(2);
  const labelsText = labels => Object.entries(labels || {}).map(([k, n]) => `${k} ${count(n)}`).join(' · ') || '–';

  /** The chart shows the variants that have a mean score; the table under it every variant with requests. */
  function render(answer) {
    const p = $('panel-variants');
    const rows = [...(answer.data || [])].sort((a, b) => name(a).localeCompare(name(b)));
    const scored = rows.filter(v => v.mean_score != null);
    draw(() => Charts.hbars(p.querySelector('.chart'), {
      labels: scored.map(name),
      series: [{name: 'mean score (0 bad, 1 good)', values: scored.map(v => Number(v.mean_score))}],
      format: score, empty: 'No variant has a scored outcome in this range: clients report them with POST /v1/feedback.'
    }));
    const col = (text, value, c) => ({text, value, attrs: {'data-col': c}});
    p.querySelector('.numbers').replaceChildren(table(
      ['Alias / variant', 'Requests', 'Errors', 'Cache hits', 'Cost', 'Cost / request', 'p50', 'p95', 'Feedback',
        'Mean score', 'Labels'],
      rows.map(v => ({
        attrs: {'data-alias': v.alias, 'data-variant': v.variant},
        cells: [{text: name(v)}, col(count(v.requests), v.requests, 'requests'),
          col(count(v.errors), v.errors, 'errors'),
          col(count(v.cache_hits), v.cache_hits, 'cache-hits'),
          col(money(v.cost_usd), Number(v.cost_usd) || 0, 'cost'),
          col(money(ratio(Number(v.cost_usd) || 0, v.requests)), ratio(Number(v.cost_usd) || 0, v.requests),
            'cost-per-request'),
          col(ms(v.latency_p50_ms), v.latency_p50_ms, 'p50'), col(ms(v.latency_p95_ms), v.latency_p95_ms, 'p95'),
          col(`${count(v.feedback)} (${percent(ratio(v.feedback, v.requests))})`, v.feedback, 'feedback'),
          col(score(v.mean_score), v.mean_score == null ? '' : v.mean_score, 'mean-score'),
          {text: labelsText(v.labels), attrs: {'data-col': 'labels', 'data-labels': JSON.stringify(v.labels || {})}}]
      })), 'No A/B variant served a request in this range.'));
  }

  window.RepriseVariants = {render};
})();
