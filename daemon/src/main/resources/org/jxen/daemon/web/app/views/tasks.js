// Every task jxend has (this page's, other clients'), newest first, with its progress and result.

import { h, fill } from '../dom.js';
import { xapiDate } from '../format.js';
import { describe } from '../errors.js';
import { ApiError } from '../api.js';

export function tasksView({ cache }) {
  const body = h('tbody');
  const el = h('section', { class: 'tasks' }, h('h1', {}, 'Tasks'),
    h('table', { class: 'data' },
      h('thead', {}, h('tr', {}, ['Task', 'Status', 'Progress', 'Started', 'Took', 'Result'].map(c => h('th', { scope: 'col' }, c)))),
      body));

  function draw() {
    const tasks = [...cache.all('task').values()]
      .map(t => ({ t, created: xapiDate(t.created), finished: xapiDate(t.finished) }))
      .sort((a, b) => (b.created?.getTime() ?? 0) - (a.created?.getTime() ?? 0));
    fill(body, tasks.length ? tasks.map(({ t, created, finished }) => h('tr', { class: t.status },
      h('th', { scope: 'row' }, t.name_label.replace(/^Async\./, '')),
      h('td', {}, t.status),
      h('td', {}, h('progress', { max: 1, value: Number(t.progress) || 0, 'aria-label': `${t.name_label} progress` })),
      h('td', {}, created ? created.toLocaleTimeString() : '—'),
      h('td', { class: 'num' }, created && finished ? `${((finished - created) / 1000).toFixed(1)} s` : ''),
      h('td', {}, t.status === 'failure' ? describe(new ApiError(t.error_info[0], t.error_info.slice(1))) : '')))
      : h('tr', {}, h('td', { colspan: 6, class: 'empty' }, 'No tasks.')));
  }

  draw();
  const off = cache.subscribe(changed => { if (changed.has('task')) draw(); });
  return { el, title: 'Tasks', close: off };
}
