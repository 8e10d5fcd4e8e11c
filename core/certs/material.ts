/**
 * One YAML value -> the certificates, private keys and broken certificate data it holds. Knows the encodings
 * (base64 fields such as `data.tls.crt` and `caBundle`, PEM fields such as `stringData`), bundles, and the values
 * that are not material at all (SOPS ciphertext, templates, placeholders).
 */
import { readCertificate, type CertificateFacts } from "./certificate.js";
import {
  BASE64_PEM_PREFIX,
  bytesAsText,
  decodeBase64,
  hasPemMarker,
  isSopsEncrypted,
  isUnfilled,
  looksLikeBase64Pem,
} from "./encoding.js";
import { blockBytes, isCertificateLabel, isPlaceholderBody, isPrivateKeyLabel, scanPem } from "./pem.js";
import { privateKeyOf, type PrivateKeyFacts } from "./private-key.js";

/** How the field stores its value: base64 of the bytes (Secret `data`, `caBundle`, `*-data`) or the text itself. */
export type Encoding = "base64" | "pem";

/** What the field is for. Only certificate fields report data that is not a certificate. */
export type Expect = "certificate" | "private-key" | "any";

export type Material =
  | { type: "certificate"; facts: CertificateFacts; position: number; count: number }
  | { type: "private-key"; key: PrivateKeyFacts }
  | { type: "unparseable"; problem: string };

/** Below this many bytes, non-PEM data in a certificate field is a stand-in ("TESTCERT", "\n"), not a broken cert. */
const PLACEHOLDER_BYTES = 64;
/** One short word of letters, digits, `-` and `_`: a stand-in, not a botched certificate. */
const STAND_IN_WORD = /^[A-Za-z0-9_-]{1,32}$/;

const MAX_CACHED = 2_000;
const cache = new Map<string, readonly Material[]>();

/** The material in one value. Cached by (encoding, expectation, text): a CA repeated across files is read once. */
export function readMaterial(text: string, encoding: Encoding, expect: Expect): readonly Material[] {
  const key = `${encoding}\u0000${expect}\u0000${text}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const materials = Object.freeze(decode(text, encoding, expect));
  // Only values holding something are worth remembering (most Secret/ConfigMap values hold nothing).
  if (materials.length > 0) {
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(key, materials);
  }
  return materials;
}

function decode(text: string, encoding: Encoding, expect: Expect): Material[] {
  if (isUnfilled(text) || isSopsEncrypted(text)) return [];
  const wantsCert = expect === "certificate";
  const broken = (problem: string): Material[] => (wantsCert ? [{ type: "unparseable", problem }] : []);

  if (hasPemMarker(text)) return fromPem(text, expect);

  if (encoding === "pem") {
    if (looksLikeBase64Pem(text)) {
      // A common stringData slip: base64 where the API takes the text as-is. Keys in it still leak.
      const inner = decodeBase64(text);
      const innerText = inner && bytesAsText(inner);
      const keys = innerText ? fromPem(innerText, "private-key") : [];
      return [...broken("holds base64, but this field takes the PEM text as-is"), ...keys];
    }
    return text.trim().length < PLACEHOLDER_BYTES ? [] : broken("is not PEM (no -----BEGIN CERTIFICATE----- block)");
  }

  const bytes = decodeBase64(text);
  if (!bytes) return broken("is not valid base64");
  if (bytes.length === 0) return [];
  const decoded = bytesAsText(bytes);
  if (decoded !== undefined) {
    if (hasPemMarker(decoded)) return fromPem(decoded, expect);
    if (decoded.trimStart().startsWith(BASE64_PEM_PREFIX)) {
      const twice = bytesAsText(decodeBase64(decoded) ?? Buffer.alloc(0));
      const keys = twice ? fromPem(twice, "private-key") : [];
      return [...broken("is base64-encoded twice"), ...keys];
    }
    // Readable text that is no certificate (`echo "my ca" | base64`): kubectl and TLS clients reject it, whatever its
    // length, unless it is a placeholder (`<ca-here>`, `${CA}`) or a bare word standing in for one in test data
    // (`TESTCERT3`, `CA1-secret`: 44 such values in Traefik's fixtures). Short binary stays a stand-in (REDACTED).
    const shown = decoded.replace(/\\[nrt]/g, "");
    if (isUnfilled(shown) || STAND_IN_WORD.test(shown.trim())) return [];
    return broken("decodes to text that is not a PEM certificate");
  }
  // Binary: a bare DER certificate (an ASN.1 SEQUENCE) is accepted by some consumers; read it as one.
  if (wantsCert && bytes[0] === 0x30) return [certificate(bytes, 1, 1)];
  return bytes.length < PLACEHOLDER_BYTES ? [] : broken("is neither PEM nor a DER certificate");
}

function fromPem(text: string, expect: Expect): Material[] {
  const { blocks, unterminated } = scanPem(text);
  const out: Material[] = [];
  const certBlocks = blocks.filter((b) => isCertificateLabel(b.label));
  certBlocks.forEach((block, i) => {
    if (isPlaceholderBody(block.body)) return;
    const bytes = blockBytes(block);
    const position = i + 1;
    if (!bytes) {
      out.push({ type: "unparseable", problem: `${ordinal(position, certBlocks.length)}has a PEM body that is not valid base64` });
    } else out.push(certificate(bytes, position, certBlocks.length));
  });
  for (const block of blocks) {
    const key = isPrivateKeyLabel(block.label) ? privateKeyOf(block) : undefined;
    if (key) out.push({ type: "private-key", key });
  }
  if (expect === "certificate") {
    // A lone BEGIN line is a stub; a BEGIN line followed by a body that never ends is a truncated paste.
    if (unterminated.some((u) => isCertificateLabel(u.label) && !isPlaceholderBody(u.body))) {
      out.push({ type: "unparseable", problem: "has a CERTIFICATE block without its END line (truncated?)" });
    } else if (certBlocks.length === 0 && blocks.length > 0) {
      const labels = [...new Set(blocks.map((b) => b.label))].join(", ");
      out.push({ type: "unparseable", problem: `holds ${labels} data, not a certificate` });
    }
  }
  return out;
}

/** "certificate 'web.example.com'", or "certificate 2 of 3 'web.example.com'" inside a bundle. */
export function certificateLabel(material: { facts: CertificateFacts; position: number; count: number }): string {
  const position = material.count > 1 ? ` ${material.position} of ${material.count}` : "";
  return `certificate${position} '${material.facts.subject}'`;
}

function certificate(der: Buffer, position: number, count: number): Material {
  const reading = readCertificate(der);
  if (reading.ok) return { type: "certificate", facts: reading.facts, position, count };
  return { type: "unparseable", problem: `${ordinal(position, count)}cannot be parsed as X.509 (${reading.error})` };
}

/** "(certificate 2 of 3) " inside bundles, "" for a lone certificate. */
function ordinal(position: number, count: number): string {
  return count > 1 ? `(certificate ${position} of ${count}) ` : "";
}
