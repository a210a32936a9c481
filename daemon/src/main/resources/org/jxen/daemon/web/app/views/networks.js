// Networks and the VIFs on each: make a private network, delete one no physical interface is on.

import { h, fill, field, actionButton } from '../dom.js';
import { ask } from '../dialog.js';

export function networksView({ cache, tasks }) {
  const list = h('div');
  const el = h('section', { class: 'networks' }, h('h1', {}, 'Networks'), list);

  function draw() {
    const networks = [...cache.all('network')].sort((a, b) => a[1].name_label.localeCompare(b[1].name_label));
    fill(list, networks.map(([ref, n]) => {
      const vifs = [...cache.all('VIF').values()].filter(v => v.network === ref)
        .map(v => ({ v, vm: cache.get('VM', v.VM) })).filter(x => x.vm && !x.vm.is_a_template)
        .sort((a, b) => a.vm.name_label.localeCompare(b.vm.name_label));
      const pifs = [...cache.all('PIF').values()].filter(p => p.network === ref);
      const id = `net-${n.uuid}`;
      return h('section', { class: 'card', 'aria-labelledby': id },
        h('h2', { id }, n.name_label),
        h('p', { class: 'hint' }, [n.bridge && `bridge ${n.bridge}`, n.MTU && `MTU ${n.MTU}`,
          pifs.length ? `physical: ${pifs.map(p => p.device).join(', ')}` : 'internal (no physical interface)']
          .filter(Boolean).join(' · ')),
        vifs.length ? h('table', { class: 'data' },
          h('caption', { class: 'visually-hidden' }, `VIFs on ${n.name_label}`),
          h('thead', {}, h('tr', {}, ['VM', 'Device', 'MAC', 'Attached'].map(c => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, vifs.map(({ v, vm }) => h('tr', {},
            h('th', { scope: 'row' }, h('a', { href: `#/vm/${vm.uuid}` }, vm.name_label)),
            h('td', {}, `eth${v.device}`), h('td', { class: 'mono' }, v.MAC), h('td', {}, v.currently_attached ? 'yes' : 'no')))))
          : h('p', {}, 'No VIFs.'),
        pifs.length ? null : h('p', { class: 'row-actions' },
          actionButton('Delete', () => remove(ref, n, vifs), { class: 'danger', 'aria-label': `Delete network ${n.name_label}` })));
    }), createForm());
  }

  function createForm() {
    const name = h('input', { name: 'name', required: true, placeholder: 'e.g. backend' });
    const form = h('form', { class: 'inline' }, field('New private network', name),
      h('button', { type: 'submit' }, 'Create network'));
    form.addEventListener('submit', async event => {
      event.preventDefault();
      await tasks.run(`Creating network ${name.value}`, 'network.create', {
        name_label: name.value, name_description: 'made in the web console', MTU: 1500, other_config: {}, tags: [],
      }).then(draw, () => {}); // the form is done with: the page anew, with the new network
    });
    return form;
  }

  async function remove(ref, network, vifs) {
    const plugged = vifs.filter(x => x.v.currently_attached).map(x => x.vm.name_label);
    const answer = await ask({
      title: `Delete network ${network.name_label}?`,
      question: plugged.length ? `${plugged.join(', ')} use it now: detach their interfaces or stop them first.`
        : vifs.length ? `The network interfaces of ${vifs.map(x => x.vm.name_label).join(', ')} on it go with it.`
          : 'Nothing uses it.',
      confirm: 'Delete',
      danger: true,
    });
    if (answer) await tasks.run(`Deleting network ${network.name_label}`, 'network.destroy', ref).catch(() => {});
  }

  draw();
  const off = cache.subscribe(changed => {
    // not while the person fills in the form: it would be redrawn empty under their fingers
    const editing = [...list.querySelectorAll('form')].some(f => f.contains(document.activeElement));
    if (['network', 'vif', 'pif', 'vm'].some(c => changed.has(c)) && !editing) draw();
  });
  return { el, title: 'Networks', close: off };
}
