// Numbers and times as people read them.

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function bytes(n) {
  let v = Number(n);
  if (!Number.isFinite(v)) return '—';
  let unit = 0;
  while (Math.abs(v) >= 1024 && unit < UNITS.length - 1) {
    v /= 1024;
    unit++;
  }
  return `${unit === 0 || v >= 100 ? Math.round(v) : v.toFixed(1)} ${UNITS[unit]}`;
}

export const MIB = 1024 * 1024;
export const GIB = 1024 * MIB;

/** XAPI's datetime (`20261130T12:00:00Z`) as a Date; undefined for the epoch, which XAPI uses for "never". */
export function xapiDate(s) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(s ?? '');
  if (!m) return undefined;
  const d = new Date(Date.UTC(+m[1], m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return d.getTime() <= 0 ? undefined : d;
}

export function duration(ms) {
  if (!(ms >= 0)) return '—';
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400), hr = Math.floor(s / 3600) % 24, min = Math.floor(s / 60) % 60;
  if (d) return `${d}d ${hr}h`;
  if (hr) return `${hr}h ${min}m`;
  if (min) return `${min}m ${s % 60}s`;
  return `${s % 60}s`;
}

export function percent(fraction) {
  return Number.isFinite(fraction) ? `${Math.round(fraction * 100)}%` : '—';
}

/** Power states as words. */
export function powerState(state) {
  return { Running: 'running', Halted: 'halted', Paused: 'paused', Suspended: 'suspended' }[state] ?? String(state).toLowerCase();
}
