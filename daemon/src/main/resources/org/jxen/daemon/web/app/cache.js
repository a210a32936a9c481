// Every object the console shows, kept current from event.from (no polling of records): the
// first call with an empty token brings them all, each later one waits for what changed.

import { xapiDate } from './format.js';

export const CLASSES = ['pool', 'host', 'host_metrics', 'host_cpu', 'VM', 'VM_metrics', 'VM_guest_metrics',
  'console', 'SR', 'VDI', 'VBD', 'VIF', 'network', 'PIF', 'task'];
const WAIT_SECONDS = 30;
const RETRY_MS = 2000;

export class Cache {
  #objects = new Map(CLASSES.map(c => [c.toLowerCase(), new Map()]));
  #listeners = new Set();
  #changed = new Set();
  #scheduled = false;
  #running = false;
  #clockOffset = 0;

  constructor(api) {
    this.api = api;
    this.ready = new Promise(resolve => { this.#markReady = resolve; });
  }

  #markReady;

  /** The records of class `cls`, by reference. */
  all(cls) {
    return this.#objects.get(cls.toLowerCase());
  }

  get(cls, ref) {
    return this.all(cls).get(ref);
  }

  /** [ref, record] of the object of `cls` with `uuid`, or undefined. */
  byUuid(cls, uuid) {
    for (const entry of this.all(cls)) {
      if (entry[1].uuid === uuid) return entry;
    }
    return undefined;
  }

  /**
   * `fn(classes)` after each batch of changes, at most once per animation frame; `classes` is the
   * set of lower-case class names that changed. Returns the function that unsubscribes.
   */
  subscribe(fn) {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** The host's time now (ms since the epoch): uptimes are measured on the host's clock, not the browser's. */
  now() {
    return Date.now() + this.#clockOffset;
  }

  async start() {
    if (this.#running) return;
    this.#running = true;
    this.#readHostClock();
    let token = '';
    while (this.#running && this.api.session) {
      try {
        const batch = await this.api.call('event.from', CLASSES, token, WAIT_SECONDS);
        token = batch.token;
        this.#apply(batch.events);
        this.#markReady();
      } catch (e) {
        if (!this.api.session) break;
        console.warn('event.from failed, retrying', e);
        await new Promise(r => setTimeout(r, RETRY_MS));
      }
    }
    this.#running = false;
  }

  async #readHostClock() {
    try {
      const [host] = await this.api.call('host.get_all');
      const asked = Date.now();
      const text = await this.api.call('host.get_servertime', host);
      const hostNow = xapiDate(text);
      if (hostNow) this.#clockOffset = hostNow.getTime() - asked;
    } catch (e) {
      console.warn('could not read the host clock; uptimes use this browser\'s', e);
    }
  }

  /** Stops following events and forgets the subscribers: a batch already on its way reaches no one. */
  stop() {
    this.#running = false;
    this.#listeners.clear();
  }

  #apply(events) {
    for (const e of events) {
      const records = this.#objects.get(e.class);
      if (!records) continue;
      if (e.operation === 'del') records.delete(e.ref);
      else records.set(e.ref, e.snapshot);
      this.#changed.add(e.class);
    }
    if (this.#changed.size && !this.#scheduled) {
      this.#scheduled = true;
      requestAnimationFrame(() => this.#notify());
    }
  }

  #notify() {
    this.#scheduled = false;
    const changed = new Set(this.#changed);
    this.#changed.clear();
    for (const fn of this.#listeners) {
      try {
        fn(changed);
      } catch (e) {
        console.error(e);
      }
    }
  }
}
