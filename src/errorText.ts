import * as vscode from 'vscode';
import type { ApiErrorData } from './core/types';
import type { TurnAction } from './protocol';

export interface ErrorContext {
  baseUrl: string;
  model: string;
  timeoutMs: number;
}

export interface DescribedError {
  message: string;
  actions: TurnAction[];
}

/** Turns an ApiError into the localized sentence a user reads and the actions that fix it. */
export function describeError(error: ApiErrorData, ctx: ErrorContext): DescribedError {
  const server = error.message ? ` ${vscode.l10n.t('Server said: {0}', error.message)}` : '';
  const status = error.status ? ` (HTTP ${error.status})` : '';
  switch (error.kind) {
    case 'auth':
      return { message: vscode.l10n.t('The API key was rejected{0}.', status) + server, actions: ['setApiKey', 'showLog'] };
    case 'forbidden':
      return { message: vscode.l10n.t('Access was denied{0}: the key may not be allowed to use model "{1}".', status, ctx.model) + server, actions: ['setApiKey', 'openSettings', 'showLog'] };
    case 'notFound':
      return { message: vscode.l10n.t('Endpoint not found{0}: check the base URL ({1}).', status, ctx.baseUrl) + server, actions: ['openSettings', 'showLog'] };
    case 'badRequest':
      return { message: vscode.l10n.t('The server refused the request{0}: check the model name ("{1}") and the request settings.', status, ctx.model) + server, actions: ['openSettings', 'showLog'] };
    case 'rateLimit':
      return {
        message: (error.retryAfterMs !== undefined
          ? vscode.l10n.t('Rate limited{0}: the server asks to wait {1} s.', status, Math.ceil(error.retryAfterMs / 1000))
          : vscode.l10n.t('Rate limited{0}: too many requests or tokens for now.', status)) + server,
        actions: ['retry', 'showLog'],
      };
    case 'server':
      return { message: vscode.l10n.t('The server had an error{0}.', status) + server, actions: ['retry', 'showLog'] };
    case 'network':
      // The detail comes from the connection itself (refused, reset, lost), not from the server.
      return { message: vscode.l10n.t('Network error with {0}: {1}', ctx.baseUrl, error.message), actions: ['retry', 'openSettings', 'showLog'] };
    case 'timeout':
      // An HTTP 408 is the server's own timeout, answered at once: not a silence the setting could fix.
      if (error.status) {
        return { message: vscode.l10n.t('The server timed out{0}.', status) + server, actions: ['retry', 'showLog'] };
      }
      return { message: vscode.l10n.t('The server sent nothing for {0} s (sidekick.requestTimeoutSeconds).', Math.round(ctx.timeoutMs / 1000)), actions: ['retry', 'openSettings'] };
    case 'truncated':
      return { message: vscode.l10n.t('The answer was cut off: the connection ended before the server finished.'), actions: ['continue', 'retry', 'showLog'] };
    case 'protocol':
      return { message: vscode.l10n.t('The server sent a reply Sidekick could not read.') + server, actions: ['retry', 'showLog'] };
    case 'insecure':
      return { message: vscode.l10n.t('Refusing to send the API key over plain http to {0}: use an https:// base URL.', ctx.baseUrl), actions: ['openSettings'] };
    case 'canceled':
      return { message: vscode.l10n.t('Stopped.'), actions: [] };
  }
}
