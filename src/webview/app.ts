// The chat UI: toolbar, history panel, conversation, input. The host owns the conversation; this view
// renders what the host sends and posts what the user does.
import type { ChatState, HostToWebview, Turn, WebviewToHost } from '../protocol';
import { Composer, type Draft } from './composer';
import { h, icon, iconButton } from './dom';
import { HistoryPanel } from './history';
import { t } from './strings';
import { AssistantTurnView, UserTurnView, type Post } from './turns';

/** What the webview keeps across a reload of its document (the host re-sends everything else). */
export interface Persisted {
  draft: Draft;
}

export interface StateStore {
  getState(): Persisted | undefined;
  setState(state: Persisted): void;
}

type TurnView = UserTurnView | AssistantTurnView;

export class ChatApp {
  private readonly title: HTMLElement;
  private readonly historyButton: HTMLButtonElement;
  private readonly exportButton: HTMLButtonElement;
  private readonly history: HistoryPanel;
  private readonly scroller: HTMLElement;
  private readonly turnList: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly live: HTMLElement;
  private readonly composer: Composer;
  private state: ChatState = { conversationId: '', title: '', turns: [], busy: false };
  private views = new Map<string, TurnView>();

  constructor(root: HTMLElement, private readonly post: Post, store: StateStore) {
    this.title = h('h1', { class: 'title' });
    const newChat = iconButton('add', t('newChat'));
    newChat.addEventListener('click', () => {
      this.post({ type: 'newChat' } satisfies WebviewToHost);
      this.composer.focus();
    });
    this.historyButton = iconButton('history', t('history'), { 'aria-expanded': 'false', 'aria-controls': 'history' });
    this.historyButton.addEventListener('click', () => this.toggleHistory(!this.history.isOpen));
    this.exportButton = iconButton('save', t('exportChat'));
    this.exportButton.addEventListener('click', () => this.post({ type: 'exportChat' } satisfies WebviewToHost));
    this.history = new HistoryPanel(post, () => this.toggleHistory(false));

    this.empty = h('div', { class: 'empty' },
      h('div', { class: 'empty-icon' }, icon('sparkle')),
      h('h2', { text: t('emptyTitle') }),
      h('p', { text: t('emptyBody') }),
      h('p', { text: t('emptyHowTo') }),
      h('p', { class: 'empty-keys', text: t('emptyKeys') }));
    this.turnList = h('div', { class: 'turns' });
    // The scroller is a reversed flex box: it stays pinned to the newest text while an answer grows,
    // and stays put when the user has scrolled up, with no script measuring layout on every frame.
    this.scroller = h('main', { class: 'conversation', attrs: { 'aria-label': t('conversation') } },
      h('div', { class: 'conversation-content' }, this.empty, this.turnList));
    this.live = h('div', { class: 'sr-only', attrs: { role: 'status', 'aria-live': 'polite' } });

    this.composer = new Composer(post, (draft) => store.setState({ draft }));
    const saved = store.getState();
    if (saved?.draft) {
      this.composer.restore(saved.draft);
    }

    root.replaceChildren(
      h('header', { class: 'toolbar' }, this.title, h('div', { class: 'toolbar-actions' }, newChat, this.historyButton, this.exportButton)),
      this.history.element,
      this.scroller,
      this.live,
      this.composer.element);
    // Handler properties, not listeners: a re-sent `init` builds a new app on the same root and document.
    root.onclick = (event) => this.onClick(event);
    root.onauxclick = (event) => {
      // A middle click on a link would open it inside the webview's frame.
      if ((event.target as Element).closest('a')) {
        event.preventDefault();
      }
    };
    document.onkeydown = (event) => this.onKeyDown(event);
  }

