/**
 * Will the kubelet renew its own certificates? Read from the node configuration a repository holds — what the CIS
 * Kubernetes Benchmark checks on a live node (4.2.10 `--rotate-certificates` not false, 4.2.11
 * RotateKubeletServerCertificate; Trivy KCV0090), answered at commit time.
 *
 * - The kubelet flag `--rotate-certificates=false` in kubeadm's `nodeRegistration.kubeletExtraArgs` (also inside
 *   Cluster API specs) turns client rotation off: flags win over the config file.
 * - A stand-alone KubeletConfiguration: `rotateCertificates` defaults to false (kubelet.config.k8s.io/v1beta1
 *   reference: "Default: false"), so only `true` turns it on.
 * - A KubeletConfiguration inside a kubeadm config file does not count: kubeadm hardcodes rotateCertificates to
 *   true (cmd/kubeadm/app/componentconfigs/kubelet.go, "we must hardcode it to true").
 * - Serving certificates rotate only with `serverTLSBootstrap: true` (or the `--rotate-server-certificates` flag),
 *   and not when the RotateKubeletServerCertificate feature gate is turned off.
 * - kubeadm v1beta4 ClusterConfiguration `certificateValidityPeriod` (default 8760h, one year) and
 *   `caCertificateValidityPeriod` (default 87600h, ten years).
 */
import type { LintedObject, ManifestFile } from "../manifest/model.js";
import { getPair, nodeAt, unwrap, type YContent } from "../manifest/yaml-ast.js";
import { DAY_MS } from "../certs/validity.js";
import { parseGoDuration } from "./duration.js";
import {
  capiNodeRegistrations,
  nodeConfigDocuments,
  objectLabel,
  type NodeConfigDocuments,
  type NodeRegistrationSource,
} from "./documents.js";
import { kubeletFlag, parseFeatureGates, parseGoBool } from "./kubelet-flags.js";

export interface RotationOptions {
  /** A stand-alone KubeletConfiguration must say `rotateCertificates: true` (the kubelet's default is false). */
  requireExplicit: boolean;
  /** Serving certificates must rotate too (`serverTLSBootstrap: true`). */
  servingCertificates: boolean;
  /** Longest kubeadm `certificateValidityPeriod`, in days; null: no limit. */
  maxCertificateValidityDays: number | null;
  /** Longest kubeadm `caCertificateValidityPeriod`, in days; null: no limit. */
  maxCaCertificateValidityDays: number | null;
}

export type RotationProblem =
  | { type: "flagOff"; node: YContent; object: string; flag: string; value: string }
  | { type: "configOff"; node: YContent; object: string }
  | { type: "configOmitted"; node: YContent; object: string }
  | { type: "notBoolean"; node: YContent; object: string; field: string; value: string }
  | { type: "servingOff"; node: YContent; object: string; reason: string }
  | { type: "validityTooLong"; node: YContent; object: string; field: string; value: string; days: number; maxDays: number };

const ROTATE_GATE = "RotateKubeletServerCertificate";
const NOT_SET = "serverTLSBootstrap is not set";

export function rotationProblems(file: ManifestFile<LintedObject>, options: RotationOptions): RotationProblem[] {
  const docs = nodeConfigDocuments(file);
  const out: RotationProblem[] = [];
  const registrations = [...docs.kubeadmNodes, ...docs.capiSpecs.flatMap(capiNodeRegistrations)];
  for (const source of registrations) out.push(...clientFlagProblems(source));
  if (!docs.isKubeadmFile) for (const kubelet of docs.kubeletConfigs) out.push(...standAloneKubelet(kubelet, docs, options));
  if (options.servingCertificates) out.push(...servingProblems(docs));
  if (options.maxCertificateValidityDays !== null || options.maxCaCertificateValidityDays !== null) {
    for (const cluster of docs.clusterConfigs) out.push(...validityProblems(cluster.node, objectLabel(cluster), options));
    for (const capi of docs.capiSpecs) {
      const cluster = nodeAt(capi.spec, ["clusterConfiguration"]);
      if (cluster) out.push(...validityProblems(cluster, `${capi.label} clusterConfiguration`, options));
    }
  }
  return out;
}

