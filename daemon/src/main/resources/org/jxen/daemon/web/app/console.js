// A VM's console in xterm.js over jxend's /console WebSocket (as XAPI serves it to xo-lite):
// what the guest prints arrives as binary frames, keystrokes go back as text frames. Connected
// while the VM runs; a restarted VM's console is followed anew.

import { Terminal } from '/vendor/xterm.mjs';
import { FitAddon } from '/vendor/addon-fit.mjs';
import { h } from './dom.js';

const LIVE = new Set(['Running', 'Paused']);

export class Console {
  #socket = null;
  #domid = null;
  #terminal;
  #fit = new FitAddon();
  #resize;

  constructor({ api }, ref) {
    this.api = api;
    this.ref = ref;
    this.status = h('p', { class: 'console-status', 'aria-live': 'polite' });
    const screen = h('div', { class: 'terminal', role: 'region', 'aria-label': 'VM console: type here to send keys to the guest' });
    this.el = h('div', { class: 'console' }, this.status, screen);
    this.#terminal = new Terminal({ convertEol: false, cursorBlink: true, fontSize: 14, rows: 24, cols: 80, scrollback: 2000 });
    this.#terminal.loadAddon(this.#fit);
    this.#terminal.onData(keys => {
      if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(keys);
    });
    // opened once the element is in the page, so xterm can measure its cells
    requestAnimationFrame(() => {
      this.#terminal.open(screen);
      this.#fitNow();
    });
    this.#resize = () => this.#fitNow();
    window.addEventListener('resize', this.#resize);
  }

  #fitNow() {
    try {
      this.#fit.fit();
    } catch {
      // not laid out yet
    }
  }

  /** Connects to the VM's console when it runs (again, after a restart), closes when it stops. */
  follow(vm) {
    const live = LIVE.has(vm.power_state);
    if (live && (this.#socket === null || this.#domid !== vm.domid)) {
      this.#connect(vm);
    } else if (!live && this.#socket) {
      this.#disconnect();
      this.status.textContent = `The VM is ${vm.power_state.toLowerCase()}: no console.`;
    } else if (!live) {
      this.status.textContent = `The VM is ${vm.power_state.toLowerCase()}: start it to see its console.`;
    }
  }

  #connect(vm) {
    this.#disconnect();
    this.#domid = vm.domid;
    this.#terminal.reset();
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${scheme}//${location.host}${this.api.url('/console', { uuid: vm.uuid })}`, ['binary']);
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => { this.status.textContent = `Connected to ${vm.name_label}'s console (domain ${vm.domid}).`; };
    socket.onmessage = m => this.#terminal.write(typeof m.data === 'string' ? m.data : new Uint8Array(m.data));
    socket.onclose = () => {
      if (this.#socket === socket) {
        this.#socket = null;
        this.status.textContent = 'The console closed.';
      }
    };
    this.#socket = socket;
  }

  #disconnect() {
    const socket = this.#socket;
    this.#socket = null;
    this.#domid = null;
    socket?.close();
  }

  close() {
    this.#disconnect();
    window.removeEventListener('resize', this.#resize);
    this.#terminal.dispose();
  }
}
