// XenAPI errors as something a person can act on. The codes and parameters are XAPI's
// (api_errors.ml); anything not listed here is shown as the code and its parameters.

import { bytes } from './format.js';

const MESSAGES = {
  SESSION_AUTHENTICATION_FAILED: () => 'Wrong user name or password.',
  SESSION_INVALID: () => 'Your session has ended. Log in again.',
  JXEND_UNREACHABLE: ([why]) => `jxend does not answer (${why}). Check that it is running, then try again.`,
  VM_BAD_POWER_STATE: ([, expected, actual]) =>
    `The VM is ${String(actual).toLowerCase()}; this needs it ${String(expected).toLowerCase()}. Wait for it to settle or change its state first.`,
  HOST_NOT_ENOUGH_FREE_MEMORY: ([needed, free]) =>
    /^\d+$/.test(needed ?? '') && /^\d+$/.test(free ?? '')
      ? `The host has not enough free memory: the VM needs ${bytes(needed)}, ${bytes(free)} is free. Stop another VM or give this one less memory.`
      : `The host has not enough free memory${needed ? ` (${needed})` : ''}. Stop another VM or give this one less memory.`,
  HANDLE_INVALID: ([cls]) => `That ${cls ?? 'object'} no longer exists; another client may have removed it.`,
  UUID_INVALID: ([cls]) => `No ${cls ?? 'object'} has that UUID.`,
  OPERATION_NOT_ALLOWED: ([why]) => `Not allowed: ${why}.`,
  VALUE_NOT_SUPPORTED: ([fieldName, value, why]) => `${fieldName} cannot be ${value}: ${why}`,
  FIELD_TYPE_ERROR: ([fieldName]) => `The value of ${fieldName} has the wrong type.`,
  DEVICE_ALREADY_EXISTS: ([device]) => `The VM already has a device at ${device}. Pick another.`,
  INVALID_DEVICE: ([device]) => `${device} is no device position the VM has free.`,
  DEVICE_ALREADY_ATTACHED: ([device]) => `${device} is already attached.`,
  DEVICE_ALREADY_DETACHED: ([device]) => `${device} is already detached.`,
  VDI_IN_USE: () => 'The disk is in use by a VM. Detach it first.',
  SR_FULL: ([needed, max]) => `The storage repository is full (needs ${bytes(needed)}, has ${bytes(max)}). Delete or shrink a disk first.`,
  VM_IS_TEMPLATE: () => 'That is a template: make a VM from it first.',
  OTHER_OPERATION_IN_PROGRESS: ([cls]) => `Another operation on this ${cls ?? 'object'} is running. Try again when it is done.`,
  MEMORY_CONSTRAINT_VIOLATION: () => 'The memory asked for is outside the VM\'s limits (static min ≤ dynamic min ≤ dynamic max ≤ static max). Stay within the range shown, or change the limits while the VM is halted.',
  INVALID_VALUE: ([name, value]) => `${value} is not a valid ${name}.`,
  INTERNAL_ERROR: ([why]) => `jxend failed: ${why}`,
};

/** One sentence for error `e` (an ApiError or anything thrown). */
export function describe(e) {
  const message = MESSAGES[e?.code];
  if (message) return message(e.params ?? []);
  if (e?.code) return `${e.code}${e.params?.length ? ': ' + e.params.join(', ') : ''}`;
  return String(e?.message ?? e);
}
