/**
 * Kustomize patches (and Flux `spec.patches`, the same format) applied to plain object values, far enough to know
 * what a GitOps object becomes: the lockdown flags a patch adds to the Flux controllers' `args`, the `kubeConfig` or
 * `serviceAccountName` a patch adds to a Flux Kustomization or HelmRelease.
 * - A JSON 6902 patch (a list of operations): `add`, `replace`, `remove` on JSON pointers (`-` appends).
 * - A strategic-merge patch (a mapping): maps merge, `null` deletes, lists of named items (containers, env) merge by
 *   `name` (their merge key), other lists are replaced — so a patch of a container's `args` replaces them.
 * - Targets: `target:` fields are regular expressions matched against the whole value (Kustomize's selector); a
 *   strategic-merge patch without a target applies to the object of its own kind and name.
 * https://kubectl.docs.kubernetes.io/references/kustomize/kustomization/patches/
 */
import { parseYAML } from "yaml-eslint-parser";
import type { PlainValue } from "../manifest/yaml-ast.js";
import { asArray, asRecord, asString, ValueBuilder } from "../manifest/yaml-ast.js";

type Mapping = { [key: string]: PlainValue };

export interface Patch {
  /** JSON 6902 operations, or undefined for a strategic-merge patch. */
  ops: Mapping[] | undefined;
  /** The strategic-merge patch. */
  merge: Mapping | undefined;
  target: Readonly<Record<string, PlainValue>> | undefined;
}

/** The identity Kustomize matches targets against. */
export interface PatchSubject {
  apiVersion: string;
  kind: string;
  name: string | undefined;
  namespace: string | undefined;
  labels: Readonly<Record<string, string>>;
}

/** YAML or JSON text -> plain value; undefined when it does not parse (a malformed patch changes nothing we know). */
export function parsePatchText(text: string): PlainValue | undefined {
  try {
    const program = parseYAML(text);
    const doc = program.body[0];
    return doc ? new ValueBuilder().value(doc.content) : undefined;
  } catch {
    return undefined;
  }
}

export function toPatch(value: PlainValue | undefined, target: Readonly<Record<string, PlainValue>> | undefined): Patch | undefined {
  if (Array.isArray(value)) return { ops: value.map(asRecord).filter((op): op is Mapping => !!op), merge: undefined, target };
  const merge = asRecord(value);
  return merge ? { ops: undefined, merge, target } : undefined;
}

const regexCache = new Map<string, RegExp | null>();

