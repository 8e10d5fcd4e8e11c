/**
 * What a certificate says about itself, parsed once per distinct DER per process.
 *
 * node:crypto's X509Certificate is built in, synchronous and free to load, and gives everything the expiry check
 * needs (dates, names, basicConstraints CA flag, key type and size). Node 20 does not expose the signature
 * algorithm: signature-algorithm.ts reads that one field from the DER (it was @peculiar/x509, ~0.1–0.2 s to load).
 */
import { X509Certificate as NodeX509 } from "node:crypto";
import { signatureAlgorithm, type SignatureFacts } from "./signature-algorithm.js";

export type { SignatureFacts };

export interface PublicKeyFacts {
  /** "RSA", "RSA-PSS", "EC", "Ed25519", "Ed448", "DSA", or the raw type. */
  type: string;
  /** RSA/DSA modulus length in bits. */
  bits: number | undefined;
  /** EC curve, as OpenSSL names it (prime256v1, secp384r1). */
  curve: string | undefined;
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
  /** Read on first use. */
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
      signature: () => (signature ??= signatureAlgorithm(der)),
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
