/**
 * Test-time certificates and keys, so no fixture ever ages: @peculiar/x509's generator on node's WebCrypto for
 * certificates, node:crypto for private keys in every PEM format. Key pairs are generated once per kind and reused.
 */
import "reflect-metadata";
import { generateKeyPairSync, randomBytes, webcrypto } from "node:crypto";
import type { webcrypto as WebCrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type CryptoKeyPair = WebCrypto.CryptoKeyPair;
type CryptoKey = WebCrypto.CryptoKey;

export const DAY = 24 * 60 * 60 * 1000;

export type KeyKind = "rsa2048" | "rsa1024" | "p256" | "p384" | "ed25519";
export type Hash = "SHA-256" | "SHA-384" | "SHA-1";

export interface CertSpec {
  cn?: string;
  key?: KeyKind;
  hash?: Hash;
  notBefore?: Date;
  notAfter?: Date;
  /** basicConstraints cA=TRUE. */
  ca?: boolean;
  /** Sign with this CA instead of self-signing. */
  issuer?: Issued;
  /** extendedKeyUsage OIDs (e.g. code signing: 1.3.6.1.5.5.7.3.3). */
  extendedKeyUsage?: string[];
}

export interface Issued {
  pem: string;
  /** base64 of the PEM, as Secret `data` and `caBundle` hold it. */
  b64: string;
  der: Buffer;
  cn: string;
  notBefore: Date;
  notAfter: Date;
  keys: CryptoKeyPair;
}

const keyCache = new Map<string, Promise<CryptoKeyPair>>();

function algorithmOf(kind: KeyKind, hash: Hash): WebCrypto.RsaHashedKeyGenParams | WebCrypto.EcKeyGenParams | WebCrypto.Algorithm {
  switch (kind) {
    case "rsa2048":
    case "rsa1024":
      return { name: "RSASSA-PKCS1-v1_5", hash, publicExponent: new Uint8Array([1, 0, 1]), modulusLength: kind === "rsa2048" ? 2048 : 1024 };
    case "p256":
      return { name: "ECDSA", namedCurve: "P-256" } as WebCrypto.EcKeyGenParams;
    case "p384":
      return { name: "ECDSA", namedCurve: "P-384" } as WebCrypto.EcKeyGenParams;
    case "ed25519":
      return { name: "Ed25519" };
  }
}

function keysFor(kind: KeyKind, hash: Hash): Promise<CryptoKeyPair> {
  // RSA keys carry their hash in WebCrypto; EC/Ed keys do not.
  const cacheKey = kind.startsWith("rsa") ? `${kind}/${hash}` : kind;
  let keys = keyCache.get(cacheKey);
  if (!keys) {
    keys = webcrypto.subtle.generateKey(algorithmOf(kind, hash) as WebCrypto.RsaHashedKeyGenParams, true, ["sign", "verify"]) as Promise<CryptoKeyPair>;
    keyCache.set(cacheKey, keys);
  }
  return keys;
}

function signingAlgorithm(kind: KeyKind, hash: Hash): WebCrypto.Algorithm | WebCrypto.EcdsaParams {
  if (kind === "p256" || kind === "p384") return { name: "ECDSA", hash } as WebCrypto.EcdsaParams;
  if (kind === "ed25519") return { name: "Ed25519" };
  return { name: "RSASSA-PKCS1-v1_5", hash } as WebCrypto.Algorithm;
}

/** A certificate valid from `notBefore` (default: a day ago) to `notAfter` (default: a year from now). */
export async function makeCert(spec: CertSpec = {}): Promise<Issued> {
  const cn = spec.cn ?? "test.example.com";
  const key = spec.key ?? "p256";
  const hash = spec.hash ?? "SHA-256";
  const notBefore = spec.notBefore ?? new Date(Date.now() - DAY);
  const notAfter = spec.notAfter ?? new Date(Date.now() + 365 * DAY);
  const keys = await keysFor(key, hash);
  const extensions: x509.Extension[] = [new x509.BasicConstraintsExtension(spec.ca ?? false, undefined, true)];
  if (spec.extendedKeyUsage) extensions.push(new x509.ExtendedKeyUsageExtension(spec.extendedKeyUsage));
  const common = { serialNumber: randomBytes(8).toString("hex").replace(/^[89a-f]/, "1"), notBefore, notAfter, extensions };
  const issuer = spec.issuer;
  const cert = issuer
    ? await x509.X509CertificateGenerator.create({
        ...common,
        subject: `CN=${cn}`,
        issuer: `CN=${issuer.cn}`,
        publicKey: keys.publicKey,
        signingKey: await signingKeyWithHash(issuer.keys.privateKey, hash),
        signingAlgorithm: signingAlgorithm(issuerKeyKind(issuer), hash),
      })
    : await x509.X509CertificateGenerator.createSelfSigned({
        ...common,
        name: `CN=${cn}`,
        keys,
        signingAlgorithm: signingAlgorithm(key, hash),
      });
  const pem = cert.toString("pem") + "\n";
  return { pem, b64: Buffer.from(pem).toString("base64"), der: Buffer.from(cert.rawData), cn, notBefore, notAfter, keys };
}

/** WebCrypto binds a hash to RSA keys: re-import the issuer's key to sign with another one (e.g. SHA-1). */
async function signingKeyWithHash(key: CryptoKey, hash: Hash): Promise<CryptoKey> {
  const algorithm = key.algorithm as WebCrypto.RsaHashedKeyAlgorithm;
  if (algorithm.name !== "RSASSA-PKCS1-v1_5" || algorithm.hash.name === hash) return key;
  const pkcs8 = await webcrypto.subtle.exportKey("pkcs8", key);
  return webcrypto.subtle.importKey("pkcs8", pkcs8, { name: algorithm.name, hash }, false, ["sign"]);
}

function issuerKeyKind(issuer: Issued): KeyKind {
  const algorithm = issuer.keys.privateKey.algorithm as { name: string; modulusLength?: number; namedCurve?: string };
  if (algorithm.name === "ECDSA") return algorithm.namedCurve === "P-384" ? "p384" : "p256";
  if (algorithm.name === "Ed25519") return "ed25519";
  return algorithm.modulusLength === 1024 ? "rsa1024" : "rsa2048";
}

/** Dates relative to `now`, with an hour of slack so whole-day counts are stable while a test runs. */
export function daysFrom(now: Date, days: number): Date {
  return new Date(now.getTime() + days * DAY + (days >= 0 ? 1 : -1) * 60 * 60 * 1000);
}

export const b64 = (text: string): string => Buffer.from(text).toString("base64");

/** Indent every line (for block scalars in YAML test documents). */
export function indent(text: string, spaces: number): string {
  const pad = " ".repeat(spaces);
  return text
    .trimEnd()
    .split("\n")
    .map((line) => pad + line)
    .join("\n");
}

// --- private keys in every PEM format -------------------------------------------------------------------------

export type KeyFormat = "rsa-pkcs1" | "ec-sec1" | "pkcs8" | "encrypted-pkcs8" | "encrypted-pkcs1" | "openssh" | "encrypted-openssh";

const keyPems = new Map<KeyFormat, string>();

export function privateKeyPem(format: KeyFormat): string {
  let pem = keyPems.get(format);
  if (!pem) {
    pem = generatePem(format);
    keyPems.set(format, pem);
  }
  return pem;
}

function generatePem(format: KeyFormat): string {
  const passphrase = "correct horse battery staple";
  switch (format) {
    case "rsa-pkcs1":
      return generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }) as string;
    case "encrypted-pkcs1":
      return generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
        type: "pkcs1",
        format: "pem",
        cipher: "aes-256-cbc",
        passphrase,
      }) as string;
    case "ec-sec1":
      return generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "sec1", format: "pem" }) as string;
    case "pkcs8":
      return generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }) as string;
    case "encrypted-pkcs8":
      return generateKeyPairSync("ec", { namedCurve: "P-384" }).privateKey.export({
        type: "pkcs8",
        format: "pem",
        cipher: "aes-256-cbc",
        passphrase,
      }) as string;
    case "openssh":
      return openSshPem("none");
    case "encrypted-openssh":
      return openSshPem("aes256-ctr");
  }
}

/** An openssh-key-v1 container (the layout `ssh-keygen` writes) around random key bytes. */
function openSshPem(cipher: string): string {
  const str = (value: string | Buffer) => {
    const bytes = typeof value === "string" ? Buffer.from(value, "latin1") : value;
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return Buffer.concat([length, bytes]);
  };
  const count = Buffer.alloc(4);
  count.writeUInt32BE(1);
  const body = Buffer.concat([
    Buffer.from("openssh-key-v1\0", "latin1"),
    str(cipher),
    str(cipher === "none" ? "none" : "bcrypt"),
    str(cipher === "none" ? Buffer.alloc(0) : randomBytes(24)),
    count,
    str(Buffer.concat([str("ssh-ed25519"), str(randomBytes(32))])),
    str(randomBytes(160)),
  ]);
  const lines = body.toString("base64").match(/.{1,70}/g) ?? [];
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join("\n")}\n-----END OPENSSH PRIVATE KEY-----\n`;
}
