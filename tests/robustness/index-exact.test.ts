/**
 * The index's shortcuts are exact (issue 18):
 * - its cheap reader (`readManifestValues`, the `yaml` package straight to values) gives the same ManifestFile as
 *   the linted file's extraction on ESLint's AST, or declines (and the exact reader runs);
 * - its text pre-filter never skips a file that holds an indexed object or a kustomize config, whatever the style:
 *   block, JSON, flow, quoted keys, anchors/aliases and merge keys, `kind: List`, CRLF, BOM;
 * - a workspace built with the pre-filter on holds the same index as one that parses every file.
 * On generated files of every style and on every file of ../shared/corpus.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseYAML } from "yaml-eslint-parser";
import { extractManifests } from "../../core/manifest/extract.js";
import type { ManifestFile } from "../../core/manifest/model.js";
import { stripNodes } from "../../core/manifest/read.js";
import { readManifestValues } from "../../core/manifest/read-values.js";
import { normalizeSettings } from "../../core/settings.js";
import { isIndexedKind, mayHoldIndexedObject } from "../../core/workspace/indexed-kinds.js";
import { Workspace } from "../../core/workspace/workspace.js";
import { PROJECT_ROOT } from "../helpers/eslint-cli.js";
import { kubeDocument, toYaml, type Tree } from "./yaml-arbitraries.js";

const CORPUS = path.resolve(PROJECT_ROOT, "../shared/corpus");

/** The linted file's view (ESLint's AST), without nodes; undefined when yaml-eslint-parser rejects the text. */
function viaEslintAst(text: string, filePath: string): ManifestFile | undefined {
  try {
    return stripNodes(extractManifests(parseYAML(text.replace(/^\uFEFF/, ""), { filePath }), filePath));
  } catch {
    return undefined;
  }
}

/** Null-prototype maps and ordinary objects compare alike; NaN equals NaN. */
const same = (a: unknown, b: unknown) => isDeepStrictEqual(structuredClone(a), structuredClone(b));

/** What a file gives the index when parsed: indexed objects and a kustomize config. */
const contributes = (file: ManifestFile | undefined) => !!file && (!!file.kustomization || file.objects.some((o) => isIndexedKind(o.kind)));

function checkFile(text: string, filePath: string): void {
  const reference = viaEslintAst(text, filePath);
  const fast = readManifestValues(text.replace(/^\uFEFF/, ""), filePath);
  if (fast) {
    expect(reference, `the cheap reader read what yaml-eslint-parser rejects: ${filePath}`).toBeDefined();
    expect(same(stripNodes(fast), reference), `readers differ on ${filePath}`).toBe(true);
  }
  if (contributes(reference)) expect(mayHoldIndexedObject(text, filePath), `pre-filter skipped ${filePath}`).toBe(true);
}

// ---- styles -------------------------------------------------------------------------------------------------------

const KEY = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
/** Flow style without JSON's quotes where YAML allows it (`{kind: Namespace, metadata: {name: a}}`). */
function flowPlain(value: Tree): string {
  if (value === null || typeof value !== "object") {
    return typeof value === "string" && KEY.test(value) && !/^(true|false|null|y|n|yes|no|on|off)$/i.test(value) ? value : JSON.stringify(value) ?? "null";
  }
  if (Array.isArray(value)) return `[${value.map(flowPlain).join(", ")}]`;
  return `{${Object.entries(value).map(([k, v]) => `${KEY.test(k) && k !== "<<" ? k : JSON.stringify(k)}: ${flowPlain(v)}`).join(", ")}}`;
}
/** Block style with every key single-quoted. */
const quotedKeys = (text: string) => text.replace(/^(\s*(?:- )?)([A-Za-z_][\w./-]*):/gm, "$1'$2':");
/** The kind written once with an anchor in a base mapping, merged into the object (`<<: *base`). */
function anchored(doc: Tree): string {
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return toYaml(doc, false);
  const { kind, ...rest } = doc;
  return `${toYaml({ ".base": { kind: kind ?? null } }, false).replace(".base:", ".base: &base")}<<: *base\n${toYaml(rest, false)}`;
}
/** The items of a `kind: List`. */
const list = (docs: Tree[]): Tree => ({ apiVersion: "v1", kind: "List", items: docs });

