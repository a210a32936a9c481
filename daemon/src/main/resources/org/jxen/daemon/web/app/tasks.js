// Long actions run as XenAPI tasks (Async.*): each shows its progress in the notice area, and
// the task list (#/tasks) shows every task jxend has, ours or another client's.

import { ApiError } from './api.js';
import { describe } from './errors.js';
import { h, fill } from './dom.js';

export class Tasks {
  #waiting = new Map(); // task ref -> {resolve, reject, notice}

  constructor(api, cache, notices) {
    this.api = api;
    this.cache = cache;
    this.notices = notices;
    cache.subscribe(changed => {
      if (changed.has('task')) this.#settle();
    });
  }

  /**
   * Runs `Async.method(...args)` as `label` ("Starting web"): its progress shown until it ends;
   * resolves with the task's result (a reference as a string, or ''), rejects with an ApiError.
   */
  async run(label, method, ...args) {
    const notice = this.notices.progress(label);
    let task;
    try {
      task = await this.api.start(method, ...args);
    } catch (e) {
      notice.fail(describe(e));
      throw e;
    }
    return new Promise((resolve, reject) => {
      this.#waiting.set(task, { resolve, reject, notice });
      this.#settle();
    });
  }

  /** Makes a user disk of `bytes` on SR `sr` (VDI.create with XAPI's whole record): its reference. */
  createDisk(sr, name, bytes, description) {
    return this.run(`Creating disk ${name}`, 'VDI.create', {
      name_label: name, name_description: description, SR: sr, virtual_size: bytes, type: 'user',
      sharable: false, read_only: false, other_config: {}, xenstore_data: {}, sm_config: {}, tags: [],
    });
  }

  /** Runs a synchronous call as `label`, with its failure shown. */
  async call(label, method, ...args) {
    try {
      return await this.api.call(method, ...args);
    } catch (e) {
      this.notices.error(`${label}: ${describe(e)}`);
      throw e;
    }
  }

  #settle() {
    for (const [ref, waiter] of this.#waiting) {
      const task = this.cache.get('task', ref);
      if (!task) continue;
      waiter.notice.update(task.progress);
      if (task.status === 'pending') continue;
      this.#waiting.delete(ref);
      if (task.status === 'success') {
        waiter.notice.done();
        waiter.resolve(resultOf(task.result));
      } else {
        const [code = 'INTERNAL_ERROR', ...params] = task.error_info ?? [];
        const error = new ApiError(code, params, task.name_label);
        waiter.notice.fail(describe(error));
        waiter.reject(error);
      }
    }
  }
}

/** A task's result is an XML-RPC value as text (`<value>OpaqueRef:…</value>`): the string in it. */
function resultOf(text) {
  const m = /^<value>(?:<string>)?([^<]*)(?:<\/string>)?<\/value>$/.exec(text ?? '');
  return m ? m[1] : text ?? '';
}

/** The notice area: progress of our actions and errors, announced to screen readers. */
const MAX_SHOWN = 4;

export class Notices {
  constructor(el) {
    this.el = el;
  }

  progress(label) {
    const bar = h('progress', { max: 1, value: 0, 'aria-label': `${label}: progress` });
    const status = h('span', { class: 'status' }, 'started');
    const item = this.#add('notice', h('strong', {}, label), ' ', status, bar);
    return {
      update: p => { bar.value = Number(p) || 0; },
      done: () => {
        fill(status, 'done');
        bar.value = 1;
        item.classList.add('ok');
        this.#dismissLater(item);
      },
      fail: why => {
        fill(status, 'failed: ', why);
        item.classList.add('error');
        item.setAttribute('role', 'alert');
        item.append(this.#closeButton(item));
      },
    };
  }

  error(text) {
    const item = this.#add('notice error', text);
    item.setAttribute('role', 'alert');
    item.append(this.#closeButton(item));
  }

  info(text) {
    this.#dismissLater(this.#add('notice ok', text));
  }

  #add(cls, ...children) {
    const item = h('div', { class: cls }, ...children);
    this.el.append(item);
    // a few at a time: the oldest finished ones make room (failures stay until dismissed)
    const finished = [...this.el.querySelectorAll('.notice.ok')];
    finished.slice(0, Math.max(0, this.el.children.length - MAX_SHOWN)).forEach(n => n.remove());
    return item;
  }

  #closeButton(item) {
    return h('button', { type: 'button', class: 'close', 'aria-label': 'Dismiss', onclick: () => item.remove() }, '×');
  }

  #dismissLater(item) {
    setTimeout(() => item.remove(), 4000);
  }
}
