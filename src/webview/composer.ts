// The chat input: context chips, the question box (Enter sends, Shift+Enter adds a line, never while an
// IME composes), Send/Stop, and the "edit and resend the last question" mode.
import type { ContextChip, FileMatch, SlashCommand, StringKey, WebviewToHost } from '../protocol';
import { h, icon, iconButton } from './dom';
import { t } from './strings';
import { ATTACHMENT_ICONS, type Post } from './turns';

const CHIP_FALLBACK: Record<ContextChip['kind'], StringKey> = {
  selection: 'chipSelection',
  file: 'chipFile',
  definitions: 'chipDefinitions',
  instructions: 'chipInstructions',
  problems: 'chipProblems',
  added: 'chipFile',
};

export interface Draft {
  text: string;
  editing: boolean;
}

export class Composer {
  readonly element: HTMLElement;
  readonly input: HTMLTextAreaElement;
  private readonly chipBar: HTMLElement;
  private readonly editBanner: HTMLElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private chips: ContextChip[] = [];
  private readonly files: Completion<FileMatch>;
  private readonly commands: Completion<SlashCommand>;
  private busy = false;
  private editing = false;

  constructor(private readonly post: Post, private readonly onDraftChange: (draft: Draft) => void) {
    this.chipBar = h('div', { class: 'chips', attrs: { role: 'group', 'aria-label': t('contextLabel') } });
    const cancelEdit = iconButton('close', t('cancelEdit'));
    cancelEdit.addEventListener('click', () => this.cancelEdit());
    this.editBanner = h('div', { class: 'edit-banner', attrs: { hidden: true } },
      icon('edit'), h('span', { text: t('editingNote') }), cancelEdit);
    this.input = h('textarea', {
      class: 'input',
      attrs: { rows: '1', 'aria-label': t('inputLabel'), placeholder: t('inputPlaceholder') },
    });
    this.files = new Completion<FileMatch>(this.input, {
      id: 'file-completion',
      label: t('fileMatches'),
      pattern: /(^|\s)#([^\s#]*)$/,
      request: (query) => post({ type: 'fileQuery', query } satisfies WebviewToHost),
      option: (item) => [icon('file'), h('span', { text: item.label }), h('span', { class: 'completion-detail', text: item.description })],
      title: (item) => (item.description ? `${item.description}/${item.label}` : item.label),
      replacement: () => '',
      chosen: (item) => post({ type: 'addFile', uri: item.uri } satisfies WebviewToHost),
      empty: (query) => t('noFileMatches').replace('{0}', query),
    });
    // Only at the very start of the message: a `/` elsewhere is a path or a fraction.
    this.commands = new Completion<SlashCommand>(this.input, {
      id: 'slash-completion',
      label: t('slashCommands'),
      pattern: /^(\s*)\/([^\s/]*)$/,
      request: (query) => post({ type: 'slashQuery', query } satisfies WebviewToHost),
      option: (item) => [
        icon(item.kind === 'prompt' ? 'file-text' : 'symbol-event'),
        h('span', { class: 'completion-name', text: `/${item.name}` }),
        h('span', { class: 'completion-detail', text: [item.description, item.hint && `(${item.hint})`].filter(Boolean).join(' ') }),
      ],
      title: (item) => item.source ?? item.description,
      replacement: (item) => `/${item.name} `,
      empty: (query) => t('noSlashMatches').replace('{0}', query),
    });
    this.input.addEventListener('keydown', (event) => this.onKeyDown(event));
    this.input.addEventListener('input', () => {
      if (!this.commands.update()) this.files.update();
      else this.files.close();
      this.onDraftChange(this.draft());
    });
    this.sendButton = iconButton('send', t('send'));
    this.sendButton.addEventListener('click', () => this.submit());
    this.stopButton = iconButton('debug-stop', t('stop'), { hidden: true });
    this.stopButton.addEventListener('click', () => this.post({ type: 'stop' } satisfies WebviewToHost));
    this.element = h('div', { class: 'composer' },
      this.editBanner,
      this.chipBar,
      this.files.element,
      this.commands.element,
      h('div', { class: 'input-row' }, this.input, this.sendButton, this.stopButton));
  }

  focus(): void {
    this.input.focus();
  }

  draft(): Draft {
    return { text: this.input.value, editing: this.editing };
  }

