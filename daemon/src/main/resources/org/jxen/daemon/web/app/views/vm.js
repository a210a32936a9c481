// One VM: its state and actions, details, vCPUs and memory (changed live), disks and networks
// (attached and detached), its snapshots (reverted to, deleted), and its console in a terminal emulator.

import { h, fill, field, actionButton } from '../dom.js';
import { ask } from '../dialog.js';
import { bytes, duration, GIB, MIB, powerState, xapiDate } from '../format.js';
import { powerActions } from '../vm-actions.js';
import { Console } from '../console.js';

export function vmView(context, uuid) {
  const { cache, tasks } = context;
  const found = cache.byUuid('VM', uuid);
  if (!found) {
    return { el: h('section', {}, h('h1', {}, 'No such VM'), h('p', {}, 'It may have been destroyed. ', h('a', { href: '#/vms' }, 'See the VMs.'))), title: 'No such VM' };
  }
  const [ref] = found;
  const vmNow = () => cache.get('VM', ref);
  const title = h('h1');
  const state = h('span', { class: 'state' });
  const actions = h('div', { class: 'actions', role: 'group', 'aria-label': 'VM actions' });
  const details = h('dl', { class: 'facts' });
  const sizing = h('div');
  const disks = h('div');
  const networks = h('div');
  const snapshots = h('div');
  const terminal = new Console(context, ref);
  const el = h('section', { class: 'vm' },
    h('p', { class: 'crumbs' }, h('a', { href: '#/vms' }, 'VMs'), ' / '),
    h('div', { class: 'heading' }, title, state), actions,
    h('div', { class: 'columns' },
      h('section', { 'aria-labelledby': 'vm-details' }, h('h2', { id: 'vm-details' }, 'Details'), details),
      h('section', { 'aria-labelledby': 'vm-sizing' }, h('h2', { id: 'vm-sizing' }, 'vCPUs and memory'), sizing)),
    h('section', { 'aria-labelledby': 'vm-console' }, h('h2', { id: 'vm-console' }, 'Console'), terminal.el),
    h('section', { 'aria-labelledby': 'vm-disks' }, h('h2', { id: 'vm-disks' }, 'Disks'), disks),
    h('section', { 'aria-labelledby': 'vm-networks' }, h('h2', { id: 'vm-networks' }, 'Networks'), networks),
    h('section', { 'aria-labelledby': 'vm-snapshots' }, h('h2', { id: 'vm-snapshots' }, 'Snapshots'), snapshots));

  let lastState = null;
  function draw(changed) {
    const vm = vmNow();
    if (!vm) {
      fill(el, h('h1', {}, 'VM destroyed'), h('p', {}, h('a', { href: '#/vms' }, 'See the VMs.')));
      terminal.close();
      return;
    }
    title.textContent = vm.name_label;
    document.title = `${vm.name_label} · jxen`;
    const words = powerState(vm.power_state);
    state.className = `state ${words}`;
    state.textContent = words;
    if (vm.power_state !== lastState || !changed) {
      fill(actions, powerActions(ref, vm, context).map(([label, run]) =>
        actionButton(label, run, { class: label === 'Destroy' || label.startsWith('Force') ? 'danger' : '' })));
      fill(sizing, sizingForm(ref, vm, tasks));
      lastState = vm.power_state;
    }
    drawDetails(vm);
    if (!changed || ['vbd', 'vdi', 'sr'].some(c => changed.has(c))) redraw(disks, diskTable(ref, context), () => attachDiskForm(ref, context));
    if (!changed || ['vif', 'network'].some(c => changed.has(c))) redraw(networks, vifTable(ref, context), () => attachNicForm(ref, context));
    if (!changed || changed.has('vm')) {
      const table = snapshotTable(ref, context); // drawn again only when it changed: a button keeps the focus
      if (table.outerHTML !== snapshots.firstChild?.outerHTML) fill(snapshots, table);
    }
    terminal.follow(vm);
  }

  /** The table anew; the form too, unless the person is filling it in. */
  function redraw(section, table, form) {
    const editing = section.lastChild?.contains(document.activeElement);
    if (editing) section.firstChild.replaceWith(table);
    else fill(section, table, form());
  }

  function drawDetails(vm) {
    const m = cache.get('VM_metrics', vm.metrics);
    const g = cache.get('VM_guest_metrics', vm.guest_metrics);
    const started = xapiDate(m?.start_time);
    const running = vm.power_state === 'Running' || vm.power_state === 'Paused';
    const rows = [
      ['UUID', vm.uuid],
      ['Description', vm.name_description],
      ['Type', vm.domain_type?.toUpperCase()],
      ['Domain ID', running ? String(vm.domid) : '—'],
      ['vCPUs', running ? `${m?.VCPUs_number ?? vm.VCPUs_at_startup} of ${vm.VCPUs_max}` : `${vm.VCPUs_at_startup} (max ${vm.VCPUs_max})`],
      ['Memory', running && m ? `${bytes(m.memory_actual)} (target ${bytes(vm.memory_target)})` : bytes(vm.memory_dynamic_max)],
      ['Uptime', running && started ? duration(cache.now() - started.getTime()) : '—'],
      ['Operating system', g?.os_version?.name],
      ['IP addresses', addresses(g)],
    ].filter(([, value]) => value);
    fill(details, rows.flatMap(([k, value]) => [h('dt', {}, k), h('dd', {}, value)]));
  }

  draw();
  const off = cache.subscribe(changed => draw(changed));
  const tick = setInterval(() => vmNow() && drawDetails(vmNow()), 1000);
  return { el, title: vmNow().name_label, close: () => { off(); clearInterval(tick); terminal.close(); } };
}