function extraArgs(source: NodeRegistrationSource): YContent | null {
  return nodeAt(source.node, ["nodeRegistration", "kubeletExtraArgs"]);
}

function clientFlagProblems(source: NodeRegistrationSource): RotationProblem[] {
  const flag = kubeletFlag(extraArgs(source), "rotate-certificates");
  if (!flag) return [];
  const on = parseGoBool(flag.value);
  const value = String(flag.value);
  if (on === undefined) return [{ type: "notBoolean", node: flag.node, object: source.label, field: "kubeletExtraArgs rotate-certificates", value }];
  return on ? [] : [{ type: "flagOff", node: flag.node, object: source.label, flag: "rotate-certificates", value }];
}

function standAloneKubelet(kubelet: LintedObject, docs: NodeConfigDocuments, options: RotationOptions): RotationProblem[] {
  const object = objectLabel(kubelet);
  const pair = getPair(kubelet.node, "rotateCertificates");
  const node = pair?.value ?? pair?.key;
  const value = unwrap(pair?.value);
  const raw = scalarOrNull(value);
  // JSON null leaves a Go bool at its default (false): the same as leaving the field out.
  if (pair && node && raw !== null) {
    // The kubelet decodes its config as JSON into a bool: a string "true" or "yes" stops it from starting.
    if (typeof raw !== "boolean") return [{ type: "notBoolean", node, object, field: "rotateCertificates", value: describe(raw, value) }];
    return raw ? [] : [{ type: "configOff", node, object }];
  }
  // A kubeadm patch only changes what it names: kubeadm's own true stays.
  if (!options.requireExplicit || docs.isKubeletPatch) return [];
  return [{ type: "configOmitted", node: kindNode(kubelet), object }];
}

function servingProblems(docs: NodeConfigDocuments): RotationProblem[] {
  const out: RotationProblem[] = [];
  // Stand-alone kubelet configs (kubeadm patches only when they say something about it).
  if (!docs.isKubeadmFile) {
    for (const kubelet of docs.kubeletConfigs) {
      const problem = kubeletServing(kubelet);
      if (problem && !(docs.isKubeletPatch && problem.type === "servingOff" && problem.reason === NOT_SET)) {
        out.push(problem);
      }
    }
  } else {
    out.push(...kubeadmFileServing(docs));
  }
  for (const capi of docs.capiSpecs) {
    // Cluster API has no KubeletConfiguration field: a `files` entry holding a kubeadm kubeletconfiguration patch
    // is how its users set serverTLSBootstrap.
    const files = unwrap(nodeAt(capi.spec, ["files"]));
    const patched = files?.type === "YAMLSequence" && files.entries.some((f) => /serverTLSBootstrap:\s*true/.test(stringAt(f, "content")));
    if (patched) continue;
    const missing = capiNodeRegistrations(capi).find((source) => servingFlag(source) !== true);
    if (missing) {
      const node = extraArgs(missing) ?? missing.node ?? capi.spec;
      out.push({ type: "servingOff", node, object: missing.label, reason: "rotate-server-certificates unset" });
    }
  }
  return out;
}

/** In a kubeadm file, the KubeletConfiguration is the cluster's (uploaded for every node that joins). */
function kubeadmFileServing(docs: NodeConfigDocuments): RotationProblem[] {
  const initFile = docs.clusterConfigs.length > 0 || docs.kubeadmNodes.some((n) => n.kind === "InitConfiguration");
  const out: RotationProblem[] = [];
  for (const kubelet of docs.kubeletConfigs) {
    const problem = kubeletServing(kubelet);
    // Only an init file decides the cluster's kubelet config; `kubeadm join` downloads it from the cluster.
    if (problem && (initFile || problem.type !== "servingOff" || problem.reason !== NOT_SET)) out.push(problem);
  }
  const explicitOff = docs.kubeadmNodes.filter((n) => servingFlag(n) === false);
  for (const source of explicitOff) {
    out.push({ type: "servingOff", node: extraArgs(source) ?? kindNode(source.owner), object: source.label, reason: "--rotate-server-certificates=false" });
  }
  if (!initFile || docs.kubeletConfigs.length > 0 || out.length > 0) return out;
  // An init file without a KubeletConfiguration: kubeadm's defaults leave serverTLSBootstrap off, unless every node
  // of the file passes the flag.
  if (docs.kubeadmNodes.length > 0 && docs.kubeadmNodes.every((n) => servingFlag(n) === true)) return out;
  const anchor = docs.kubeadmNodes.find((n) => n.kind === "InitConfiguration")?.owner ?? docs.clusterConfigs[0];
  if (anchor) out.push({ type: "servingOff", node: kindNode(anchor), object: objectLabel(anchor), reason: "no KubeletConfiguration sets serverTLSBootstrap: true" });
  return out;
}