  restore(draft: Draft): void {
    this.input.value = draft.text;
    this.setEditing(draft.editing);
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    const stopHadFocus = document.activeElement === this.stopButton;
    const sendHadFocus = document.activeElement === this.sendButton;
    this.sendButton.hidden = busy;
    this.stopButton.hidden = !busy;
    if (stopHadFocus || sendHadFocus) {
      (busy ? this.stopButton : this.sendButton).focus();
    }
  }

  /** Puts the last question into the box; Enter then resends it in place of the original. */
  startEdit(text: string): void {
    this.input.value = text;
    this.setEditing(true);
    this.onDraftChange(this.draft());
    this.focus();
    this.input.setSelectionRange(text.length, text.length);
  }

  cancelEdit(): void {
    this.input.value = '';
    this.setEditing(false);
    this.onDraftChange(this.draft());
    this.focus();
  }

  get isEditing(): boolean {
    return this.editing;
  }

  /** The host's answer to a `#` query. */
  showFileMatches(query: string, items: FileMatch[]): void {
    this.files.show(query, items);
  }

  /** The host's answer to a `/` query. */
  showSlashMatches(query: string, items: SlashCommand[]): void {
    this.commands.show(query, items);
  }

  setChips(chips: ContextChip[]): void {
    this.chips = chips;
    // Selection and Current file always show (greyed out when there is none); the rest only when they apply.
    const shown = chips.filter((chip) => chip.available || chip.note || chip.kind === 'selection' || chip.kind === 'file');
    this.chipBar.replaceChildren(...shown.map((chip) => this.chipElement(chip)));
    this.chipBar.hidden = chips.length === 0;
  }

  private chipElement(chip: ContextChip): HTMLElement {
    const fallback = t(CHIP_FALLBACK[chip.kind]);
    if (chip.kind === 'added') {
      return this.addedChip(chip);
    }
    const noteId = `chip-note-${chip.kind}`;
    const button = h('button', {
      class: 'chip',
      attrs: {
        type: 'button',
        'aria-pressed': String(chip.on && chip.available),
        disabled: !chip.available,
        'aria-describedby': chip.note ? noteId : undefined,
        'data-chip': chip.kind,
        title: chip.on && chip.available ? t('removeChip').replace('{0}', chip.label || fallback) : undefined,
      },
    }, icon(ATTACHMENT_ICONS[chip.kind]), h('span', { text: chip.label || fallback }));
    button.addEventListener('click', () => {
      const on = !chip.on;
      this.setChips(this.chips.map((other) => (other === chip ? { ...chip, on } : other)));
      this.post({ type: 'toggleChip', kind: chip.kind, on } satisfies WebviewToHost);
      this.chipBar.querySelector<HTMLElement>(`[data-chip="${chip.kind}"]`)?.focus();
    });
    return h('span', { class: 'chip-wrap' },
      button,
      chip.note && h('span', { class: 'chip-note', attrs: { id: noteId } }, icon('warning'), h('span', { text: chip.note })));
  }

  /** A file added for the next question: clicking removes it. */
  private addedChip(chip: ContextChip): HTMLElement {
    const button = h('button', {
      class: 'chip chip-added',
      attrs: { type: 'button', 'aria-label': t('removeChip').replace('{0}', chip.label), title: t('removeChip').replace('{0}', chip.label), 'data-chip': 'added', 'data-uri': chip.uri },
    }, icon(ATTACHMENT_ICONS.added), h('span', { text: chip.label }), icon('close'));
    button.addEventListener('click', () => {
      this.post({ type: 'removeFile', uri: chip.uri! } satisfies WebviewToHost);
      this.setChips(this.chips.filter((other) => other !== chip));
      this.focus();
    });
    return h('span', { class: 'chip-wrap' }, button);
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (this.commands.onKeyDown(event) || this.files.onKeyDown(event)) {
      return;
    }
    // keyCode 229 marks keys an IME is handling in some engines even when isComposing is not set yet.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) {
      return;
    }
    event.preventDefault();
    this.submit();
  }

  private submit(): void {
    const text = this.input.value.trim();
    if (!text || this.busy) {
      return;
    }
    if (this.editing) {
      this.post({ type: 'editLast', text } satisfies WebviewToHost);
    } else {
      const attached = (kind: ContextChip['kind']): boolean => this.chips.some((chip) => chip.kind === kind && chip.on && chip.available);
      this.post({ type: 'send', text, attachSelection: attached('selection'), attachFile: attached('file') } satisfies WebviewToHost);
    }
    this.input.value = '';
    this.setEditing(false);
    this.onDraftChange(this.draft());
  }

  private setEditing(editing: boolean): void {
    this.editing = editing;
    this.editBanner.hidden = !editing;
  }
}