  handle(message: HostToWebview): void {
    switch (message.type) {
      case 'init':
        this.setState(message.state);
        this.composer.setChips(message.chips);
        this.history.update(message.history, message.state.conversationId);
        break;
      case 'state':
        this.setState(message.state);
        break;
      case 'turnAdded':
        this.state.turns.push(message.turn);
        this.addTurn(message.turn);
        this.refreshControls();
        if (message.turn.role === 'user') {
          this.scrollToEnd();
        }
        break;
      case 'delta': {
        const view = this.views.get(message.turnId);
        if (view instanceof AssistantTurnView) {
          view.append(message.text, message.reasoning);
        }
        break;
      }
      case 'turnFinished': {
        const view = this.views.get(message.turnId);
        if (view instanceof AssistantTurnView) {
          view.finish(message.status, message.usage, message.error);
          this.announce(view.announcement());
        }
        this.refreshControls();
        break;
      }
      case 'busy':
        this.state.busy = message.busy;
        this.composer.setBusy(message.busy);
        this.refreshControls();
        break;
      case 'chips':
        this.composer.setChips(message.chips);
        break;
      case 'history':
        this.history.update(message.history, this.state.conversationId);
        break;
      case 'focusInput':
        this.composer.focus();
        break;
      default: {
        const unknown: never = message;
        return unknown;
      }
    }
  }

  private setState(state: ChatState): void {
    this.state = { ...state, turns: [...state.turns] };
    this.views.clear();
    this.turnList.replaceChildren();
    for (const turn of this.state.turns) {
      this.addTurn(turn);
    }
    this.composer.setBusy(state.busy);
    this.refreshControls();
    this.scrollToEnd();
  }

  private addTurn(turn: Turn): void {
    const view = turn.role === 'user'
      ? new UserTurnView({ ...turn }, (text) => this.composer.startEdit(text))
      : new AssistantTurnView({ ...turn }, this.post);
    this.views.set(turn.id, view);
    this.turnList.append(view.element);
  }

  /** Edit goes on the last question and Regenerate on the last answer, and neither while one streams. */
  private refreshControls(): void {
    const turns = this.state.turns;
    const lastUser = [...turns].reverse().find((turn) => turn.role === 'user');
    const last = turns[turns.length - 1];
    for (const [id, view] of this.views) {
      if (view instanceof UserTurnView) {
        view.setEditable(!this.state.busy && id === lastUser?.id);
      } else {
        view.setRegenerable(!this.state.busy && id === last?.id && view.turn.status !== 'streaming');
      }
    }
    this.title.textContent = this.state.title || t('untitled');
    this.empty.hidden = turns.length > 0;
    this.exportButton.disabled = turns.length === 0;
  }

  private scrollToEnd(): void {
    this.scroller.scrollTop = 0;
  }

  private announce(text: string): void {
    this.live.textContent = text;
  }

  private toggleHistory(open: boolean): void {
    this.history.setOpen(open);
    this.historyButton.setAttribute('aria-expanded', String(open));
    if (!open) {
      this.historyButton.focus();
    }
  }

  private onClick(event: MouseEvent): void {
    const target = event.target as Element;
    const link = target.closest('a');
    if (link) {
      // Links never navigate the webview; VS Code opens them (and asks before opening external ones).
      event.preventDefault();
      const href = link.getAttribute('href');
      if (href) {
        this.post({ type: 'openLink', href } satisfies WebviewToHost);
      }
      return;
    }
    const button = target.closest<HTMLElement>('[data-code-action]');
    const block = button?.closest<HTMLElement>('.code-block');
    const code = block?.querySelector('pre > code')?.textContent;
    if (!button || !block || code == null) {
      return;
    }
    const language = block.dataset.language;
    switch (button.dataset.codeAction) {
      case 'copy':
        this.post({ type: 'copyCode', code } satisfies WebviewToHost);
        this.showCopied(button);
        break;
      case 'insert':
        this.post({ type: 'insertCode', code, language } satisfies WebviewToHost);
        break;
      case 'apply':
        this.post({ type: 'applyCode', code, language } satisfies WebviewToHost);
        break;
    }
  }

  private showCopied(button: HTMLElement): void {
    const glyph = button.querySelector('.codicon');
    glyph?.classList.replace('codicon-copy', 'codicon-check');
    this.announce(t('copied'));
    setTimeout(() => glyph?.classList.replace('codicon-check', 'codicon-copy'), 1500);
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || event.isComposing) {
      return;
    }
    if (this.history.isOpen) {
      this.toggleHistory(false);
    } else if (this.state.busy) {
      this.post({ type: 'stop' } satisfies WebviewToHost);
    } else if (this.composer.isEditing) {
      this.composer.cancelEdit();
    } else {
      return;
    }
    event.preventDefault();
  }
}
