/*
 * The Reprise dashboard's data side: calls to the admin usage API with the admin key, the page's number
 * formats, and the UTC time buckets the API groups by (minute, hour, day).
 */
'use strict';
(function () {
  const MINUTE = 60e3;
  const HOUR = 60 * MINUTE;
  const DAY = 24 * HOUR;
  const UNIT_MS = {minute: MINUTE, hour: HOUR, day: DAY};

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
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

  window.RepriseUsage = {
    MINUTE, HOUR, DAY, ApiError, api, money, moneyTick, count, percent, ms, iso, sum, ratio,
    normalBucket, bucketLabel, unitFor, bucketKeys, mergeKeys, parseTime
  };
})();
