import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readCertificate, type CertificateFacts } from "../../core/certs/certificate.js";
import { validityAt, isoDate } from "../../core/certs/validity.js";
import { weaknessesOf } from "../../core/certs/weakness.js";
import { DAY, daysFrom, makeCert } from "../helpers/certs.js";

const NOW = new Date();
const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;

function facts(der: Buffer): CertificateFacts {
  const reading = readCertificate(der);
  if (!reading.ok) throw new Error(reading.error);
  return reading.facts;
}

const ca = await makeCert({ cn: "Test Root CA", key: "rsa2048", ca: true });

describe("readCertificate", () => {
  it("reads names, dates, CA flag and key of every key kind", async () => {
    const cases = [
      { key: "rsa2048", type: "RSA", bits: 2048, curve: undefined },
      { key: "rsa1024", type: "RSA", bits: 1024, curve: undefined },
      { key: "p256", type: "EC", bits: undefined, curve: "prime256v1" },
      { key: "p384", type: "EC", bits: undefined, curve: "secp384r1" },
      { key: "ed25519", type: "Ed25519", bits: undefined, curve: undefined },
    ] as const;
    for (const c of cases) {
      const cert = await makeCert({ cn: `${c.key}.example.com`, key: c.key });
      const f = facts(cert.der);
      expect(f).toMatchObject({ subject: `${c.key}.example.com`, issuer: `${c.key}.example.com`, isCA: false, selfIssued: true });
      expect(f.publicKey).toEqual({ type: c.type, bits: c.bits, curve: c.curve });
      expect(Math.abs(f.notAfter.getTime() - cert.notAfter.getTime())).toBeLessThan(1000);
    }
  });

  it("reads a CA-signed leaf", async () => {
    const leaf = await makeCert({ cn: "leaf.example.com", issuer: ca });
    expect(facts(leaf.der)).toMatchObject({ subject: "leaf.example.com", issuer: "Test Root CA", isCA: false, selfIssued: false });
    expect(facts(ca.der)).toMatchObject({ isCA: true, selfIssued: true });
  });

  it("names the signature algorithm (read from the DER)", async () => {
    const cases = [
      [await makeCert({ key: "rsa2048", hash: "SHA-256" }), { name: "sha256WithRSAEncryption", hash: "SHA-256" }],
      [await makeCert({ key: "rsa2048", hash: "SHA-1" }), { name: "sha1WithRSAEncryption", hash: "SHA-1" }],
      [await makeCert({ key: "p384", hash: "SHA-384" }), { name: "ecdsa-with-SHA384", hash: "SHA-384" }],
      [await makeCert({ key: "p256", hash: "SHA-1" }), { name: "ecdsa-with-SHA1", hash: "SHA-1" }],
      [await makeCert({ key: "ed25519" }), { name: "Ed25519", hash: undefined }],
    ] as const;
    for (const [cert, signature] of cases) expect(facts(cert.der).signature()).toEqual(signature);
  });

  it("parses each distinct certificate once per process", async () => {
    const cert = await makeCert();
    expect(readCertificate(cert.der)).toBe(readCertificate(Buffer.from(cert.der)));
  });

  it("reports garbage instead of throwing", () => {
    for (const bytes of [Buffer.from("not a certificate"), Buffer.from([0x30, 0x82, 0x01]), Buffer.alloc(0)]) {
      const reading = readCertificate(bytes);
      expect(reading.ok).toBe(false);
      if (!reading.ok) expect(reading.error.length).toBeGreaterThan(0);
    }
  });
});

describe("validityAt", () => {
  const window = { notBefore: new Date("2026-01-01T00:00:00Z"), notAfter: new Date("2026-12-31T00:00:00Z") };
  it("classifies now against the window, in whole days", () => {
    expect(validityAt(window, new Date("2025-12-29T12:00:00Z"), 30)).toEqual({ status: "not-yet-valid", days: 2 });
    expect(validityAt(window, new Date("2026-06-01T00:00:00Z"), 30)).toEqual({ status: "valid", days: 213 });
    expect(validityAt(window, new Date("2026-12-20T00:00:00Z"), 30)).toEqual({ status: "expiring", days: 11 });
    expect(validityAt(window, window.notAfter, 30)).toEqual({ status: "expiring", days: 0 }); // notAfter is inclusive
    expect(validityAt(window, new Date("2027-01-10T06:00:00Z"), 30)).toEqual({ status: "expired", days: 10 });
    expect(validityAt(window, new Date("2026-12-20T00:00:00Z"), 0)).toEqual({ status: "valid", days: 11 });
  });
  it("prints ISO dates to the second", () => {
    expect(isoDate(new Date("2026-12-31T00:00:00.000Z"))).toBe("2026-12-31T00:00:00Z");
  });
});

