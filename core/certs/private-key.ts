/**
 * Which private key a PEM block holds, and whether a passphrase protects it — read from the label, the RFC 1421
 * headers and (OpenSSH) the cipher name, never by loading the key.
 */
import { blockBytes, isPlaceholderBody, isPrivateKeyLabel, type PemBlock } from "./pem.js";

export interface PrivateKeyFacts {
  /** "RSA (PKCS#1)", "EC (SEC 1)", "PKCS#8", "OpenSSH", "DSA", "PGP", ... */
  format: string;
  encrypted: boolean;
}

const FORMATS: Record<string, string> = {
  "RSA PRIVATE KEY": "RSA (PKCS#1)",
  "EC PRIVATE KEY": "EC (SEC 1)",
  "DSA PRIVATE KEY": "DSA",
  "PRIVATE KEY": "PKCS#8",
  "ENCRYPTED PRIVATE KEY": "PKCS#8",
  "OPENSSH PRIVATE KEY": "OpenSSH",
  "PGP PRIVATE KEY BLOCK": "PGP",
};

/** The key a block holds; undefined when it is not a private key block or only a placeholder for one. */
export function privateKeyOf(block: PemBlock): PrivateKeyFacts | undefined {
  if (!isPrivateKeyLabel(block.label) || isPlaceholderBody(block.body)) return undefined;
  const bytes = blockBytes(block);
  if (!bytes) return undefined;
  const format = FORMATS[block.label] ?? block.label.replace(/ PRIVATE KEY( BLOCK)?$/, "");
  return { format, encrypted: isEncrypted(block, bytes) };
}

function isEncrypted(block: PemBlock, bytes: Buffer): boolean {
  if (block.label.startsWith("ENCRYPTED ")) return true;
  // Legacy OpenSSL encryption: `Proc-Type: 4,ENCRYPTED` + `DEK-Info: AES-256-CBC,...`.
  if (block.headers["proc-type"]?.includes("ENCRYPTED")) return true;
  if (block.label === "OPENSSH PRIVATE KEY") {
    const cipher = openSshCipher(bytes);
    return cipher !== undefined && cipher !== "none";
  }
  return false;
}

const OPENSSH_MAGIC = "openssh-key-v1\0";

/** openssh-key-v1 starts with its magic, then a length-prefixed cipher name ("none" when unencrypted). */
function openSshCipher(bytes: Buffer): string | undefined {
  if (bytes.subarray(0, OPENSSH_MAGIC.length).toString("latin1") !== OPENSSH_MAGIC) return undefined;
  const at = OPENSSH_MAGIC.length;
  if (bytes.length < at + 4) return undefined;
  const length = bytes.readUInt32BE(at);
  if (length > 64 || bytes.length < at + 4 + length) return undefined;
  return bytes.subarray(at + 4, at + 4 + length).toString("latin1");
}