/**
 * The addresses the guest's agent reported (VM_guest_metrics.networks: N/ipv4/M and N/ipv6/M, with
 * N/ip repeating the first IPv4 one), in interface order, each once.
 */
function addresses(g) {
  const keys = Object.keys(g?.networks ?? {}).filter(k => !k.endsWith('/ip'));
  keys.sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  return [...new Set(keys.map(k => g.networks[k]))].join(', ');
}

/** vCPUs and memory: live on a running VM (VM.set_VCPUs_number_live, the dynamic range), else for its next start. */
function sizingForm(ref, vm, tasks) {
  const running = vm.power_state === 'Running';
  const halted = vm.power_state === 'Halted';
  const vcpus = h('input', { type: 'number', name: 'vcpus', min: 1, max: Number(vm.VCPUs_max), required: true, value: Number(vm.VCPUs_at_startup) });
  const low = Math.ceil(Number(vm.memory_static_min) / MIB), high = Math.floor(Number(vm.memory_static_max) / MIB);
  const memory = h('input', { type: 'number', name: 'memory', min: low, max: high, step: 1, required: true, value: Math.round(Number(vm.memory_dynamic_max) / MIB) });
  const form = h('form', { class: 'sizing' },
    field('vCPUs', vcpus, `1 to ${vm.VCPUs_max}${running ? ', applied now' : ''}`),
    field('Memory (MiB)', memory, `${low} to ${high} MiB${running ? ', applied now' : ''}`),
    h('button', { type: 'submit', disabled: !(running || halted) }, 'Apply'));
  if (!(running || halted)) form.append(h('p', { class: 'hint' }, `A ${powerState(vm.power_state)} VM keeps its sizes.`));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const n = Number(vcpus.value);
    const bytesWanted = Number(memory.value) * MIB;
    if (n !== Number(vm.VCPUs_at_startup)) {
      if (running) await tasks.run(`Setting vCPUs of ${vm.name_label} to ${n}`, 'VM.set_VCPUs_number_live', ref, n).catch(() => {});
      else await tasks.run(`Setting vCPUs of ${vm.name_label} to ${n}`, 'VM.set_VCPUs_at_startup', ref, n).catch(() => {});
    }
    if (bytesWanted !== Number(vm.memory_dynamic_max)) {
      await tasks.run(`Setting memory of ${vm.name_label} to ${memory.value} MiB`, 'VM.set_memory_dynamic_range', ref, bytesWanted, bytesWanted).catch(() => {});
    }
  });
  return form;
}

