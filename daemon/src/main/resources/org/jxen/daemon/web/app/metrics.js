// Live figures from /rrd_updates (rrdtool's xport as XAPI serves it): the host's CPU and memory
// and each VM's CPU use, polled every step and merged by time; the last ten minutes are kept.

import uPlot from '/vendor/uPlot.esm.js';
import { h } from './dom.js';

const STEP_MS = 5000;
const KEEP = 120;

export class Metrics {
  #series = new Map(); // "host:UUID:cpu" -> Map(time -> value)
  #latest = new Map(); // "host:UUID:cpu" -> {t, value}, the newest sample
  #listeners = new Set();
  #end = null;
  #timer = null;

  constructor(api) {
    this.api = api;
  }

  start() {
    if (this.#timer === null) {
      this.#timer = setInterval(() => this.#poll(), STEP_MS);
      this.#poll();
    }
  }

  stop() {
    clearInterval(this.#timer);
    this.#timer = null;
  }

  subscribe(fn) {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** [times (unix seconds), values] of `owner`'s `name` ("host:UUID", "cpu"), oldest first. */
  series(owner, name) {
    const points = this.#series.get(`${owner}:${name}`);
    if (!points) return [[], []];
    const times = [...points.keys()].sort((a, b) => a - b);
    return [times, times.map(t => points.get(t))];
  }

  /** The time of the newest sample (unix seconds), or null before the first. */
  end() {
    return this.#end;
  }

  /** The newest value of `owner`'s `name`, or NaN (kept as samples arrive: the VM list asks for every VM's). */
  latest(owner, name) {
    return this.#latest.get(`${owner}:${name}`)?.value ?? NaN;
  }

  async #poll() {
    if (!this.api.session) return;
    const start = this.#end === null ? -KEEP * STEP_MS / 1000 : this.#end;
    let xport;
    try {
      const response = await fetch(this.api.url('/rrd_updates', { start, cf: 'AVERAGE', interval: 5, host: 'true', json: 'true' }));
      if (!response.ok) return;
      xport = await response.json();
    } catch (e) {
      console.warn('/rrd_updates failed', e);
      return;
    }
    this.#end = xport.meta.end;
    this.#merge(xport);
    for (const fn of this.#listeners) fn();
  }

  /** Folds per-CPU sources into one "cpu" (their mean) and memory into "memory_used" (bytes). */
  #merge({ meta, data }) {
    const columns = meta.legend.map(entry => {
      const [, kind, uuid, source] = entry.split(':');
      return { owner: `${kind}:${uuid}`, source };
    });
    for (const row of data) {
      const sums = new Map();
      row.values.forEach((text, i) => {
        const value = Number(text);
        if (Number.isNaN(value)) return;
        const { owner, source } = columns[i];
        if (/^cpu\d+$/.test(source)) add(sums, `${owner}:cpu`, value);
        else if (source === 'memory_total_kib') add(sums, `${owner}:memory_total`, value * 1024, true);
        else if (source === 'memory_free_kib') add(sums, `${owner}:memory_free`, value * 1024, true);
        else if (source === 'memory') add(sums, `${owner}:memory_used`, value, true);
      });
      for (const [key, { sum, n }] of sums) this.#point(key, row.t, sum / n);
      for (const [key, { sum }] of sums) {
        if (key.endsWith(':memory_total')) {
          const owner = key.slice(0, -':memory_total'.length);
          const free = sums.get(`${owner}:memory_free`);
          if (free) this.#point(`${owner}:memory_used`, row.t, sum - free.sum);
        }
      }
    }
    for (const points of this.#series.values()) {
      const times = [...points.keys()].sort((a, b) => a - b);
      for (const t of times.slice(0, Math.max(0, times.length - KEEP))) points.delete(t);
    }
  }

  #point(key, t, value) {
    if (!this.#series.has(key)) this.#series.set(key, new Map());
    this.#series.get(key).set(t, value);
    if (!(this.#latest.get(key)?.t > t)) this.#latest.set(key, { t, value });
  }
}

function add(sums, key, value, single = false) {
  const s = sums.get(key) ?? { sum: 0, n: 0 };
  s.sum = single ? value : s.sum + value;
  s.n = single ? 1 : s.n + 1;
  sums.set(key, s);
}

/** A live line chart (uPlot) labelled `title`; `update([times, values], end)` redraws it, the ten minutes up to `end`. */
export function lineChart(title, { format, max } = {}) {
  const el = h('figure', { class: 'chart' }, h('figcaption', {}, title));
  const plot = new uPlot({
    width: 420,
    height: 180,
    series: [{}, { label: title, stroke: '#2f6fdf', fill: 'rgba(47,111,223,0.12)', value: (u, v) => v == null ? '—' : format(v) }],
    axes: [{}, { values: (u, ticks) => ticks.map(format), size: 70 }],
    scales: { y: { range: (u, lo, hi) => [0, max ?? Math.max(hi, 1)] } },
    legend: { show: true },
  }, [[], []], el);
  const resize = () => plot.setSize({ width: Math.max(260, el.clientWidth - 8), height: 180 });
  new ResizeObserver(resize).observe(el);
  const update = (data, end) => {
    plot.setData(data, false);
    if (end !== null) plot.setScale('x', { min: end - KEEP * STEP_MS / 1000, max: end }); // however few samples there are yet
  };
  return { el, update };
}

/** A small canvas line of `values` in [0, 1], for tables. */
export function sparkline(canvas, values) {
  const ratio = window.devicePixelRatio || 1;
  const w = canvas.clientWidth || 80, ht = canvas.clientHeight || 20;
  if (canvas.width !== w * ratio) { canvas.width = w * ratio; canvas.height = ht * ratio; }
  const g = canvas.getContext('2d');
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, w, ht);
  if (values.length < 2) return;
  g.strokeStyle = '#2f6fdf';
  g.lineWidth = 1.25;
  g.beginPath();
  values.forEach((v, i) => {
    const x = (i / (values.length - 1)) * (w - 2) + 1;
    const y = ht - 1 - Math.min(1, Math.max(0, v)) * (ht - 2);
    if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
  });
  g.stroke();
}
