/**
 * What a certificate says about itself, parsed once per distinct DER per process.
 *
 * Two parsers, on purpose: node:crypto's X509Certificate is built in, synchronous and free to load, and gives
 * everything the expiry check needs (dates, names, basicConstraints CA flag, key type and size). Node 20 does not
 * expose the signature algorithm, so that one fact comes from @peculiar/x509 — loaded synchronously (its CJS build,
 * via createRequire, `reflect-metadata` first) and only the first time a signature is asked for, because importing
 * it costs ~0.5 s that most lint runs (no certificates) should never pay.
 */
import { X509Certificate as NodeX509 } from "node:crypto";
import { createRequire } from "node:module";

export interface PublicKeyFacts {
  /** "RSA", "RSA-PSS", "EC", "Ed25519", "Ed448", "DSA", or the raw type. */
  type: string;
  /** RSA/DSA modulus length in bits. */
  bits: number | undefined;
  /** EC curve, as OpenSSL names it (prime256v1, secp384r1). */
  curve: string | undefined;
}

export interface SignatureFacts {
  /** A readable name: "sha256WithRSAEncryption", "ecdsa-with-SHA1", "md5WithRSAEncryption", ... */
  name: string;
  /** The hash, when known: "SHA-1", "SHA-256", "MD5", ... (undefined for Ed25519, which has none to pick). */
  hash: string | undefined;
}

export interface CertificateFacts {
  /** Subject CN, else the whole subject DN on one line. */
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  /** basicConstraints cA=TRUE. */
  isCA: boolean;
  /** Subject and issuer are the same name: a root (or a self-signed leaf). */
  selfIssued: boolean;
  /** May serve TLS: no extendedKeyUsage, or one allowing serverAuth, clientAuth or any usage. */
  forTls: boolean;
  publicKey: PublicKeyFacts;
  /** Parsed on first use (it needs @peculiar/x509). */
  signature(): SignatureFacts;
}

export type CertificateReading = { ok: true; facts: CertificateFacts } | { ok: false; error: string };

const MAX_CACHED = 5_000;
const cache = new Map<string, CertificateReading>();

/** Read a DER certificate; the same bytes are parsed once per process. Never throws. */
export function readCertificate(der: Buffer): CertificateReading {
  const key = der.toString("base64");
  let reading = cache.get(key);
  if (!reading) {
    reading = parse(der);
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(key, reading);
  }
  return reading;
}

function parse(der: Buffer): CertificateReading {
  try {
    const cert = new NodeX509(der);
    const notBefore = new Date(cert.validFrom);
    const notAfter = new Date(cert.validTo);
    if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) {
      return { ok: false, error: "its validity dates cannot be read" };
    }
    let signature: SignatureFacts | undefined;
    const facts: CertificateFacts = {
      subject: displayName(cert.subject),
      issuer: displayName(cert.issuer),
      notBefore,
      notAfter,
      isCA: cert.ca,
      selfIssued: cert.subject === cert.issuer,
      forTls: allowsTls(cert.keyUsage),
      publicKey: publicKeyFacts(cert),
      signature: () => (signature ??= signatureOf(der)),
    };
    return { ok: true, facts };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}

/** "CN=web.example.com\nO=Example" -> "web.example.com"; without a CN, the DN on one line. */
function displayName(dn: string): string {
  const cn = /^CN=(.*)$/m.exec(dn);
  if (cn?.[1]) return cn[1];
  return dn.split("\n").filter(Boolean).join(", ") || "(empty name)";
}

const TLS_USAGES = new Set(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2", "2.5.29.37.0"]);

/** Node's `keyUsage` is the extendedKeyUsage OID list (undefined without the extension: any usage). */
function allowsTls(extendedKeyUsage: string[] | undefined): boolean {
  return !extendedKeyUsage || extendedKeyUsage.some((oid) => TLS_USAGES.has(oid));
}

const KEY_TYPES: Record<string, string> = {
  rsa: "RSA",
  "rsa-pss": "RSA-PSS",
  ec: "EC",
  ed25519: "Ed25519",
  ed448: "Ed448",
  dsa: "DSA",
};

function publicKeyFacts(cert: NodeX509): PublicKeyFacts {
  try {
    const key = cert.publicKey;
    const type = key.asymmetricKeyType ?? "unknown";
    const details = key.asymmetricKeyDetails ?? {};
    return { type: KEY_TYPES[type] ?? type, bits: details.modulusLength, curve: details.namedCurve };
  } catch {
    // OpenSSL cannot load some exotic keys (GOST, SM2...): not weak by our measures, just unknown.
    return { type: "unknown", bits: undefined, curve: undefined };
  }
}

function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // OpenSSL messages are "error:0680007B:asn1 encoding routines::header too long": keep the readable tail.
  return message.split(":").filter(Boolean).pop()?.trim() || "not a DER certificate";
}

// --- signature algorithm, via @peculiar/x509 -----------------------------------------------------------------

type Peculiar = typeof import("@peculiar/x509");
let peculiar: Peculiar | undefined;

function loadPeculiar(): Peculiar {
  if (!peculiar) {
    const require = createRequire(import.meta.url);
    require("reflect-metadata"); // @peculiar/x509's decorators throw at import without it
    peculiar = require("@peculiar/x509") as Peculiar;
  }
  return peculiar;
}

/** Signature OIDs @peculiar/x509 does not name (it only knows what WebCrypto can verify). */
const LEGACY_SIGNATURES: Record<string, SignatureFacts> = {
  "1.2.840.113549.1.1.2": { name: "md2WithRSAEncryption", hash: "MD2" },
  "1.2.840.113549.1.1.3": { name: "md4WithRSAEncryption", hash: "MD4" },
  "1.2.840.113549.1.1.4": { name: "md5WithRSAEncryption", hash: "MD5" },
  "1.2.840.113549.1.1.5": { name: "sha1WithRSAEncryption", hash: "SHA-1" },
  "1.2.840.10040.4.3": { name: "dsa-with-SHA1", hash: "SHA-1" },
  "1.2.840.10045.4.1": { name: "ecdsa-with-SHA1", hash: "SHA-1" },
  "1.3.14.3.2.29": { name: "sha1WithRSASignature", hash: "SHA-1" },
};

const WEB_NAMES: Record<string, string> = {
  "RSASSA-PKCS1-v1_5": "WithRSAEncryption",
  "RSA-PSS": "WithRSA-PSS",
  ECDSA: "ECDSA",
};

function signatureOf(der: Buffer): SignatureFacts {
  try {
    const x509 = loadPeculiar();
    const algorithm = new x509.X509Certificate(der).signatureAlgorithm as { name: string; hash?: { name: string } };
    const legacy = LEGACY_SIGNATURES[algorithm.name];
    if (legacy) return legacy;
    const hash = algorithm.hash?.name;
    const suffix = WEB_NAMES[algorithm.name];
    if (hash && suffix === "ECDSA") return { name: `ecdsa-with-${hash.replace("-", "")}`, hash };
    if (hash && suffix) return { name: `${hash.replace("-", "").toLowerCase()}${suffix}`, hash };
    return { name: algorithm.name, hash };
  } catch {
    return { name: "unknown", hash: undefined };
  }
}
