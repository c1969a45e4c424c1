// Finds likely secrets in text the user is about to send to the model, so they can be redacted first.
// Precision matters more than recall here: a warning on ordinary code teaches users to click through it.
// Each rule matches a known shape, then the value must not look like a placeholder and must be random enough.

export type SecretKind =
  | 'private-key'
  | 'openai-key'
  | 'anthropic-key'
  | 'google-api-key'
  | 'slack-token'
  | 'stripe-key'
  | 'aws-access-key'
  | 'aws-secret-key'
  | 'github-token'
  | 'jwt'
  | 'bearer-token'
  | 'connection-password'
  | 'password'
  | 'secret';

export interface SecretFinding {
  kind: SecretKind;
  /** English name for logs and tests; the host shows its own localized name. */
  label: string;
  /** 1-based line of the secret's first character. */
  line: number;
  /** Offsets of the secret value itself in the scanned text: `text.slice(start, end)`. */
  start: number;
  end: number;
}

export const SECRET_LABELS: Record<SecretKind, string> = {
  'private-key': 'private key',
  'openai-key': 'OpenAI API key',
  'anthropic-key': 'Anthropic API key',
  'google-api-key': 'Google API key',
  'slack-token': 'Slack token',
  'stripe-key': 'Stripe secret key',
  'aws-access-key': 'AWS access key ID',
  'aws-secret-key': 'AWS secret access key',
  'github-token': 'GitHub token',
  jwt: 'JSON Web Token',
  'bearer-token': 'bearer token',
  'connection-password': 'password in a connection string',
  password: 'password',
  secret: 'secret value',
};

interface Candidate {
  kind: SecretKind;
  start: number;
  end: number;
}

/**
 * Token characters: a key glued to any of these is part of a longer blob (base64 image, hash), not a key.
 * A single `/` counts as base64; `//` (a URL's `https://TOKEN@host`) does not.
 */
const NOT_BEFORE = String.raw`(?<![A-Za-z0-9+_-])(?<![^/]/)`;
const NOT_AFTER = String.raw`(?![A-Za-z0-9+/=_-])`;

/** Provider key shapes: the whole match is the secret; `body` is the random part checked for entropy. */
const TOKEN_RULES: { kind: SecretKind; re: RegExp }[] = [
  { kind: 'anthropic-key', re: new RegExp(`${NOT_BEFORE}sk-ant-(?:[a-z]+\\d{2}-)?(?<body>[A-Za-z0-9_-]{32,})${NOT_AFTER}`, 'g') },
  { kind: 'openai-key', re: new RegExp(`${NOT_BEFORE}sk-(?!ant-)(?:(?:proj|svcacct|admin)-)?(?<body>[A-Za-z0-9_-]{20,})${NOT_AFTER}`, 'g') },
  { kind: 'stripe-key', re: new RegExp(`${NOT_BEFORE}(?:sk|rk)_live_(?<body>[A-Za-z0-9]{16,})${NOT_AFTER}`, 'g') },
  { kind: 'google-api-key', re: new RegExp(`${NOT_BEFORE}AIza(?<body>[A-Za-z0-9_-]{35})${NOT_AFTER}`, 'g') },
  { kind: 'slack-token', re: new RegExp(`${NOT_BEFORE}xox[baprs]-(?<body>[A-Za-z0-9-]{10,})${NOT_AFTER}`, 'g') },
  { kind: 'aws-access-key', re: new RegExp(`${NOT_BEFORE}(?:AKIA|ASIA)(?<body>[A-Z0-9]{16})${NOT_AFTER}`, 'g') },
  { kind: 'github-token', re: new RegExp(`${NOT_BEFORE}gh[pousr]_(?<body>[A-Za-z0-9]{36,251})${NOT_AFTER}`, 'g') },
  { kind: 'github-token', re: new RegExp(`${NOT_BEFORE}github_pat_(?<body>[A-Za-z0-9_]{40,})${NOT_AFTER}`, 'g') },
  { kind: 'bearer-token', re: /\bBearer[ \t]+(?<body>[A-Za-z0-9._~+/-]{20,}=*)(?![A-Za-z0-9._~+/=-])/g },
];

