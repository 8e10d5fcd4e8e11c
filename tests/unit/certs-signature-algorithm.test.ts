/**
 * The signature algorithm read from a certificate's DER (core/certs/signature-algorithm.ts), checked against
 * OpenSSL's own reading of the same generated certificates, and against broken or unusual DER.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { signatureAlgorithm } from "../../core/certs/signature-algorithm.js";
import { makeCert, type Hash, type KeyKind } from "../helpers/certs.js";

/** OpenSSL's `Signature Algorithm:` line and, for RSASSA-PSS, its `Hash Algorithm:` line. */
function opensslSays(pem: string): { name: string; pssHash: string | undefined } {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kube-sig-")), "cert.pem");
  fs.writeFileSync(file, pem);
  const text = execFileSync("openssl", ["x509", "-in", file, "-noout", "-text"], { encoding: "utf8" });
  return {
    name: /Signature Algorithm: (\S+)/.exec(text)?.[1] ?? "",
    pssHash: /Hash Algorithm: (\S+)/.exec(text)?.[1],
  };
}

function derOf(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64");
}

/** DER element: tag, length (long form above 127), contents. */
function tlv(tag: number, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents);
  const length = body.length < 128 ? Buffer.from([body.length]) : Buffer.from([0x82, body.length >> 8, body.length & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
}

/** A certificate-shaped DER with this AlgorithmIdentifier content (OID bytes, optional parameters). */
function certificateWith(algorithmIdentifier: Buffer): Buffer {
  return tlv(0x30, tlv(0x30, Buffer.alloc(200, 1)), tlv(0x30, algorithmIdentifier), tlv(0x03, Buffer.from([0, 1, 2, 3])));
}

const oid = (hex: string) => tlv(0x06, Buffer.from(hex, "hex"));
const PSS = "2a864886f70d01010a";
const SHA256 = "608648016503040201";

describe("signatureAlgorithm", () => {
  const cases: [KeyKind, Hash | undefined, string, string | undefined][] = [
    ["rsa2048", "SHA-256", "sha256WithRSAEncryption", "SHA-256"],
    ["rsa2048", "SHA-384", "sha384WithRSAEncryption", "SHA-384"],
    ["rsa1024", "SHA-1", "sha1WithRSAEncryption", "SHA-1"],
    ["p256", "SHA-256", "ecdsa-with-SHA256", "SHA-256"],
    ["p256", "SHA-1", "ecdsa-with-SHA1", "SHA-1"],
    ["p384", "SHA-384", "ecdsa-with-SHA384", "SHA-384"],
    ["ed25519", undefined, "Ed25519", undefined],
  ];

  it.each(cases)("reads %s / %s as OpenSSL does", async (key, hash, name, expectedHash) => {
    const cert = await makeCert({ key, ...(hash && { hash }) });
    expect(signatureAlgorithm(cert.der)).toEqual({ name, hash: expectedHash });
    expect(opensslSays(cert.pem).name.toLowerCase()).toBe(name.toLowerCase());
  });

  it.each(["sha256", "sha384", "sha512"])("reads RSASSA-PSS's hash from its parameters (%s, made by openssl)", (digest) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kube-pss-"));
    const certFile = path.join(dir, "cert.pem");
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "rsa:2048", "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32",
      `-${digest}`, "-nodes", "-subj", "/CN=pss", "-keyout", path.join(dir, "key.pem"), "-out", certFile, "-days", "1",
    ], { stdio: "ignore" });
    const pem = fs.readFileSync(certFile, "utf8");
    const said = opensslSays(pem);
    expect(said).toEqual({ name: "rsassaPss", pssHash: digest });
    const hash = `SHA-${digest.slice(3)}`;
    expect(signatureAlgorithm(derOf(pem))).toEqual({ name: `${digest}WithRSA-PSS`, hash });
  });

  it("takes SHA-1 for RSASSA-PSS without parameters or without a hash (RFC 4055 defaults)", () => {
    expect(signatureAlgorithm(certificateWith(oid(PSS)))).toEqual({ name: "sha1WithRSA-PSS", hash: "SHA-1" });
    expect(signatureAlgorithm(certificateWith(Buffer.concat([oid(PSS), tlv(0x30)])))).toEqual({ name: "sha1WithRSA-PSS", hash: "SHA-1" });
    const sha256Params = tlv(0x30, tlv(0xa0, tlv(0x30, oid(SHA256), Buffer.from([0x05, 0x00]))));
    expect(signatureAlgorithm(certificateWith(Buffer.concat([oid(PSS), sha256Params])))).toEqual({ name: "sha256WithRSA-PSS", hash: "SHA-256" });
  });

  it("names legacy algorithms OpenSSL no longer signs with, and gives an unknown OID as its dotted form", () => {
    expect(signatureAlgorithm(certificateWith(oid("2a864886f70d010104")))).toEqual({ name: "md5WithRSAEncryption", hash: "MD5" });
    expect(signatureAlgorithm(certificateWith(oid("2a8648ce380403")))).toEqual({ name: "dsa-with-SHA1", hash: "SHA-1" });
    // 2.999.3: the first byte pair encodes 2*40+999 = 1079 in base 128 (0x88 0x37)
    expect(signatureAlgorithm(certificateWith(oid("883703")))).toEqual({ name: "2.999.3", hash: undefined });
    expect(signatureAlgorithm(certificateWith(oid("2a0304")))).toEqual({ name: "1.2.3.4", hash: undefined });
  });

  it("never throws on bytes that are not a certificate: every truncation, garbage, empty", async () => {
    const { der } = await makeCert({ key: "p256" });
    for (let n = 0; n < der.length; n += 7) expect(signatureAlgorithm(der.subarray(0, n))).toEqual({ name: "unknown", hash: undefined });
    expect(signatureAlgorithm(Buffer.alloc(0))).toEqual({ name: "unknown", hash: undefined });
    expect(signatureAlgorithm(Buffer.from("not a certificate at all"))).toEqual({ name: "unknown", hash: undefined });
    // a length that claims more than 4 bytes, an indefinite length, an OID whose last byte continues
    expect(signatureAlgorithm(Buffer.from([0x30, 0x85, 1, 1, 1, 1, 1]))).toEqual({ name: "unknown", hash: undefined });
    expect(signatureAlgorithm(Buffer.from([0x30, 0x80, 0, 0]))).toEqual({ name: "unknown", hash: undefined });
    expect(signatureAlgorithm(certificateWith(oid("2a86")))).toEqual({ name: "unknown", hash: undefined });
  });
});
