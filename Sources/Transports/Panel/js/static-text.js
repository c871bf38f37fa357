// The words of index.html: elements with data-i18n="key" get the text of key;
// data-i18n-attr="title:key;aria-label:key2" sets attributes.

import { t } from './i18n.js';

/** Writes every marked text and attribute under `root` in the current language. */
export function applyStatic(root) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of node.dataset.i18nAttr.split(';')) {
      const [attribute, key] = pair.split(':').map((part) => part.trim());
      if (attribute && key) node.setAttribute(attribute, t(key));
    }
  }
  const title = root.querySelector('title');
  if (title) title.textContent = t('app.title');
}
