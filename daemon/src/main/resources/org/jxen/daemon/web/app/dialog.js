// Modal questions (<dialog>: focus kept inside, Escape cancels, focus returns where it was).

import { h } from './dom.js';

/**
 * Asks `question`; resolves with the form's values (an object, {} when it has no fields) when the
 * person confirms, null when they cancel. `fields` are labelled controls put in the form.
 */
export function ask({ title, question, confirm, danger = false, fields = [] }) {
  const returnFocus = document.activeElement;
  const form = h('form', { method: 'dialog' },
    h('h2', { id: 'dialog-title' }, title),
    question ? h('p', {}, question) : null,
    fields,
    h('div', { class: 'buttons' },
      h('button', { type: 'submit', value: 'confirm', class: danger ? 'danger' : 'primary' }, confirm),
      h('button', { type: 'submit', value: 'cancel', formnovalidate: true }, 'Cancel')));
  const dialog = h('dialog', { 'aria-labelledby': 'dialog-title' }, form);
  document.body.append(dialog);
  return new Promise(resolve => {
    dialog.addEventListener('close', () => {
      const confirmed = dialog.returnValue === 'confirm';
      const values = Object.fromEntries(new FormData(form));
      for (const box of form.querySelectorAll('input[type=checkbox]')) values[box.name] = box.checked;
      dialog.remove();
      returnFocus?.focus?.();
      resolve(confirmed ? values : null);
    });
    dialog.showModal();
    (form.querySelector('input, select, textarea') ?? form.querySelector('button[value=cancel]')).focus();
  });
}
