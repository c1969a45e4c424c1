import * as vscode from 'vscode';
import type { ApiErrorData, ConnectionFailure } from './core/types';
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
      return (error.connection && describeConnection(error.connection, error)) ?? { message: vscode.l10n.t('Network error with {0}: {1}', ctx.baseUrl, error.message), actions: ['retry', 'openSettings', 'showLog'] };
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

/** The step that failed, the host (and proxy) and the cause in one sentence, with what fixes it; undefined for a plain network error. */
function describeConnection(failure: ConnectionFailure, error: ApiErrorData): DescribedError | undefined {
  const { host, proxy = '' } = failure;
  const code = error.code ?? '';
  // Through a proxy that inspects TLS, the certificate the server seems to have is the proxy's.
  const via = proxy ? ` ${vscode.l10n.t('(through the proxy at {0})', proxy)}` : '';
  const certificate: TurnAction[] = ['certificateHelp', 'networkSettings', 'showLog'];
  const proxyActions: TurnAction[] = ['networkSettings', 'retry', 'showLog'];
  switch (failure.kind) {
    case 'dns':
      return { message: vscode.l10n.t('The host {0} cannot be resolved ({1}): check the base URL and your network.', host, code), actions: ['openSettings', 'retry', 'showLog'] };
    case 'proxyUnreachable':
      return { message: vscode.l10n.t('The proxy at {0} cannot be reached{1}: check http.proxy or the HTTPS_PROXY environment variable.', proxy, code && ` (${code})`), actions: proxyActions };
    case 'proxyAuth':
      return { message: vscode.l10n.t('The proxy at {0} asks for a user name and password (407): put them in http.proxy (http://user:password@host:port) or http.proxyAuthorization.', proxy), actions: proxyActions };
    case 'proxyRefused':
    case 'proxyPage': {
      const page = failure.detail ? ` ${vscode.l10n.t('Proxy said: {0}', failure.detail)}` : '';
      return { message: vscode.l10n.t('The proxy at {0} refused to connect to {1} (HTTP {2}).', proxy, host, error.status ?? '') + page, actions: proxyActions };
    }
    case 'certSelfSigned':
      return { message: vscode.l10n.t('The certificate of {0} is signed by a self-signed root this machine does not trust ({1}){2}: a company network may inspect TLS; install its root certificate.', host, code, via), actions: certificate };
    case 'certUnknownIssuer':
      return { message: vscode.l10n.t('The certificate of {0} is signed by an authority this machine does not trust ({1}){2}: install the root certificate of your company or proxy.', host, code, via), actions: certificate };
    case 'certExpired':
      return { message: vscode.l10n.t('The certificate of {0} has expired or is not valid yet ({1}){2}: check this computer\'s date and time.', host, code, via), actions: certificate };
    case 'certWrongHost':
      return { message: vscode.l10n.t('The certificate presented for {0} was issued for another host name ({1}){2}: check the base URL.', host, code, via), actions: ['openSettings', ...certificate] };
    case 'tls':
      return { message: vscode.l10n.t('The secure connection to {0} failed ({1}){2}.', host, code, via), actions: certificate };
    case 'unreachable':
      return undefined;
  }
}
