// A tiny element builder: the UI and rendered markdown are made with DOM calls, never with HTML strings
// (only raw HTML the model writes goes through the HTML parser, to be sanitized).

type Child = Node | string | false | undefined;

export interface ElementProps {
  class?: string;
  text?: string;
  /** Attributes; `false`/`undefined` values are left out. */
  attrs?: Record<string, string | boolean | undefined>;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: ElementProps = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.class) {
    element.className = props.class;
  }
  if (props.text !== undefined) {
    element.textContent = props.text;
  }
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === true) {
      element.setAttribute(name, '');
    } else if (typeof value === 'string') {
      element.setAttribute(name, value);
    }
  }
  for (const child of children) {
    if (child) {
      element.append(child);
    }
  }
  return element;
}

/** A codicon glyph, hidden from screen readers (the control around it carries the label). */
export function icon(name: string): HTMLSpanElement {
  return h('span', { class: `codicon codicon-${name}`, attrs: { 'aria-hidden': 'true' } });
}

/** A button showing only a codicon, labelled for screen readers and with the same text as tooltip. */
export function iconButton(name: string, label: string, attrs: Record<string, string | boolean | undefined> = {}): HTMLButtonElement {
  return h('button', { class: 'icon-button', attrs: { type: 'button', 'aria-label': label, title: label, ...attrs } }, icon(name));
}

interface TaskScheduler {
  postTask(task: () => void, options: { priority: 'background' }): Promise<unknown>;
}

/**
 * Runs `task` in a task of its own once nothing more urgent is queued (input, the host's messages,
 * rendering): the Prioritized Task Scheduling API's background priority. Unlike an idle callback it
 * does not wait for an idle period, which come at most every 50 ms.
 */
export function inBackground(task: () => void): void {
  const scheduler = (globalThis as { scheduler?: TaskScheduler }).scheduler;
  if (scheduler) {
    void scheduler.postTask(task, { priority: 'background' });
  } else {
    setTimeout(task, 0);
  }
}
