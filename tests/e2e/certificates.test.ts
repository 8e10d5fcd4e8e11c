/**
 * The certificate rules end to end: the real eslint binary on a GitOps repository holding certificates and keys in
 * every place they hide, generated at test time (tests/fixtures/certs-gitops has only `%%TOKEN%%` placeholders).
 */
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DAY, daysFrom, indent, makeCert, privateKeyPem } from "../helpers/certs.js";
import { FIXTURES, findings, lintRepo, makeRepo, writeConfig, type LintMessage } from "../helpers/eslint-cli.js";

const FIXTURE = "certs-gitops";
const NOW = new Date();
const EXPIRING = "kube/no-expiring-certificates";
const KEYS = "kube/no-embedded-private-keys";
const WEAK = "kube/no-weak-certificates";

let dir = "";
const key = privateKeyPem("rsa-pkcs1");

beforeAll(async () => {
  const ca = await makeCert({ cn: "Shop Root CA", key: "rsa2048", ca: true, notAfter: daysFrom(NOW, 3650) });
  const leaf = (cn: string, spec: Parameters<typeof makeCert>[0] = {}) => makeCert({ cn, issuer: ca, ...spec });
  const tokens: Record<string, string> = {
    CA_B64: ca.b64,
    CA_PEM: ca.pem,
    EXPIRED_B64: (await leaf("shop.example.com", { notBefore: daysFrom(NOW, -380), notAfter: daysFrom(NOW, -12) })).b64,
    EXPIRING_B64: (await leaf("mutate.expiring.example.com", { notAfter: daysFrom(NOW, 9) })).b64,
    SOON_B64: (await leaf("metrics-server.kube-system.svc", { notAfter: daysFrom(NOW, 45) })).b64,
    SHA1_B64: (await leaf("ci-robot", { key: "rsa2048", hash: "SHA-1", notAfter: daysFrom(NOW, 90) })).b64,
    LONG_PEM: (await leaf("www.shop.example.com", { notAfter: daysFrom(NOW, 825) })).pem,
    KEY_B64: Buffer.from(key).toString("base64"),
    KEY_PEM: key,
    BUNDLE_PEM: (
      ca.pem +
      (await makeCert({ cn: "Partner Legacy CA", key: "rsa1024", ca: true, notAfter: daysFrom(NOW, 3000) })).pem +
      (await makeCert({ cn: "Partner Next CA", key: "p384", ca: true, notBefore: daysFrom(NOW, 20), notAfter: daysFrom(NOW, 3000) })).pem
    ).replace(/\n/g, "\r\n"),
  };
  dir = makeRepo(FIXTURE);
  for (const file of walk(dir)) {
    if (!/\.ya?ml$/.test(file)) continue;
    const text = fs.readFileSync(file, "utf8");
    const filled = text
      .replace(/^( *)%%(\w+)%%$/gm, (_, pad: string, name: string) => indent(tokens[name] ?? "", pad.length))
      .replace(/%%(\w+)%%/g, (_, name: string) => tokens[name] ?? "");
    fs.writeFileSync(file, filled);
  }
  const expiredCa = await makeCert({ cn: "Old Cluster CA", ca: true, notBefore: daysFrom(NOW, -800), notAfter: daysFrom(NOW, -70) });
  fs.writeFileSync(path.join(dir, "pki/ca.crt"), expiredCa.pem);
});

function walk(root: string): string[] {
  return fs.readdirSync(root, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(root, e.name);
    if (e.name === ".git") return [];
    return e.isDirectory() ? walk(full) : [full];
  });
}

/** `file:line` of the line holding `needle` in the fixture (before tokens were filled in, lines are the same). */
function at(file: string, needle: string): string {
  const lines = fs.readFileSync(path.join(FIXTURES, FIXTURE, file), "utf8").split("\n");
  const index = lines.findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`${needle} not in ${file}`);
  return `${file}:${index + 1}`;
}

function messagesOf(results: Map<string, LintMessage[]>): LintMessage[] {
  return [...results.values()].flat();
}

const recommended: Record<string, string[]> = {
  [EXPIRING]: [
    at("apps/trust-bundle.yaml", "bundle.pem:"), // certificate 3 of 3 not valid yet
    at("clusters/prod/ingress-tls.yaml", "tls.crt:"),
    at("clusters/prod/webhooks.yaml", "%%EXPIRING_B64%%"),
    at("kubeconfigs/ci.yaml", "certificate-authority:"), // the file ../pki/ca.crt
  ],
  [KEYS]: [at("charts/web/values.yaml", "key: |"), at("clusters/prod/ingress-tls.yaml", "tls.key:"), at("kubeconfigs/ci.yaml", "client-key-data:")],
  [WEAK]: [at("apps/trust-bundle.yaml", "bundle.pem:"), at("kubeconfigs/ci.yaml", "client-certificate-data:")],
};

describe("certificates and keys, end to end", () => {
  it("recommended: expired, expiring, not-yet-valid, plaintext keys, SHA-1 and 1024-bit — nothing else", () => {
    writeConfig(dir, "recommended");
    const { results } = lintRepo(dir);
    for (const rule of [EXPIRING, KEYS, WEAK]) expect(findings(results, rule), rule).toEqual([...recommended[rule]!].sort());
    const bundle = messagesOf(results).filter((m) => m.ruleId === EXPIRING && m.message.includes("Partner Next CA"));
    expect(bundle.map((m) => m.message)).toEqual([expect.stringMatching(/^ConfigMap 'partner-trust' data\.bundle\.pem: certificate 3 of 3 'Partner Next CA'.* is not valid before .*, 20 day\(s\) from now/)]);
    expect(messagesOf(results).find((m) => m.ruleId === WEAK && m.message.includes("1024"))?.message).toContain("certificate 2 of 3 'Partner Legacy CA' has a 1024-bit RSA key");
  });

  it("strict: adds the 60-day window and the 398-day lifetime limit", () => {
    writeConfig(dir, "strict");
    const { results } = lintRepo(dir);
    expect(findings(results, EXPIRING)).toEqual([...recommended[EXPIRING]!, at("clusters/prod/apiservice.yaml", "caBundle:")].sort());
    expect(findings(results, KEYS)).toEqual([...recommended[KEYS]!].sort());
    expect(findings(results, WEAK)).toEqual([...recommended[WEAK]!, at("apps/frontend.yaml", "tls.crt: |")].sort());
  });

  it("never prints key or certificate material", () => {
    writeConfig(dir, "strict");
    const body = key.split("\n").slice(1, -2).join("");
    for (const m of messagesOf(lintRepo(dir).results)) {
      expect(m.message).not.toMatch(/-----BEGIN|LS0tLS1CRUdJTi|MII[A-Za-z0-9+/]{8}/);
      for (let i = 0; i + 24 <= body.length; i += 24) expect(m.message).not.toContain(body.slice(i, i + 24));
    }
  });

  it("settings.kube.now moves the clock: in eleven years every certificate here has expired", () => {
    const later = new Date(NOW.getTime() + 4000 * DAY).toISOString();
    writeConfig(dir, "recommended", [{ settings: { kube: { now: later } } }]);
    const expired = messagesOf(lintRepo(dir).results).filter((m) => m.ruleId === EXPIRING && m.message.includes(" expired on "));
    const files = findings(new Map([["", expired]]), EXPIRING).length;
    // webhooks: 2 (CA + expiring), ingress, APIService, kube-root-ca, kubeconfig (file + data), bundle (3), frontend
    expect(files).toBe(11);
  });
});