function diskTable(ref, { cache, tasks }) {
  // positions in number order; a disk named by its device (xvda2, from an xl.cfg) among them by name
  const vbds = [...cache.all('VBD')].filter(([, b]) => b.VM === ref)
    .sort((a, b) => a[1].userdevice.localeCompare(b[1].userdevice, 'en', { numeric: true }));
  if (!vbds.length) return h('p', {}, 'No disks.');
  return h('table', { class: 'data' },
    h('thead', {}, h('tr', {}, ['Position', 'Disk', 'Size', 'Storage', 'Attached', ''].map(c => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, vbds.map(([vbdRef, b]) => {
      const vdi = cache.get('VDI', b.VDI);
      const sr = vdi && cache.get('SR', vdi.SR);
      return h('tr', {},
        h('td', {}, b.userdevice), h('th', { scope: 'row' }, b.empty ? '(empty drive)' : vdi?.name_label ?? '—'),
        h('td', { class: 'num' }, vdi ? bytes(vdi.virtual_size) : '—'), h('td', {}, sr?.name_label ?? '—'),
        h('td', {}, b.currently_attached ? 'yes' : 'no'),
        h('td', {}, actionButton('Detach', () => detach('VBD', vbdRef, b, `disk ${vdi?.name_label ?? b.userdevice}`, tasks),
          { 'aria-label': `Detach disk ${vdi?.name_label ?? b.userdevice}` })));
    })));
}

async function detach(cls, deviceRef, device, what, tasks) {
  try {
    if (device.currently_attached) await tasks.run(`Unplugging ${what}`, `${cls}.unplug`, deviceRef);
    await tasks.run(`Removing ${what}`, `${cls}.destroy`, deviceRef);
  } catch {
    // shown by tasks
  }
}

/** A new disk on a storage repository, or one not used by any VM, attached (and plugged in when the VM runs). */
function attachDiskForm(ref, { cache, tasks }) {
  const srs = [...cache.all('SR')].filter(([, sr]) => sr.content_type !== 'iso' && (sr.allowed_operations ?? []).includes('vdi_create'));
  const used = new Set([...cache.all('VBD').values()].map(b => b.VDI));
  const free = [...cache.all('VDI')].filter(([vdiRef, vdi]) => !used.has(vdiRef) && !vdi.is_a_snapshot && vdi.type !== 'system');
  const source = h('select', { name: 'disk' },
    h('option', { value: '' }, 'a new disk'),
    free.map(([vdiRef, vdi]) => h('option', { value: vdiRef }, `${vdi.name_label} (${bytes(vdi.virtual_size)})`)));
  const name = h('input', { name: 'name', value: `${cache.get('VM', ref).name_label} disk` });
  const size = h('input', { type: 'number', name: 'size', min: 1, step: 1, value: 4 });
  const sr = h('select', { name: 'sr' }, (srs.length ? srs : [...cache.all('SR')]).map(([srRef, s]) => h('option', { value: srRef }, s.name_label)));
  const form = h('form', { class: 'attach' },
    h('h3', {}, 'Attach a disk'),
    field('Disk', source), field('New disk name', name), field('Size (GiB)', size), field('Storage', sr),
    h('button', { type: 'submit' }, 'Attach disk'));
  const toggle = () => { for (const c of [name, size, sr]) c.closest('.field').hidden = source.value !== ''; };
  source.addEventListener('change', toggle);
  toggle();
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const vm = cache.get('VM', ref);
    try {
      let vdi = source.value;
      if (!vdi) {
        vdi = await tasks.createDisk(sr.value, name.value, Number(size.value) * GIB,
          `made for ${vm.name_label} in the web console`);
      }
      const vbd = await tasks.run(`Attaching disk to ${vm.name_label}`, 'VBD.create', {
        VM: ref, VDI: vdi, userdevice: 'autodetect', bootable: false, mode: 'RW', type: 'Disk', unpluggable: true,
        empty: false, other_config: {}, qos_algorithm_type: '', qos_algorithm_params: {},
      });
      if (cache.get('VM', ref)?.power_state === 'Running') await tasks.run(`Plugging disk into ${vm.name_label}`, 'VBD.plug', vbd);
    } catch {
      // shown by tasks
    }
  });
  return form;
}

