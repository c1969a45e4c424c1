// The chat input: context chips, the question box (Enter sends, Shift+Enter adds a line, never while an
// IME composes), Send/Stop, and the "edit and resend the last question" mode.
import type { ContextChip, StringKey, WebviewToHost } from '../protocol';
import { h, icon, iconButton } from './dom';
import { t } from './strings';
import { ATTACHMENT_ICONS, type Post } from './turns';

const CHIP_FALLBACK: Record<ContextChip['kind'], StringKey> = {
  selection: 'chipSelection',
  file: 'chipFile',
  definitions: 'chipDefinitions',
  instructions: 'chipInstructions',
  problems: 'chipProblems',
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
    this.input.addEventListener('keydown', (event) => this.onKeyDown(event));
    this.input.addEventListener('input', () => this.onDraftChange(this.draft()));
    this.sendButton = iconButton('send', t('send'));
    this.sendButton.addEventListener('click', () => this.submit());
    this.stopButton = iconButton('debug-stop', t('stop'), { hidden: true });
    this.stopButton.addEventListener('click', () => this.post({ type: 'stop' } satisfies WebviewToHost));
    this.element = h('div', { class: 'composer' },
      this.editBanner,
      this.chipBar,
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

  setChips(chips: ContextChip[]): void {
    this.chips = chips;
    // Selection and Current file always show (greyed out when there is none); the rest only when they apply.
    const shown = chips.filter((chip) => chip.available || chip.note || chip.kind === 'selection' || chip.kind === 'file');
    this.chipBar.replaceChildren(...shown.map((chip) => this.chipElement(chip)));
    this.chipBar.hidden = chips.length === 0;
  }

  private chipElement(chip: ContextChip): HTMLElement {
    const fallback = t(CHIP_FALLBACK[chip.kind]);
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

  private onKeyDown(event: KeyboardEvent): void {
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