const PEM = /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----[ \t]*\r?\n([\s\S]*?)(?:-----END \1-----|$)/g;
const JWT = new RegExp(`${NOT_BEFORE}(eyJ[A-Za-z0-9_-]{8,})\\.([A-Za-z0-9_-]{8,})\\.([A-Za-z0-9_-]{16,})${NOT_AFTER}`, 'g');
const AWS_SECRET = /aws_?secret_?access_?key["']?\s*(?::=|=>|[:=])\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi;
const CONNECTION = /\b[a-z][a-z0-9+.-]*:\/\/([^\s:@/?#'"`]+):([^\s@/?#'"`]+)@[^\s'"`]/gi;
/** `NAME = value`, `"name": "value"`, `name: value`, `NAME=value`: group 2 is the name, 4 a quoted value, 5 an unquoted one. */
const ASSIGNMENT = /(["']?)\b([A-Za-z_][A-Za-z0-9_.-]*)\1[ \t]*(?::=|=>|[:=])(?!=)[ \t]*(?:(["'`])((?:\\.|(?!\3)[^\\\r\n])*)\3|([^\s"'`,;]+))/g;

const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase', 'secret', 'token', 'apikey', 'credential', 'credentials', 'secretkey', 'clientsecret', 'privatekey', 'accesskey', 'authtoken', 'accesstoken']);
const KEY_QUALIFIERS = new Set(['api', 'access', 'private', 'secret', 'signing', 'encryption', 'master', 'client', 'auth']);
/** A name ending in one of these holds something about the secret (where it is, how long), not the secret. */
const NOT_SECRET_SUFFIXES = new Set(['url', 'uri', 'file', 'path', 'dir', 'name', 'id', 'ids', 'count', 'length', 'len', 'size', 'type', 'types', 'limit', 'header', 'endpoint', 'field', 'env', 'var', 'prefix', 'expiry', 'expires', 'ttl', 'policy', 'hint', 'label', 'regex', 'pattern', 'hash', 'mode', 'enabled', 'required', 'min', 'max', 'format', 'kind', 'location']);
const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase']);
const PLACEHOLDER_PARTS = ['xxxx', 'your', 'example', 'placeholder', 'changeme', 'change-me', 'change_me', 'redacted', 'dummy', 'sample', 'insert', 'replace', '...', '…', '****', '<', '>', '{{', '${', '$(', '%(', '@@'];
const PLACEHOLDER_VALUES = new Set(['password', 'passwd', 'secret', 'token', 'apikey', 'api_key', 'changeit', 'none', 'null', 'nil', 'undefined', 'true', 'false', 'empty', 'required', 'optional', 'string', 'str']);

/** Finds likely secrets in `text`, in order of position; overlapping matches are reported once. */
export function scanSecrets(text: string): SecretFinding[] {
  const candidates: Candidate[] = [];
  const add = (kind: SecretKind, start: number, end: number) => candidates.push({ kind, start, end });

  for (const m of text.matchAll(PEM)) {
    const body = m[2].replace(/^[A-Za-z-]+:.*$/gm, '');
    if ((body.match(/[A-Za-z0-9+/=]/g)?.length ?? 0) >= 40 && entropy(body.replace(/\s/g, '')) >= 3.5) {
      const start = m.index + m[0].indexOf('\n') + 1;
      add('private-key', start, start + m[2].replace(/\s+$/, '').length);
    }
  }
  for (const { kind, re } of TOKEN_RULES) {
    for (const m of text.matchAll(re)) {
      const body = m.groups!.body;
      if (looksRandom(body, kind === 'aws-access-key' ? 3 : 3.2)) {
        const start = m.index + (kind === 'bearer-token' ? m[0].length - body.length : 0);
        add(kind, start, m.index + m[0].length);
      }
    }
  }
  for (const m of text.matchAll(JWT)) {
    if (isJwtHeader(m[1]) && looksRandom(m[3], 3.5)) {
      add('jwt', m.index, m.index + m[0].length);
    }
  }
  for (const m of text.matchAll(AWS_SECRET)) {
    if (looksRandom(m[1], 4)) {
      const start = m.index + m[0].length - m[1].length;
      add('aws-secret-key', start, start + m[1].length);
    }
  }
  for (const m of text.matchAll(CONNECTION)) {
    const [, user, password] = m;
    if (password.length >= 4 && password !== user && !isPlaceholder(password) && !/^(pass|pw|pwd)$/i.test(password)) {
      const start = m.index + m[0].indexOf(`:${password}@`, m[0].indexOf('://') + 3) + 1;
      add('connection-password', start, start + password.length);
    }
  }
  for (const m of text.matchAll(ASSIGNMENT)) {
    const quoted = m[4];
    const value = quoted ?? m[5];
    const kind = secretNameKind(m[2]);
    if (!kind || value === undefined || !assignedValueLooksSecret(value, quoted !== undefined ? 'quoted' : unquotedForm(text, m.index, m[0]))) {
      continue;
    }
    const start = m.index + m[0].length - value.length - (quoted !== undefined ? 1 : 0);
    add(kind, start, start + value.length);
  }

  return dedupe(candidates).map((c) => ({ kind: c.kind, label: SECRET_LABELS[c.kind], line: lineAt(text, c.start), start: c.start, end: c.end }));
}

/** Replaces each finding's value with `[REDACTED:kind]`, keeping everything around it (`PASSWORD=` stays). */
export function redact(text: string, findings: readonly SecretFinding[]): string {
  let out = '';
  let at = 0;
  for (const f of [...findings].sort((a, b) => a.start - b.start)) {
    if (f.start < at) {
      continue;
    }
    out += text.slice(at, f.start) + `[REDACTED:${f.kind}]`;
    at = f.end;
  }
  return out + text.slice(at);
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) {
    counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function looksRandom(body: string, minEntropy: number): boolean {
  return !isPlaceholder(body) && entropy(body) >= minEntropy && !/(.)\1{5}/.test(body);
}

function isPlaceholder(value: string): boolean {
  const lower = value.toLowerCase();
  return PLACEHOLDER_VALUES.has(lower) || PLACEHOLDER_PARTS.some((p) => lower.includes(p));
}

/** Splits `DB_PASSWORD`, `githubToken`, `api-key` into lower-case words. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_.-]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

function secretNameKind(name: string): 'password' | 'secret' | undefined {
  const w = words(name);
  if (w.length === 0 || NOT_SECRET_SUFFIXES.has(w[w.length - 1])) {
    return undefined;
  }
  if (w.some((x) => PASSWORD_WORDS.has(x))) {
    return 'password';
  }
  const pairedKey = w.some((x, i) => (x === 'key' || x === 'secret') && i > 0 && KEY_QUALIFIERS.has(w[i - 1]));
  return pairedKey || w.some((x) => SECRET_WORDS.has(x)) ? 'secret' : undefined;
}

type UnquotedForm = 'envLine' | 'yamlLine' | 'cliFlag' | 'code';

/**
 * How an unquoted value is written. On a line of its own (`.env`, shell, properties, YAML) a bare word is
 * the value itself, as after a command-line flag (`--password=…`); anywhere else a bare word is code.
 */
function unquotedForm(text: string, index: number, match: string): UnquotedForm {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  const lineEnd = text.indexOf('\n', index + match.length);
  const before = text.slice(lineStart, index);
  const after = text.slice(index + match.length, lineEnd === -1 ? undefined : lineEnd);
  if (/(?:^|\s)--?$/.test(before)) {
    return 'cliFlag';
  }
  if (!/^\s*(?:export\s+)?$/.test(before) || !/^\s*(?:#.*)?\r?$/.test(after)) {
    return 'code';
  }
  if (/^[\w.-]+=[^\s=]/.test(match)) {
    return 'envLine';
  }
  return /^[\w.-]+:\s/.test(match) ? 'yamlLine' : 'code';
}

function assignedValueLooksSecret(value: string, form: 'quoted' | UnquotedForm): boolean {
  // Printable ASCII only: text in any other script is a message, not a credential.
  if (value.length < 8 || /[^\x21-\x7e]/.test(value) || isPlaceholder(value) || entropy(value) < 2.5 || /(.)\1{5}/.test(value)) {
    return false;
  }
  // A value that names the concept (`"passwordTooShort"`, `"msal:acquireToken"`) is a label, not a credential.
  if (/pass(?:word|wd)|token|secret|credential|api[_-]?key/i.test(value)) {
    return false;
  }
  if (form === 'quoted') {
    // Prose, plain words, paths and URLs are not credentials.
    return !/\s/.test(value) && !/^[A-Za-z_.-]+$/.test(value) && !/^[/.~]/.test(value) && !value.includes('://');
  }
  // Code (`os.environ[...]`, `getToken()`, `${TOKEN}`), numbers and file names are not values.
  if (/[()[\]{}$<>%]/.test(value) || /^\d+(?:\.\d+)?$/.test(value) || /^[\w.-]+\.(?:pem|key|json|txt|env|ya?ml)$/i.test(value)) {
    return false;
  }
  const identifier = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(value);
  switch (form) {
    case 'envLine':
      return true;
    case 'yamlLine':
      return !identifier || (/\d/.test(value) && /[A-Za-z]/.test(value));
    case 'code':
      // Not `token = Get-AzAccessToken` or `pwd=user_pwd2`.
      return /\d/.test(value) && /[A-Za-z]/.test(value) && !identifier;
    case 'cliFlag':
      return /\d/.test(value) && /[A-Za-z]/.test(value);
  }
}

/** A JWT's first segment decodes to a JSON object naming its signing algorithm. */
function isJwtHeader(segment: string): boolean {
  try {
    const header: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof header === 'object' && header !== null && typeof (header as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}

/** Keeps the first of overlapping candidates: rules run from the most specific shape to the most generic. */
function dedupe(candidates: Candidate[]): Candidate[] {
  const kept: Candidate[] = [];
  for (const c of candidates) {
    if (!kept.some((k) => c.start < k.end && k.start < c.end)) {
      kept.push(c);
    }
  }
  return kept.sort((a, b) => a.start - b.start);
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
  }
  return line;
}
