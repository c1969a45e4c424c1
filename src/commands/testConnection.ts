import * as vscode from 'vscode';
import { toAbortSignal, type Api } from '../connection/api';
import { networkSettings, type Config } from '../config';
import type { Diagnosis, Step } from '../core/api/diagnose';
import { parseProxy, proxyFor } from '../core/api/network';
import { responsesEndpoint } from '../core/api/request';
import { answerOutcome } from '../core/api/answerOutcome';
import { showErrorNotification } from '../connection/errorActions';

/**
 * Diagnoses the connection step by step (name resolution, connection, TLS, HTTP status, first stream event)
 * and reports OK with the model and latency, or the step that failed and why. The whole diagnosis goes to
 * the log and, with Copy Report, to the clipboard; neither ever holds the key.
 */
export function registerTestConnection(api: Api, config: Config): vscode.Disposable {
  const command = async (): Promise<void> => {
    const { baseUrl, model } = config.current;
    const diagnosis = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Sidekick: testing {0}…', baseUrl), cancellable: true },
      (_progress, token) => api.diagnose(toAbortSignal(token)),
    );
    const { check } = diagnosis ?? {};
    if (!diagnosis || !check || check.error?.kind === 'canceled') {
      return;
    }
    const failed = check.error && answerOutcome({ type: 'failed', error: check.error });
    const failure = failed?.problem && api.describe(failed.problem);
    const report = diagnosisReport(diagnosis, baseUrl, model, failure);
    api.log.info(report);
    const copyReport = { label: vscode.l10n.t('Copy Report'), run: () => vscode.env.clipboard.writeText(report) };
    if (check.ok) {
      const models = await api.models(true);
      const listed = models === undefined ? vscode.l10n.t('The endpoint does not list its models.') : vscode.l10n.t('The endpoint lists {0} models.', models.length);
      const connected = vscode.l10n.t('Sidekick: connected to {0} at {1} ({2} ms).', check.model ?? model, baseUrl, check.latencyMs);
      const picked = await vscode.window.showInformationMessage(`${connected} ${listed}`, copyReport.label);
      if (picked === copyReport.label) await copyReport.run();
    } else if (failed && failure) {
      const step = diagnosis.steps.at(-1);
      const title = step ? vscode.l10n.t('Sidekick: connection test failed at {0}.', stepName(step)) : vscode.l10n.t('Sidekick: connection test failed.');
      const action = await showErrorNotification(title, failure, [...new Set([...failed.actions, 'showLog' as const])], [copyReport]);
      if (action === 'retry') {
        await command();
      }
    }
  };
  return vscode.commands.registerCommand('sidekick.testConnection', command);
}

function stepName(step: Step): string {
  switch (step.name) {
    case 'resolve':
      return vscode.l10n.t('name resolution');
    case 'connect':
      return vscode.l10n.t('connection');
    case 'tls':
      return 'TLS';
    case 'http':
      return vscode.l10n.t('HTTP status');
    case 'stream':
      return vscode.l10n.t('first stream event');
  }
}

function stepLine(step: Step): string {
  const time = step.ms === undefined ? '' : ` (${step.ms} ms)`;
  const head = `${step.ok ? '✓' : '✗'} ${stepName(step)}${time}: `;
  if (!step.ok) return head + vscode.l10n.t('failed');
  switch (step.name) {
    case 'resolve':
      return head + (step.byProxy ? vscode.l10n.t('{0} is resolved by the proxy at {1}', step.host, step.byProxy) : `${step.host} → ${step.addresses?.join(', ')}`);
    case 'connect':
      return head + (step.proxy ? vscode.l10n.t('to {0} through the proxy at {1}', step.to, step.proxy) : vscode.l10n.t('to {0}, direct', step.to));
    case 'tls':
      return head + vscode.l10n.t('certificate of {0} issued by {1}, valid until {2}', step.subject ?? step.host, step.issuer ?? '?', step.validTo ?? '?');
    case 'http':
      return head + String(step.status);
    case 'stream':
      return head + vscode.l10n.t('received');
  }
}

/** The whole diagnosis as text for the log and the clipboard: settings that shape the route, never a credential. */
function diagnosisReport(diagnosis: Diagnosis, baseUrl: string, model: string, failure: string | undefined): string {
  const net = networkSettings();
  let route = vscode.l10n.t('direct');
  try {
    const proxy = proxyFor(responsesEndpoint(baseUrl), net);
    if (proxy) route = vscode.l10n.t('through the proxy at {0}', proxy.host);
  } catch {
    // An unusable base URL is the failure the report states below.
  }
  const lines = [
    `Sidekick ${vscode.l10n.t('connection diagnosis')} ${new Date().toISOString()}`,
    `VS Code ${vscode.version}, ${vscode.env.remoteName ?? 'local'}, Node ${process.version}, ${process.platform}`,
    `sidekick.baseUrl: ${baseUrl}; sidekick.model: ${model}; ${route}`,
    `http.proxySupport: ${net.proxySupport}; http.proxy: ${net.proxy ? proxyHost(net.proxy) : '-'}; http.noProxy: ${net.noProxy.join(', ') || '-'}; ` +
      `http.proxyAuthorization: ${net.proxyAuthorization ? vscode.l10n.t('set') : '-'}; http.proxyStrictSSL: ${net.proxyStrictSSL}; ` +
      `HTTPS_PROXY: ${proxyHost(process.env.HTTPS_PROXY ?? process.env.https_proxy ?? '') || '-'}; NO_PROXY: ${process.env.NO_PROXY ?? process.env.no_proxy ?? '-'}`,
    ...diagnosis.steps.map(stepLine),
    diagnosis.check.ok ? vscode.l10n.t('Result: connected ({0} ms).', diagnosis.check.latencyMs) : vscode.l10n.t('Result: {0}', failure ?? ''),
  ];
  return lines.join('\n');
}

/** A proxy URL without its user name and password. */
function proxyHost(value: string): string {
  return parseProxy(value)?.host ?? (value ? vscode.l10n.t('(unreadable)') : '');
}
