// The host: what it is (versions, CPUs, topology, NUMA nodes and their memory, scheduler) and
// live graphs of its CPU and memory use.

import { h, fill } from '../dom.js';
import { bytes, percent } from '../format.js';
import { lineChart } from '../metrics.js';
import { describe } from '../errors.js';

export function hostView({ api, cache, metrics }) {
  const [ref, host] = [...cache.all('host')][0] ?? [];
  const el = h('section', { class: 'host' });
  if (!host) {
    fill(el, h('h1', {}, 'Host'), h('p', {}, 'jxend reports no host yet.'));
    return { el, title: 'Host' };
  }
  const owner = `host:${host.uuid}`;
  const facts = h('dl', { class: 'facts' });
  const topology = h('div', { class: 'topology' }, h('p', { class: 'loading' }, 'Reading the topology…'));
  const cpuChart = lineChart('CPU use', { format: percent, max: 1 });
  const memoryChart = lineChart('Memory used', { format: bytes });
  const memoryNow = h('p', { class: 'memory-now' });
  fill(el,
    h('h1', {}, host.name_label),
    host.name_description ? h('p', { class: 'subtitle' }, host.name_description) : null,
    h('div', { class: 'columns' },
      h('section', { 'aria-labelledby': 'host-about' }, h('h2', { id: 'host-about' }, 'About'), facts),
      h('section', { 'aria-labelledby': 'host-usage' }, h('h2', { id: 'host-usage' }, 'Usage'), memoryNow,
        h('div', { class: 'charts' }, cpuChart.el, memoryChart.el))),
    h('section', { 'aria-labelledby': 'host-topology' }, h('h2', { id: 'host-topology' }, 'Topology'), topology));

  function drawFacts() {
    const current = cache.get('host', ref) ?? host;
    const cpus = [...cache.all('host_cpu').values()].filter(c => c.host === ref);
    const v = current.software_version ?? {};
    const rows = [
      ['Host name', current.hostname],
      ['Address', current.address],
      ['jxen', [v.product_brand, v.product_version].filter(Boolean).join(' ') || v.version],
      ['Xen', v.xen ?? `${current.API_version_vendor ?? ''}`],
      ['XenAPI', `${current.API_version_major}.${current.API_version_minor}`],
      ['CPUs', `${cpus.length} × ${current.cpu_info?.modelname ?? cpus[0]?.modelname ?? 'CPU'}`],
      ['Scheduler', current.sched_policy || '—'],
    ].filter(([, value]) => value !== undefined && value !== '');
    fill(facts, rows.flatMap(([k, value]) => [h('dt', {}, k), h('dd', {}, value)]));
  }

  function drawUsage() {
    cpuChart.update(metrics.series(owner, 'cpu'), metrics.end());
    memoryChart.update(metrics.series(owner, 'memory_used'), metrics.end());
    const total = metrics.latest(owner, 'memory_total');
    const free = metrics.latest(owner, 'memory_free');
    fill(memoryNow, Number.isFinite(total)
      ? `Memory: ${bytes(total - free)} used, ${bytes(free)} free of ${bytes(total)}`
      : 'Memory: waiting for the first sample…');
  }

  async function drawTopology() {
    try {
      const p = await api.call('jxen.get_host_physinfo');
      const nodes = (p.node_cpus ?? []).map((cpus, i) => h('tr', {},
        h('th', { scope: 'row' }, `node ${i}`),
        h('td', {}, cpuRanges(cpus)),
        h('td', {}, p.node_memory_kb ? bytes(p.node_memory_kb[i] * 1024) : '—'),
        h('td', {}, p.node_free_kb ? bytes(p.node_free_kb[i] * 1024) : '—')));
      fill(topology,
        h('p', {}, `${p.sockets} socket(s) × ${p.cores_per_socket} core(s) × ${p.threads_per_core} thread(s) = ${p.nr_cpus} CPUs; `,
          `${p.nr_nodes} NUMA node(s); memory ${bytes(p.total_memory_kb * 1024)}, ${bytes(p.free_memory_kb * 1024)} free.`),
        h('table', { class: 'data' },
          h('caption', {}, 'NUMA nodes'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Node'), h('th', { scope: 'col' }, 'CPUs'),
            h('th', { scope: 'col' }, 'Memory'), h('th', { scope: 'col' }, 'Free'))),
          h('tbody', {}, nodes)));
    } catch (e) {
      fill(topology, h('p', { role: 'alert' }, describe(e)));
    }
  }

  drawFacts();
  drawUsage();
  drawTopology();
  const offCache = cache.subscribe(changed => { if (changed.has('host') || changed.has('host_cpu')) drawFacts(); });
  const offMetrics = metrics.subscribe(drawUsage);
  return { el, title: host.name_label, close: () => { offCache(); offMetrics(); } };
}

/** [0,1,2,3,6] as "0-3,6", as xl writes CPU lists. */
export function cpuRanges(cpus) {
  const out = [];
  const sorted = [...cpus].map(Number).sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    out.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j;
  }
  return out.join(',');
}
