/**
 * Cluster-wide network policies, as protection for every namespace their selectors pick:
 * - Cilium `CiliumClusterwideNetworkPolicy` (cilium.io/v2): `spec` and `specs[]` rules; an `endpointSelector` selects
 *   pods by namespace through `k8s:io.kubernetes.pod.namespace` and `k8s:io.cilium.k8s.namespace.labels.<label>`;
 *   any other key is a pod label (only some pods). Rules with a `nodeSelector` govern hosts, not pods.
 * - Calico `GlobalNetworkPolicy` (projectcalico.org/v3, crd.projectcalico.org/v1): `namespaceSelector` over namespace
 *   labels (plus `projectcalico.org/name`), `selector` over endpoint labels (`projectcalico.org/namespace`,
 *   `pcns.<label>`; the rest are pod labels). Selector syntax beyond calico-selector.ts's selects nothing here.
 * - SIG Network's policy API (network-policy-api.sigs.k8s.io): AdminNetworkPolicy and BaselineAdminNetworkPolicy
 *   (policy.networking.k8s.io/v1alpha1, actions Allow / Deny / Pass) and their successor ClusterNetworkPolicy
 *   (v1alpha2 / v1beta1, `tier: Admin | Baseline`, actions Accept / Deny / Pass; apis/v1beta1/clusternetworkpolicy_types.go).
 *   `subject.namespaces` or `subject.pods {namespaceSelector, podSelector}`. These have no implicit isolation: the
 *   first rule whose peers are every pod (`namespaces: {}`) decides — Deny isolates, Allow/Accept opens (admin tier:
 *   no NetworkPolicy can close it again), Pass hands the decision to the namespace's NetworkPolicies.
 * Namespace labels come from the protection index (`kubernetes.io/metadata.name` included: the API server sets it on
 * every namespace). Policies are parsed once per workspace generation; answers are memoised per namespace, so the
 * work is (namespaces asked about) × (cluster-wide policies), never more.
 */
import type { ManifestObject } from "../manifest/model.js";
import { asArray, asRecord, asString } from "../manifest/yaml-ast.js";
import type { KubeSettings } from "../settings.js";
import type { Workspace } from "../workspace/workspace.js";
import { evaluateCalicoSelector, UNKNOWN, type LabelLookup, type Tri } from "./calico-selector.js";
import { isEmptySelector, selectorMatches } from "./label-selector.js";
import { isCalico, readCalico, readCilium, type ClusterVerdict, type Direction, type Spec, type Tier } from "./network-isolation.js";
import { getProtectionIndex, type ProtectingObject, type ProtectionIndex, type ProtectionTarget } from "./protection.js";

export const CLUSTER_POLICY_KINDS: readonly string[] = [
  "CiliumClusterwideNetworkPolicy",
  "GlobalNetworkPolicy",
  "AdminNetworkPolicy",
  "BaselineAdminNetworkPolicy",
  "ClusterNetworkPolicy",
];

/** How much of a namespace a selector picks. */
export type Match = "all" | "some" | "none";

/** A namespace as selectors see it; `name` is undefined for a tenant's runtime namespaces. */
export interface NamespaceView {
  name: string | undefined;
  labels: Readonly<Record<string, string>>;
}

type Effect = Pick<ClusterVerdict, "isolates" | "opens" | "invalid">;

/** One rule of a cluster-wide policy: whom it selects and what it does to them. */
export interface ClusterRule {
  /** Path of the rule's spec in the object (`["spec"]`, `["specs", 2]`). */
  path: (string | number)[];
  spec: Spec;
  applies(ns: NamespaceView): Match;
  effect: Effect;
}

export interface ClusterPolicy {
  object: ManifestObject;
  /** "CiliumClusterwideNetworkPolicy 'default-deny'". */
  label: string;
  tier: Tier;
  rules: ClusterRule[];
  protecting: ProtectingObject;
}

