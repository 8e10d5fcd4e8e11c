import { describe, expect, it } from "vitest";
import { readMaterial, type Material } from "../../core/certs/material.js";
import { b64, makeCert, privateKeyPem, type KeyFormat } from "../helpers/certs.js";

const leaf = await makeCert({ cn: "leaf.example.com" });
const other = await makeCert({ cn: "other.example.com", key: "rsa2048" });
const bundle = leaf.pem + other.pem;

/** A compact view: what was found, without the parsed facts. */
function summary(materials: readonly Material[]): string[] {
  return materials.map((m) =>
    m.type === "certificate"
      ? `cert ${m.position}/${m.count} ${m.facts.subject}`
      : m.type === "private-key"
        ? `key ${m.key.format}${m.key.encrypted ? " encrypted" : ""}`
        : `unparseable: ${m.problem}`,
  );
}

describe("readMaterial: certificates", () => {
  it("reads PEM and base64 of PEM", () => {
    expect(summary(readMaterial(leaf.pem, "pem", "certificate"))).toEqual(["cert 1/1 leaf.example.com"]);
    expect(summary(readMaterial(leaf.b64, "base64", "certificate"))).toEqual(["cert 1/1 leaf.example.com"]);
    expect(summary(readMaterial(leaf.der.toString("base64"), "base64", "certificate"))).toEqual(["cert 1/1 leaf.example.com"]);
  });
  it("reads CRLF PEM and base64 wrapped over lines", () => {
    const crlf = bundle.replace(/\n/g, "\r\n");
    expect(summary(readMaterial(crlf, "pem", "certificate"))).toHaveLength(2);
    const wrapped = b64(crlf).replace(/(.{76})/g, "$1\r\n");
    expect(summary(readMaterial(wrapped, "base64", "certificate"))).toEqual(["cert 1/2 leaf.example.com", "cert 2/2 other.example.com"]);
  });
  it("numbers every certificate of a bundle", () => {
    expect(summary(readMaterial(b64(bundle), "base64", "any"))).toEqual(["cert 1/2 leaf.example.com", "cert 2/2 other.example.com"]);
  });
  it("reports certificate data that is broken", () => {
    const corrupt = leaf.pem.replace(/\n[A-Za-z0-9+/]{8}/, "\nAAAAAAAA");
    const badBody = leaf.pem.replace(/\n[A-Za-z0-9+/]/, "\n!");
    const cases: [string, "base64" | "pem", string][] = [
      ["not base64 at all!", "base64", "is not valid base64"],
      [b64(leaf.b64), "base64", "is base64-encoded twice"],
      [leaf.b64, "pem", "holds base64, but this field takes the PEM text as-is"],
      [b64("x".repeat(100)), "base64", "decodes to text that is not a PEM certificate"],
      // short text too: kubectl fails on `echo hello | base64` as on any other non-certificate
      [b64("not a certificate"), "base64", "decodes to text that is not a PEM certificate"],
      [b64("/etc/kubernetes/pki/ca.crt\n"), "base64", "decodes to text that is not a PEM certificate"],
      [Buffer.from([0xde, 0xad, 0xbe, 0xef, ...Array(70).fill(1)]).toString("base64"), "base64", "is neither PEM nor a DER certificate"],
      ["y".repeat(100), "pem", "is not PEM (no -----BEGIN CERTIFICATE----- block)"],
      [leaf.pem.slice(0, 200), "pem", "has a CERTIFICATE block without its END line (truncated?)"],
      [privateKeyPem("pkcs8"), "pem", "holds PRIVATE KEY data, not a certificate"],
      [badBody, "pem", "has a PEM body that is not valid base64"],
    ];
    for (const [text, encoding, problem] of cases) {
      expect(summary(readMaterial(text, encoding, "certificate"))).toContain(`unparseable: ${problem}`);
    }
    const [broken] = readMaterial(corrupt + other.pem, "pem", "certificate");
    expect(broken?.type === "unparseable" && broken.problem).toMatch(/^\(certificate 1 of 2\) cannot be parsed as X\.509/);
  });
  it("says nothing about placeholders, templates and SOPS values", () => {
    const quiet = [
      ["", "base64"],
      ["Cg==", "base64"], // "\n"
      ["XG4=", "base64"], // "\\n"
      [b64("TESTCERT1"), "base64"], // a bare word: test data's stand-in
      [b64("CA1-secret"), "base64"],
      ["REDACTED", "base64"], // kubectl config view: short binary once decoded
      ["DATA+OMITTED", "base64"],
      [b64("<paste the CA here>"), "base64"],
      [b64("  \n"), "base64"],
      ["CA1", "pem"],
      ["{{ .Values.caBundle }}", "base64"],
      ["${CA_BUNDLE}", "base64"],
      ["ENC[AES256_GCM,data:q2Vt,iv:AAAA,tag:BBBB,type:str]", "base64"],
      ["-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----", "pem"],
      [b64("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"), "base64"],
      ["LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t", "base64"], // a lone BEGIN line
    ] as const;
    for (const [text, encoding] of quiet) expect(readMaterial(text, encoding, "certificate"), text).toEqual([]);
  });
  it("reports nothing but real material in free-form fields", () => {
    expect(readMaterial("not base64 at all!", "base64", "any")).toEqual([]);
    expect(readMaterial("z".repeat(200), "pem", "any")).toEqual([]);
    expect(readMaterial(b64("password123"), "base64", "any")).toEqual([]);
  });
  it("caches by text", () => {
    expect(readMaterial(leaf.b64, "base64", "certificate")).toBe(readMaterial(leaf.b64, "base64", "certificate"));
  });
});

describe("readMaterial: private keys", () => {
  const formats: [KeyFormat, string][] = [
    ["rsa-pkcs1", "key RSA (PKCS#1)"],
    ["encrypted-pkcs1", "key RSA (PKCS#1) encrypted"],
    ["ec-sec1", "key EC (SEC 1)"],
    ["pkcs8", "key PKCS#8"],
    ["encrypted-pkcs8", "key PKCS#8 encrypted"],
    ["openssh", "key OpenSSH"],
    ["encrypted-openssh", "key OpenSSH encrypted"],
  ];
  it("recognises every format, plaintext or encrypted, in PEM and base64", () => {
    for (const [format, expected] of formats) {
      expect(summary(readMaterial(privateKeyPem(format), "pem", "private-key"))).toEqual([expected]);
      expect(summary(readMaterial(b64(privateKeyPem(format)), "base64", "any"))).toEqual([expected]);
    }
  });
  it("finds keys next to certificates, and in stringData holding base64", () => {
    expect(summary(readMaterial(leaf.pem + privateKeyPem("ec-sec1"), "pem", "certificate"))).toEqual([
      "cert 1/1 leaf.example.com",
      "key EC (SEC 1)",
    ]);
    expect(summary(readMaterial(b64(privateKeyPem("pkcs8")), "pem", "private-key"))).toEqual(["key PKCS#8"]);
    expect(summary(readMaterial(b64(b64(privateKeyPem("pkcs8"))), "base64", "private-key"))).toEqual(["key PKCS#8"]);
  });
  it("ignores placeholder keys and public keys", () => {
    const quiet = [
      "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",
      "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----",
      "-----BEGIN PRIVATE KEY-----\n<your key here, a long placeholder that is not base64 at all>\n-----END PRIVATE KEY-----",
      "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa==\n-----END PUBLIC KEY-----",
      "ENC[AES256_GCM,data:q2Vt,iv:AAAA,tag:BBBB,type:str]",
    ];
    for (const text of quiet) expect(readMaterial(text, "pem", "private-key"), text).toEqual([]);
  });
});
