/**
 * Every certificate, private key and broken certificate value in one YAML file, each tied to the scalar that holds
 * it. Known fields first (locations.ts), then a generic PEM finder over every other scalar of every document —
 * Kubernetes objects and plain YAML (Helm values, tool configs) alike. Computed once per file and shared by the
 * three certificate rules.
 */
import type { AST } from "yaml-eslint-parser";
import type { LintedObject, ManifestFile } from "../manifest/model.js";
import { forEachScalar, unwrap, type YScalar } from "../manifest/yaml-ast.js";
import { BASE64_PEM_PREFIX, hasPemMarker, looksLikeBase64Pem } from "./encoding.js";
import { readRepositoryFile } from "./files.js";
import { formatPath, roleOf } from "./locations.js";
import { readMaterial, type Material } from "./material.js";

export interface Embedded {
  /** The scalar holding the material (for a kubeconfig file reference: the path scalar). */
  node: YScalar;
  /** For messages: `Secret 'web-tls' data.tls.crt`, `Config 'ci' users[0].user.client-key (file certs/ci.key)`. */
  where: string;
  /** `Secret 'web-tls'`; undefined in YAML that is not a Kubernetes object (Helm values, tool configs). */
  object: string | undefined;
  /** `data.tls.crt`, `users[0].user.client-key (file certs/ci.key)`. */
  field: string;
  material: Material;
}

/**
 * The last program's findings (three rules ask about the same file in a row). One slot, not a WeakMap keyed by the
 * program: V8's young-generation collector keeps WeakMap values alive with their keys, which promoted every file's
 * AST to the old generation (see rules/support/rule.ts).
 */
let last: { program: AST.YAMLProgram; found: readonly Embedded[] } | undefined;

/**
 * @param repositoryRoot called only when a kubeconfig references files: only files under it are read.
 * @param text the file's source: when given, a file that cannot hold material is not walked scalar by scalar.
 */
export function findEmbedded(
  program: AST.YAMLProgram,
  file: ManifestFile<LintedObject>,
  repositoryRoot: () => string,
  text?: string,
): readonly Embedded[] {
  if (last?.program === program) return last.found;
  const found = text !== undefined && cannotHoldMaterial(text, file) ? NONE : Object.freeze(scan(program, file, repositoryRoot));
  last = { program, found };
  return found;
}

const NONE: readonly Embedded[] = Object.freeze([]);
/** Kinds whose fields are read by role (locations.ts), where even a broken value is a finding. */
const KINDS_WITH_ROLES = new Set(["Secret", "ConfigMap", "Config", "SealedSecret"]);

/**
 * Most files hold no certificate: without a PEM marker, its base64 form, a `caBundle` field, a kind whose fields are
 * read by role, or a backslash (a double-quoted escape could spell the marker), no scalar can yield anything, so the
 * walk over every scalar is skipped. Exact: each way scan() finds material needs one of these in the text.
 */
function cannotHoldMaterial(text: string, file: ManifestFile<LintedObject>): boolean {
  if (text.includes("-----BEGIN") || text.includes(BASE64_PEM_PREFIX) || text.includes("caBundle") || text.includes("\\")) return false;
  return !file.objects.some((obj) => KINDS_WITH_ROLES.has(obj.kind));
}

function scan(program: AST.YAMLProgram, file: ManifestFile<LintedObject>, repositoryRoot: () => string): Embedded[] {
  const out: Embedded[] = [];
  // Scalars already judged by the object pass (a List's items are walked again by the document pass).
  const judged = new Set<YScalar>();
  const add = (node: YScalar, label: string | undefined, object: string | undefined, field: () => string, materials: readonly Material[]) => {
    if (materials.length === 0) return;
    const shown = field();
    const where = label ? `${label} ${shown}` : shown;
    for (const material of materials) out.push({ node, where, object, field: shown, material });
  };

  for (const obj of file.objects) {
    const label = `${obj.kind} '${obj.name ?? "(unnamed)"}'`;
    const object = obj.name ? label : obj.kind;
    forEachScalar(obj.node, (scalar, at) => {
      if (typeof scalar.value !== "string") return;
      const text = scalar.value;
      const field = () => formatPath(at);
      const role = roleOf(obj, at);
      if (role) judged.add(scalar);
      if (role?.role === "ignore") return;
      if (role?.role === "value") return add(scalar, label, object, field, readMaterial(text, role.encoding, role.expect));
      if (role?.role === "file") {
        const content = readRepositoryFile(repositoryRoot(), obj.filePath, text);
        if (content !== undefined) add(scalar, label, object, () => `${field()} (file ${text})`, readMaterial(content, "pem", role.expect));
        return;
      }
      const materials = generic(text);
      if (materials.length > 0) judged.add(scalar);
      add(scalar, label, object, field, materials);
    });
  }

  // Documents that are not Kubernetes objects, and what surrounds the items of a List.
  const objectNodes = new Set<unknown>(file.objects.map((obj) => obj.node));
  for (const doc of program.body) {
    if (objectNodes.has(unwrap(doc.content))) continue;
    forEachScalar(doc.content, (scalar, at) => {
      if (typeof scalar.value !== "string" || judged.has(scalar)) return;
      add(scalar, undefined, undefined, () => formatPath(at) || "(document)", generic(scalar.value));
    });
  }
  return out;
}

/** Any other value: PEM text, or base64 of PEM. Free-form, so only real material counts, never "not a cert". */
function generic(text: string): readonly Material[] {
  if (hasPemMarker(text)) return readMaterial(text, "pem", "any");
  if (looksLikeBase64Pem(text)) return readMaterial(text, "base64", "any");
  return [];
}
