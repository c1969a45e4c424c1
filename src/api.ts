import * as vscode from 'vscode';
import { streamResponse } from './core/client';
import type { InputMessage, RequestParams, ResponseEvent } from './core/types';
import type { Config } from './config';
import type { ApiKeyStore } from './secrets';
import { describeError, type DescribedError } from './errorText';
import type { ApiErrorData } from './core/types';

/** What every feature uses to talk to the model: settings, the key and the log, joined once. */
export class Api {
  constructor(
    private readonly config: Config,
    private readonly keys: ApiKeyStore,
    readonly log: vscode.LogOutputChannel,
  ) {}

  /**
   * Streams one answer. `defaults` are the command's own parameter defaults; the user's settings win.
   * Asks for the key first when none is set; yields `canceled` when the user declines.
   */
  async *stream(input: InputMessage[], defaults: RequestParams, signal: AbortSignal): AsyncGenerator<ResponseEvent> {
    const settings = this.config.current;
    const apiKey = (await this.keys.get()) ?? (await this.keys.prompt(vscode.l10n.t('Sidekick needs an API key for {0}.', settings.baseUrl)));
    if (!apiKey) {
      yield { type: 'canceled' };
      return;
    }
    const params: RequestParams = { ...defaults };
    for (const [name, value] of Object.entries(settings.params) as [keyof RequestParams, never][]) {
      if (value !== undefined) {
        params[name] = value;
      }
    }
    yield* streamResponse(
      { model: settings.model, input, params },
      { baseUrl: settings.baseUrl, apiKey, timeoutMs: settings.timeoutMs, maxRetries: settings.maxRetries, logger: this.log },
      signal,
    );
  }

  describe(error: ApiErrorData): DescribedError {
    const { baseUrl, model, timeoutMs } = this.config.current;
    return describeError(error, { baseUrl, model, timeoutMs });
  }
}

/** Converts a vscode CancellationToken to an AbortSignal, once, at the edge. */
export function toAbortSignal(token: vscode.CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) {
    controller.abort();
  } else {
    token.onCancellationRequested(() => controller.abort());
  }
  return controller.signal;
}