/** The API group that makes a kind a cluster-wide network policy (kinds collide across projects). */
export function isClusterPolicy(obj: Pick<ManifestObject, "kind" | "group">): boolean {
  switch (obj.kind) {
    case "CiliumClusterwideNetworkPolicy":
      return obj.group === "cilium.io";
    case "GlobalNetworkPolicy":
      return isCalico(obj.group);
    case "AdminNetworkPolicy":
    case "BaselineAdminNetworkPolicy":
    case "ClusterNetworkPolicy":
      return obj.group === "policy.networking.k8s.io";
    default:
      return false;
  }
}

/** Reads a cluster-wide policy; undefined when the object is none, or we cannot tell its tier. */
export function readClusterPolicy(object: ManifestObject): ClusterPolicy | undefined {
  if (!isClusterPolicy(object)) return undefined;
  const spec = asRecord(object.value.spec);
  const label = `${object.kind} '${object.name ?? "(unnamed)"}'`;
  const protecting: ProtectingObject = {
    kind: object.kind,
    group: object.group,
    name: object.name,
    spec,
    evidence: object,
    source: "cluster-network-policy",
    via: label,
  };
  const policy = (tier: Tier, rules: ClusterRule[]): ClusterPolicy => ({ object, label, tier, rules, protecting });
  switch (object.kind) {
    case "CiliumClusterwideNetworkPolicy":
      return policy("policy", ciliumRules(object));
    case "GlobalNetworkPolicy":
      return spec ? policy("policy", [calicoRule(spec)]) : undefined;
    case "AdminNetworkPolicy":
      return spec ? policy("admin", [adminRule(spec, "Allow")]) : undefined;
    case "BaselineAdminNetworkPolicy":
      return spec ? policy("baseline", [adminRule(spec, "Allow")]) : undefined;
    default: {
      const tier = spec?.tier === "Admin" ? "admin" : spec?.tier === "Baseline" ? "baseline" : undefined;
      return spec && tier ? policy(tier, [adminRule(spec, "Accept")]) : undefined;
    }
  }
}

/** What the policy does to one namespace; undefined when it selects none of its pods. */
export function verdictFor(policy: ClusterPolicy, ns: NamespaceView): ClusterVerdict | undefined {
  const matched = policy.rules.map((rule) => ({ rule, match: rule.applies(ns) })).filter((m) => m.match !== "none");
  if (matched.length === 0) return undefined;
  const invalid = matched.find((m) => m.rule.effect.invalid)?.rule.effect.invalid;
  const all = matched.filter((m) => m.match === "all").map((m) => m.rule.effect);
  const any = (pick: (e: Effect) => boolean) => all.some(pick);
  return {
    policy: policy.protecting,
    tier: policy.tier,
    scope: all.length > 0 ? "all" : "some",
    isolates: { ingress: any((e) => e.isolates.ingress), egress: any((e) => e.isolates.egress) },
    opens: { ingress: any((e) => e.opens.ingress), egress: any((e) => e.opens.egress) },
    ...(invalid ? { invalid } : {}),
  };
}

// ---- Cilium ----

function ciliumRules(object: ManifestObject): ClusterRule[] {
  const rules: { path: (string | number)[]; spec: Spec }[] = [];
  const spec = asRecord(object.value.spec);
  if (spec) rules.push({ path: ["spec"], spec });
  asArray(object.value.specs).forEach((entry, i) => {
    const rule = asRecord(entry);
    if (rule) rules.push({ path: ["specs", i], spec: rule });
  });
  return rules.map(({ path, spec }) => {
    const effect = readCilium(spec);
    // A rule with a nodeSelector (and no endpointSelector) is a host policy: it selects no pod.
    const selector = spec.endpointSelector;
    return { path, spec, effect, applies: (ns: NamespaceView) => (selector === undefined ? "none" : ciliumMatch(selector, ns)) };
  });
}

const NAMESPACE_KEY = "io.kubernetes.pod.namespace";
const NAMESPACE_LABEL_PREFIX = "io.cilium.k8s.namespace.labels.";

/** Cilium label keys carry a source: `k8s:` and `any:` (or none) match Kubernetes labels; others are not pod labels. */
function ciliumKey(key: string): string | undefined {
  const colon = key.indexOf(":");
  if (colon === -1) return key;
  const source = key.slice(0, colon);
  return source === "k8s" || source === "any" ? key.slice(colon + 1) : undefined;
}

