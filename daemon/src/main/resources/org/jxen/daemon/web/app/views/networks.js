// Networks and the VIFs on each: make a private network (on a VLAN of the host's interface if asked),
// delete one the host's interface itself is not on.

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
      const vlans = pifs.filter(p => p.VLAN >= 0);
      const id = `net-${n.uuid}`;
      return h('section', { class: 'card', 'aria-labelledby': id },
        h('h2', { id }, n.name_label),
        h('p', { class: 'hint' }, [n.bridge && `bridge ${n.bridge}`, n.MTU && `MTU ${n.MTU}`,
          pifs.length ? pifs.map(p => (p.VLAN >= 0 ? `VLAN ${p.VLAN} on ${p.device}` : `physical: ${p.device}`)).join(', ')
            : 'internal (no physical interface)']
          .filter(Boolean).join(' · ')),
        vifs.length ? h('table', { class: 'data' },
          h('caption', { class: 'visually-hidden' }, `VIFs on ${n.name_label}`),
          h('thead', {}, h('tr', {}, ['VM', 'Device', 'MAC', 'Attached'].map(c => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, vifs.map(({ v, vm }) => h('tr', {},
            h('th', { scope: 'row' }, h('a', { href: `#/vm/${vm.uuid}` }, vm.name_label)),
            h('td', {}, `eth${v.device}`), h('td', { class: 'mono' }, v.MAC), h('td', {}, v.currently_attached ? 'yes' : 'no')))))
          : h('p', {}, 'No VIFs.'),
        pifs.length > vlans.length ? null : h('p', { class: 'row-actions' },
          actionButton('Delete', () => remove(ref, n, vifs, vlans),
            { class: 'danger', 'aria-label': `Delete network ${n.name_label}` })));
    }), createForm());
  }

  function createForm() {
    const name = h('input', { name: 'name', required: true, placeholder: 'e.g. backend' });
    const tag = h('input', { name: 'vlan', type: 'number', min: 0, max: 4094, placeholder: 'none' });
    const form = h('form', { class: 'inline' }, field('New private network', name),
      field('VLAN tag', tag, "to reach it through the host's interface"),
      h('button', { type: 'submit' }, 'Create network'));
    form.addEventListener('submit', async event => {
      event.preventDefault();
      let network;
      try {
        network = await tasks.run(`Creating network ${name.value}`, 'network.create', {
          name_label: name.value, name_description: 'made in the web console', MTU: 1500, other_config: {}, tags: [],
        });
      } catch {
        return; // the task list says why; the form keeps what was typed
      }
      const host = [...cache.all('PIF')].find(([, p]) => p.physical);
      if (tag.value !== '' && host) {
        // refused (a tag in use, say): the network stays, internal, and the task list says why
        await tasks.run(`Putting ${name.value} on VLAN ${tag.value} of ${host[1].device}`, 'VLAN.create', host[0],
          Number(tag.value), network).catch(() => {});
      }
      draw(); // the form is done with: the page anew, with the new network
    });
    return form;
  }

  async function remove(ref, network, vifs, vlans) {
    const plugged = vifs.filter(x => x.v.currently_attached).map(x => x.vm.name_label);
    const answer = await ask({
      title: `Delete network ${network.name_label}?`,
      question: plugged.length ? `${plugged.join(', ')} use it now: detach their interfaces or stop them first.`
        : vifs.length ? `The network interfaces of ${vifs.map(x => x.vm.name_label).join(', ')} on it go with it.`
          : 'Nothing uses it.',
      confirm: 'Delete',
      danger: true,
    });
    if (!answer) return;
    try {
      for (const pif of vlans) {
        await tasks.run(`Taking ${network.name_label} off VLAN ${pif.VLAN}`, 'VLAN.destroy', pif.VLAN_master_of);
      }
      await tasks.run(`Deleting network ${network.name_label}`, 'network.destroy', ref);
    } catch {
      // the task list says what failed
    }
  }

  draw();
  const off = cache.subscribe(changed => {
    // not while the person fills in the form: it would be redrawn empty under their fingers
    const editing = [...list.querySelectorAll('form')].some(f => f.contains(document.activeElement));
    if (['network', 'vif', 'pif', 'vm'].some(c => changed.has(c)) && !editing) draw();
  });
  return { el, title: 'Networks', close: off };
}
