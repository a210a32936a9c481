// A new VM: from a template (VM.clone + VM.provision, as XenAPI clients do it) or from an xl.cfg
// pasted in (jxen.create_VM_from_xl_config, read as `xl create` reads it; a refused config's
// error is shown at its line).

import { h, fill, field } from '../dom.js';
import { bytes } from '../format.js';
import { describe } from '../errors.js';

const EXAMPLE = `name = "web"
type = "pvh"
kernel = "/boot/vmlinuz"
memory = 512
vcpus = 2
disk = [ "format=raw, vdev=xvda, access=rw, target=/var/lib/xen/images/web.img" ]
vif = [ "bridge=xenbr0" ]
`;

export function newVmView({ api, cache, tasks }) {
  const el = h('section', { class: 'new-vm' },
    h('p', { class: 'crumbs' }, h('a', { href: '#/vms' }, 'VMs'), ' / '),
    h('h1', {}, 'New VM'),
    h('div', { class: 'columns' }, fromTemplate(cache, tasks), fromXlConfig(api, cache, tasks)));
  return { el, title: 'New VM' };
}

function fromTemplate(cache, tasks) {
  const templates = [...cache.all('VM')].filter(([, vm]) => vm.is_a_template && !vm.is_a_snapshot)
    .sort((a, b) => a[1].name_label.localeCompare(b[1].name_label));
  const template = h('select', { name: 'template', required: true },
    templates.map(([ref, vm]) => h('option', { value: ref }, vm.name_label)));
  const about = h('p', { class: 'hint' });
  const name = h('input', { name: 'name', required: true, placeholder: 'e.g. web1' });
  const start = h('input', { type: 'checkbox', name: 'start', checked: true });
  const describeTemplate = () => {
    const vm = cache.get('VM', template.value);
    fill(about, vm ? `${vm.name_description || vm.name_label}: ${vm.VCPUs_at_startup} vCPU(s), ${bytes(vm.memory_dynamic_max)}` : '');
  };
  template.addEventListener('change', describeTemplate);
  describeTemplate();
  const form = h('form', { class: 'card', 'aria-labelledby': 'from-template' },
    h('h2', { id: 'from-template' }, 'From a template'),
    field('Template', template), about, field('Name', name),
    h('label', { class: 'check' }, start, ' Start it'),
    h('button', { type: 'submit', class: 'primary' }, 'Create VM'));
  if (!templates.length) fill(form, h('h2', { id: 'from-template' }, 'From a template'), h('p', {}, 'jxend has no templates.'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    try {
      const ref = await tasks.run(`Creating ${name.value}`, 'VM.clone', template.value, name.value);
      await tasks.run(`Provisioning ${name.value}`, 'VM.provision', ref);
      await tasks.call(`Making ${name.value} a VM`, 'VM.set_is_a_template', ref, false);
      await opened(cache, ref, start.checked, tasks);
    } catch {
      // shown by tasks
    }
  });
  return form;
}

function fromXlConfig(api, cache, tasks) {
  const text = h('textarea', { name: 'config', rows: 16, spellcheck: false, required: true, 'aria-describedby': 'xl-error', value: EXAMPLE });
  const gutter = h('div', { class: 'gutter', 'aria-hidden': 'true' });
  const fileName = h('input', { name: 'file', value: 'vm.cfg', required: true });
  const start = h('input', { type: 'checkbox', name: 'start', checked: true });
  const error = h('div', { id: 'xl-error', class: 'form-error', role: 'alert' });
  const editor = h('div', { class: 'editor' }, gutter, text);
  let errorLine = 0;
  const numberLines = () => {
    const lines = text.value.split('\n').length;
    fill(gutter, Array.from({ length: lines }, (_, i) => h('span', { class: i + 1 === errorLine ? 'error-line' : '' }, String(i + 1))));
    gutter.scrollTop = text.scrollTop;
  };
  text.addEventListener('input', () => { errorLine = 0; numberLines(); });
  text.addEventListener('scroll', () => { gutter.scrollTop = text.scrollTop; });
  numberLines();
  const form = h('form', { class: 'card', 'aria-labelledby': 'from-xl' },
    h('h2', { id: 'from-xl' }, 'From an xl.cfg'),
    h('p', { class: 'hint' }, 'Paste a domain config as xl create reads it (see xl.cfg(5)).'),
    h('div', { class: 'field' }, h('label', { for: 'xl-config' }, 'Config text'), Object.assign(editor, {})),
    error, field('File name', fileName, 'used in error messages, as xl names the file'),
    h('label', { class: 'check' }, start, ' Start it'),
    h('button', { type: 'submit', class: 'primary' }, 'Create VM from xl.cfg'));
  text.id = 'xl-config';
  form.addEventListener('submit', async event => {
    event.preventDefault();
    fill(error);
    errorLine = 0;
    numberLines();
    let ref;
    try {
      ref = await api.call('jxen.create_VM_from_xl_config', text.value, fileName.value);
    } catch (e) {
      showError(e);
      return;
    }
    await opened(cache, ref, start.checked, tasks).catch(() => {});
  });

  /** xl's message; its FILE:LINE:COL marks the line and puts the cursor there. */
  function showError(e) {
    const why = e.code === 'VALUE_NOT_SUPPORTED' && e.params[0] === 'xl.cfg' ? e.params[2] : describe(e);
    const place = new RegExp(`^${escape(fileName.value)}:(\\d+)(?::(\\d+))?:\\s*`).exec(why);
    if (place) {
      errorLine = Number(place[1]);
      const column = Number(place[2] ?? 1);
      fill(error, h('strong', {}, `Line ${errorLine}${place[2] ? `, column ${column}` : ''}: `), why.slice(place[0].length));
      numberLines();
      const lines = text.value.split('\n');
      const offset = lines.slice(0, errorLine - 1).reduce((n, l) => n + l.length + 1, 0) + Math.min(column - 1, (lines[errorLine - 1] ?? '').length);
      text.focus();
      text.setSelectionRange(offset, offset);
    } else {
      fill(error, why);
    }
  }
  return form;
}

function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Opens the new VM's page, starting it when asked. */
async function opened(cache, ref, start, tasks) {
  await until(() => cache.get('VM', ref));
  const vm = cache.get('VM', ref);
  location.hash = `#/vm/${vm.uuid}`;
  if (start) await tasks.run(`Starting ${vm.name_label}`, 'VM.start', ref, false, false);
}

/** Resolves once `test()` holds (the event cache has caught up with a call's result). */
function until(test) {
  return new Promise(resolve => {
    const check = () => (test() ? resolve() : requestAnimationFrame(check));
    check();
  });
}
