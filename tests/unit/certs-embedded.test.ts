import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseForESLint } from "yaml-eslint-parser";
import type { AST } from "yaml-eslint-parser";
import { describe, expect, it } from "vitest";
import { findEmbedded } from "../../core/certs/embedded.js";
import { readRepositoryFile } from "../../core/certs/files.js";
import { formatPath, roleOf } from "../../core/certs/locations.js";
import { extractManifests } from "../../core/manifest/extract.js";
import type { ManifestObject } from "../../core/manifest/model.js";
import { b64, makeCert, privateKeyPem } from "../helpers/certs.js";
import { repo } from "../helpers/rule-tester.js";

const cert = await makeCert({ cn: "embedded.example.com" });

function scan(text: string, root = os.tmpdir(), file = path.join(root, "f.yaml")) {
  const program = parseForESLint(text).ast as unknown as AST.YAMLProgram;
  let rootAsked = 0;
  const found = findEmbedded(program, extractManifests(program, file), () => (rootAsked++, root));
  return { program, found, rootAsked, file };
}

const obj = (kind: string, name = "x") => ({ kind, name }) as ManifestObject;

describe("roleOf", () => {
  it("knows the fields Kubernetes defines", () => {
    expect(roleOf(obj("Config"), ["clusters", 0, "cluster", "certificate-authority-data"])).toEqual({ role: "value", encoding: "base64", expect: "certificate" });
    expect(roleOf(obj("Config"), ["users", 2, "user", "client-key"])).toEqual({ role: "file", expect: "private-key" });
    expect(roleOf(obj("Config"), ["users", "x", "user", "client-key"])).toBeUndefined();
    expect(roleOf(obj("Secret"), ["data", "tls.key"])).toEqual({ role: "value", encoding: "base64", expect: "private-key" });
    expect(roleOf(obj("Secret"), ["stringData", "ca.crt"])).toEqual({ role: "value", encoding: "pem", expect: "certificate" });
    expect(roleOf(obj("Secret"), ["data", "password"])).toEqual({ role: "value", encoding: "base64", expect: "any" });
    expect(roleOf(obj("ConfigMap", "kube-root-ca.crt"), ["data", "ca.crt"])).toEqual({ role: "value", encoding: "pem", expect: "certificate" });
    expect(roleOf(obj("ConfigMap", "other"), ["data", "ca.crt"])).toEqual({ role: "value", encoding: "pem", expect: "any" });
    expect(roleOf(obj("ConfigMap"), ["binaryData", "x"])).toEqual({ role: "value", encoding: "base64", expect: "any" });
    expect(roleOf(obj("SealedSecret"), ["spec", "encryptedData", "tls.key"])).toEqual({ role: "ignore" });
    expect(roleOf(obj("MutatingWebhookConfiguration"), ["webhooks", 0, "clientConfig", "caBundle"])).toMatchObject({ expect: "certificate" });
    expect(roleOf(obj("Deployment"), ["spec", "replicas"])).toBeUndefined();
  });
  it("formats paths for messages", () => {
    expect(formatPath(["webhooks", 0, "clientConfig", "caBundle"])).toBe("webhooks[0].clientConfig.caBundle");
    expect(formatPath([])).toBe("");
  });
});

describe("findEmbedded", () => {
  it("scans once per file and asks for the repository root only for kubeconfig file references", () => {
    const { program, found, rootAsked, file } = scan(`apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  tls.crt: ${cert.b64}\n`);
    expect(found.map((e) => [e.where, e.material.type])).toEqual([["Secret 's' data.tls.crt", "certificate"]]);
    expect(rootAsked).toBe(0);
    expect(findEmbedded(program, extractManifests(program, file), () => "/")).toBe(found);
  });
  it("covers plain YAML documents, Lists and anything around the objects", () => {
    const text = `tls:\n  key: ${b64(privateKeyPem("pkcs8"))}\n---\napiVersion: v1\nkind: List\nmetadata:\n  annotations:\n    ca: ${cert.b64}\nitems:\n  - apiVersion: v1\n    kind: Secret\n    metadata: {name: s}\n    data:\n      tls.crt: ${cert.b64}\n`;
    expect(scan(text).found.map((e) => [e.where, e.material.type])).toEqual([
      ["Secret 's' data.tls.crt", "certificate"],
      ["tls.key", "private-key"],
      ["metadata.annotations.ca", "certificate"],
    ]);
  });
  it("survives hostile shapes", () => {
    for (const text of ["", "---\n---\n", "- 1\n- [2]\n", "a: &a [*a]\n", "apiVersion: v1\nkind: Secret\ndata: !!binary aGVsbG8=\n", "? [complex]\n: key\n"]) {
      expect(() => scan(text)).not.toThrow();
    }
  });
});

describe("readRepositoryFile", () => {
  it("reads files inside the root, relative to the kubeconfig", () => {
    const root = repo({ "kube/certs/ca.crt": cert.pem });
    expect(readRepositoryFile(root, path.join(root, "kube/config.yaml"), "certs/ca.crt")).toBe(cert.pem);
    expect(readRepositoryFile(root, path.join(root, "kube/config.yaml"), path.join(root, "kube/certs/ca.crt"))).toBe(cert.pem);
  });
  it("never leaves the repository: parent paths, absolute paths, home paths, symlinks, folders", () => {
    const outside = repo({ "ca.crt": cert.pem });
    const root = repo({ "kube/x": "" });
    fs.symlinkSync(path.join(outside, "ca.crt"), path.join(root, "kube/link.crt"));
    const kubeconfig = path.join(root, "kube/config.yaml");
    expect(readRepositoryFile(root, kubeconfig, path.relative(path.join(root, "kube"), path.join(outside, "ca.crt")))).toBeUndefined();
    expect(readRepositoryFile(root, kubeconfig, path.join(outside, "ca.crt"))).toBeUndefined();
    expect(readRepositoryFile(root, kubeconfig, "~/.kube/ca.crt")).toBeUndefined();
    expect(readRepositoryFile(root, kubeconfig, "link.crt")).toBeUndefined();
    expect(readRepositoryFile(root, kubeconfig, ".")).toBeUndefined();
    expect(readRepositoryFile(root, kubeconfig, "missing.crt")).toBeUndefined();
  });
});
