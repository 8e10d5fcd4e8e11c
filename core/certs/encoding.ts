/**
 * Text-level recognition of certificate and key material: base64 as the Kubernetes API decodes it, cheap
 * "is this PEM?" pre-checks, and values that are deliberately not material (SOPS ciphertext, unrendered templates).
 */

/** base64("-----BEGIN"): every base64-encoded PEM value starts with it, so one `startsWith` spots them. */
export const BASE64_PEM_PREFIX = "LS0tLS1CRUdJTi";

const PEM_MARKER = "-----BEGIN ";
const BASE64_ALPHABET = /^[A-Za-z0-9+/]*={0,2}$/;

export function hasPemMarker(text: string): boolean {
  return text.includes(PEM_MARKER);
}

export function looksLikeBase64Pem(text: string): boolean {
  return text.trimStart().startsWith(BASE64_PEM_PREFIX);
}

/**
 * Decode base64 the way the API server does (Go's StdEncoding: standard alphabet, padding required), but tolerant of
 * whitespace and CRLF anywhere, as YAML folding and copy-paste leave them. Returns undefined for anything else.
 */
export function decodeBase64(text: string): Buffer | undefined {
  const compact = text.replace(/\s+/g, "");
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64_ALPHABET.test(compact)) return undefined;
  return Buffer.from(compact, "base64");
}

/** SOPS encrypts each value in place as `ENC[AES256_GCM,data:...,iv:...,tag:...,type:str]`: ciphertext, not a key. */
export function isSopsEncrypted(text: string): boolean {
  return /^\s*ENC\[[A-Z0-9_]+,data:/.test(text);
}

/**
 * A value someone else fills in later: empty, a Helm/Go template, a `${VAR}` / `$(VAR)` substitution, or a
 * `<your-ca-here>` placeholder. Not material, so nothing to check yet.
 */
export function isUnfilled(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed === "") return true;
  if (trimmed.includes("{{") || /\$\{[^}]*\}|\$\([^)]*\)/.test(trimmed)) return true;
  return /^<[^<>]*>$/.test(trimmed);
}

/** Bytes as text when they are printable ASCII/UTF-8 (a decoded PEM); undefined for binary (DER, ciphertext). */
export function bytesAsText(bytes: Buffer): string | undefined {
  const sample = bytes.subarray(0, 512);
  for (const b of sample) {
    if (b < 0x09 || (b > 0x0d && b < 0x20) || b === 0x7f) return undefined;
  }
  return bytes.toString("utf8");
}
