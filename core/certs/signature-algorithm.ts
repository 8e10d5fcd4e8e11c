/**
 * A certificate's signature algorithm, read straight from its DER: Node 20's X509Certificate does not expose it, and
 * loading a full X.509 library for this one field cost ~0.1–0.2 s per run that has any certificate.
 *
 * RFC 5280 §4.1: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm AlgorithmIdentifier, signature }, and
 * AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL }. RSASSA-PSS keeps its
 * hash in the parameters (RFC 4055 §3.1: `[0] hashAlgorithm`, SHA-1 when absent). OIDs: RFC 8017 Appendix C, RFC 5758
 * §3.2, RFC 8410 §3, RFC 3279 §2.2.2, NIST CSOR.
 */

export interface SignatureFacts {
  /** A readable name: "sha256WithRSAEncryption", "ecdsa-with-SHA1", "md5WithRSAEncryption", ... */
  name: string;
  /** The hash, when known: "SHA-1", "SHA-256", "MD5", ... (undefined for Ed25519, which has none to pick). */
  hash: string | undefined;
}

const HASH_OIDS: Record<string, string> = {
  "1.2.840.113549.2.2": "MD2",
  "1.2.840.113549.2.5": "MD5",
  "1.3.14.3.2.26": "SHA-1",
  "2.16.840.1.101.3.4.2.4": "SHA-224",
  "2.16.840.1.101.3.4.2.1": "SHA-256",
  "2.16.840.1.101.3.4.2.2": "SHA-384",
  "2.16.840.1.101.3.4.2.3": "SHA-512",
};

const rsa = (hash: string): SignatureFacts => ({ name: `${hash.replace("-", "").toLowerCase()}WithRSAEncryption`, hash });
const ecdsa = (hash: string): SignatureFacts => ({ name: `ecdsa-with-${hash.replace("-", "")}`, hash });
const dsa = (hash: string): SignatureFacts => ({ name: `dsa-with-${hash.replace("-", "")}`, hash });

const SIGNATURES: Record<string, SignatureFacts> = {
  "1.2.840.113549.1.1.2": rsa("MD2"),
  "1.2.840.113549.1.1.3": rsa("MD4"),
  "1.2.840.113549.1.1.4": rsa("MD5"),
  "1.2.840.113549.1.1.5": rsa("SHA-1"),
  "1.2.840.113549.1.1.14": rsa("SHA-224"),
  "1.2.840.113549.1.1.11": rsa("SHA-256"),
  "1.2.840.113549.1.1.12": rsa("SHA-384"),
  "1.2.840.113549.1.1.13": rsa("SHA-512"),
  "1.3.14.3.2.29": { name: "sha1WithRSASignature", hash: "SHA-1" },
  "1.2.840.10045.4.1": ecdsa("SHA-1"),
  "1.2.840.10045.4.3.1": ecdsa("SHA-224"),
  "1.2.840.10045.4.3.2": ecdsa("SHA-256"),
  "1.2.840.10045.4.3.3": ecdsa("SHA-384"),
  "1.2.840.10045.4.3.4": ecdsa("SHA-512"),
  "1.2.840.10040.4.3": dsa("SHA-1"),
  "2.16.840.1.101.3.4.3.1": dsa("SHA-224"),
  "2.16.840.1.101.3.4.3.2": dsa("SHA-256"),
  "1.3.101.112": { name: "Ed25519", hash: undefined },
  "1.3.101.113": { name: "Ed448", hash: undefined },
};

const RSASSA_PSS = "1.2.840.113549.1.1.10";
const UNKNOWN: SignatureFacts = { name: "unknown", hash: undefined };

/** Never throws: bytes that are not a certificate give `unknown`; an OID we do not name is its name. */
export function signatureAlgorithm(der: Uint8Array): SignatureFacts {
  const certificate = element(der, 0, der.length, SEQUENCE);
  if (!certificate) return UNKNOWN;
  const tbs = element(der, certificate.start, certificate.end, SEQUENCE);
  const algorithm = tbs && element(der, tbs.end, certificate.end, SEQUENCE);
  const oid = algorithm && element(der, algorithm.start, algorithm.end, OBJECT_IDENTIFIER);
  if (!algorithm || !oid) return UNKNOWN;
  const name = oidString(der, oid.start, oid.end);
  if (name === undefined) return UNKNOWN;
  if (name === RSASSA_PSS) {
    const hash = pssHash(der, oid.end, algorithm.end);
    return { name: `${hash.replace("-", "").toLowerCase()}WithRSA-PSS`, hash };
  }
  return SIGNATURES[name] ?? { name, hash: undefined };
}

/** RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] AlgorithmIdentifier DEFAULT sha1, ... } (RFC 4055). */
function pssHash(der: Uint8Array, from: number, to: number): string {
  const params = element(der, from, to, SEQUENCE);
  const tagged = params && element(der, params.start, params.end, CONTEXT_0);
  const hashAlgorithm = tagged && element(der, tagged.start, tagged.end, SEQUENCE);
  const oid = hashAlgorithm && element(der, hashAlgorithm.start, hashAlgorithm.end, OBJECT_IDENTIFIER);
  if (!oid) return "SHA-1";
  const name = oidString(der, oid.start, oid.end);
  return (name && HASH_OIDS[name]) ?? name ?? "SHA-1";
}

const SEQUENCE = 0x30;
const OBJECT_IDENTIFIER = 0x06;
const CONTEXT_0 = 0xa0;

/** The DER element at `at` (before `limit`) if it has this tag: where its contents start and end. */
function element(der: Uint8Array, at: number, limit: number, tag: number): { start: number; end: number } | undefined {
  if (at + 2 > limit || der[at] !== tag) return undefined;
  let length = der[at + 1] as number;
  let start = at + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    // DER never uses the indefinite form (0x80); 4 length bytes cover any certificate.
    if (bytes === 0 || bytes > 4 || start + bytes > limit) return undefined;
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + (der[start + i] as number);
    start += bytes;
  }
  const end = start + length;
  return end <= limit ? { start, end } : undefined;
}

/** X.690 §8.19: the first byte holds the first two arcs, then base-128 numbers with a continuation bit. */
function oidString(der: Uint8Array, start: number, end: number): string | undefined {
  if (start >= end) return undefined;
  const arcs: number[] = [];
  let value = 0;
  for (let i = start; i < end; i++) {
    const byte = der[i] as number;
    value = value * 128 + (byte & 0x7f);
    if (byte & 0x80) continue;
    if (arcs.length === 0) arcs.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
    else arcs.push(value);
    value = 0;
  }
  return (der[end - 1] as number) & 0x80 ? undefined : arcs.join(".");
}
