// Model output is untrusted. Most markdown is built into DOM node by node (markdownDom.ts); raw HTML in it
// passes through DOMPurify with an allowlist: no scripts, styles, forms, frames, SVG or MathML, links and
// images as policy.ts allows them (remote images would leak requests; the markdown renderers turn them
// into links).
import DOMPurify from 'dompurify';
import { DATA_IMAGE, SAFE_URL, safeClasses } from './policy';

const ALLOWED_TAGS = [
  'a', 'abbr', 'b', 'blockquote', 'br', 'cite', 'code', 'dd', 'del', 'details', 'div', 'dl', 'dt', 'em',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'ins', 'kbd', 'li', 'mark', 'ol', 'p', 'pre', 'q',
  's', 'samp', 'small', 'span', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th',
  'thead', 'tr', 'u', 'ul', 'var',
];
const ALLOWED_ATTR = ['href', 'title', 'alt', 'src', 'class', 'align', 'colspan', 'rowspan', 'start'];

DOMPurify.addHook('uponSanitizeAttribute', (node, data) => {
  if (data.attrName === 'class') {
    data.attrValue = safeClasses(data.attrValue);
    data.keepAttr = data.attrValue !== '';
  } else if (data.attrName === 'src') {
    data.keepAttr = node.nodeName === 'IMG' && DATA_IMAGE.test(data.attrValue);
  }
});
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.nodeName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

// Set once: passing the config to every call would re-parse it each time.
DOMPurify.setConfig({
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOWED_URI_REGEXP: SAFE_URL,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  IN_PLACE: true,
});

// Markup is parsed into a document without a browsing context (nothing in it loads or runs) and
// sanitized there in place: creating a fresh document per call, as DOMPurify does for strings, was most
// of the cost of a streamed frame. The document is replaced every few dozen calls because the sanitizer
// leaves a NodeIterator registered on it per call (until garbage collection) and every node inserted
// into or removed from the document notifies all of them.
const INERT_DOCUMENT_USES = 32;
let inert = document.implementation.createHTMLDocument('');
let inertUses = 0;

/**
 * Sanitized nodes for each HTML string (safe to insert into the page), in one sanitizer call: the call's
 * own cost (walking and collecting the tree, registering an iterator) dominated a finished answer
 * rendered block by block. Each string is parsed into a container of its own, so an unclosed tag in one cannot
 * swallow the next, and the sanitizer decides node by node, so the result per string is the same.
 */
export function sanitizeEach(htmls: readonly string[]): DocumentFragment[] {
  if (++inertUses > INERT_DOCUMENT_USES) {
    inert = document.implementation.createHTMLDocument('');
    inertUses = 1;
  }
  const root = inert.createElement('div');
  for (const html of htmls) {
    const container = inert.createElement('div');
    container.innerHTML = html;
    root.append(container);
  }
  DOMPurify.sanitize(root);
  // Copied into the page, not moved: moving would be a removal from the inert document.
  const copy = document.importNode(root, true);
  return Array.from(copy.children, (container) => {
    const fragment = document.createDocumentFragment();
    fragment.append(...container.childNodes);
    return fragment;
  });
}
