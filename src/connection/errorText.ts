import * as vscode from 'vscode';
import type { ApiErrorData, ConnectionFailure } from '../core/types';
import type { AnswerProblem } from '../core/api/answerOutcome';

export interface ErrorContext {
  baseUrl: string;
  model: string;
  timeoutMs: number;
}

/** The localized sentence a user reads about an answer that is not whole (its actions come with the outcome). */
export function describeProblem(problem: AnswerProblem, ctx: ErrorContext): string {
  switch (problem.type) {
    case 'failed':
      return describeError(problem.error, ctx);
    case 'incomplete':
      return describeIncomplete(problem.reason);
  }
}

function describeIncomplete(reason: string): string {
  switch (reason) {
    case 'max_output_tokens':
      return vscode.l10n.t('The answer reached the output token limit (sidekick.maxOutputTokens).');
    case 'content_filter':
      return vscode.l10n.t("The provider's content filter stopped the answer.");
    default:
      return vscode.l10n.t('The answer ended early ({0}).', reason || '?');
  }
}

/** Turns an ApiError into the localized sentence a user reads. */
function describeError(error: ApiErrorData, ctx: ErrorContext): string {
  const server = error.message ? ` ${vscode.l10n.t('Server said: {0}', error.message)}` : '';
  const status = error.status ? ` (HTTP ${error.status})` : '';
  switch (error.kind) {
    case 'auth':
      return vscode.l10n.t('The API key was rejected{0}.', status) + server;
    case 'forbidden':
      return vscode.l10n.t('Access was denied{0}: the key may not be allowed to use model "{1}".', status, ctx.model) + server;
    case 'notFound':
      return vscode.l10n.t('Endpoint not found{0}: check the base URL ({1}).', status, ctx.baseUrl) + server;
    case 'badRequest':
      return vscode.l10n.t('The server refused the request{0}: check the model name ("{1}") and the request settings.', status, ctx.model) + server;
    case 'rateLimit':
      return (error.retryAfterMs !== undefined
        ? vscode.l10n.t('Rate limited{0}: the server asks to wait {1} s.', status, Math.ceil(error.retryAfterMs / 1000))
        : vscode.l10n.t('Rate limited{0}: too many requests or tokens for now.', status)) + server;
    case 'server':
      return vscode.l10n.t('The server had an error{0}.', status) + server;
    case 'network':
      // The detail comes from the connection itself (refused, reset, lost), not from the server.
      return (error.connection && describeConnection(error.connection, error)) ?? vscode.l10n.t('Network error with {0}: {1}', ctx.baseUrl, error.message);
    case 'timeout':
      // An HTTP 408 is the server's own timeout, answered at once: not a silence the setting could fix.
      if (error.status) {
        return vscode.l10n.t('The server timed out{0}.', status) + server;
      }
      return vscode.l10n.t('The server sent nothing for {0} s (sidekick.requestTimeoutSeconds).', Math.round(ctx.timeoutMs / 1000));
    case 'truncated':
      return vscode.l10n.t('The answer was cut off: the connection ended before the server finished.');
    case 'protocol':
      return vscode.l10n.t('The server sent a reply Sidekick could not read.') + server;
    case 'insecure':
      return vscode.l10n.t('Refusing to send the API key over plain http to {0}: use an https:// base URL.', ctx.baseUrl);
    case 'canceled':
      return vscode.l10n.t('Stopped.');
  }
}

/** The step that failed, the host (and proxy) and the cause in one sentence; undefined for a plain network error. */
function describeConnection(failure: ConnectionFailure, error: ApiErrorData): string | undefined {
  const { host, proxy = '' } = failure;
  const code = error.code ?? '';
  // Through a proxy that inspects TLS, the certificate the server seems to have is the proxy's.
  const via = proxy ? ` ${vscode.l10n.t('(through the proxy at {0})', proxy)}` : '';
  switch (failure.kind) {
    case 'dns':
      return vscode.l10n.t('The host {0} cannot be resolved ({1}): check the base URL and your network.', host, code);
    case 'proxyUnreachable':
      return vscode.l10n.t('The proxy at {0} cannot be reached{1}: check http.proxy or the HTTPS_PROXY environment variable.', proxy, code && ` (${code})`);
    case 'proxyAuth':
      return vscode.l10n.t('The proxy at {0} asks for a user name and password (407): put them in http.proxy (http://user:password@host:port) or http.proxyAuthorization.', proxy);
    case 'proxyRefused':
    case 'proxyPage': {
      const page = failure.detail ? ` ${vscode.l10n.t('Proxy said: {0}', failure.detail)}` : '';
      return vscode.l10n.t('The proxy at {0} refused to connect to {1} (HTTP {2}).', proxy, host, error.status ?? '') + page;
    }
    case 'certSelfSigned':
      return vscode.l10n.t('The certificate of {0} is signed by a self-signed root this machine does not trust ({1}){2}: a company network may inspect TLS; install its root certificate.', host, code, via);
    case 'certUnknownIssuer':
      return vscode.l10n.t('The certificate of {0} is signed by an authority this machine does not trust ({1}){2}: install the root certificate of your company or proxy.', host, code, via);
    case 'certExpired':
      return vscode.l10n.t('The certificate of {0} has expired or is not valid yet ({1}){2}: check this computer\'s date and time.', host, code, via);
    case 'certWrongHost':
      return vscode.l10n.t('The certificate presented for {0} was issued for another host name ({1}){2}: check the base URL.', host, code, via);
    case 'tls':
      return vscode.l10n.t('The secure connection to {0} failed ({1}){2}.', host, code, via);
    case 'unreachable':
      return undefined;
  }
}
