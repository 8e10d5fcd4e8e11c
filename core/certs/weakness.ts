/**
 * Why a certificate is weak: a key that can be factored, a signature that can be forged, or (for TLS leaf
 * certificates, optionally) a lifetime long enough that a stolen key stays useful for years.
 */
import type { CertificateFacts } from "./certificate.js";
import { DAY_MS } from "./validity.js";

export interface WeaknessOptions {
  minRsaBits: number;
  /** Longest acceptable validity of a leaf certificate, in days; null: no limit. */
  maxValidityDays: number | null;
}

export type Weakness =
  | { type: "small-rsa-key"; bits: number }
  | { type: "weak-signature"; algorithm: string; hash: string }
  | { type: "long-validity"; days: number };

/** Hashes with practical collisions (MD5: 2004, SHA-1: SHAttered 2017). */
const BROKEN_HASHES = new Set(["MD2", "MD4", "MD5", "SHA-1"]);

export function weaknessesOf(facts: CertificateFacts, options: WeaknessOptions): Weakness[] {
  const found: Weakness[] = [];
  const { publicKey } = facts;
  if ((publicKey.type === "RSA" || publicKey.type === "RSA-PSS") && publicKey.bits !== undefined && publicKey.bits < options.minRsaBits) {
    found.push({ type: "small-rsa-key", bits: publicKey.bits });
  }
  // A trust anchor's own signature is never verified (RFC 5280 §6.1; Go and OpenSSL skip it), so a SHA-1
  // self-signed root is harmless; every other certificate's signature is checked by the client.
  if (!(facts.isCA && facts.selfIssued)) {
    const signature = facts.signature();
    if (signature.hash && BROKEN_HASHES.has(signature.hash)) {
      found.push({ type: "weak-signature", algorithm: signature.name, hash: signature.hash });
    }
  }
  // The CA/Browser Forum's 398 days are about TLS leaves; CAs and code-signing certificates (whose signatures must
  // verify for years) are out of scope.
  if (options.maxValidityDays !== null && !facts.isCA && facts.forTls) {
    const days = (facts.notAfter.getTime() - facts.notBefore.getTime()) / DAY_MS;
    if (days > options.maxValidityDays) found.push({ type: "long-validity", days: Math.floor(days) });
  }
  return found;
}
