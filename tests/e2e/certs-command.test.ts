/**
 * `kube-lint certs` end to end: the built binary on throwaway repositories holding certificates generated now,
 * compared with `openssl x509 -noout -dates` on the same certificates; and the inventory's work on 1,000 of them.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCerts } from "../../cli/certs.js";
import { inventory } from "../../core/certs/inventory.js";
import { DAY, b64, daysFrom, makeCert, privateKeyPem, type Issued } from "../helpers/certs.js";
import { committedRepo, hasCommand, runKubeLint } from "../helpers/surfaces.js";

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) fs.rmSync(dir, { recursive: true, force: true });
});

const NOW = new Date("2026-06-01T00:00:00Z");
const ca = await makeCert({ cn: "Repo Root CA", key: "p384", ca: true, notBefore: daysFrom(NOW, -400), notAfter: daysFrom(NOW, 3000) });
const expired = await makeCert({ cn: "old.example.com", issuer: ca, notBefore: daysFrom(NOW, -200), notAfter: daysFrom(NOW, -12) });
const soon = await makeCert({ cn: "soon.example.com", issuer: ca, notBefore: daysFrom(NOW, -300), notAfter: daysFrom(NOW, 20) });
const later = await makeCert({ cn: "later.example.com", key: "rsa2048", notBefore: daysFrom(NOW, -10), notAfter: daysFrom(NOW, 45) });
const small = await makeCert({ cn: "small.example.com", key: "rsa1024", notBefore: daysFrom(NOW, -10), notAfter: daysFrom(NOW, 200) });
const future = await makeCert({ cn: "future.example.com", notBefore: daysFrom(NOW, 5), notAfter: daysFrom(NOW, 300) });

const secret = (name: string, crt: string) =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\ntype: kubernetes.io/tls\ndata:\n  tls.crt: ${crt}\n  tls.key: ${b64(privateKeyPem("ec-sec1"))}\n`;
const kubeconfig = (caData: string, certData: string) =>
  `apiVersion: v1\nkind: Config\nclusters:\n  - name: prod\n    cluster:\n      server: https://10.0.0.1:6443\n      certificate-authority-data: ${caData}\nusers:\n  - name: ci\n    user:\n      client-certificate-data: ${certData}\n`;

const FILES: Record<string, string> = {
  "apps/web/tls.yaml": secret("web-tls", expired.b64),
  "apps/shop/tls.yaml": secret("shop-tls", soon.b64),
  "clusters/prod/kubeconfig.yaml": kubeconfig(ca.b64, later.b64),
  "platform/webhook.yaml": `apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata:\n  name: policy\nwebhooks:\n  - name: a.example.com\n    clientConfig:\n      caBundle: ${b64(small.pem + future.pem)}\n`,
  "platform/broken.yaml": kubeconfig(ca.b64, b64("not a certificate")),
  "values.yaml": `ingress:\n  tls:\n    cert: |\n${later.pem.trimEnd().split("\n").map((l) => `      ${l}`).join("\n")}\n`,
  "ignored/other.yaml": secret("ignored", expired.b64),
  "deploy.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n",
};
const CONFIG = `export default [{ files: ["**/*.yaml"], settings: { kube: { now: "${NOW.toISOString()}", ignores: ["ignored/**"] } } }];\n`;

function repo(files: Record<string, string> = FILES, config = CONFIG): string {
  const dir = committedRepo([], { ...files, "eslint.config.mjs": config });
  temps.push(dir);
  return dir;
}

interface JsonEntry {
  file: string;
  line: number;
  object: string | null;
  field: string;
  status: string;
  subject?: string;
  issuer?: string;
  notBefore?: string;
  notAfter?: string;
  daysLeft?: number;
  key?: { type: string; bits: number | null; curve: string | null };
  signatureAlgorithm?: string;
  weaknesses?: string[];
  problem?: string;
}

const json = (dir: string, args: string[] = []) => {
  const run = runKubeLint(dir, ["certs", "--format", "json", ...args]);
  return { ...run, report: JSON.parse(run.stdout) as { now: string; withinDays: number; certificates: JsonEntry[] } };
};

describe("kube-lint certs", () => {
  const dir = repo();

  it("lists every certificate once, sorted by notAfter, with the repository's now and ignores", () => {
    const { status, stderr, report } = json(dir);
    expect(stderr).toBe("");
    expect(status).toBe(1); // one expired, one within 30 days
    expect(report.now).toBe("2026-06-01T00:00:00Z");
    expect(report.withinDays).toBe(30);
    expect(report.certificates.map((c) => [c.file, c.line, c.field, c.subject ?? c.problem, c.status])).toEqual([
      ["apps/web/tls.yaml", 7, "data.tls.crt", "old.example.com", "expired"],
      ["apps/shop/tls.yaml", 7, "data.tls.crt", "soon.example.com", "expiring"],
      ["clusters/prod/kubeconfig.yaml", 11, "users[0].user.client-certificate-data", "later.example.com", "ok"],
      ["values.yaml", 3, "ingress.tls.cert", "later.example.com", "ok"],
      ["platform/webhook.yaml", 8, "webhooks[0].clientConfig.caBundle (certificate 1 of 2)", "small.example.com", "weak"],
      ["platform/webhook.yaml", 8, "webhooks[0].clientConfig.caBundle (certificate 2 of 2)", "future.example.com", "not-yet-valid"],
      ["clusters/prod/kubeconfig.yaml", 7, "clusters[0].cluster.certificate-authority-data", "Repo Root CA", "ok"],
      ["platform/broken.yaml", 7, "clusters[0].cluster.certificate-authority-data", "Repo Root CA", "ok"],
      ["platform/broken.yaml", 11, "users[0].user.client-certificate-data", "decodes to text that is not a PEM certificate", "unreadable"],
    ]);
    const first = report.certificates[0] as JsonEntry;
    expect(first).toMatchObject({ object: "Secret 'web-tls'", issuer: "Repo Root CA", daysLeft: -12, key: { type: "EC", curve: "prime256v1" }, signatureAlgorithm: "ecdsa-with-SHA256" });
    expect(report.certificates[4]).toMatchObject({ key: { type: "RSA", bits: 1024 }, weaknesses: ["RSA key of 1024 bits"] });
    expect(report.certificates.find((c) => c.file === "values.yaml")?.object).toBeNull();
  });

  it("agrees with openssl x509 -noout -dates on every certificate", () => {
    if (!hasCommand("openssl")) throw new Error("openssl is needed for this test");
    const { report } = json(dir);
    const bySubject = new Map(report.certificates.map((c) => [c.subject, c]));
    for (const cert of [expired, soon, later, small, future, ca]) {
      const pemFile = path.join(dir, `${cert.cn}.pem`);
      fs.writeFileSync(pemFile, cert.pem);
      const out = spawnSync("openssl", ["x509", "-noout", "-dates", "-in", pemFile], { encoding: "utf8" }).stdout;
      const date = (name: string) => new Date(new RegExp(`${name}=(.*)`).exec(out)?.[1] ?? "").toISOString().replace(".000Z", "Z");
      expect([cert.cn, bySubject.get(cert.cn)?.notBefore, bySubject.get(cert.cn)?.notAfter]).toEqual([cert.cn, date("notBefore"), date("notAfter")]);
      fs.rmSync(pemFile);
    }
  });

  it("prints a table with a summary, and markdown for CI summaries; never key or certificate bodies", () => {
    const table = runKubeLint(dir, ["certs"]);
    expect(table.status).toBe(1);
    const lines = table.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^LOCATION +OBJECT +FIELD +SUBJECT +ISSUER +NOT BEFORE +NOT AFTER +DAYS LEFT +KEY +SIGNATURE +STATUS$/);
    expect(lines[1]).toMatch(/^apps\/web\/tls\.yaml:7 +Secret 'web-tls' +data\.tls\.crt +old\.example\.com +Repo Root CA +\d{4}-\d\d-\d\d +2026-05-\d\d +-12 +EC P-256 +ecdsa-with-SHA256 +expired$/);
    expect(lines.at(-1)).toBe(
      "9 certificate entries: 1 expired, 1 expiring within 30 days, 1 not yet valid, 1 weak, 1 unreadable (as of 2026-06-01T00:00:00Z)",
    );
    expect(table.stdout).not.toContain("\x1b["); // not a terminal
    const markdown = runKubeLint(dir, ["certs", "--format", "markdown"]);
    expect(markdown.stdout).toContain("| Location | Object | Field | Subject | Issuer | Not before | Not after | Days left | Key | Signature | Status |");
    expect(markdown.stdout).toMatch(/\| `apps\/shop\/tls\.yaml:7` \| Secret 'shop-tls' \| `data\.tls\.crt` \| soon\.example\.com \| .* \| 20 \| EC P-256 \| ecdsa-with-SHA256 \| expiring \|/);
    for (const output of [table.stdout, markdown.stdout, json(dir).stdout]) {
      expect(output).not.toContain("BEGIN");
      expect(output).not.toContain(expired.b64.slice(40, 80));
      expect(output).not.toContain(expired.pem.split("\n")[2]);
    }
  });

  it("--within moves the window; exit 0 when nothing is expired or expiring", () => {
    expect(json(dir, ["--within", "60"]).report.certificates.filter((c) => c.status === "expiring").map((c) => c.subject)).toEqual([
      "soon.example.com",
      "later.example.com",
      "later.example.com",
    ]);
    const clean = repo({ "tls.yaml": secret("later", later.b64), "broken.yaml": kubeconfig(ca.b64, "not-base64@") });
    const run = runKubeLint(clean, ["certs"]);
    expect([run.status, run.stderr]).toEqual([0, ""]); // unreadable and weak data are listed, not a gate failure
    expect(run.stdout).toContain("unreadable: is not valid base64");
    const none = repo({ "deploy.yaml": FILES["deploy.yaml"] as string });
    expect(runKubeLint(none, ["certs"])).toMatchObject({ status: 0, stdout: "No certificates found (as of 2026-06-01T00:00:00Z).\n" });
  });

  it("takes the window from the config's no-expiring-certificates options (--strict: 60 days)", () => {
    const withRule = repo(FILES, `import kube from ${JSON.stringify(path.resolve("dist/index.js"))};\nexport default [...kube.configs.recommended, { rules: { "kube/no-expiring-certificates": ["error", { warnWithinDays: 50, now: "2026-06-01" }] } }];\n`);
    expect(json(withRule).report.withinDays).toBe(50);
    const bare = repo(FILES, "export default [];\n");
    fs.rmSync(path.join(bare, "eslint.config.mjs"));
    expect(json(bare, ["--strict"]).report.withinDays).toBe(60);
  });

  it("exits 2 on usage errors", () => {
    for (const args of [["--within", "soon"], ["--format", "xml"], ["--bogus"], ["extra"]]) {
      const run = runKubeLint(dir, ["certs", ...args]);
      expect([args, run.status, run.stdout]).toEqual([args, 2, ""]);
      expect(run.stderr).toMatch(/^kube-lint: certs: /);
    }
  });

  it("colours the status only on a terminal, and never with NO_COLOR", async () => {
    const capture = async (isTTY: boolean, env: NodeJS.ProcessEnv) => {
      let text = "";
      const stdout = Object.assign(new (await import("node:stream")).Writable({ write: (chunk, _enc, done) => ((text += String(chunk)), done()) }), { isTTY });
      await runCerts([], { cwd: dir, stdout, env });
      return text;
    };
    expect(await capture(true, {})).toContain("\x1b[31mexpired\x1b[0m");
    expect(await capture(true, { NO_COLOR: "1" })).not.toContain("\x1b[");
    expect(await capture(false, {})).not.toContain("\x1b[");
  });
});

describe("kube-lint certs on 1,000 certificates", () => {
  it("reads each file once, parses only files that may hold certificates, and grows linearly", async () => {
    const now = new Date();
    const certs: Issued[] = [];
    const started = Date.now();
    for (let i = 0; i < 1000; i++) certs.push(await makeCert({ cn: `svc-${i}.example.com`, notAfter: new Date(now.getTime() + (10 + (i % 700)) * DAY) }));
    const generateMs = Date.now() - started;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-certs-1000-"));
    temps.push(dir);
    const files: string[] = [];
    certs.forEach((cert, i) => {
      const file = path.join(dir, `ns-${i % 50}`, `tls-${i}.yaml`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, secret(`tls-${i}`, cert.b64));
      files.push(file);
      const plain = path.join(dir, `ns-${i % 50}`, `deploy-${i}.yaml`);
      fs.writeFileSync(plain, `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d-${i}\n`);
      files.push(plain);
    });
    const options = { now, withinDays: 30, weakness: { minRsaBits: 2048, maxValidityDays: 398 }, repositoryRoot: dir };
    const half = inventory(files.slice(0, 1000), options);
    const t0 = performance.now();
    const all = inventory(files, options);
    const inProcessMs = performance.now() - t0;
    expect(half.stats).toEqual({ filesRead: 1000, filesParsed: 500, entries: 500 });
    expect(all.stats).toEqual({ filesRead: 2000, filesParsed: 1000, entries: 1000 });
    const notAfter = all.entries.map((e) => e.certificate?.notAfter.getTime() ?? 0);
    expect(notAfter).toEqual([...notAfter].sort((a, b) => a - b));

    spawnSync("git", ["init", "-q", dir]);
    const t1 = performance.now();
    const run = runKubeLint(dir, ["certs", "--format", "json"]);
    const cliMs = performance.now() - t1;
    expect(run.stderr).toBe("");
    expect((JSON.parse(run.stdout) as { certificates: unknown[] }).certificates).toHaveLength(1000);
    expect(run.status).toBe(1); // the ones 10..30 days away
    console.log(`1,000 certificates: generated in ${generateMs} ms, inventory in-process ${inProcessMs.toFixed(0)} ms, kube-lint certs ${cliMs.toFixed(0)} ms`);
  }, 120_000);
});
