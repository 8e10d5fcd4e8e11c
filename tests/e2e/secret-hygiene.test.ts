/**
 * Secret hygiene: lint a repository holding private keys and certificates (every PEM format, base64 or literal,
 * valid, expired, weak, truncated, garbage, and one inside a YAML parse error) through every output channel the
 * project has — the eslint CLI (stylish, json incl. suggestions, SARIF, with ESLint's debug log on) and the kube-lint
 * CLI — and grep all of it (stdout and stderr) for PEM body text, raw or base64. None may appear.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { b64, DAY, indent, makeCert, privateKeyPem, type KeyFormat } from "../helpers/certs.js";
import { ESLINT_BIN, makeRepo, PROJECT_ROOT, writeConfig } from "../helpers/eslint-cli.js";

const KUBE_LINT = path.join(PROJECT_ROOT, "dist/cli/kube-lint.js");
const KEY_FORMATS: Record<string, KeyFormat> = {
  RSA_PKCS1: "rsa-pkcs1",
  EC_SEC1: "ec-sec1",
  PKCS8: "pkcs8",
  ENCRYPTED_PKCS8: "encrypted-pkcs8",
  ENCRYPTED_PKCS1: "encrypted-pkcs1",
  OPENSSH: "openssh",
  ENCRYPTED_OPENSSH: "encrypted-openssh",
};

let dir = "";
/** Every secret the fixture holds, in the forms it holds them (PEM text and base64 of the PEM). */
const secrets: string[] = [];

beforeAll(async () => {
  const now = Date.now();
  const expired = await makeCert({ cn: "expired.example.com", notBefore: new Date(now - 400 * DAY), notAfter: new Date(now - 30 * DAY) });
  const expiring = await makeCert({ cn: "admin", notAfter: new Date(now + 5 * DAY) });
  const weak = await makeCert({ cn: "Legacy CA", key: "rsa1024", hash: "SHA-1", ca: true });
  const truncated = expired.pem.split("\n").slice(0, 6).join("\n");
  const garbage = randomBytes(48).toString("base64");
  const tokens: Record<string, string> = {
    EXPIRED_CERT: expired.pem,
    EXPIRED_CERT_B64: expired.b64,
    EXPIRING_CERT_B64: expiring.b64,
    WEAK_CERT_B64: weak.b64,
    TRUNCATED_CERT: truncated,
    GARBAGE_BODY: garbage,
  };
  for (const [token, format] of Object.entries(KEY_FORMATS)) {
    tokens[token] = privateKeyPem(format);
    tokens[`${token}_B64`] = b64(privateKeyPem(format));
  }
  const used = new Set<string>();
  const token = (name: string) => {
    used.add(name);
    return tokens[name] ?? "";
  };
  dir = makeRepo("secret-hygiene");
  for (const file of walk(dir)) {
    const text = fs.readFileSync(file, "utf8");
    const filled = text
      .replace(/^( *)%%(\w+)%%$/gm, (_, pad: string, name: string) => indent(token(name), pad.length))
      .replace(/%%(\w+)%%/g, (_, name: string) => token(name));
    fs.writeFileSync(file, filled);
  }
  secrets.push(...[...used].map(token));
  writeConfig(dir, "strict");
});

function walk(root: string): string[] {
  return fs.readdirSync(root, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(root, e.name);
    if (e.name === ".git") return [];
    return e.isDirectory() ? walk(full) : /\.ya?ml$/.test(e.name) ? [full] : [];
  });
}

/** Base64 runs of a secret (its PEM body lines, or the base64 of a whole PEM), as 24-character probes. */
function probes(secret: string): string[] {
  const body = secret
    .split(/\r?\n/)
    .filter((line) => !line.startsWith("-----") && !/^[\w-]+: /.test(line)) // drop PEM armour and Proc-Type headers
    .join("");
  const out: string[] = [];
  for (let i = 0; i + 24 <= body.length; i += 12) out.push(body.slice(i, i + 24));
  return out;
}

/** The probes of any secret found in `output` (whitespace removed, so wrapped text is caught too). */
function leaks(output: string): string[] {
  const flat = output.replace(/\s+/g, "");
  return secrets.flatMap(probes).filter((probe) => flat.includes(probe));
}

function run(bin: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** ESLint's JSON echoes each linted file's text as `source` (the user's own file, by ESLint's design): drop it. */
function withoutSources(json: string): string {
  const results = JSON.parse(json) as Record<string, unknown>[];
  return JSON.stringify(results.map(({ source: _source, output: _output, ...rest }) => rest));
}

describe("secret hygiene", () => {
  it("the fixture really holds the secrets, and the probes find them", () => {
    const all = walk(dir).map((f) => fs.readFileSync(f, "utf8")).join("\n");
    for (const secret of secrets) expect(probes(secret).some((p) => all.replace(/\s+/g, "").includes(p))).toBe(true);
  });

  it("eslint's stylish output and stderr, with ESLint's debug log on, hold no PEM body", () => {
    const r = run(ESLINT_BIN, ["."], { DEBUG: "eslint:*" });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/kube\/no-embedded-private-keys/);
    expect(r.stdout).toMatch(/kube\/no-expiring-certificates/);
    expect(r.stdout).toMatch(/Parsing error/);
    expect(leaks(r.stdout)).toEqual([]);
    expect(leaks(r.stderr)).toEqual([]);
  });

  it("eslint's JSON output (messages, suggestions and their fixes) holds no PEM body", () => {
    const r = run(ESLINT_BIN, ["--format", "json", "."]);
    const json = withoutSources(r.stdout);
    expect(json).toMatch(/no-embedded-private-keys/);
    expect(leaks(json)).toEqual([]);
    expect(leaks(r.stderr)).toEqual([]);
  });

  it("the kube-lint CLI, in every format, holds no PEM body", () => {
    for (const format of ["stylish", "json", "sarif"]) {
      const r = run(KUBE_LINT, ["--strict", "--no-config-lookup", "--format", format]);
      expect(r.status, r.stderr).toBe(1);
      const stdout = format === "json" ? withoutSources(r.stdout) : r.stdout;
      expect(stdout).toMatch(/no-embedded-private-keys/);
      expect(leaks(stdout), format).toEqual([]);
      expect(leaks(r.stderr), format).toEqual([]);
    }
  });
});
