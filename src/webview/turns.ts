// The views of one conversation turn: the user's question and the assistant's streamed answer.
import type { AttachmentKind, Turn, TurnAction, TurnError, TurnStatus, Usage, WebviewToHost } from '../protocol';
import { h, icon, iconButton } from './dom';
import { MarkdownView } from './markdownView';
import { t } from './strings';

export type Post = (message: WebviewToHost) => void;

/** The codicon of each kind of attached context, on turns and on the input's chips. */
export const ATTACHMENT_ICONS: Record<AttachmentKind | 'added', string> = {
  selection: 'list-selection',
  file: 'file',
  definitions: 'symbol-method',
  instructions: 'book',
  problems: 'warning',
  added: 'file-add',
};

export class UserTurnView {
  readonly element: HTMLElement;
  private readonly head: HTMLElement;
  private editButton: HTMLButtonElement | undefined;

  constructor(readonly turn: Turn, private readonly onEdit: (text: string) => void, post: Post) {
    const showSent = iconButton('eye', t('showSent'), { 'data-action': 'show-sent' });
    showSent.addEventListener('click', () => post({ type: 'showSent', turnId: turn.id }));
    this.head = h('div', { class: 'turn-head' }, icon('account'), h('span', { class: 'turn-author', text: t('you') }), showSent);
    const attachments = (turn.attachments ?? []).map((attachment, index) => {
      const content = [
        icon(ATTACHMENT_ICONS[attachment.kind]),
        h('span', { text: attachment.label }),
        attachment.truncated && h('span', { class: 'attachment-cut', text: t('attachmentCut') }),
      ];
      if (!attachment.sources?.length) {
        return h('span', { class: 'attachment', attrs: { title: attachment.detail } }, ...content);
      }
      const open = h('button', {
        class: 'attachment',
        attrs: { type: 'button', title: attachment.detail ?? attachment.label, 'aria-label': t('openAttachment').replace('{0}', attachment.label), 'data-attachment': attachment.kind },
      }, ...content);
      open.addEventListener('click', () => post({ type: 'openAttachment', turnId: turn.id, index }));
      return open;
    });
    this.element = h('article', { class: 'turn turn-user', attrs: { 'aria-label': t('you') } },
      this.head,
      attachments.length > 0 && h('div', { class: 'attachments' }, ...attachments),
      h('div', { class: 'user-text', text: turn.text }));
  }

  /** Only the last question can be edited and resent, and not while an answer streams. */
  setEditable(editable: boolean): void {
    if (editable && !this.editButton) {
      this.editButton = iconButton('edit', t('editLast'));
      this.editButton.addEventListener('click', () => this.onEdit(this.turn.text));
      this.head.append(this.editButton);
    } else if (!editable && this.editButton) {
      this.editButton.remove();
      this.editButton = undefined;
    }
  }
}

const actionLabels: Record<TurnAction, () => string> = {
  setApiKey: () => t('actionSetApiKey'),
  retry: () => t('actionRetry'),
  openSettings: () => t('actionOpenSettings'),
  showLog: () => t('actionShowLog'),
  continue: () => t('actionContinue'),
  networkSettings: () => t('actionNetworkSettings'),
  certificateHelp: () => t('actionCertificateHelp'),
};
const actionIcons: Record<TurnAction, string> = {
  setApiKey: 'key',
  retry: 'refresh',
  openSettings: 'settings-gear',
  showLog: 'output',
  continue: 'debug-continue',
  networkSettings: 'globe',
  certificateHelp: 'workspace-untrusted',
};

/** Blocks of a deferred answer rendered per step: few enough for a step to stay short even cold. */
const BLOCKS_PER_STEP = 4;

export class AssistantTurnView {
  readonly element: HTMLElement;
  readonly answer: MarkdownView;
  private readonly thinking: HTMLDetailsElement;
  private readonly reasoning: MarkdownView;
  private readonly status: HTMLElement;
  private readonly footer: HTMLElement;
  private regenerateButton: HTMLButtonElement | undefined;

  /**
   * A finished answer can be `deferred`: its Markdown is rendered later, a few blocks per renderMore(),
   * the end of the answer first and the reasoning (folded away) last.
   */
  constructor(readonly turn: Turn, private readonly post: Post, deferred = false) {
    const reasoningBody = h('div', { class: 'markdown thinking-body' });
    this.reasoning = new MarkdownView(reasoningBody);
    this.thinking = h('details', { class: 'thinking' },
      h('summary', {}, icon('lightbulb'), h('span', { text: t('thinking') })),
      reasoningBody);
    const answerBody = h('div', { class: 'markdown answer' });
    this.answer = new MarkdownView(answerBody);
    this.status = h('div', { class: 'turn-status' });
    this.footer = h('div', { class: 'turn-foot' });
    this.element = h('article', { class: 'turn turn-assistant', attrs: { 'aria-label': t('assistant'), 'data-turn-id': turn.id } },
      h('div', { class: 'turn-head' }, icon('sparkle'), h('span', { class: 'turn-author', text: t('assistant') })),
      this.thinking,
      answerBody,
      this.status,
      this.footer);

    const status = turn.status ?? 'done';
    const final = status !== 'streaming';
    if (deferred && final) {
      this.reasoning.defer(turn.reasoning ?? '');
      this.answer.defer(turn.text);
    } else {
      this.reasoning.reset(turn.reasoning ?? '', final);
      this.answer.reset(turn.text, final);
    }
    this.thinking.hidden = !turn.reasoning;
    this.showStatus();
  }

  get complete(): boolean {
    return this.answer.complete && this.reasoning.complete;
  }

