import { describe, expect, it } from "vitest";
import { decodeBase64, isSopsEncrypted, isUnfilled, looksLikeBase64Pem, bytesAsText } from "../../core/certs/encoding.js";
import { isCertificateLabel, isPlaceholderBody, isPrivateKeyLabel, scanPem } from "../../core/certs/pem.js";
import { b64, makeCert } from "../helpers/certs.js";

const cert = await makeCert({ cn: "pem.example.com" });

describe("decodeBase64", () => {
  it("decodes like the API server, tolerating whitespace and CRLF", () => {
    expect(decodeBase64("aGVsbG8=")?.toString()).toBe("hello");
    expect(decodeBase64("aGVs\r\n  bG8=\n")?.toString()).toBe("hello");
  });
  it("rejects what Go's StdEncoding rejects", () => {
    expect(decodeBase64("aGVsbG8")).toBeUndefined(); // missing padding
    expect(decodeBase64("not base64!")).toBeUndefined();
    expect(decodeBase64("aGVs-G8_")).toBeUndefined(); // URL alphabet
    expect(decodeBase64("")).toBeUndefined();
    expect(decodeBase64("=aGV")).toBeUndefined();
  });
});

describe("value recognisers", () => {
  it("spots base64 of PEM by its prefix", () => {
    expect(looksLikeBase64Pem(cert.b64)).toBe(true);
    expect(looksLikeBase64Pem(`  ${cert.b64}`)).toBe(true);
    expect(looksLikeBase64Pem(b64("hello"))).toBe(false);
  });
  it("knows SOPS ciphertext", () => {
    expect(isSopsEncrypted("ENC[AES256_GCM,data:Tr7o=,iv:1=,tag:2=,type:str]")).toBe(true);
    expect(isSopsEncrypted("ENCRYPTED")).toBe(false);
  });
  it("knows values filled in later", () => {
    for (const v of ["", "  ", "{{ .Values.ca }}", "${CA_BUNDLE}", "$(CA)", "<your CA here>"]) expect(isUnfilled(v)).toBe(true);
    for (const v of [cert.b64, "Cg==", "TESTCERT"]) expect(isUnfilled(v)).toBe(false);
  });
  it("tells text from binary", () => {
    expect(bytesAsText(Buffer.from(cert.pem))).toBe(cert.pem);
    expect(bytesAsText(cert.der)).toBeUndefined();
  });
});

describe("scanPem", () => {
  it("reads a block and its base64 body", () => {
    const { blocks, unterminated } = scanPem(cert.pem);
    expect(blocks).toHaveLength(1);
    expect(blocks[0]?.label).toBe("CERTIFICATE");
    expect(Buffer.from(blocks[0]?.body ?? "", "base64").equals(cert.der)).toBe(true);
    expect(unterminated).toEqual([]);
  });
  it("tolerates CRLF, indentation, folding and literal \\n escapes", () => {
    const variants = [
      cert.pem.replace(/\n/g, "\r\n"),
      cert.pem.replace(/^/gm, "    "),
      cert.pem.replace(/\n/g, " "),
      cert.pem.replace(/\n/g, "\\n"),
    ];
    for (const text of variants) {
      const [block] = scanPem(text).blocks;
      expect(Buffer.from(block?.body ?? "", "base64").equals(cert.der)).toBe(true);
    }
  });
  it("reads RFC 1421 headers of legacy encrypted keys", () => {
    const text = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00FF\n\nQUJD\n-----END RSA PRIVATE KEY-----";
    const [block] = scanPem(text).blocks;
    expect(block?.headers).toEqual({ "proc-type": "4,ENCRYPTED", "dek-info": "AES-256-CBC,00FF" });
    expect(block?.body).toBe("QUJD");
  });
  it("reports BEGIN lines without END", () => {
    const text = `${cert.pem}-----BEGIN CERTIFICATE-----\nMIIB`;
    expect(scanPem(text)).toMatchObject({ blocks: [{ label: "CERTIFICATE" }], unterminated: [{ label: "CERTIFICATE", body: "MIIB" }] });
  });
  it("classifies labels and placeholder bodies", () => {
    expect(isCertificateLabel("CERTIFICATE")).toBe(true);
    expect(isCertificateLabel("CERTIFICATE REQUEST")).toBe(false);
    for (const label of ["PRIVATE KEY", "RSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "OPENSSH PRIVATE KEY", "PGP PRIVATE KEY BLOCK"]) {
      expect(isPrivateKeyLabel(label)).toBe(true);
    }
    expect(isPrivateKeyLabel("PUBLIC KEY")).toBe(false);
    expect(isPlaceholderBody("")).toBe(true);
    expect(isPlaceholderBody("MIIB...")).toBe(true);
    expect(isPlaceholderBody(`${"A".repeat(80)}<your-key>`)).toBe(true);
    expect(isPlaceholderBody(scanPem(cert.pem).blocks[0]?.body ?? "")).toBe(false);
  });
});