describe("weaknessesOf", () => {
  const options = { minRsaBits: 2048, maxValidityDays: 398 };
  it("flags small RSA keys, broken hashes and long-lived leaves", async () => {
    const weak = await makeCert({ key: "rsa1024", hash: "SHA-1", issuer: ca, notAfter: new Date(Date.now() + 800 * DAY) });
    expect(weaknessesOf(facts(weak.der), options)).toEqual([
      { type: "small-rsa-key", bits: 1024 },
      { type: "weak-signature", algorithm: "sha1WithRSAEncryption", hash: "SHA-1" },
      { type: "long-validity", days: 801 },
    ]);
    expect(weaknessesOf(facts(weak.der), { minRsaBits: 1024, maxValidityDays: null })).toEqual([
      { type: "weak-signature", algorithm: "sha1WithRSAEncryption", hash: "SHA-1" },
    ]);
  });
  it("leaves strong certificates, CA lifetimes and SHA-1 self-signed roots alone", async () => {
    const strong = await makeCert({ key: "p256", issuer: ca, notAfter: new Date(Date.now() + 90 * DAY) });
    const longRoot = await makeCert({ key: "rsa2048", hash: "SHA-1", ca: true, notAfter: new Date(Date.now() + 3650 * DAY) });
    const signer = await makeCert({ key: "p256", issuer: ca, extendedKeyUsage: ["1.3.6.1.5.5.7.3.3"], notAfter: new Date(Date.now() + 3000 * DAY) });
    const tlsServer = await makeCert({ key: "p256", issuer: ca, extendedKeyUsage: ["1.3.6.1.5.5.7.3.1"], notAfter: new Date(Date.now() + 3000 * DAY) });
    expect(weaknessesOf(facts(strong.der), options)).toEqual([]);
    // code-signing certificates must verify old signatures for years: the TLS lifetime limit is not theirs
    expect(facts(signer.der).forTls).toBe(false);
    expect(weaknessesOf(facts(signer.der), options)).toEqual([]);
    expect(weaknessesOf(facts(tlsServer.der), options).map((w) => w.type)).toEqual(["long-validity"]);
    expect(weaknessesOf(facts(longRoot.der), options)).toEqual([]);
  });
});

describe("agreement with openssl", () => {
  it.skipIf(!hasOpenssl)("notBefore/notAfter match `openssl x509 -noout -dates`", async () => {
    const certs = [
      await makeCert({ notBefore: daysFrom(NOW, -400), notAfter: daysFrom(NOW, -35) }),
      await makeCert({ key: "rsa2048", notAfter: daysFrom(NOW, 12) }),
      await makeCert({ key: "ed25519", notBefore: daysFrom(NOW, 3), notAfter: daysFrom(NOW, 90) }),
      await makeCert({ notBefore: new Date("1999-12-31T23:59:59Z"), notAfter: new Date("2051-01-01T00:00:00Z") }),
    ];
    for (const cert of certs) {
      const out = execFileSync("openssl", ["x509", "-noout", "-dates"], { input: cert.pem, encoding: "utf8" });
      const notBefore = new Date(/notBefore=(.*)/.exec(out)?.[1] ?? "");
      const notAfter = new Date(/notAfter=(.*)/.exec(out)?.[1] ?? "");
      const f = facts(cert.der);
      expect(f.notBefore.toISOString()).toBe(notBefore.toISOString());
      expect(f.notAfter.toISOString()).toBe(notAfter.toISOString());
      // and `openssl x509 -checkend` agrees on "still valid at now + 30 days"
      const seconds = String(30 * 24 * 3600);
      const valid30 = spawnSync("openssl", ["x509", "-noout", "-checkend", seconds], { input: cert.pem }).status === 0;
      expect(validityAt(f, new Date(Date.now() + 30 * DAY), 0).status === "valid").toBe(valid30 && f.notBefore.getTime() <= Date.now() + 30 * DAY);
    }
  });

  it.skipIf(!hasOpenssl)("MD5 and 1024-bit certificates made by openssl are read like openssl reads them", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-md5-"));
    const out = spawnSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:1024", "-md5", "-nodes", "-keyout", path.join(dir, "k.pem"), "-out", path.join(dir, "c.pem"), "-days", "5", "-subj", "/CN=md5.example.com", "-addext", "basicConstraints=critical,CA:FALSE"],
      { encoding: "utf8" },
    );
    if (out.status !== 0) return void console.warn(`openssl refused to sign with MD5 here, MD5 case skipped: ${out.stderr}`);
    const der = execFileSync("openssl", ["x509", "-in", path.join(dir, "c.pem"), "-outform", "DER"]);
    const f = facts(der);
    expect(f.signature()).toEqual({ name: "md5WithRSAEncryption", hash: "MD5" });
    expect(f.publicKey.bits).toBe(1024);
    expect(weaknessesOf(f, { minRsaBits: 2048, maxValidityDays: null }).map((w) => w.type)).toEqual(["small-rsa-key", "weak-signature"]);
  });
});

if (!hasOpenssl) console.warn("openssl not found: the openssl agreement tests were skipped");
