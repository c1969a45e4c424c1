// The typed snapshot of Sidekick's settings. Defaults live here once; a unit test checks that every key
// matches the `contributes.configuration` declaration in package.json, default included.

import type { ReasoningEffort, ReasoningSummary, RequestParams, Verbosity } from './types';

/** Setting key (without the `sidekick.` prefix) -> default, exactly as declared in package.json. */
export const SETTING_DEFAULTS = {
  baseUrl: 'https://ai.alad.com',
  model: 'gpt-5.2',
  temperature: null as number | null,
  topP: null as number | null,
  maxOutputTokens: null as number | null,
  'reasoning.effort': '' as ReasoningEffort | '',
  'reasoning.summary': '' as ReasoningSummary | '',
  verbosity: '' as Verbosity | '',
  frequencyPenalty: null as number | null,
  presencePenalty: null as number | null,
  stop: '',
  store: false,
  user: '',
  requestTimeoutSeconds: 120,
  maxRetries: 2,
  redactSecrets: 'ask' as 'ask' | 'redact' | 'off',
  responseLanguage: 'auto' as string,
  'chat.contextBudgetChars': 24000,
  'chat.maxConversations': 50,
  'refactor.presets': [] as string[],
  'context.definitions': true,
  'context.definitionsBudgetChars': 12000,
  'context.instructions': true,
  'context.instructionsBudgetChars': 8000,
  'context.timeBoxMs': 750,
  'promptFiles.locations': [] as string[],
};

export type SettingKey = keyof typeof SETTING_DEFAULTS;
export type SettingValues = { [K in SettingKey]: (typeof SETTING_DEFAULTS)[K] };

export interface Settings {
  baseUrl: string;
  model: string;
  /** What the user set; per-command defaults fill only what is unset here. */
  params: RequestParams;
  timeoutMs: number;
  maxRetries: number;
  values: SettingValues;
}

/** Builds the snapshot from a getter (vscode's WorkspaceConfiguration.get in the host, a map in tests). */
export function readSettings(get: <K extends SettingKey>(key: K, fallback: SettingValues[K]) => SettingValues[K]): Settings {
  const values = {} as Record<SettingKey, unknown>;
  for (const key of Object.keys(SETTING_DEFAULTS) as SettingKey[]) {
    values[key] = get(key, SETTING_DEFAULTS[key]);
  }
  const v = values as SettingValues;
  const num = (x: number | null) => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
  const str = <T extends string>(x: T | '') => (typeof x === 'string' && x.trim() !== '' ? (x.trim() as T) : undefined);
  return {
    baseUrl: (str(v.baseUrl) ?? SETTING_DEFAULTS.baseUrl).replace(/\/+$/, ''),
    model: str(v.model) ?? SETTING_DEFAULTS.model,
    params: {
      temperature: num(v.temperature),
      topP: num(v.topP),
      maxOutputTokens: num(v.maxOutputTokens),
      reasoningEffort: str(v['reasoning.effort']),
      reasoningSummary: str(v['reasoning.summary']),
      verbosity: str(v.verbosity),
      frequencyPenalty: num(v.frequencyPenalty),
      presencePenalty: num(v.presencePenalty),
      stop: v.stop ? v.stop : undefined,
      store: v.store === true,
      user: str(v.user),
    },
    timeoutMs: Math.max(5, num(v.requestTimeoutSeconds) ?? SETTING_DEFAULTS.requestTimeoutSeconds) * 1000,
    maxRetries: Math.max(0, Math.floor(num(v.maxRetries) ?? SETTING_DEFAULTS.maxRetries)),
    values: v,
  };
}