function fullMatch(pattern: string, value: string): boolean {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${pattern})$`);
    } catch {
      re = null;
    }
    regexCache.set(pattern, re);
  }
  return re ? re.test(value) : pattern === value;
}

/** `a=b,c` (equality and existence only; other selector forms match nothing rather than everything). */
function labelSelectorMatches(selector: string, labels: Readonly<Record<string, string>>): boolean {
  return selector.split(",").every((term) => {
    const [key, value] = term.split(/==?/).map((s) => s.trim());
    if (!key || /[!<>() ]/.test(term.trim())) return false;
    return value === undefined ? key in labels : labels[key] === value;
  });
}

/** Does this patch apply to this object? */
export function patchApplies(patch: Patch, subject: PatchSubject): boolean {
  const [group, version] = subject.apiVersion.includes("/") ? subject.apiVersion.split("/", 2) : ["", subject.apiVersion];
  if (patch.target) {
    const t = patch.target;
    const checks: [unknown, string | undefined][] = [
      [t.group, group],
      [t.version, version],
      [t.kind, subject.kind],
      [t.name, subject.name],
      [t.namespace, subject.namespace],
    ];
    for (const [want, have] of checks) {
      const pattern = asString(want);
      if (pattern === undefined || pattern === "") continue;
      if (have === undefined || !fullMatch(pattern, have)) return false;
    }
    const selector = asString(t.labelSelector);
    return selector === undefined || labelSelectorMatches(selector, subject.labels);
  }
  if (!patch.merge) return false; // a JSON 6902 patch needs a target
  const metadata = asRecord(patch.merge.metadata);
  return asString(patch.merge.kind) === subject.kind && asString(metadata?.name) === subject.name;
}

/** The object value with the patch applied (the input is never modified). */
export function applyPatch(value: Mapping, patch: Patch): Mapping {
  if (patch.merge) {
    const { apiVersion: _a, kind: _k, metadata, ...rest } = patch.merge;
    // The patch's own identity only selects the object; its other metadata (labels...) merges like the rest.
    const identity = asRecord(metadata);
    const metadataPatch = identity ? Object.fromEntries(Object.entries(identity).filter(([k]) => k !== "name" && k !== "namespace")) : {};
    return mergeValue(value, { ...rest, ...(Object.keys(metadataPatch).length > 0 ? { metadata: metadataPatch } : {}) }) as Mapping;
  }
  let out: PlainValue = value;
  for (const op of patch.ops ?? []) out = applyOperation(out, op);
  return asRecord(out) ?? value;
}

function mergeValue(base: PlainValue | undefined, patch: PlainValue): PlainValue {
  const patchMap = asRecord(patch);
  if (!patchMap) {
    if (Array.isArray(patch) && Array.isArray(base)) return mergeList(base, patch);
    return patch;
  }
  const out: Mapping = { ...(asRecord(base) ?? {}) };
  for (const [key, value] of Object.entries(patchMap)) {
    if (value === null) delete out[key];
    else out[key] = mergeValue(out[key], value);
  }
  return out;
}

/** Lists of named mappings (containers, env, volumes) merge by `name`; any other list is replaced. */
function mergeList(base: PlainValue[], patch: PlainValue[]): PlainValue[] {
  const named = (list: PlainValue[]) => list.every((item) => asString(asRecord(item)?.name) !== undefined);
  if (patch.length === 0 || !named(patch) || !named(base)) return patch;
  const out = [...base];
  for (const item of patch) {
    const name = asString(asRecord(item)?.name);
    const at = out.findIndex((existing) => asString(asRecord(existing)?.name) === name);
    if (at === -1) out.push(item);
    else out[at] = mergeValue(out[at], item);
  }
  return out;
}

function pointer(path: string): string[] | undefined {
  if (path === "") return [];
  if (!path.startsWith("/")) return undefined;
  return path
    .slice(1)
    .split("/")
    .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function applyOperation(root: PlainValue, op: Mapping): PlainValue {
  const kind = asString(op.op);
  const tokens = typeof op.path === "string" ? pointer(op.path) : undefined;
  if (!tokens || tokens.length === 0 || (kind !== "add" && kind !== "replace" && kind !== "remove")) return root;
  return update(root, tokens, kind, op.value ?? null);
}

/** Copy-on-write along the path: only the containers on it are copied. */
function update(node: PlainValue, tokens: string[], kind: "add" | "replace" | "remove", value: PlainValue): PlainValue {
  const [token, ...rest] = tokens as [string, ...string[]];
  if (Array.isArray(node)) {
    const index = token === "-" ? node.length : Number(token);
    if (!Number.isInteger(index) || index < 0 || index > node.length) return node;
    const out = [...node];
    if (rest.length > 0) {
      if (index >= node.length) return node;
      out[index] = update(node[index] as PlainValue, rest, kind, value);
    } else if (kind === "add") out.splice(index, 0, value);
    else if (index < node.length) {
      if (kind === "replace") out[index] = value;
      else out.splice(index, 1);
    }
    return out;
  }
  const map = asRecord(node);
  if (!map) return node;
  const out: Mapping = { ...map };
  if (rest.length > 0) {
    if (!(token in map)) return node;
    out[token] = update(map[token] as PlainValue, rest, kind, value);
  } else if (kind === "remove") delete out[token];
  else out[token] = value;
  return out;
}

/** Patches as written in a Flux Kustomization's `spec.patches` (inline `patch` text with a `target`). */
export function inlinePatches(list: unknown): Patch[] {
  const out: Patch[] = [];
  for (const entry of asArray(list)) {
    const record = asRecord(entry);
    const text = asString(record?.patch);
    if (!text) continue;
    const patch = toPatch(parsePatchText(text), asRecord(record?.target));
    if (patch) out.push(patch);
  }
  return out;
}
