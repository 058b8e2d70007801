/*
 * Small SVG charts for the Reprise dashboard: lines over time, grouped vertical bars, horizontal bars.
 * Plain DOM, no library and no inline style (the page's CSP forbids it): colours come from the classes
 * s0..s5 in dashboard.css. Each chart is drawn at its container's width and redrawn on resize.
 */
'use strict';
(function () {
  const NS = 'http://www.w3.org/2000/svg';
  const PAD = {top: 12, right: 16, bottom: 26};
  const CHAR_W = 6.6;

  function el(name, attrs, parent) {
    const node = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs || {})) {
      node.setAttribute(k, String(v));
    }
    if (parent) {
      parent.appendChild(node);
    }
    return node;
  }

  function text(parent, x, y, value, cls, anchor) {
    const t = el('text', {x, y, class: cls || 'tick', 'text-anchor': anchor || 'middle'}, parent);
    t.textContent = value;
    return t;
  }

  function tooltip(node, value) {
    el('title', {}, node).textContent = value;
  }

  /** Rounds up to 1, 2, 2.5 or 5 times a power of ten, so axes read well. */
  function niceMax(max) {
    if (!(max > 0)) {
      return 1;
    }
    const power = Math.pow(10, Math.floor(Math.log10(max)));
    for (const step of [1, 2, 2.5, 5, 10]) {
      if (step * power >= max) {
        return step * power;
      }
    }
    return 10 * power;
  }

  /** The drawing area; {@code ticks} are the y axis's labels, whose longest sets the left margin. */
  function frame(container, height, ticks) {
    container.replaceChildren();
    const width = Math.max(container.clientWidth || 0, 260);
    const left = Math.max(28, 10 + CHAR_W * Math.max(0, ...(ticks || []).map(t => t.length)));
    const title = container.closest('[data-testid]');
    const label = title && title.querySelector('h2') ? title.querySelector('h2').textContent : 'chart';
    const svg = el('svg', {width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label}, container);
    return {svg, width, height, left, w: width - left - PAD.right, h: height - PAD.top - PAD.bottom};
  }

  function tickLabels(max, format) {
    return [0, 1, 2, 3, 4].map(i => format(max * i / 4));
  }

  function yAxis(f, labels) {
    labels.forEach((label, i) => {
      const y = PAD.top + f.h - f.h * i / 4;
      el('line', {x1: f.left, x2: f.left + f.w, y1: y, y2: y, class: i === 0 ? 'axis' : 'grid'}, f.svg);
      text(f.svg, f.left - 6, y + 4, label, 'tick', 'end');
    });
  }

  /** X labels: at most about one per 70 px, always the first and the last. */
  function xLabels(f, labels, xOf) {
    const n = labels.length;
    const widest = CHAR_W * Math.max(...labels.map(l => l.length)) + 14;
    const every = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(f.w / widest))));
    labels.forEach((label, i) => {
      if (i % every === 0) {
        // A label near the right edge ends there rather than running off the chart.
        const x = xOf(i);
        const anchor = x + CHAR_W * label.length / 2 > f.width ? 'end' : 'middle';
        text(f.svg, anchor === 'end' ? f.width - 2 : x, PAD.top + f.h + 17, label, 'tick', anchor);
      }
    });
  }

  function legend(container, names, always) {
    if (names.length < 2 && !always) {
      return;
    }
    const box = document.createElement('div');
    box.className = 'legend';
    names.forEach((name, i) => {
      const item = document.createElement('span');
      const swatch = document.createElement('i');
      swatch.className = 'sw s' + (i % 6);
      item.append(swatch, document.createTextNode(name));
      box.appendChild(item);
    });
    container.appendChild(box);
  }

  function empty(container, message) {
    container.replaceChildren();
    const p = document.createElement('p');
    p.className = 'empty';
    p.textContent = message || 'No data in this range.';
    container.appendChild(p);
  }

  /** Lines over time: {labels, series: [{name, values}], format, max, legend (even for one line)}. */
  function line(container, spec) {
    if (!spec.labels.length || !spec.series.length) {
      return empty(container, spec.empty);
    }
    const max = spec.max || niceMax(Math.max(0, ...spec.series.flatMap(s => s.values)));
    const ticks = tickLabels(max, spec.axisFormat || spec.format);
    const f = frame(container, spec.height || 200, ticks);
    const n = spec.labels.length;
    const xOf = i => f.left + (n === 1 ? f.w / 2 : f.w * i / (n - 1));
    const yOf = v => PAD.top + f.h - f.h * Math.min(v, max) / max;
    yAxis(f, ticks);
    xLabels(f, spec.labels, xOf);
    spec.series.forEach((s, si) => {
      const points = s.values.map((v, i) => `${xOf(i).toFixed(1)},${yOf(v).toFixed(1)}`).join(' ');
      el('polyline', {points, class: 'line s' + (si % 6)}, f.svg);
      if (n <= 60) {
        s.values.forEach((v, i) => {
          const dot = el('circle', {cx: xOf(i), cy: yOf(v), r: 2.5, class: 'dot s' + (si % 6)}, f.svg);
          tooltip(dot, `${spec.labels[i]} · ${s.name}: ${spec.format(v)}`);
        });
      }
    });
    legend(container, spec.series.map(s => s.name), spec.legend);
  }

  /**
   * Grouped vertical bars: {labels, series, format, markers: [{at, label}], edgeLabels}, where a marker's
   * {@code at} is a fraction of the x axis (the histogram's thresholds).
   */
  function bars(container, spec) {
    if (!spec.labels.length || !spec.series.length) {
      return empty(container, spec.empty);
    }
    const max = niceMax(Math.max(0, ...spec.series.flatMap(s => s.values)));
    const ticks = tickLabels(max, spec.axisFormat || spec.format);
    const f = frame(container, spec.height || 200, ticks);
    const n = spec.labels.length;
    const slot = f.w / n;
    const gap = slot > 8 ? Math.min(slot * 0.2, 8) : 0;
    const barW = Math.max(1, (slot - gap) / spec.series.length);
    yAxis(f, ticks);
    // A histogram's labels are its bins' lower bounds, so they sit on the bins' left edges.
    xLabels(f, spec.labels, i => f.left + slot * (spec.edgeLabels ? i : i + 0.5));
    spec.series.forEach((s, si) => {
      s.values.forEach((v, i) => {
        const h = f.h * Math.min(v, max) / max;
        const bar = el('rect', {
          x: f.left + slot * i + gap / 2 + barW * si, y: PAD.top + f.h - h,
          width: barW, height: h, class: 'bar s' + (si % 6)
        }, f.svg);
        tooltip(bar, `${spec.labels[i]} · ${s.name}: ${spec.format(v)}`);
      });
    });
    (spec.markers || []).forEach((m, mi) => {
      const x = f.left + f.w * Math.min(1, Math.max(0, m.at));
      el('line', {x1: x, x2: x, y1: PAD.top, y2: PAD.top + f.h, class: 'marker'}, f.svg);
      const anchor = m.at > 0.7 ? 'end' : 'start';
      text(f.svg, x + (anchor === 'end' ? -4 : 4), PAD.top + 10 + 12 * mi, m.label, 'marker-label', anchor);
    });
    legend(container, spec.series.map(s => s.name));
  }

  /** Horizontal grouped bars, one group per label: {labels, series, format}. */
  function hbars(container, spec) {
    if (!spec.labels.length || !spec.series.length) {
      return empty(container, spec.empty);
    }
    const rowH = 8 + 14 * spec.series.length;
    const labelW = Math.min(130, 10 + CHAR_W * Math.max(...spec.labels.map(l => Math.min(l.length, 18))));
    const f = frame(container, spec.labels.length * rowH + 10);
    const w = f.width - labelW - 80;
    const max = niceMax(Math.max(0, ...spec.series.flatMap(s => s.values)));
    spec.labels.forEach((label, i) => {
      const y0 = 5 + i * rowH;
      const shown = label.length > 18 ? label.slice(0, 17) + '…' : label;
      const name = text(f.svg, labelW - 8, y0 + rowH / 2 + 3, shown, 'tick', 'end');
      tooltip(name, label);
      spec.series.forEach((s, si) => {
        const v = s.values[i];
        const bw = Math.max(1, w * Math.min(v, max) / max);
        const bar = el('rect', {x: labelW, y: y0 + 4 + 14 * si, width: bw, height: 11, class: 'bar s' + (si % 6)}, f.svg);
        tooltip(bar, `${label} · ${s.name}: ${spec.format(v)}`);
        text(f.svg, labelW + bw + 4, y0 + 13 + 14 * si, spec.format(v), 'value', 'start');
      });
    });
    legend(container, spec.series.map(s => s.name));
  }

  window.RepriseCharts = {line, bars, hbars, empty};
})();
