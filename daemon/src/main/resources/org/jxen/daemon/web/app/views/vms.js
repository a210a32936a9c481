// The VM list: every VM (not templates, snapshots or dom0) with its power state, vCPUs, memory,
// CPU use and uptime; sortable, filterable, kept current from event.from. Only the rows in view
// are in the DOM, so thousands of VMs render and update as fast as a few.

import { h, fill } from '../dom.js';
import { bytes, duration, powerState, xapiDate } from '../format.js';
import { sparkline } from '../metrics.js';

const ROW_HEIGHT = 40;
const OVERSCAN = 8;

const COLUMNS = [
  { key: 'name', label: 'Name', value: r => r.vm.name_label.toLowerCase() },
  { key: 'state', label: 'Power state', value: r => r.vm.power_state },
  { key: 'vcpus', label: 'vCPUs', value: r => vcpus(r), numeric: true },
  { key: 'memory', label: 'Memory', value: r => memory(r), numeric: true },
  { key: 'cpu', label: 'CPU', value: r => r.cpu, numeric: true },
  { key: 'uptime', label: 'Uptime', value: r => r.started ?? Infinity, numeric: true, reverse: true },
];

function vcpus({ vm, metrics }) {
  return vm.power_state === 'Halted' ? Number(vm.VCPUs_at_startup) : Number(metrics?.VCPUs_number ?? vm.VCPUs_at_startup);
}

function memory({ vm, metrics }) {
  return vm.power_state === 'Halted' ? Number(vm.memory_dynamic_max) : Number(metrics?.memory_actual || vm.memory_target);
}

/** The VMs a person manages: not templates, snapshots or the control domain. */
export function isGuest(vm) {
  return !vm.is_a_template && !vm.is_a_snapshot && !vm.is_control_domain;
}

