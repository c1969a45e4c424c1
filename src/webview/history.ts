// The list of past conversations: a panel toggled from the toolbar; open or delete each one.
import type { ConversationSummary, WebviewToHost } from '../protocol';
import { h, iconButton } from './dom';
import { t } from './strings';
import type { Post } from './turns';

export class HistoryPanel {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private history: ConversationSummary[] = [];
  private currentId = '';
  /** The list is built when the panel opens: formatting dates first loads the ICU date data (~20 ms). */
  private stale = true;

  constructor(private readonly post: Post, private readonly onClose: () => void) {
    this.list = h('ul', { class: 'history-list' });
    const close = iconButton('close', t('closeHistory'));
    close.addEventListener('click', () => this.onClose());
    this.element = h('section', { class: 'history', attrs: { id: 'history', hidden: true, 'aria-label': t('history') } },
      h('div', { class: 'history-head' }, h('h2', { text: t('history') }), close),
      this.list);
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  setOpen(open: boolean): void {
    this.element.hidden = !open;
    if (open) {
      if (this.stale) {
        this.render();
      }
      (this.list.querySelector<HTMLElement>('[aria-current="true"]') ?? this.list.querySelector<HTMLElement>('button') ?? this.element.querySelector<HTMLElement>('button'))?.focus();
    }
  }

  update(history: ConversationSummary[], currentId: string): void {
    this.history = history;
    this.currentId = currentId;
    this.stale = true;
    if (this.isOpen) {
      this.render();
    }
  }

  private render(): void {
    this.stale = false;
    if (this.history.length === 0) {
      this.list.replaceChildren(h('li', { class: 'history-empty', text: t('historyEmpty') }));
      return;
    }
    const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    this.list.replaceChildren(...[...this.history].sort((a, b) => b.updatedAt - a.updatedAt).map((conversation) => {
      const title = conversation.title || t('untitled');
      const open = h('button', {
        class: 'history-open',
        attrs: { type: 'button', 'aria-label': t('openConversation', title), 'aria-current': conversation.id === this.currentId ? 'true' : undefined },
      },
      h('span', { class: 'history-title', text: title }),
      h('span', { class: 'history-meta', text: `${when.format(conversation.updatedAt)} · ${t('messageCount', conversation.turnCount)}` }));
      open.addEventListener('click', () => {
        this.post({ type: 'openConversation', id: conversation.id } satisfies WebviewToHost);
        this.onClose();
      });
      const remove = iconButton('trash', t('deleteConversation', title));
      remove.addEventListener('click', () => {
        // Keep keyboard focus in the list once this row disappears.
        const row = remove.closest('li');
        (row?.nextElementSibling ?? row?.previousElementSibling)?.querySelector<HTMLElement>('.history-open')?.focus();
        this.post({ type: 'deleteConversation', id: conversation.id } satisfies WebviewToHost);
      });
      return h('li', { class: 'history-item' }, open, remove);
    }));
  }
}