/** An endpointSelector, for the pods of one namespace: namespace keys are decided, pod keys make it "some". */
export function ciliumMatch(selector: unknown, ns: NamespaceView): Match {
  const record = asRecord(selector);
  if (!record) return "none";
  const requirements: { key: string; operator: string; values: string[] }[] = [];
  const labels = record.matchLabels;
  if (labels !== undefined && labels !== null) {
    const map = asRecord(labels);
    if (!map) return "none";
    for (const [key, value] of Object.entries(map)) requirements.push({ key, operator: "In", values: [asString(value) ?? ""] });
  }
  const expressions = record.matchExpressions;
  if (expressions !== undefined && expressions !== null && !Array.isArray(expressions)) return "none";
  for (const expr of asArray(expressions)) {
    const e = asRecord(expr);
    const key = asString(e?.key);
    const operator = asString(e?.operator);
    if (!key || !operator) return "none";
    requirements.push({ key, operator, values: asArray(e?.values).map((v) => asString(v) ?? "") });
  }
  let result: Match = "all";
  for (const req of requirements) {
    const key = ciliumKey(req.key);
    let value: string | undefined;
    if (key === NAMESPACE_KEY) {
      if (ns.name === undefined) return "none"; // a runtime namespace: its name is unknown
      value = ns.name;
    } else if (key?.startsWith(NAMESPACE_LABEL_PREFIX)) {
      value = ns.labels[key.slice(NAMESPACE_LABEL_PREFIX.length)];
    } else {
      result = "some"; // a pod label (or a non-Kubernetes source): only some pods, if any
      continue;
    }
    if (!requirementHolds(req.operator, req.values, value)) return "none";
  }
  return result;
}

function requirementHolds(operator: string, values: readonly string[], value: string | undefined): boolean {
  switch (operator) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    default:
      return false;
  }
}

// ---- Calico ----

function calicoRule(spec: Spec): ClusterRule {
  const reading = readCalico(spec);
  const effect: Effect = { isolates: reading.isolates, opens: reading.opens };
  return { path: ["spec"], spec, effect, applies: (ns) => calicoMatch(spec, ns) };
}

/** `namespaceSelector` decides on the namespace; `selector` (and a serviceAccountSelector) on its pods. */
export function calicoMatch(spec: Spec, ns: NamespaceView): Match {
  // preDNAT and doNotTrack policies apply to host endpoints only.
  if (spec.preDNAT === true || spec.doNotTrack === true) return "none";
  const nsSelector = spec.namespaceSelector;
  if (nsSelector !== undefined && nsSelector !== null) {
    const text = asString(nsSelector);
    if (text === undefined) return "none";
    const nsLabels: LabelLookup = (key) => (key === "projectcalico.org/name" ? ns.name : ns.labels[key]);
    if (text.trim() !== "" && evaluateCalicoSelector(text, unknownName(ns, nsLabels)) !== true) return "none";
  }
  const podLabels: LabelLookup = (key) => {
    if (key === "projectcalico.org/namespace") return ns.name ?? UNKNOWN;
    if (key.startsWith("pcns.")) return ns.labels[key.slice(5)];
    if (key === "projectcalico.org/orchestrator") return "k8s";
    return UNKNOWN;
  };
  const text = spec.selector === undefined || spec.selector === null ? "all()" : asString(spec.selector);
  if (text === undefined) return "none";
  const selected: Tri = evaluateCalicoSelector(text, podLabels);
  if (selected === false) return "none";
  const accounts = asString(spec.serviceAccountSelector)?.trim();
  const narrowed = accounts !== undefined && accounts !== "" && accounts !== "all()";
  return selected === true && !narrowed ? "all" : "some";
}

/** A runtime namespace's name is unknown: a selector on it cannot be decided, so it does not select it. */
function unknownName(ns: NamespaceView, lookup: LabelLookup): LabelLookup {
  return ns.name === undefined ? (key) => (key === "projectcalico.org/name" ? UNKNOWN : lookup(key)) : lookup;
}

