// What a VM can be told to do in each power state, and how: each action a XenAPI task.

import { h, field } from './dom.js';
import { ask } from './dialog.js';

/** [label, run] for each action a VM in `vm.power_state` allows, most used first. */
export function powerActions(ref, vm, { api, cache, tasks }) {
  const name = vm.name_label;
  const task = (label, method, ...args) => () => tasks.run(`${label} ${name}`, method, ref, ...args).catch(() => {});
  const byState = {
    Halted: [['Start', task('Starting', 'VM.start', false, false)]],
    Running: [
      ['Shut down', task('Shutting down', 'VM.clean_shutdown')],
      ['Reboot', task('Rebooting', 'VM.clean_reboot')],
      ['Pause', task('Pausing', 'VM.pause')],
      ['Suspend', task('Suspending', 'VM.suspend')],
      ['Force shut down', task('Forcing off', 'VM.hard_shutdown')],
    ],
    Paused: [['Unpause', task('Unpausing', 'VM.unpause')], ['Force shut down', task('Forcing off', 'VM.hard_shutdown')]],
    Suspended: [['Resume', task('Resuming', 'VM.resume', false, false)], ['Force shut down', task('Forcing off', 'VM.hard_shutdown')]],
  };
  return [
    ...(byState[vm.power_state] ?? []),
    ['Snapshot', () => snapshot(ref, vm, tasks)],
    ['Destroy', () => destroy(ref, vm, { api, cache, tasks })],
  ];
}

async function snapshot(ref, vm, tasks) {
  const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const answer = await ask({
    title: `Snapshot ${vm.name_label}`,
    confirm: 'Take snapshot',
    fields: [field('Snapshot name', h('input', { name: 'name', required: true, value: `${vm.name_label} ${stamp}` }))],
  });
  if (answer) await tasks.run(`Snapshot of ${vm.name_label}`, 'VM.snapshot', ref, answer.name).catch(() => {});
}

/** Asks first; a running VM is forced off, then destroyed; its disks too if the person says so. */
async function destroy(ref, vm, { cache, tasks }) {
  const disks = [...cache.all('VBD').values()]
    .filter(b => b.VM === ref && !b.empty && cache.get('VDI', b.VDI))
    .map(b => b.VDI);
  const answer = await ask({
    title: `Destroy ${vm.name_label}?`,
    question: vm.power_state === 'Halted'
      ? 'The VM is deleted. This cannot be undone.'
      : `The VM is ${vm.power_state.toLowerCase()}: it is forced off, then deleted. This cannot be undone.`,
    confirm: 'Destroy',
    danger: true,
    fields: disks.length
      ? [h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'disks' }), ` Also delete its ${disks.length} disk(s)`)]
      : [],
  });
  if (!answer) return false;
  try {
    if (vm.power_state !== 'Halted') await tasks.run(`Forcing off ${vm.name_label}`, 'VM.hard_shutdown', ref);
    await tasks.run(`Destroying ${vm.name_label}`, 'VM.destroy', ref);
    if (answer.disks) {
      for (const vdi of disks) await tasks.run(`Deleting disk ${cache.get('VDI', vdi)?.name_label ?? ''}`, 'VDI.destroy', vdi);
    }
    location.hash = '#/vms';
    return true;
  } catch {
    return false;
  }
}