/** The VM's snapshots, newest first: each can be reverted to (VM.revert) or deleted with its disks. */
function snapshotTable(ref, { cache, tasks }) {
  const snaps = [...cache.all('VM')].filter(([, s]) => s.is_a_snapshot && s.snapshot_of === ref)
    .sort((a, b) => (xapiDate(b[1].snapshot_time)?.getTime() ?? 0) - (xapiDate(a[1].snapshot_time)?.getTime() ?? 0));
  if (!snaps.length) return h('p', {}, 'No snapshots. Take one with the Snapshot action above.');
  return h('table', { class: 'data' },
    h('thead', {}, h('tr', {}, ['Name', 'Taken', 'Memory', ''].map(c => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, snaps.map(([snapRef, s]) => h('tr', {},
      h('th', { scope: 'row' }, s.name_label), h('td', {}, xapiDate(s.snapshot_time)?.toLocaleString() ?? '—'),
      h('td', {}, s.power_state === 'Suspended' ? 'yes (checkpoint)' : 'no'),
      h('td', {},
        actionButton('Revert', () => revert(ref, snapRef, s, { cache, tasks }), { 'aria-label': `Revert to ${s.name_label}` }),
        actionButton('Delete', () => deleteSnapshot(snapRef, s, { cache, tasks }),
          { class: 'danger', 'aria-label': `Delete snapshot ${s.name_label}` }))))));
}

async function revert(ref, snapRef, snap, { cache, tasks }) {
  const vm = cache.get('VM', ref);
  const answer = await ask({
    title: `Revert ${vm.name_label} to ${snap.name_label}?`,
    question: (vm.power_state === 'Halted' ? '' : `The VM is ${vm.power_state.toLowerCase()}: it is forced off first. `)
      + "Its disks are replaced by copies of the snapshot's and its settings become the snapshot's; "
      + (snap.power_state === 'Suspended' ? 'it is left suspended with the memory of the moment the snapshot was taken.' : 'it is left halted.'),
    confirm: 'Revert',
    danger: true,
  });
  if (answer) await tasks.run(`Reverting ${vm.name_label} to ${snap.name_label}`, 'VM.revert', snapRef).catch(() => {});
}

async function deleteSnapshot(snapRef, snap, { cache, tasks }) {
  const disks = [...cache.all('VBD').values()].filter(b => b.VM === snapRef && b.type === 'Disk' && cache.get('VDI', b.VDI)).map(b => b.VDI);
  const answer = await ask({
    title: `Delete snapshot ${snap.name_label}?`,
    question: `The snapshot and its ${disks.length} disk copy(ies) are deleted. This cannot be undone.`,
    confirm: 'Delete',
    danger: true,
  });
  if (!answer) return;
  try {
    await tasks.run(`Deleting snapshot ${snap.name_label}`, 'VM.destroy', snapRef);
    for (const vdi of disks) await tasks.run(`Deleting disk ${cache.get('VDI', vdi)?.name_label ?? ''}`, 'VDI.destroy', vdi);
  } catch {
    // shown by tasks
  }
}

function vifTable(ref, { cache, tasks }) {
  const vifs = [...cache.all('VIF')].filter(([, v]) => v.VM === ref).sort((a, b) => Number(a[1].device) - Number(b[1].device));
  if (!vifs.length) return h('p', {}, 'No network interfaces.');
  return h('table', { class: 'data' },
    h('thead', {}, h('tr', {}, ['Device', 'MAC', 'Network', 'Attached', ''].map(c => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, vifs.map(([vifRef, v]) => h('tr', {},
      h('th', { scope: 'row' }, `eth${v.device}`), h('td', { class: 'mono' }, v.MAC),
      h('td', {}, cache.get('network', v.network)?.name_label ?? '—'), h('td', {}, v.currently_attached ? 'yes' : 'no'),
      h('td', {}, actionButton('Detach', () => detach('VIF', vifRef, v, `network interface eth${v.device}`, tasks),
        { 'aria-label': `Detach network interface eth${v.device}` }))))));
}

function attachNicForm(ref, { cache, tasks }) {
  const network = h('select', { name: 'network' },
    [...cache.all('network')].map(([netRef, n]) => h('option', { value: netRef }, `${n.name_label}${n.bridge ? ` (${n.bridge})` : ''}`)));
  const mac = h('input', { name: 'mac', placeholder: 'random 00:16:3e:…', pattern: '([0-9a-fA-F]{2}:){5}[0-9a-fA-F]{2}' });
  const form = h('form', { class: 'attach' },
    h('h3', {}, 'Attach a network interface'), field('Network', network), field('MAC address', mac, 'empty for a random Xen address'),
    h('button', { type: 'submit' }, 'Attach network interface'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const vm = cache.get('VM', ref);
    try {
      const vif = await tasks.run(`Adding a network interface to ${vm.name_label}`, 'VIF.create', {
        device: '', network: network.value, VM: ref, MAC: mac.value, MTU: 0, other_config: {},
        qos_algorithm_type: '', qos_algorithm_params: {}, locking_mode: 'network_default', ipv4_allowed: [], ipv6_allowed: [],
      });
      if (cache.get('VM', ref)?.power_state === 'Running') await tasks.run(`Plugging the interface into ${vm.name_label}`, 'VIF.plug', vif);
    } catch {
      // shown by tasks
    }
  });
  return form;
}