function kubeletServing(kubelet: LintedObject): Extract<RotationProblem, { type: "servingOff" | "notBoolean" }> | undefined {
  const object = objectLabel(kubelet);
  const gates = parseFeatureGates(kubelet.value.featureGates);
  if (gates[ROTATE_GATE] === false) {
    const node = nodeAt(kubelet.node, ["featureGates", ROTATE_GATE]) ?? kindNode(kubelet);
    return { type: "servingOff", node, object, reason: `feature gate ${ROTATE_GATE} is off` };
  }
  const pair = getPair(kubelet.node, "serverTLSBootstrap");
  const value = unwrap(pair?.value);
  const raw = scalarOrNull(value);
  if (raw === true) return undefined;
  const node = pair?.value ?? pair?.key ?? kindNode(kubelet);
  // JSON null leaves a Go bool at its default: the same as not set.
  if (pair && raw !== null && typeof raw !== "boolean") return { type: "notBoolean", node, object, field: "serverTLSBootstrap", value: describe(raw, value) };
  return { type: "servingOff", node, object, reason: raw === false ? "serverTLSBootstrap: false" : NOT_SET };
}

function servingFlag(source: NodeRegistrationSource): boolean | undefined {
  const args = extraArgs(source);
  const gates = kubeletFlag(args, "feature-gates");
  if (gates && parseFeatureGates(gates.value)[ROTATE_GATE] === false) return false;
  const flag = kubeletFlag(args, "rotate-server-certificates");
  return flag ? parseGoBool(flag.value) : undefined;
}

/** kubeadm v1beta4 Go durations; Cluster API v1beta2 spells them as whole days. Unreadable values: kubeadm's job. */
function validityProblems(cluster: YContent, object: string, options: RotationOptions): RotationProblem[] {
  const out: RotationProblem[] = [];
  const fields = [
    { field: "certificateValidityPeriod", days: false, max: options.maxCertificateValidityDays },
    { field: "caCertificateValidityPeriod", days: false, max: options.maxCaCertificateValidityDays },
    { field: "certificateValidityPeriodDays", days: true, max: options.maxCertificateValidityDays },
    { field: "caCertificateValidityPeriodDays", days: true, max: options.maxCaCertificateValidityDays },
  ];
  for (const { field, days: inDays, max } of fields) {
    if (max === null) continue;
    const node = nodeAt(cluster, [field]);
    const scalar = unwrap(node);
    if (!node || scalar?.type !== "YAMLScalar") continue;
    const days = inDays ? (typeof scalar.value === "number" ? scalar.value : undefined) : msToDays(parseGoDuration(scalar.value));
    if (days === undefined || !(days > max)) continue;
    out.push({ type: "validityTooLong", node, object, field, value: String(scalar.value), days: Math.floor(days), maxDays: max });
  }
  return out;
}

function msToDays(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : ms / DAY_MS;
}

function kindNode(obj: LintedObject): YContent {
  return nodeAt(obj.node, ["kind"]) ?? obj.node;
}

function stringAt(node: YContent | null, key: string): string {
  const value = unwrap(nodeAt(node, [key]));
  return value?.type === "YAMLScalar" && typeof value.value === "string" ? value.value : "";
}

function describe(raw: unknown, node: YContent | null): string {
  if (raw === undefined) return node ? `a ${node.type === "YAMLSequence" ? "list" : "map"}` : "empty";
  return JSON.stringify(raw);
}

/** A scalar's value; null for an empty value (`key:`); undefined for a map or list. */
function scalarOrNull(node: ReturnType<typeof unwrap>): unknown {
  if (!node) return null;
  return node.type === "YAMLScalar" ? node.value : undefined;
}