export function vmListView({ cache, metrics }) {
  let sort = { key: 'name', descending: false };
  let filter = '';
  let rows = [];
  const search = h('input', { type: 'search', placeholder: 'name or state (running, halted…)', 'aria-controls': 'vm-table' });
  const count = h('p', { class: 'count', 'aria-live': 'polite' });
  const headerCells = COLUMNS.map(c => {
    const button = h('button', { type: 'button', class: 'sort', onclick: () => sortBy(c.key) }, c.label);
    return h('th', { scope: 'col', class: `col-${c.key}`, 'data-key': c.key }, button);
  });
  const body = h('tbody');
  const table = h('table', { id: 'vm-table', class: 'data vms', 'aria-rowcount': '0' },
    h('caption', { class: 'visually-hidden' }, 'Virtual machines; the column buttons sort'),
    h('thead', {}, h('tr', {}, headerCells)), body);
  const scroller = h('div', { class: 'scroller', onscroll: () => draw() }, table);
  const el = h('section', { class: 'vm-list' },
    h('div', { class: 'heading' }, h('h1', {}, 'VMs'),
      h('a', { class: 'button primary', href: '#/new' }, 'New VM')),
    h('div', { class: 'toolbar' }, h('label', { for: 'vm-filter' }, 'Filter'), Object.assign(search, { id: 'vm-filter' }), count),
    scroller);
  search.addEventListener('input', () => { filter = search.value.trim().toLowerCase(); rebuild(); });

  function sortBy(key) {
    sort = { key, descending: sort.key === key ? !sort.descending : false };
    rebuild();
  }

  function rebuild() {
    const all = [];
    for (const [ref, vm] of cache.all('VM')) {
      if (!isGuest(vm)) continue;
      if (filter && !vm.name_label.toLowerCase().includes(filter) && powerState(vm.power_state) !== filter) continue;
      const m = cache.get('VM_metrics', vm.metrics);
      const started = vm.power_state === 'Running' || vm.power_state === 'Paused' ? xapiDate(m?.start_time)?.getTime() : undefined;
      const cpu = metrics.latest(`vm:${vm.uuid}`, 'cpu');
      all.push({ ref, vm, metrics: m, started, cpu: Number.isNaN(cpu) ? -1 : cpu });
    }
    const column = COLUMNS.find(c => c.key === sort.key);
    const sign = (sort.descending ? -1 : 1) * (column.reverse ? -1 : 1);
    all.sort((a, b) => {
      const x = column.value(a), y = column.value(b);
      return (x < y ? -1 : x > y ? 1 : a.vm.name_label.localeCompare(b.vm.name_label)) * sign;
    });
    rows = all;
    for (const th of headerCells) {
      th.setAttribute('aria-sort', th.dataset.key === sort.key ? (sort.descending ? 'descending' : 'ascending') : 'none');
    }
    table.setAttribute('aria-rowcount', String(rows.length + 1));
    const total = [...cache.all('VM').values()].filter(isGuest).length;
    count.textContent = filter ? `${rows.length} of ${total} VMs` : `${total} VM${total === 1 ? '' : 's'}`;
    draw();
  }

  function draw() {
    // the rows are made anew: the row link that had the keyboard's focus gets it back
    const focused = body.contains(document.activeElement) ? document.activeElement.closest('tr')?.dataset.uuid : undefined;
    const first = Math.max(0, Math.floor(scroller.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const visible = Math.ceil((scroller.clientHeight || 800) / ROW_HEIGHT) + 2 * OVERSCAN;
    const last = Math.min(rows.length, first + visible);
    const cells = [spacer(first * ROW_HEIGHT)];
    for (let i = first; i < last; i++) cells.push(row(rows[i], i));
    cells.push(spacer((rows.length - last) * ROW_HEIGHT));
    if (!rows.length) cells.push(h('tr', {}, h('td', { colspan: COLUMNS.length, class: 'empty' },
      filter ? 'No VM matches the filter.' : 'No VMs yet. Make one with “New VM”.')));
    fill(body, cells);
    if (focused) body.querySelector(`tr[data-uuid="${focused}"] a`)?.focus({ preventScroll: true });
    for (const canvas of body.querySelectorAll('canvas')) {
      const [, values] = metrics.series(`vm:${canvas.dataset.uuid}`, 'cpu');
      sparkline(canvas, values);
    }
  }

  function row(r, index) {
    const state = powerState(r.vm.power_state);
    return h('tr', { 'aria-rowindex': String(index + 2), 'data-uuid': r.vm.uuid, style: `height:${ROW_HEIGHT}px` },
      h('th', { scope: 'row', class: 'col-name' }, h('a', { href: `#/vm/${r.vm.uuid}` }, r.vm.name_label)),
      h('td', { class: 'col-state' }, h('span', { class: `state ${state}` }, state)),
      h('td', { class: 'col-vcpus num' }, String(vcpus(r))),
      h('td', { class: 'col-memory num' }, bytes(memory(r))),
      h('td', { class: 'col-cpu' }, r.cpu >= 0
        ? h('span', { class: 'cpu' }, h('canvas', { 'data-uuid': r.vm.uuid, 'aria-hidden': 'true' }), `${Math.round(r.cpu * 100)}%`)
        : '—'),
      h('td', { class: 'col-uptime num' }, r.started ? duration(cache.now() - r.started) : '—'));
  }

  function spacer(height) {
    return height > 0 ? h('tr', { class: 'spacer', 'aria-hidden': 'true', style: `height:${height}px` }) : null;
  }

  rebuild();
  performance.mark('jxen:vm-list-drawn'); // read by the browser tests: how long the first list took
  const offCache = cache.subscribe(changed => {
    if (changed.has('vm') || changed.has('vm_metrics')) rebuild();
  });
  const offMetrics = metrics.subscribe(rebuild);
  const tick = setInterval(draw, 1000); // uptime
  return { el, title: 'VMs', close: () => { offCache(); offMetrics(); clearInterval(tick); } };
}
