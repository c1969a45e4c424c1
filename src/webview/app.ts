// The chat UI: toolbar, history panel, conversation, input. The host owns the conversation; this view
// renders what the host sends and posts what the user does.
import type { ChatState, HostToWebview, Turn, WebviewToHost } from '../protocol';
import { ChoiceBar } from './choices';
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

/**
 * Opening a conversation renders one step at once: the newest turn, or the last few blocks of the newest
 * answer (what the user sees, pinned to the bottom). The rest goes in above it in idle-time slices of at
 * most SLICE_MS. Answers go in a few blocks at a time, so no task blocks input or frames however long the
 * conversation or its answers are, even before the renderer is warm.
 */
const SLICE_MS = 8;

/**
 * An opened conversation's turns go into groups of this many, each skipped as one while off screen
 * (content-visibility in chat.css): Chromium's work per frame of scrolling, and per turn brought into
 * view, grows with the number of skipped elements on the page, so a few turns share one; groups much
 * larger bring in so much at once that frames grow longer (bench/conversation.ts measures it).
 */
const GROUP_SIZE = 4;

export class ChatApp {
  private readonly title: HTMLElement;
  private readonly historyButton: HTMLButtonElement;
  private readonly exportButton: HTMLButtonElement;
  private readonly choices: ChoiceBar;
  private readonly history: HistoryPanel;
  private readonly scroller: HTMLElement;
  private readonly turnList: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly live: HTMLElement;
  private readonly composer: Composer;
  /** The header's choice lives in `choices`. */
  private state: Omit<ChatState, 'choice'> = { conversationId: '', title: '', turns: [], busy: false };
  private views = new Map<string, TurnView>();
  /** The turns before this index are not rendered yet; they are added above the others while idle. */
  private unrendered = 0;
  /** The oldest rendered answer while only its end is rendered; the rest goes in before older turns. */
  private partial: AssistantTurnView | undefined;
  /** The group at the top of the list, which the older turns go into. */
  private group: HTMLElement | undefined;
  private backfill: number | undefined;
  private opened = false;

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
    this.choices = new ChoiceBar(post);

    this.empty = h('div', { class: 'empty' },
      h('div', { class: 'empty-icon' }, icon('sparkle')),
      h('h2', { text: t('emptyTitle') }),
      h('p', { text: t('emptyBody') }),
      h('p', { text: t('emptyHowTo') }),
      h('p', { class: 'empty-keys', text: t('emptyKeys') }));
    // Until the host's state arrives the list is empty and busy, not a conversation without turns.
    this.empty.hidden = true;
    this.turnList = h('div', { class: 'turns', attrs: { 'aria-busy': 'true' } });
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
      h('header', { class: 'header' },
        h('div', { class: 'toolbar' }, this.title, h('div', { class: 'toolbar-actions' }, newChat, this.historyButton, this.exportButton)),
        this.choices.element),
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
        if (message.turn.role === 'user') {
          // Before the turn goes in, while layout is clean: the reversed scroller keeps the end in view.
          this.scrollToEnd();
        }
        this.turnList.append(this.createView(message.turn).element);
        this.refreshControls();
        break;
      case 'delta': {
        const view = this.views.get(message.turnId);
        if (view instanceof AssistantTurnView) {
          view.append(message.text, message.reasoning);
          break;
        }
        const turn = this.unrenderedTurn(message.turnId);
        if (turn) {
          turn.text += message.text ?? '';
          turn.reasoning = (turn.reasoning ?? '') + (message.reasoning ?? '');
        }
        break;
      }
      case 'turnFinished': {
        const view = this.views.get(message.turnId);
        const turn = view ? undefined : this.unrenderedTurn(message.turnId);
        if (view instanceof AssistantTurnView) {
          view.finish(message.status, message.usage, message.error);
          this.announce(view.announcement());
        } else if (turn) {
          Object.assign(turn, { status: message.status, usage: message.usage ?? turn.usage, error: message.error });
        }
        this.refreshControls();
        break;
      }
      case 'choice':
        this.choices.update(this.state.conversationId, message.choice);
        break;
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
      case 'fileMatches':
        this.composer.showFileMatches(message.query, message.items);
        break;
      case 'slashMatches':
        this.composer.showSlashMatches(message.query, message.items);
        break;
      default: {
        const unknown: never = message;
        return unknown;
      }
    }
  }

  private setState(state: ChatState): void {
    const { choice, ...rest } = state;
    this.state = { ...rest, turns: [...state.turns] };
    this.choices.update(state.conversationId, choice);
    this.views.clear();
    if (this.backfill !== undefined) {
      cancelIdleCallback(this.backfill);
      this.backfill = undefined;
    }
    // Pinned to the end while the old turns are still laid out: on the new ones this would force a
    // layout of all of them in this task. The reversed scroller keeps the end in view as they go in.
    // A new app's scroller is at the end already, and its first layout is left to the frame.
    if (this.opened) {
      this.scrollToEnd();
    }
    this.opened = true;
    this.turnList.replaceChildren();
    this.unrendered = this.state.turns.length;
    this.partial = undefined;
    this.group = undefined;
    this.renderStep();
    this.composer.setBusy(state.busy);
    this.refreshControls();
    this.scheduleBackfill();
  }

  /** True until every turn is rendered whole. */
  private get rendering(): boolean {
    return this.unrendered > 0 || this.partial !== undefined;
  }

  /** The list says it is busy (for screen readers, and tests) until every turn is in it. */
  private scheduleBackfill(): void {
    this.turnList.setAttribute('aria-busy', String(this.rendering));
    if (this.rendering) {
      this.backfill = requestIdleCallback((deadline) => this.renderOlderTurns(deadline), { timeout: 250 });
    }
  }

  private renderOlderTurns(deadline: IdleDeadline): void {
    this.backfill = undefined;
    // A re-sent `init` builds a new app: this one's turns are no longer shown.
    if (!this.turnList.isConnected) {
      return;
    }
    const start = performance.now();
    do {
      this.renderStep();
    } while (this.rendering && deadline.timeRemaining() > 0 && performance.now() - start < SLICE_MS);
    this.refreshControls();
    this.scheduleBackfill();
  }

  /** Renders more of the partly rendered answer, or else the newest turn not rendered yet, above the others. */
  private renderStep(): void {
    if (!this.partial && this.unrendered > 0) {
      const turn = this.state.turns[--this.unrendered];
      const view = this.createView(turn, true);
      if (turn.status === 'streaming') {
        // Never skipped while it streams (chat.css): not in a group.
        this.turnList.prepend(view.element);
      } else {
        if (!this.group || this.group.childElementCount >= GROUP_SIZE) {
          this.group = h('div', { class: 'turn-group' });
          this.turnList.prepend(this.group);
        }
        this.group.prepend(view.element);
      }
      this.partial = view instanceof AssistantTurnView && !view.complete ? view : undefined;
    }
    if (this.partial?.renderMore()) {
      this.partial = undefined;
    }
  }

  /** A turn not rendered yet: what the host sends for it goes into its data, rendered with it later. */
  private unrenderedTurn(id: string): Turn | undefined {
    for (let i = 0; i < this.unrendered; i++) {
      if (this.state.turns[i].id === id) {
        return this.state.turns[i];
      }
    }
    return undefined;
  }

  private createView(turn: Turn, deferred = false): TurnView {
    const view = turn.role === 'user'
      ? new UserTurnView({ ...turn }, (text) => this.composer.startEdit(text), this.post)
      : new AssistantTurnView({ ...turn }, this.post, deferred);
    this.views.set(turn.id, view);
    return view;
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
    switch (button.dataset.codeAction ?? '') {
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