const STYLES: Record<string, (docs: Tree[]) => string> = {
  block: (docs) => docs.map((d) => toYaml(d, false)).join("---\n"),
  json: (docs) => docs.map((d) => toYaml(d, true)).join("---\n"),
  flow: (docs) => docs.map((d) => `${flowPlain(d)}\n`).join("---\n"),
  "quoted keys": (docs) => docs.map((d) => quotedKeys(toYaml(d, false))).join("---\n"),
  "anchors and merge keys": (docs) => docs.map(anchored).join("---\n"),
  "kind: List (block)": (docs) => toYaml(list(docs), false),
  "kind: List (JSON)": (docs) => toYaml(list(docs), true),
  CRLF: (docs) => docs.map((d) => toYaml(d, false)).join("---\n").replace(/\n/g, "\r\n"),
  BOM: (docs) => `\uFEFF${docs.map((d) => toYaml(d, true)).join("---\n")}`,
};

describe("the index's cheap reader and pre-filter are exact", () => {
  it.each(Object.keys(STYLES))("on generated files, %s", (style) => {
    const write = STYLES[style] as (docs: Tree[]) => string;
    fc.assert(
      fc.property(fc.array(kubeDocument, { minLength: 1, maxLength: 3 }), fc.boolean(), (docs, kustomizationName) => {
        checkFile(write(docs), kustomizationName ? "/repo/app/kustomization.yaml" : "/repo/app/objects.yaml");
      }),
      { numRuns: 150 },
    );
  });

  it.each([
    ["an escaped kind", 'apiVersion: v1\nkind: "Name\\u0073pace"\nmetadata: {name: a}\n'],
    ["an escaped line break", 'apiVersion: v1\nkind: "Network\\\n  Policy"\nmetadata: {name: a}\n'],
    ["an alias", "apiVersion: v1\nx: &k Namespace\nkind: *k\nmetadata: {name: a}\n"],
    ["a block scalar", "apiVersion: v1\nkind: >-\n  LimitRange\nmetadata: {name: a}\n"],
    ["a tag", "apiVersion: v1\nkind: !!str ResourceQuota\nmetadata: {name: a}\n"],
    ["a kustomize config of any name", "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: a\n"],
    ["a %YAML 1.1 document", "%YAML 1.1\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: yes}\n"],
    ["an empty and a comment-only document", "---\n# nothing\n---\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n"],
  ])("on %s", (_label, text) => {
    checkFile(text, "/repo/x.yaml");
  });

  it("on every file of ../shared/corpus", { timeout: 120_000 }, () => {
    const files = (fs.readdirSync(CORPUS, { recursive: true }) as string[]).filter((f) => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThan(4000);
    let fastPath = 0;
    let read = 0;
    for (const rel of files) {
      const file = path.join(CORPUS, rel);
      const text = fs.readFileSync(file, "utf8");
      if (text.includes("{{")) continue; // Helm templates: neither reader sees them
      checkFile(text, file);
      read++;
      if (readManifestValues(text.replace(/^\uFEFF/, ""), file)) fastPath++;
    }
    // The cheap reader must carry the repository, not decline it.
    expect(fastPath / read).toBeGreaterThan(0.9);
  });
});

describe("a workspace holds the same index with the pre-filter on and off", () => {
  const index = (ws: Workspace) =>
    structuredClone({ objects: [...ws.objects()].sort((a, b) => `${a.filePath}#${a.documentIndex}#${a.listIndex}`.localeCompare(`${b.filePath}#${b.documentIndex}#${b.listIndex}`)), kustomizations: ws.kustomizations() });

  it("on generated repositories of every style", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...Object.keys(STYLES)), fc.array(kubeDocument, { minLength: 1, maxLength: 2 })), { minLength: 1, maxLength: 6 }),
        (files) => {
          const root = fs.mkdtempSync(path.join(os.tmpdir(), "kube-prefilter-"));
          try {
            files.forEach(([style, docs], i) => fs.writeFileSync(path.join(root, `f${i}.yaml`), (STYLES[style] as (d: Tree[]) => string)(docs)));
            const on = new Workspace(root, normalizeSettings({ cacheLocation: false }));
            const off = new Workspace(root, normalizeSettings({ cacheLocation: false, indexPrefilter: false }));
            expect(same(index(on), index(off))).toBe(true);
          } finally {
            fs.rmSync(root, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
