/**
 * Kyverno ClusterPolicies that build a namespace's walls when it is created: `generate` rules matching Namespaces
 * (a default-deny NetworkPolicy, a LimitRange, a ResourceQuota in every new namespace) and `mutate` rules that add
 * Pod Security labels. A common way well-run clusters protect every namespace, so the protection rules count them.
 * Match filters honoured: kinds, names (wildcards), selector, and the same in `exclude`; other filters (subjects,
 * roles, preconditions) are trusted rather than guessed.
 */
import type { ManifestObject } from "../../manifest/model.js";
import { asArray, asRecord, asString, type PlainValue } from "../../manifest/yaml-ast.js";
import { selectorMatches } from "../label-selector.js";
import { KINDS_FOR, type ManagedLabel, type ProtectingObject, type TenancyProvider } from "../provider.js";

/** Acts on every namespace it matches, whoever's tenant it is. */
export const kyvernoProvider: TenancyProvider = {
  id: "kyverno",
  definingKinds: [],
  read(ws) {
    const rules = namespaceRules(ws.ofKind("ClusterPolicy"));
    const via = (rule: KyvernoRule) => `Kyverno ClusterPolicy '${rule.policy.name}' rule '${rule.name}'`;
    return {
      protecting(target, kind, ctx) {
        const out: ProtectingObject[] = [];
        for (const rule of rules) {
          const made = generated(rule, KINDS_FOR[kind]);
          if (!made || !ruleMatchesNamespace(rule, target.namespace, ctx.selectorLabels(target))) continue;
          out.push({ ...made, evidence: rule.policy, source: "kyverno-generate", via: via(rule) });
        }
        return out;
      },
      managedLabels(target, ctx) {
        const out: ManagedLabel[] = [];
        for (const rule of rules) {
          if (!ruleMatchesNamespace(rule, target.namespace, ctx.selectorLabels(target))) continue;
          for (const label of mutatedLabels(rule)) out.push({ ...label, evidence: rule.policy, via: via(rule) });
        }
        return out;
      },
    };
  },
};

export interface KyvernoRule {
  policy: ManifestObject;
  name: string;
  rule: Readonly<Record<string, PlainValue>>;
}

/** The rules of Kyverno ClusterPolicies that act on Namespace objects. */
export function namespaceRules(policies: readonly ManifestObject[]): KyvernoRule[] {
  const out: KyvernoRule[] = [];
  for (const policy of policies) {
    if (policy.group !== "kyverno.io") continue;
    for (const rule of asArray(asRecord(policy.value.spec)?.rules)) {
      const r = asRecord(rule);
      if (r && filters(r.match).some((f) => kindsOf(f).some(isNamespaceKind))) {
        out.push({ policy, name: asString(r.name) ?? "(unnamed)", rule: r });
      }
    }
  }
  return out;
}

/** Whether the rule acts on this namespace (name undefined: one a tenant creates at runtime, name unknown). */
export function ruleMatchesNamespace(rule: KyvernoRule, name: string | undefined, labels: Readonly<Record<string, string>>): boolean {
  const match = asRecord(rule.rule.match);
  const any = asArray(match?.any);
  const all = asArray(match?.all);
  const matches = (f: Record<string, PlainValue>) => kindsOf(f).some(isNamespaceKind) && filterMatches(f, name, labels);
  const matched = any.length > 0
    ? any.map(asRecord).some((f) => f !== undefined && matches(f))
    : all.length > 0
      ? all.map(asRecord).every((f) => f !== undefined && matches(f))
      : asRecord(match?.resources) !== undefined && matches(match as Record<string, PlainValue>);
  if (!matched) return false;
  const exclude = asRecord(rule.rule.exclude);
  const excluded = [...asArray(exclude?.any), ...(asRecord(exclude?.resources) ? [exclude] : [])]
    .map(asRecord)
    .some((f) => f !== undefined && filterMatches(f, name, labels, true));
  const excludedAll = asArray(exclude?.all).length > 0 && asArray(exclude?.all).map(asRecord).every((f) => f !== undefined && filterMatches(f, name, labels, true));
  return !excluded && !excludedAll;
}

/** The object a `generate` rule creates, when its kind is one of `kinds`: its spec, or undefined for a clone. */
export function generated(rule: KyvernoRule, kinds: readonly string[]): { kind: string; group: string; name: string | undefined; spec: Record<string, PlainValue> | undefined } | undefined {
  const generate = asRecord(rule.rule.generate);
  const kind = asString(generate?.kind);
  if (!generate || !kind || !kinds.includes(kind)) return undefined;
  const apiVersion = asString(generate.apiVersion) ?? "";
  const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : "";
  const spec = asRecord(asRecord(generate.data)?.spec);
  // `clone` copies an object we may not see: trust it, like any template we cannot read.
  return { kind, group, name: asString(generate.name), spec };
}

/** Labels a `mutate` rule's patchStrategicMerge puts on the namespace; `+(key)` only adds when absent. */
export function mutatedLabels(rule: KyvernoRule): { key: string; value: string; forced: boolean }[] {
  const patch = asRecord(asRecord(rule.rule.mutate)?.patchStrategicMerge);
  const labels = asRecord(asRecord(patch?.metadata)?.labels);
  const out: { key: string; value: string; forced: boolean }[] = [];
  for (const [rawKey, rawValue] of Object.entries(labels ?? {})) {
    const value = asString(rawValue);
    if (value === undefined) continue;
    const addOnly = /^\+\((.*)\)$/.exec(rawKey);
    out.push({ key: addOnly ? (addOnly[1] as string) : rawKey, value, forced: !addOnly });
  }
  return out;
}

function filters(match: unknown): Record<string, PlainValue>[] {
  const m = asRecord(match);
  const list = [...asArray(m?.any), ...asArray(m?.all)].map(asRecord).filter((f): f is Record<string, PlainValue> => f !== undefined);
  return asRecord(m?.resources) ? [...list, m as Record<string, PlainValue>] : list;
}

function kindsOf(filter: Record<string, PlainValue>): string[] {
  return asArray(asRecord(filter.resources)?.kinds).map((k) => asString(k) ?? "");
}

function isNamespaceKind(kind: string): boolean {
  return kind === "Namespace" || kind.endsWith("/Namespace") || kind === "*";
}

/** names / name (wildcards) and selector. For exclusion an unknown name never matches a name filter. */
function filterMatches(filter: Record<string, PlainValue>, name: string | undefined, labels: Readonly<Record<string, string>>, excluding = false): boolean {
  const resources = asRecord(filter.resources);
  if (!resources) return !excluding;
  const names = [...asArray(resources.names), resources.name].map(asString).filter((n): n is string => n !== undefined);
  if (names.length > 0 && !names.some((pattern) => (name === undefined ? pattern === "*" : wildcard(pattern).test(name)))) return false;
  if (resources.selector !== undefined && resources.selector !== null && !selectorMatches(resources.selector, labels)) return false;
  return true;
}

function wildcard(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
}
