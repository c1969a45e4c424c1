// The chat header's model entry and pickers: the conversation's model (a button that runs Select Model on
// the host), its reasoning effort and its verbosity. They show what the next question is sent with, the
// default marked as such; the host owns the values and answers every change with them.
import type { ChatChoice, ReasoningEffort, StringKey, Verbosity, WebviewToHost } from '../protocol';
import { h, icon } from './dom';
import { t } from './strings';
import type { Post } from './turns';

// Typed by the protocol's unions, so a level the host may send cannot be missing here.
const EFFORT_LEVELS: Record<ReasoningEffort, StringKey> = { minimal: 'levelMinimal', low: 'levelLow', medium: 'levelMedium', high: 'levelHigh' };
const VERBOSITY_LEVELS: Record<Verbosity, StringKey> = { low: 'levelLow', medium: 'levelMedium', high: 'levelHigh' };

export class ChoiceBar {
  readonly element: HTMLElement;
  private readonly model: HTMLButtonElement;
  private readonly modelName: HTMLElement;
  private readonly effort: LevelPicker<ReasoningEffort>;
  private readonly verbosity: LevelPicker<Verbosity>;
  /** The conversation the pickers show: a pick for it is ignored once the host shows another. */
  private conversationId = '';

  constructor(post: Post) {
    this.modelName = h('span', { class: 'choice-model-name' });
    this.model = h('button', { class: 'choice-model', attrs: { type: 'button' } }, icon('symbol-misc'), this.modelName, icon('chevron-down'));
    this.model.addEventListener('click', () => post({ type: 'selectModel' } satisfies WebviewToHost));
    this.effort = new LevelPicker('choice-effort', { label: 'effortLabel', title: 'effortTitle' }, EFFORT_LEVELS, (reasoningEffort) =>
      post({ type: 'setChoice', conversationId: this.conversationId, choice: { reasoningEffort } } satisfies WebviewToHost));
    this.verbosity = new LevelPicker('choice-verbosity', { label: 'verbosityLabel', title: 'verbosityTitle' }, VERBOSITY_LEVELS, (verbosity) =>
      post({ type: 'setChoice', conversationId: this.conversationId, choice: { verbosity } } satisfies WebviewToHost));
    // Laid out with the page but not shown until the host's values arrive with the conversation.
    this.element = h('div', { class: 'choices choices-pending', attrs: { role: 'group', 'aria-label': t('choices') } }, this.model, this.effort.element, this.verbosity.element);
  }

  update(conversationId: string, choice: ChatChoice): void {
    this.conversationId = conversationId;
    this.element.classList.remove('choices-pending');
    const { current, defaults } = choice;
    const label = t('modelButton', current.model);
    this.modelName.textContent = current.model;
    this.model.setAttribute('aria-label', label);
    this.model.title = label;
    this.effort.show(current.reasoningEffort, defaults.reasoningEffort);
    this.verbosity.show(current.verbosity, defaults.verbosity);
  }
}

/** A labelled native select (keyboard and screen readers as everywhere) in the theme's dropdown colours. */
class LevelPicker<T extends string> {
  readonly element: HTMLElement;
  private readonly select: HTMLSelectElement;
  private readonly options: [T, HTMLOptionElement][];

  constructor(id: string, strings: { label: StringKey; title: StringKey }, private readonly levels: Record<T, StringKey>, chosen: (level: T) => void) {
    this.options = (Object.keys(levels) as T[]).map((level) => [level, h('option', { attrs: { value: level } })]);
    this.select = h('select', { class: 'choice-select', attrs: { id, title: t(strings.title) } }, ...this.options.map(([, option]) => option));
    this.select.addEventListener('change', () => chosen(this.select.value as T));
    this.element = h('span', { class: 'choice' },
      h('label', { attrs: { for: id }, text: t(strings.label) }),
      h('span', { class: 'choice-select-wrap' }, this.select, icon('chevron-down')));
  }

  /** Selects `level` and marks the default level (the one sent when none is chosen). */
  show(level: T, byDefault: T): void {
    for (const [value, option] of this.options) {
      option.textContent = value === byDefault ? t('levelDefault', t(this.levels[value])) : t(this.levels[value]);
    }
    this.select.value = level;
  }
}
