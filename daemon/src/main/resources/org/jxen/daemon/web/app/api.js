// jxend's XenAPI over JSON-RPC 2.0 at /jsonrpc, as any XenAPI client calls it: the session
// reference is the first parameter of every call but login, and is kept in sessionStorage the
// way XAPI's web clients keep it (one per tab, gone when the tab closes).

const SESSION_KEY = 'jxen.session';

/** A XenAPI error: its code (SESSION_INVALID, VM_BAD_POWER_STATE, ...) and parameters. */
export class ApiError extends Error {
  constructor(code, params, method) {
    super(`${code}${params.length ? ' ' + params.join(', ') : ''}`);
    this.code = code;
    this.params = params;
    this.method = method;
  }
}

export class Api {
  #id = 0;
  #onSessionLost = () => {};

  constructor() {
    this.session = sessionStorage.getItem(SESSION_KEY);
    this.user = sessionStorage.getItem(SESSION_KEY + '.user');
  }

  /** `fn` runs when jxend says the session is no longer valid (expired, logged out elsewhere). */
  onSessionLost(fn) {
    this.#onSessionLost = fn;
  }

  async login(user, password) {
    this.session = await this.#post('session.login_with_password', [user, password, '2.21', 'jxen web console']);
    this.user = user;
    sessionStorage.setItem(SESSION_KEY, this.session);
    sessionStorage.setItem(SESSION_KEY + '.user', user);
  }

  async logout() {
    const session = this.session;
    this.#forget();
    if (session) {
      await this.#post('session.logout', [session]).catch(() => {});
    }
  }

  /** `method(session, ...args)`'s result; throws ApiError. */
  async call(method, ...args) {
    try {
      return await this.#post(method, [this.session, ...args]);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'SESSION_INVALID') {
        this.#forget();
        this.#onSessionLost();
      }
      throw e;
    }
  }

  /** Starts `Async.method(session, ...args)`: the task's reference. */
  start(method, ...args) {
    return this.call(`Async.${method}`, ...args);
  }

  #forget() {
    this.session = null;
    sessionStorage.removeItem(SESSION_KEY);
    sessionStorage.removeItem(SESSION_KEY + '.user');
  }

  async #post(method, params) {
    const id = ++this.#id;
    let response;
    try {
      response = await fetch('/jsonrpc', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', method, params, id }),
      });
    } catch (e) {
      throw new ApiError('JXEND_UNREACHABLE', [String(e.message ?? e)], method);
    }
    if (!response.ok) {
      throw new ApiError('HTTP_ERROR', [String(response.status), await response.text()], method);
    }
    const reply = await response.json();
    if (reply.error) {
      const data = Array.isArray(reply.error.data) ? reply.error.data.map(String) : [];
      throw new ApiError(reply.error.message ?? String(reply.error.code), data, method);
    }
    return reply.result;
  }

  /** `path?query&session_id=...`, for jxend's HTTP endpoints (/rrd_updates, /console). */
  url(path, query = {}) {
    const q = new URLSearchParams({ ...query, session_id: this.session });
    return `${path}?${q}`;
  }
}