// ---- SIG Network policy API ----

/** The subject: `namespaces` (every pod of the selected namespaces) or `pods` (namespaceSelector + podSelector). */
export function subjectMatch(subject: unknown, ns: NamespaceView): Match {
  const s = asRecord(subject);
  if (!s) return "none";
  if (s.namespaces !== undefined && s.namespaces !== null) return selectorMatches(s.namespaces, ns.labels) ? "all" : "none";
  const pods = asRecord(s.pods);
  if (!pods || !selectorMatches(pods.namespaceSelector, ns.labels)) return "none";
  return isEmptySelector(pods.podSelector) ? "all" : "some";
}

const PEERS: Record<Direction, string> = { ingress: "from", egress: "to" };
/** Port matchers across versions: v1alpha1 `ports`, ClusterNetworkPolicy v1alpha2 `match`, v1beta1 `protocols`. */
const PORT_FIELDS = ["ports", "match", "protocols"];

/** Whether a peer is every pod of the cluster: `namespaces: {}` or `pods: {namespaceSelector: {}, podSelector: {}}`. */
export function isEveryPodPeer(peer: unknown): boolean {
  const p = asRecord(peer);
  if (!p) return false;
  if (p.namespaces !== undefined) return isEmptySelector(p.namespaces);
  const pods = asRecord(p.pods);
  return pods !== undefined && isEmptySelector(pods.namespaceSelector) && isEmptySelector(pods.podSelector);
}

function adminRule(spec: Spec, allow: "Allow" | "Accept"): ClusterRule {
  const effect: Effect = { isolates: { ingress: false, egress: false }, opens: { ingress: false, egress: false } };
  for (const d of ["ingress", "egress"] as const) {
    for (const entry of asArray(spec[d])) {
      const rule = asRecord(entry);
      if (!rule || PORT_FIELDS.some((f) => asArray(rule[f]).length > 0)) continue;
      if (!asArray(rule[PEERS[d]]).some(isEveryPodPeer)) continue;
      // The first rule covering every pod decides for all traffic it did not already decide.
      const action = asString(rule.action);
      if (action === "Deny") effect.isolates[d] = true;
      else if (action === allow) effect.opens[d] = true;
      break;
    }
  }
  return { path: ["spec"], spec, effect, applies: (ns) => subjectMatch(spec.subject, ns) };
}

// ---- the index ----

export class ClusterNetworkPolicies {
  readonly policies: ClusterPolicy[] = [];
  private readonly memo = new Map<string, ClusterVerdict[]>();

  constructor(
    ws: Workspace,
    private readonly protection: ProtectionIndex,
  ) {
    for (const object of ws.ofKind(...CLUSTER_POLICY_KINDS)) {
      const policy = readClusterPolicy(object);
      if (policy) this.policies.push(policy);
    }
  }

  /** The cluster-wide policies selecting pods of the target namespace, with what they do there. */
  forTarget(target: ProtectionTarget): readonly ClusterVerdict[] {
    if (this.policies.length === 0) return [];
    const key = `${target.namespace ?? ""}\u0000${target.provider ?? ""}\u0000${target.tenant ?? ""}`;
    let found = this.memo.get(key);
    if (!found) {
      const ns = { name: target.namespace, labels: this.protection.selectorLabels(target) };
      found = this.policies.flatMap((p) => verdictFor(p, ns) ?? []);
      this.memo.set(key, found);
    }
    return found;
  }
}

const cache = new WeakMap<Workspace, WeakMap<KubeSettings, { generation: number; index: ClusterNetworkPolicies }>>();

export function getClusterNetworkPolicies(ws: Workspace, settings: KubeSettings): ClusterNetworkPolicies {
  let bySettings = cache.get(ws);
  if (!bySettings) cache.set(ws, (bySettings = new WeakMap()));
  const cached = bySettings.get(settings);
  if (cached && cached.generation === ws.generation) return cached.index;
  const index = new ClusterNetworkPolicies(ws, getProtectionIndex(ws, settings));
  bySettings.set(settings, { generation: ws.generation, index });
  return index;
}
