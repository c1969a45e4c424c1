import * as assert from 'node:assert/strict';
import { redact, scanSecrets, type SecretKind } from '../../../../src/core/context/secretScan';

// Every "secret" below is generated here from a fixed seed, so the repository holds no key-shaped literal
// that would trip a secret scanner; the values are well-formed but were never issued by anyone.
function fake(length: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', seed = length * 7919): string {
  let state = seed >>> 0;
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out += alphabet[state % alphabet.length];
  }
  return out;
}
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const b64url = (json: object) => Buffer.from(JSON.stringify(json)).toString('base64url');

function pem(label: string, lines = 6): string {
  const body = Array.from({ length: lines }, (_, i) => fake(64, B64, i + 1)).join('\n');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----`;
}

const OPENAI = 'sk' + '-' + fake(48);
const GITHUB = 'gh' + 'p_' + fake(36);
const JWT = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: '1234567890', name: 'Jane Roe', iat: 1516239022 })}.${fake(43, B64.replace('+/', '-_'))}`;

/** Asserts exactly one finding of `kind` whose value is `secret`, and that redaction removes it. */
function expectOne(text: string, kind: SecretKind, secret: string): void {
  const findings = scanSecrets(text);
  assert.deepEqual(findings.map((f) => [f.kind, text.slice(f.start, f.end)]), [[kind, secret]], `in: ${text}`);
  const redacted = redact(text, findings);
  assert.ok(!redacted.includes(secret), 'redacted text still holds the secret');
  assert.ok(redacted.includes(`[REDACTED:${kind}]`));
}

describe('scanSecrets: finds', () => {
  const truePositives: [string, string, SecretKind, string][] = [
    ['an RSA private key block', `key = """\n${pem('RSA PRIVATE KEY')}\n"""`, 'private-key', pem('RSA PRIVATE KEY').split('\n').slice(1, -1).join('\n')],
    ['an EC private key block', pem('EC PRIVATE KEY'), 'private-key', pem('EC PRIVATE KEY').split('\n').slice(1, -1).join('\n')],
    ['an OpenSSH private key block', pem('OPENSSH PRIVATE KEY'), 'private-key', pem('OPENSSH PRIVATE KEY').split('\n').slice(1, -1).join('\n')],
    ['a PGP private key block', pem('PGP PRIVATE KEY BLOCK'), 'private-key', pem('PGP PRIVATE KEY BLOCK').split('\n').slice(1, -1).join('\n')],
    ['a PKCS#8 private key block', pem('PRIVATE KEY', 3), 'private-key', pem('PRIVATE KEY', 3).split('\n').slice(1, -1).join('\n')],
    ['a private key block cut off by the selection', pem('RSA PRIVATE KEY').split('\n').slice(0, 4).join('\n'), 'private-key', pem('RSA PRIVATE KEY').split('\n').slice(1, 4).join('\n')],
    ['an OpenAI key', `client = OpenAI(api_key="${OPENAI}")`, 'openai-key', OPENAI],
    ['an OpenAI project key', `OPENAI_API_KEY=sk-proj-${fake(64, undefined, 3)}`, 'openai-key', `sk-proj-${fake(64, undefined, 3)}`],
    ['an Anthropic key', `const key = 'sk-ant-api03-${fake(80, undefined, 5)}';`, 'anthropic-key', `sk-ant-api03-${fake(80, undefined, 5)}`],
    ['a Google API key', `maps.js?key=AIza${fake(35, undefined, 11)}&v=3`, 'google-api-key', `AIza${fake(35, undefined, 11)}`],
    ['a Slack bot token', `SLACK_BOT=xoxb-${fake(12, '0123456789')}-${fake(24, undefined, 13)}`, 'slack-token', `xoxb-${fake(12, '0123456789')}-${fake(24, undefined, 13)}`],
    ['a Slack user token', `token: xoxp-${fake(30, undefined, 17)}`, 'slack-token', `xoxp-${fake(30, undefined, 17)}`],
    ['a Stripe live secret key', `stripe.api_key = "sk_live_${fake(24, undefined, 19)}"`, 'stripe-key', `sk_live_${fake(24, undefined, 19)}`],
    ['a Stripe restricted key', `rk_live_${fake(24, undefined, 23)}`, 'stripe-key', `rk_live_${fake(24, undefined, 23)}`],
    ['an AWS access key id', `aws_access_key_id = AKIA${fake(16, UPPER_DIGITS, 29)}`, 'aws-access-key', `AKIA${fake(16, UPPER_DIGITS, 29)}`],
    ['an AWS temporary access key id', `"AccessKeyId": "ASIA${fake(16, UPPER_DIGITS, 31)}"`, 'aws-access-key', `ASIA${fake(16, UPPER_DIGITS, 31)}`],
    ['an AWS secret access key', `aws_secret_access_key = ${fake(40, B64, 37)}`, 'aws-secret-key', fake(40, B64, 37)],
    ['a GitHub personal access token', `git clone https://${GITHUB}@github.invalid/o/r`, 'github-token', GITHUB],
    ['a GitHub OAuth token', `Authorization: token gh${'o_'}${fake(36, undefined, 41)}`, 'github-token', `gh${'o_'}${fake(36, undefined, 41)}`],
    ['a GitHub app installation token', `GH=gh${'s_'}${fake(36, undefined, 43)}`, 'github-token', `gh${'s_'}${fake(36, undefined, 43)}`],
    ['a GitHub refresh token', `gh${'r_'}${fake(76, undefined, 47)}`, 'github-token', `gh${'r_'}${fake(76, undefined, 47)}`],
    ['a GitHub user-to-server token', `gh${'u_'}${fake(36, undefined, 53)}`, 'github-token', `gh${'u_'}${fake(36, undefined, 53)}`],
    ['a fine-grained GitHub token', `github${'_pat_'}${fake(22, undefined, 59)}_${fake(59, undefined, 61)}`, 'github-token', `github${'_pat_'}${fake(22, undefined, 59)}_${fake(59, undefined, 61)}`],
    ['a JWT', `curl -H "Cookie: session=${JWT}"`, 'jwt', JWT],
    ['a bearer token', `Authorization: Bearer ${fake(40, undefined, 67)}`, 'bearer-token', fake(40, undefined, 67)],
    ['a .env password', `DB_HOST=localhost\nDB_PASSWORD=Tr0ub4dor&3x\n`, 'password', 'Tr0ub4dor&3x'],
    ['an identifier-shaped .env password', `export SMTP_PASS=hunter2Zebra`, 'password', 'hunter2Zebra'],
    ['a .env secret', `SECRET_KEY_BASE=${fake(32, 'abcdef0123456789', 71)}`, 'secret', fake(32, 'abcdef0123456789', 71)],
    ['a JSON password', `{"user": "admin", "password": "c0rrect-h0rse!"}`, 'password', 'c0rrect-h0rse!'],
    ['a YAML password', `db:\n  password: s3cretPassw0rd\n`, 'password', 's3cretPassw0rd'],
    ['a Python client secret', `CLIENT_SECRET = '${fake(28, undefined, 73)}'`, 'secret', fake(28, undefined, 73)],
    ['a TypeScript API token', `const apiToken = "${fake(32, undefined, 79)}";`, 'secret', fake(32, undefined, 79)],
    ['a Postgres connection password', 'DATABASE_URL=postgres://app:Qz7!vR2m@db.internal:5432/app', 'connection-password', 'Qz7!vR2m'],
    ['a MongoDB connection password', 'mongodb+srv://reader:Wq93xLpA@cluster0.mongo.invalid/db', 'connection-password', 'Wq93xLpA'],
    ['a password on a command line', 'mysql -u root --password=Wint3r-2024 app < dump.sql', 'password', 'Wint3r-2024'],
    ['a Redis connection password', `redis://default:${fake(20, undefined, 83)}@cache:6379`, 'connection-password', fake(20, undefined, 83)],
  ];
  for (const [what, text, kind, secret] of truePositives) {
    it(what, () => expectOne(text, kind, secret));
  }

  it('several secrets, each with its own line number', () => {
    const text = `# config\nDB_PASSWORD=Tr0ub4dor&3x\nuser = "x"\ntoken = "${GITHUB}"\n\n${pem('EC PRIVATE KEY', 2)}\n`;
    const findings = scanSecrets(text);
    assert.deepEqual(findings.map((f) => [f.kind, f.line, f.label]), [
      ['password', 2, 'password'],
      ['github-token', 4, 'GitHub token'],
      ['private-key', 7, 'private key'],
    ]);
  });
});

describe('scanSecrets: leaves alone', () => {
  const falsePositives: [string, string][] = [
    ['an empty .env value', 'PASSWORD=\nTOKEN=\n'],
    ['a value read from the environment', 'password = os.environ["DB_PASSWORD"]'],
    ['a shell variable reference', 'TOKEN=${TOKEN}'],
    ['a CI secret reference', 'password: ${{ secrets.DB_PASSWORD }}'],
    ['an angle-bracket placeholder', 'API_KEY=<your-key-here>'],
    ['an elided key', 'OPENAI_API_KEY=sk-...'],
    ['a masked key', `OPENAI_API_KEY=sk-${'x'.repeat(40)}`],
    ['asterisks', '{"password": "********"}'],
    ['a password equal to its name', 'password = "password"'],
    ['a low-entropy value', `SECRET=${'ab'.repeat(8)}`],
    ['a short value', 'PASSWORD=abc'],
    ['ordinary code about tokens', 'const tokenizer = new Tokenizer(options);\nconst token = lexer.next();\nfor (const t of tokens) { count++; }'],
    ['a token count setting', 'max_tokens = 4096\nMAX_OUTPUT_TOKENS=8192\nTOKEN_LIMIT=100000'],
    ['a password read interactively', 'password = getpass.getpass("Password: ")'],
    ['a password comparison', 'if (password === confirmPassword) { submit(); }'],
    ['a member lookup', 'api_key = self.api_key\nconst apiKey = config.apiKey;'],
    ['a variable passed on', 'connect(host, user=user, password=user_password)'],
    ['a secret named by its path', 'SECRET_KEY_PATH=/run/secrets/signing.pem\nconst tokenUrl = "https://auth.invalid/oauth/token";'],
    ['a prompt text', 'const passwordPrompt = "Enter your password to continue";'],
    ['a UUID', 'const requestId = "123e4567-e89b-12d3-a456-426614174000";'],
    ['a git commit SHA', 'commit 3f786850e387550fdab836ed7e6dc881de23001b\nMerge: 1a2b3c4 5d6e7f8'],
    ['a base64 image', `<img src="data:image/png;base64,${fake(400, B64, 89)}AKIA${fake(16, UPPER_DIGITS, 97)}${fake(100, B64, 101)}">`],
    ['the AWS documentation example key', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE'],
    ['a connection string with a placeholder password', 'postgres://user:password@localhost/app\npostgres://postgres:postgres@localhost:5432/db\nmysql://${DB_USER}:${DB_PASS}@db/app'],
    ['a public key block', pem('PUBLIC KEY')],
    ['a documentation private key skeleton', '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----'],
    ['three dotted segments that are not a JWT', `${b64url({ typ: 'note' })}.${b64url({ a: 1, b: 2 })}.${fake(30, undefined, 103)}`],
    ['a bearer header built from a variable', 'headers.Authorization = `Bearer ${accessToken}`;'],
    ['prose about tokens', 'Set the GITHUB_TOKEN secret in your repository, then pass the token to the action.'],
    ['a null secret', 'secret = None\nclientSecret: null,\ntoken: string;'],
    ['a Python type annotation and constant labels', 'def load(private_key: "_RSAPrivateKey", data: bytes): ...\nPASSWORD_TOO_WEAK = "passwordTooWeak"\nACQUIRE_TOKEN = "msal:acquireTokenStart"'],
    ['a message in Chinese', '"Unexpected_token_1012": "意外的标记。应为构造函数、方法、访问器或属性。"'],
    ['a TypeScript type field', 'interface Options {\n  apiKey: string;\n  password?: string;\n}'],
  ];
  for (const [what, text] of falsePositives) {
    it(what, () => assert.deepEqual(scanSecrets(text).map((f) => [f.kind, text.slice(f.start, f.end)]), []));
  }
});

describe('scanSecrets: cost', () => {
  // A guard against catastrophic backtracking, not a speed goal: 1 MB takes tens of milliseconds here, a
  // pattern that backtracks would take minutes; the bound is far from both.
  it('scans 1 MB of ordinary code without catastrophic backtracking', () => {
    const code = 'const tokenizer = new Tokenizer({ maxTokens: 4096 });\nexport function login(user, password) { return api.post("/session", { user, password }); }\n';
    const text = code.repeat(Math.ceil(1e6 / code.length));
    const started = performance.now();
    assert.deepEqual(scanSecrets(text), []);
    assert.ok(performance.now() - started < 20_000, `took ${Math.round(performance.now() - started)} ms`);
  });
});

describe('redact', () => {
  it('keeps the name of an assignment and replaces only the value', () => {
    const text = 'DB_USER=app\nDB_PASSWORD=Tr0ub4dor&3x # rotated monthly\n';
    assert.equal(redact(text, scanSecrets(text)), 'DB_USER=app\nDB_PASSWORD=[REDACTED:password] # rotated monthly\n');
  });

  it('keeps the quotes, the key markers and the connection string around the secret', () => {
    const text = `const apiToken = "${fake(32, undefined, 79)}";\n${pem('EC PRIVATE KEY', 2)}\npostgres://app:Qz7!vR2m@db/app`;
    assert.equal(
      redact(text, scanSecrets(text)),
      'const apiToken = "[REDACTED:secret]";\n-----BEGIN EC PRIVATE KEY-----\n[REDACTED:private-key]\n-----END EC PRIVATE KEY-----\npostgres://app:[REDACTED:connection-password]@db/app',
    );
  });

  it('returns the text unchanged when nothing was found', () => {
    const text = 'function add(a, b) { return a + b; }';
    assert.equal(redact(text, scanSecrets(text)), text);
  });
});
