// Networks and the VIFs on each.

import { h, fill } from '../dom.js';

export function networksView({ cache }) {
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
          : h('p', {}, 'No VIFs.'));
    }));
  }

  draw();
  const off = cache.subscribe(changed => { if (['network', 'vif', 'pif', 'vm'].some(c => changed.has(c))) draw(); });
  return { el, title: 'Networks', close: off };
}
