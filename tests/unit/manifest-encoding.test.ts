/** Text encodings of manifest files: UTF-16 with a byte-order mark is decoded for the index, and named when linted. */
import { describe, expect, it } from "vitest";
import { decodeManifestBytes, readManifestText } from "../../core/manifest/read.js";
import { lintSkipOf, skipWarning } from "../../core/manifest/skip.js";

const TEXT = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: café\n";
const utf16le = () => Buffer.from(`\uFEFF${TEXT}`, "utf16le");
const utf16be = () => utf16le().swap16();

describe("decodeManifestBytes", () => {
  it("decodes UTF-16 LE and BE by their byte-order mark, dropping the mark", () => {
    expect(decodeManifestBytes(utf16le())).toBe(TEXT);
    expect(decodeManifestBytes(utf16be())).toBe(TEXT);
  });

  it("reads everything else as UTF-8, without a UTF-8 BOM (ESLint lints the text without it)", () => {
    expect(decodeManifestBytes(Buffer.from(TEXT))).toBe(TEXT);
    expect(decodeManifestBytes(Buffer.from(`\uFEFF${TEXT}`))).toBe(TEXT);
    expect(decodeManifestBytes(Buffer.from(`\uFEFF${TEXT}`).subarray(0, 2))).toBe("\uFFFD"); // a cut mark is no mark
    expect(decodeManifestBytes(new Uint8Array())).toBe("");
    expect(decodeManifestBytes(Buffer.from([0xff]))).toBe("\uFFFD"); // one byte is no BOM
  });

  it("gives the index the objects of a UTF-16 file", () => {
    const { manifest, skipped } = readManifestText(decodeManifestBytes(utf16le()), "/repo/ns.yaml");
    expect(skipped).toBeUndefined();
    expect(manifest?.objects.map((o) => `${o.kind}/${o.name}`)).toEqual(["Namespace/café"]);
  });
});

describe("lintSkipOf: a UTF-16 file as ESLint reads it (as UTF-8)", () => {
  it.each([
    ["LE", utf16le],
    ["BE", utf16be],
  ])("UTF-16 %s is skipped as utf-16, with a message saying how to fix it", (_name, bytes) => {
    const skip = lintSkipOf(bytes().toString("utf8"), "/repo/ns.yaml");
    expect(skip).toEqual({ reason: "utf-16" });
    expect(skipWarning(skip as never)).toMatch(/UTF-16 file.*Re-save it as UTF-8: iconv -f UTF-16 -t UTF-8\.$/);
    expect((skipWarning(skip as never) ?? "").length).toBeLessThanOrEqual(160);
  });

  it("NUL bytes without a UTF-16 mark are still binary", () => {
    expect(lintSkipOf("kind: x\u0000", "/repo/a.yaml")).toEqual({ reason: "binary" });
    // A UTF-16 file without a byte-order mark cannot be told from binary data: binary.
    expect(lintSkipOf(Buffer.from(TEXT, "utf16le").toString("utf8"), "/repo/a.yaml")).toEqual({ reason: "binary" });
  });
});
