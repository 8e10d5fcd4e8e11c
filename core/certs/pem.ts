/**
 * PEM blocks (RFC 7468, plus the RFC 1421 headers of legacy encrypted keys), read tolerantly: CRLF, indentation,
 * folded lines and literal `\n` escapes all occur in YAML-embedded PEM.
 */
import { decodeBase64 } from "./encoding.js";

export interface PemBlock {
  label: string;
  /** RFC 1421 headers (`Proc-Type`, `DEK-Info`) or PGP armor headers. */
  headers: Readonly<Record<string, string>>;
  /** The base64 body with all whitespace removed. */
  body: string;
}

export interface PemScan {
  blocks: PemBlock[];
  /** `-----BEGIN x-----` lines that never meet their END line (a truncated paste), with what follows them. */
  unterminated: { label: string; body: string }[];
}

const BLOCK = /-----BEGIN ([A-Z0-9][A-Z0-9 #-]*?)-----([\s\S]*?)-----END \1-----/g;
const BEGIN = /-----BEGIN ([A-Z0-9][A-Z0-9 #-]*?)-----/g;
const HEADER = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/;

export function scanPem(text: string): PemScan {
  const normalized = text.includes("\\n") ? text.replace(/\\r|\\n/g, "\n") : text;
  const blocks: PemBlock[] = [];
  const covered: [number, number][] = [];
  for (const match of normalized.matchAll(BLOCK)) {
    blocks.push(toBlock(match[1] as string, match[2] as string));
    covered.push([match.index, match.index + match[0].length]);
  }
  const unterminated: { label: string; body: string }[] = [];
  for (const match of normalized.matchAll(BEGIN)) {
    if (covered.some(([from, to]) => match.index >= from && match.index < to)) continue;
    const rest = normalized.slice(match.index + match[0].length).split("-----")[0] ?? "";
    unterminated.push({ label: match[1] as string, body: rest.replace(/\s+/g, "") });
  }
  return { blocks, unterminated };
}

function toBlock(label: string, inner: string): PemBlock {
  const lines = inner.split(/\r?\n|\r/).map((line) => line.trim());
  const headers: Record<string, string> = {};
  let start = 0;
  // Headers sit at the top and end with a blank line; base64 lines never contain ':'.
  while (start < lines.length && (lines[start] === "" || HEADER.test(lines[start] as string))) {
    const header = HEADER.exec(lines[start] as string);
    if (header) headers[(header[1] as string).toLowerCase()] = header[2] as string;
    start++;
  }
  // PGP armor ends with a `=XXXX` CRC-24 line that is not part of the body.
  const bodyLines = lines.slice(start).filter((line) => !/^=[A-Za-z0-9+/]{4}$/.test(line));
  return { label, headers, body: bodyLines.join("").replace(/\s+/g, "") };
}

export function isCertificateLabel(label: string): boolean {
  return label === "CERTIFICATE" || label === "TRUSTED CERTIFICATE" || label === "X509 CERTIFICATE";
}

export function isPrivateKeyLabel(label: string): boolean {
  return /PRIVATE KEY( BLOCK)?$/.test(label);
}

/**
 * A body that stands for material rather than being it: empty, elided (`MIIB...`), a `<paste here>` marker, or too
 * short to be any real certificate or key (the smallest real ones are well over 100 base64 characters).
 */
export function isPlaceholderBody(body: string): boolean {
  return body.length < 64 || /\.\.\.|[<>{}$*]/.test(body);
}

/** The DER bytes of a block, or undefined when its body is not valid base64. */
export function blockBytes(block: PemBlock): Buffer | undefined {
  return decodeBase64(block.body);
}
