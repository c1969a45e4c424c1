// What rendered model output may carry, for the markdown built as DOM (markdownDom.ts), the highlighted
// code (highlight.ts) and the sanitizer of raw HTML (sanitize.ts) alike: links to http(s) and mailto only,
// images from inline raster data only, and only the class names the renderer and highlight.js write.
// Nothing here touches the DOM when loaded (the unit tests load highlight.ts in Node).
export const SAFE_URL = /^(?:https?:|mailto:)/i;
export const DATA_IMAGE = /^data:image\/(?:png|gif|jpe?g|webp);base64,[a-z0-9+/=\s]*$/i;
// Only the classes our renderer and highlight.js produce, so model HTML cannot borrow the UI's classes.
const SAFE_CLASS = /^(?:hljs(?:-[\w-]+)?|language-[\w+#.-]+|[a-z]+_+)$/;

/** The class names of `value` that rendered markdown may carry. */
export function safeClasses(value: string): string {
  return value.split(/\s+/).filter((name) => SAFE_CLASS.test(name)).join(' ');
}

/**
 * A markdown link's target as an HTML parser reads the one marked writes (URI-encoded, character
 * references decoded), when it is http(s) or mailto; undefined for any other (javascript:, data:, ...).
 */
export function safeHref(href: string): string | undefined {
  let encoded: string;
  try {
    encoded = encodeURI(href).replace(/%25/g, '%');
  } catch {
    return undefined;
  }
  const target = decodeEntities(encoded);
  return SAFE_URL.test(target) ? target : undefined;
}

/** `href` when it is an inline raster image (`data:image/png;base64,...`), else undefined. */
export function imageSource(href: string): string | undefined {
  return DATA_IMAGE.test(href) ? href : undefined;
}

// Character references ("&amp;", "&#x6A;") in markdown text stand for characters, as in HTML. Each one
// is decoded by the HTML parser in a textarea of a document without a browsing context: its content is
// text only (RCDATA), no element can come of it.
const REFERENCE = /&(?:#\d{1,7}|#[Xx][\dA-Fa-f]{1,6}|\w+);/g;
let decoder: HTMLTextAreaElement | undefined;

/** `text` with its character references decoded, as marked's output reads once parsed. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) {
    return text;
  }
  decoder ??= document.implementation.createHTMLDocument('').createElement('textarea');
  const textarea = decoder;
  return text.replace(REFERENCE, (reference) => {
    textarea.innerHTML = reference;
    return textarea.value;
  });
}