/** What one kind of completion in the chat input does: when it opens, what it lists, what choosing does. */
interface CompletionSource<T> {
  /** The element id; options get `${id}-option-${i}`. */
  id: string;
  label: string;
  /** The token before the caret that opens the list: where it starts and what follows its trigger. */
  pattern: RegExp;
  request(query: string): void;
  option(item: T): (HTMLElement | string)[];
  title(item: T): string;
  /** What replaces the token. */
  replacement(item: T): string;
  /** What else choosing does. */
  chosen?(item: T): void;
  empty(query: string): string;
}

/**
 * A list under the chat input, opened by a token before the caret (`#file`, `/command`): ArrowUp/ArrowDown
 * choose, Enter or Tab take the item, Esc closes. The host answers the queries.
 */
class Completion<T> {
  readonly element: HTMLElement;
  private query: string | undefined;
  private items: T[] = [];
  private active = 0;

  constructor(private readonly input: HTMLTextAreaElement, private readonly source: CompletionSource<T>) {
    this.element = h('ul', { class: `completion ${source.id}`, attrs: { id: source.id, role: 'listbox', 'aria-label': source.label, hidden: true } });
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
  }

  /** After each edit: a token right before the caret asks the host for matches; true when it did. */
  update(): boolean {
    const token = this.token();
    if (token === undefined) {
      this.close();
      return false;
    }
    this.query = token.query;
    this.source.request(token.query);
    return true;
  }

  show(query: string, items: T[]): void {
    if (query !== this.query) {
      return;
    }
    this.items = items;
    this.active = 0;
    this.render();
  }

  /** Handles the list's keys while it is open; true when the key was for it. */
  onKeyDown(event: KeyboardEvent): boolean {
    if (this.element.hidden || event.isComposing) {
      return false;
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (this.items.length) {
        this.active = (this.active + (event.key === 'ArrowDown' ? 1 : -1) + this.items.length) % this.items.length;
        this.render();
      }
    } else if ((event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey && this.items.length) {
      this.accept(this.items[this.active]);
    } else if (event.key === 'Escape') {
      this.close();
      // Esc here closes the list only: it must not also stop an answer.
      event.stopPropagation();
    } else {
      return false;
    }
    event.preventDefault();
    return true;
  }

  private token(): { start: number; query: string } | undefined {
    const caret = this.input.selectionStart ?? this.input.value.length;
    const match = this.source.pattern.exec(this.input.value.slice(0, caret));
    return match ? { start: match.index + match[1].length, query: match[2] } : undefined;
  }

  private accept(item: T): void {
    const token = this.token();
    if (token) {
      const caret = this.input.selectionStart ?? this.input.value.length;
      const text = this.source.replacement(item);
      this.input.value = this.input.value.slice(0, token.start) + text + this.input.value.slice(caret);
      this.input.setSelectionRange(token.start + text.length, token.start + text.length);
    }
    this.source.chosen?.(item);
    this.close();
    this.input.dispatchEvent(new Event('input'));
  }

  close(): void {
    if (this.query === undefined && this.element.hidden) {
      return;
    }
    this.query = undefined;
    this.items = [];
    this.element.hidden = true;
    this.element.replaceChildren();
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
    this.input.removeAttribute('aria-controls');
  }

  private render(): void {
    this.element.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    this.input.setAttribute('aria-controls', this.source.id);
    if (this.items.length === 0) {
      this.element.replaceChildren(h('li', { class: 'completion-empty', text: this.source.empty(this.query ?? '') }));
      this.input.removeAttribute('aria-activedescendant');
      return;
    }
    this.element.replaceChildren(...this.items.map((item, i) => {
      const option = h('li', {
        class: 'completion-item',
        attrs: { id: `${this.source.id}-option-${i}`, role: 'option', 'aria-selected': String(i === this.active), title: this.source.title(item) },
      }, ...this.source.option(item));
      // mousedown, not click: the input keeps the focus (and the caret) while the item is chosen.
      option.addEventListener('mousedown', (event) => {
        event.preventDefault();
        this.accept(item);
      });
      return option;
    }));
    this.input.setAttribute('aria-activedescendant', `${this.source.id}-option-${this.active}`);
    this.element.children[this.active]?.scrollIntoView({ block: 'nearest' });
  }
}