  /** Renders a few more blocks of a deferred answer; true once all of it is rendered. */
  renderMore(): boolean {
    const view = this.answer.complete ? this.reasoning : this.answer;
    view.renderPending(BLOCKS_PER_STEP);
    return this.complete;
  }

  append(text: string | undefined, reasoning: string | undefined): void {
    if (reasoning) {
      this.thinking.hidden = false;
      this.reasoning.append(reasoning);
    }
    if (text) {
      this.answer.append(text);
    }
  }

  finish(status: TurnStatus, usage: Usage | undefined, error: TurnError | undefined): void {
    this.turn.status = status;
    this.turn.usage = usage ?? this.turn.usage;
    this.turn.error = error;
    this.turn.text = this.answer.markdown;
    this.turn.reasoning = this.reasoning.markdown;
    this.reasoning.finish();
    this.answer.finish();
    this.showStatus();
  }

  /** What a screen reader hears when the answer ends. */
  announcement(): string {
    switch (this.turn.status) {
      case 'error':
        return `${t('errorTitle')}: ${this.turn.error?.message ?? ''}`;
      case 'cut':
        return [t('cutOff'), this.turn.error?.message, this.answer.root.textContent].filter(Boolean).join(' ');
      case 'canceled':
        return t('stopped');
      case 'done':
      case 'streaming':
      case undefined:
        return `${t('answerDone')} ${this.answer.root.textContent ?? ''}`;
    }
  }

  setRegenerable(regenerable: boolean): void {
    if (regenerable && !this.regenerateButton) {
      this.regenerateButton = h('button', { class: 'text-button', attrs: { type: 'button' } }, icon('refresh'), h('span', { text: t('regenerate') }));
      this.regenerateButton.addEventListener('click', () => this.post({ type: 'regenerate' } satisfies WebviewToHost));
      this.footer.append(this.regenerateButton);
    } else if (!regenerable && this.regenerateButton) {
      this.regenerateButton.remove();
      this.regenerateButton = undefined;
    }
  }

  private showStatus(): void {
    const { status = 'done', usage, error } = this.turn;
    this.element.setAttribute('aria-busy', String(status === 'streaming'));
    this.element.classList.toggle('turn-cut', status === 'cut');
    const parts: (HTMLElement | false)[] = [];
    if (status === 'streaming') {
      parts.push(h('span', { class: 'turn-mark' }, icon('pulse'), h('span', { text: t('answering') })));
    } else if (status === 'canceled') {
      parts.push(h('span', { class: 'turn-mark' }, icon('debug-stop'), h('span', { text: t('stopped') })));
    }
    if (status === 'cut') {
      parts.push(this.cutNotice(error));
    } else if (error && status === 'error') {
      parts.push(this.errorCard(error));
    } else if (error && error.actions.length > 0) {
      parts.push(this.actionBar(error.actions, error.retryAfterMs));
    }
    if (usage && status !== 'streaming') {
      parts.push(h('div', {
        class: 'usage',
        text: t('usage', formatCount(usage.inputTokens), formatCount(usage.outputTokens), formatCount(usage.reasoningTokens)),
      }));
    }
    this.status.replaceChildren(...parts.filter((part): part is HTMLElement => part !== false));
  }

  /**
   * What stopped the answer (the content filter, the output limit, a lost connection…) and what can be
   * done, with Continue first: the text above stays, so this is a notice, not an error card.
   */
  private cutNotice(error: TurnError | undefined): HTMLElement {
    // A cut-off answer can always be continued, whether or not the host listed the action.
    const actions = ['continue' as const, ...(error?.actions ?? []).filter((action) => action !== 'continue')];
    return h('div', { class: 'cut-notice', attrs: { role: 'note' } },
      h('span', { class: 'turn-mark turn-mark-warning' }, icon('warning'), h('span', { text: t('cutOff') })),
      error?.message && h('div', { class: 'cut-message', text: error.message }),
      this.actionBar(actions, error?.retryAfterMs));
  }

  private errorCard(error: TurnError): HTMLElement {
    return h('div', { class: 'error-card' },
      h('div', { class: 'error-title' }, icon('error'), h('span', { text: t('errorTitle') })),
      h('div', { class: 'error-message', text: error.message }),
      error.actions.length > 0 && this.actionBar(error.actions, error.retryAfterMs));
  }

  private actionBar(actions: readonly TurnAction[], retryAfterMs: number | undefined): HTMLElement {
    const bar = h('div', { class: 'turn-actions' });
    for (const action of actions) {
      const label = h('span', { text: actionLabels[action]() });
      const button = h('button', { class: action === actions[0] ? 'primary-button' : 'secondary-button', attrs: { type: 'button', 'data-action': action } }, icon(actionIcons[action]), label);
      button.addEventListener('click', () => this.post({ type: 'action', action, turnId: this.turn.id } satisfies WebviewToHost));
      if (action === 'retry' && retryAfterMs && retryAfterMs > 0) {
        countDown(label, Date.now() + retryAfterMs);
      }
      bar.append(button);
    }
    return bar;
  }
}

/** "Retry (wait 12 s)", counting down to plain "Retry". */
function countDown(label: HTMLElement, until: number): void {
  const show = (): boolean => {
    const seconds = Math.ceil((until - Date.now()) / 1000);
    label.textContent = seconds > 0 ? t('actionRetryWait', seconds) : t('actionRetry');
    return seconds > 0;
  };
  show();
  const timer = setInterval(() => {
    if (!label.isConnected || !show()) {
      clearInterval(timer);
    }
  }, 1000);
}

/**
 * 12,345: grouped by thousands with commas, as both English and Chinese write token counts. Not
 * toLocaleString: its first call loads the ICU number data, ~30 ms in the task that opens a conversation.
 */
function formatCount(value: number | undefined): string {
  return value === undefined ? '–' : String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
