/**
 * The line reader (core/manifest/read-lines.ts) against the `yaml`-based reader it stands in front of: whatever it
 * accepts must read exactly the same (objects, values, lines, kustomizations); what it cannot model it declines.
 * Checked on random line-level YAML built to hit its edges, on every fixture and on ../shared/corpus.
 */
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readBlockYaml } from "../../core/manifest/read-lines.js";
import { readManifestValues } from "../../core/manifest/read-values.js";
import type { ManifestFile } from "../../core/manifest/model.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const CORPUS = path.resolve(ROOT, "../shared/corpus");

/** Comparable form: null-prototype values and `undefined` nodes survive JSON; `-0`, NaN and Infinity are kept apart. */
function comparable(file: ManifestFile | undefined): string | undefined {
  if (!file) return undefined;
  return JSON.stringify(file, (_, v: unknown) =>
    typeof v === "number" && !Number.isFinite(v) ? `#${v}` : Object.is(v, -0) ? "#-0" : v,
  );
}

/** Accepted -> identical to the yaml reader; declined -> fine. Returns whether it was accepted. */
function agrees(text: string, file = "repo/manifest.yaml"): boolean {
  const fast = readBlockYaml(text, file);
  if (fast === undefined) return false;
  expect(comparable(fast), text).toBe(comparable(readManifestValues(text, file)));
  return true;
}

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== "node_modules" && e.name !== ".git") walk(p);
      } else if (/\.ya?ml$|^Kustomization$/i.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

describe("readBlockYaml", () => {
  it("reads common manifests exactly as the yaml reader does", () => {
    const cases = [
      "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n  labels:\n    tenant: a\n    pod-security.kubernetes.io/enforce: restricted\n",
      "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x}\n", // declined: flow mapping with content
      "kind: NetworkPolicy\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  ingress:\n  - from:\n    - namespaceSelector:\n        matchLabels:\n          tenant: a\n",
      "# leading comment\n---\napiVersion: v1 # trailing\nkind: List\nitems:\n- kind: ConfigMap\n  metadata:\n    name: a\n- just a scalar\n---\n---\n",
      "resources:\n  - a.yaml\n  - 'b''s.yaml'\n  - \"c #1.yaml\"\nnamespace: ns\n",
      "a: 1\nb: 0x1F\nc: 0o17\nd: 1e3\ne: .inf\nf: -.Inf\ng: .nan\nh: ~\ni: Null\nj: TRUE\nk: 012\nl: +3\nm: '1'\nn: \"true\"\no: 1.\np: yes\n",
      "1: a\n0x10: b\ntrue: c\nnull: d\n2.5: e\n__proto__: f\nconstructor: g\n",
      "args: [\"--port=8080\", '--x', plain, 3, null]\nempty: []\nnone: {}\n",
    ];
    const accepted = cases.filter((text) => agrees(text));
    expect(accepted).toHaveLength(cases.length - 1);
  });

  it.each([
    ["a block scalar", "data:\n  key: |\n    line\n"],
    ["an anchor and alias", "a: &x 1\nb: *x\n"],
    ["a tag", "a: !!str 1\n"],
    ["a merge key", "a:\n  b: 1\nc:\n  <<: {b: 2}\n"],
    ["a tab", "a:\n\tb: 1\n"],
    ["CRLF line ends", "a: 1\r\nb: 2\r\n"],
    ["a flow mapping with content", "a: {b: 1}\n"],
    ["a nested flow sequence", "a: [[1]]\n"],
    ["a trailing comma", "a: [1, 2,]\n"],
    ["a multi-line plain scalar", "a: one\n  two\n"],
    ["a multi-line quoted scalar", "a: \"one\n  two\"\n"],
    ["an escape", 'a: "tab\\there"\n'],
    ["a quoted key", '"a": 1\n'],
    ["a key with a space before the colon", "a : 1\n"],
    ["a directive", "%YAML 1.2\n---\na: 1\n"],
    ["a document end marker", "a: 1\n...\n"],
    ["a duplicate key", "a: 1\na: 2\n"],
    ["a duplicate key after resolution", "1: a\n0x1: b\n"],
    ["a null sequence entry", "a:\n  -\n  - b\n"],
    ["a nested sequence", "a:\n  - - b\n"],
    ["bad indentation", "a:\n    b: 1\n  c: 2\n"],
    ["a scalar that holds a mapping", "a: b: c\n"],
    ["a root scalar", "just text\n"],
    ["a root sequence", "- a\n- b\n"],
    ["content after ---", "--- a: 1\n"],
  ])("declines %s", (_, text) => {
    expect(readBlockYaml(text, "repo/x.yaml")).toBeUndefined();
  });

  it("agrees on random line-level YAML built from its edge cases", () => {
    const key = fc.constantFrom("a", "kind", "items", "apiVersion", "metadata", "name", "1", "0x1F", "true", "Null", "null", "a.b/c-d", "$x", "__proto__", "on");
    const scalar = fc.constantFrom(
      "x", "1", "-1", "0o17", "0x1f", "1e3", "1.", ".5", "+.inf", ".NaN", "~", "null", "False", "yes", "a b", "a#b", "a #c",
      "a:b", "a: b", "a:", "-", "- a", "'q''t'", "'a: b'", '"d"', '"a #b"', '"e\\n"', "[]", "{}", "[a, 'b', \"c\", 1]", "[a: b]",
      "[a, [b]]", "{a: 1}", "&x y", "*x", "!t v", "|", ">-", "%x", "@x", "`x", "? x", ",x", "x   ", "x # c", "",
    );
    type Tree = { kind: "map" | "seq"; entries: [string, Tree | string][] };
    const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
      node: fc.record({
        kind: fc.constantFrom("map" as const, "seq" as const),
        entries: fc.array(fc.tuple(key, fc.oneof({ weight: 3, arbitrary: scalar }, { weight: 1, arbitrary: tie("node") })), { maxLength: 4 }),
      }),
    })).node;
    const render = (t: Tree, indent: number, sameIndentSeq: boolean, out: string[]) => {
      const pad = " ".repeat(indent);
      for (const [k, v] of t.entries) {
        const head = t.kind === "map" ? `${pad}${k}:` : `${pad}-`;
        if (typeof v === "string") out.push(v === "" && t.kind === "seq" ? `${head}` : `${head} ${v}`);
        else if (t.kind === "seq" && v.kind === "map" && v.entries.length > 0) {
          // compact `- key: value` item
          const inner: string[] = [];
          render(v, indent + 2, sameIndentSeq, inner);
          out.push(`${pad}- ${(inner[0] as string).trimStart()}`, ...inner.slice(1));
        } else {
          out.push(head);
          render(v, v.kind === "seq" && sameIndentSeq && t.kind === "map" ? indent : indent + 2, sameIndentSeq, out);
        }
      }
    };
    const documents = fc.array(
      fc.record({ tree: tree.filter((t) => t.kind === "map"), sameIndentSeq: fc.boolean(), comment: fc.boolean() }),
      { minLength: 1, maxLength: 3 },
    );
    let accepted = 0;
    fc.assert(
      fc.property(documents, (docs) => {
        const text = docs
          .map(({ tree: t, sameIndentSeq, comment }) => {
            const out: string[] = comment ? ["# c"] : [];
            render(t, 0, sameIndentSeq, out);
            return out.join("\n") + "\n";
          })
          .join("---\n");
        if (agrees(text)) accepted++;
      }),
      { numRuns: 3000, seed: 20261204 },
    );
    // The generator is meant to reach the accepting paths, not only the declines.
    expect(accepted).toBeGreaterThan(300);
  });

  it("agrees on every fixture repository file, and on the shared corpus where it exists", () => {
    const files = [...yamlFiles(path.join(ROOT, "tests/fixtures")), ...(fs.existsSync(CORPUS) ? yamlFiles(CORPUS) : [])];
    let accepted = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "");
      if (agrees(text, file)) accepted++;
    }
    expect(files.length).toBeGreaterThan(100);
    // most hand-written manifests are plain block YAML: the point of the reader
    expect(accepted / files.length).toBeGreaterThan(0.5);
  });
});
