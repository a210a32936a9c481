// Storage repositories and their disks: create, resize and delete disks; add an SR (a directory of
// the host: disk images or an ISO library) and forget one.

import { h, fill, field, actionButton } from '../dom.js';
import { bytes, GIB } from '../format.js';
import { ask } from '../dialog.js';

export function storageView({ cache, tasks }) {
  const list = h('div');
  const el = h('section', { class: 'storage' }, h('h1', {}, 'Storage'), list);

  function draw() {
    const srs = [...cache.all('SR')].sort((a, b) => a[1].name_label.localeCompare(b[1].name_label));
    fill(list, srs.length ? srs.map(([ref, sr]) => srSection(ref, sr)) : h('p', {}, 'No storage repositories.'),
      newSrForm());
  }

  function srSection(ref, sr) {
    const vdis = [...cache.all('VDI')].filter(([, v]) => v.SR === ref && !v.is_a_snapshot)
      .sort((a, b) => a[1].name_label.localeCompare(b[1].name_label));
    const users = vdiRef => [...cache.all('VBD').values()].filter(b => b.VDI === vdiRef)
      .map(b => cache.get('VM', b.VM)?.name_label).filter(Boolean);
    const id = `sr-${sr.uuid}`;
    const size = Number(sr.physical_size), used = Number(sr.physical_utilisation);
    return h('section', { class: 'card', 'aria-labelledby': id },
      h('h2', { id }, sr.name_label),
      h('p', { class: 'hint' }, `${sr.type}${sr.content_type ? `, ${sr.content_type}` : ''}: `,
        size > 0 ? `${bytes(used)} used of ${bytes(size)}` : `${bytes(sr.virtual_allocation)} allocated`,
        size > 0 ? h('meter', { min: 0, max: size, value: used, 'aria-label': `${sr.name_label} used` }) : null),
      vdis.length ? h('table', { class: 'data' },
        h('caption', { class: 'visually-hidden' }, `Disks on ${sr.name_label}`),
        h('thead', {}, h('tr', {}, ['Disk', 'Size', 'Used by', ''].map(c => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, vdis.map(([vdiRef, vdi]) => h('tr', {},
          h('th', { scope: 'row' }, vdi.name_label || '(unnamed)'),
          h('td', { class: 'num' }, bytes(vdi.virtual_size)),
          h('td', {}, users(vdiRef).join(', ') || '—'),
          h('td', { class: 'row-actions' }, // what the SR lets be done: an ISO library's images are only read
            allowed(vdi, 'resize') ? actionButton('Resize', () => resize(vdiRef, vdi), { 'aria-label': `Resize ${vdi.name_label}` }) : null,
            allowed(vdi, 'destroy') ? actionButton('Delete', () => remove(vdiRef, vdi, users(vdiRef)), { class: 'danger', 'aria-label': `Delete ${vdi.name_label}` }) : null))))) 
        : h('p', {}, 'No disks.'),
      (sr.allowed_operations ?? []).includes('vdi_create') ? createForm(ref, sr) : null,
      forgettable(ref, sr) ? h('p', { class: 'row-actions' },
        actionButton('Forget', () => forget(ref, sr), { class: 'danger', 'aria-label': `Forget SR ${sr.name_label}` })) : null);
  }

  /** Not the host's local SR (XAPI's mark for it), where jxend keeps its own disks, nor the pool's default. */
  function forgettable(ref, sr) {
    const pool = [...cache.all('pool').values()][0];
    return ref !== pool?.default_SR && sr.other_config?.['i18n-key'] !== 'local-storage';
  }

  function newSrForm() {
    const name = h('input', { name: 'sr-name', required: true, placeholder: 'e.g. ISO library' });
    const location = h('input', { name: 'location', required: true, placeholder: '/srv/isos', pattern: '/.*' });
    const kind = h('select', { name: 'kind' }, h('option', { value: 'iso' }, 'ISO library (CD images)'),
      h('option', { value: 'file' }, 'Disk images'));
    const form = h('form', { class: 'inline' }, field('New SR name', name),
      field('Directory on the host', location, 'an absolute path that exists'), field('Holds', kind),
      h('button', { type: 'submit' }, 'Add SR'));
    form.addEventListener('submit', async event => {
      event.preventDefault();
      const host = [...cache.all('host').keys()][0];
      await tasks.run(`Adding SR ${name.value}`, 'SR.create', host, { location: location.value }, 0, name.value,
        'added in the web console', kind.value, kind.value === 'iso' ? 'iso' : 'user', false, {})
        .then(draw, () => {}); // the form is done with: the page anew, with the new SR
    });
    return form;
  }

  async function forget(ref, sr) {
    const answer = await ask({
      title: `Forget SR ${sr.name_label}?`,
      question: 'jxend stops using it; its files stay in their directory, and adding it again finds them.',
      confirm: 'Forget',
      danger: true,
    });
    if (!answer) return;
    try {
      for (const pbd of sr.PBDs) await tasks.run(`Unplugging ${sr.name_label}`, 'PBD.unplug', pbd);
      await tasks.run(`Forgetting ${sr.name_label}`, 'SR.forget', ref);
    } catch {
      // the notice says what failed
    }
  }

  const allowed = (vdi, operation) => (vdi.allowed_operations ?? []).includes(operation);

  function createForm(ref, sr) {
    const name = h('input', { name: 'name', required: true, placeholder: 'e.g. data' });
    const size = h('input', { type: 'number', name: 'size', min: 1, step: 1, required: true, value: 8 });
    const form = h('form', { class: 'inline' }, field('New disk name', name), field('Size (GiB)', size),
      h('button', { type: 'submit' }, `Create disk on ${sr.name_label}`));
    form.addEventListener('submit', async event => {
      event.preventDefault();
      await tasks.createDisk(ref, name.value, Number(size.value) * GIB, 'made in the web console')
        .then(draw, () => {}); // the form is done with: the page anew, with the new disk
    });
    return form;
  }

  async function resize(ref, vdi) {
    const answer = await ask({
      title: `Resize ${vdi.name_label}`,
      question: `Now ${bytes(vdi.virtual_size)}. Disks grow; the guest sees the new size at its next start.`,
      confirm: 'Resize',
      fields: [field('New size (GiB)', h('input', { type: 'number', name: 'size', min: 1, step: 1, required: true, value: Math.ceil(Number(vdi.virtual_size) / GIB) }))],
    });
    if (answer) await tasks.run(`Resizing ${vdi.name_label}`, 'VDI.resize', ref, Number(answer.size) * GIB).catch(() => {});
  }

  async function remove(ref, vdi, users) {
    const answer = await ask({
      title: `Delete ${vdi.name_label}?`,
      question: users.length ? `It is attached to ${users.join(', ')}: detach it there first.` : 'Its data is lost. This cannot be undone.',
      confirm: 'Delete',
      danger: true,
    });
    if (answer) await tasks.run(`Deleting ${vdi.name_label}`, 'VDI.destroy', ref).catch(() => {});
  }

  draw();
  const off = cache.subscribe(changed => {
    // not while the person fills in a form: it would be redrawn empty under their fingers
    const editing = [...list.querySelectorAll('form')].some(f => f.contains(document.activeElement));
    if (['sr', 'vdi', 'vbd', 'pbd'].some(c => changed.has(c)) && !editing) draw();
  });
  return { el, title: 'Storage', close: off };
}
