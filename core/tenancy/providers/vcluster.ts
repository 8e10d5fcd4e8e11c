/**
 * vcluster (loft-sh/vcluster). A virtual cluster runs its tenant's pods in one host namespace, which is therefore a
 * tenant namespace (tenant: the vcluster's name, i.e. its Helm release). Read from:
 * - a Flux HelmRelease of the `vcluster` chart (`spec.chart.spec.chart`): host namespace `spec.targetNamespace`, else
 *   the HelmRelease's; release name `spec.releaseName`, else `[targetNamespace-]name` (Flux API reference);
 * - an Argo CD Application whose source is the `vcluster` chart: host namespace `spec.destination.namespace`, release
 *   `helm.releaseName`, else the Application's name;
 * - a vCluster Platform VirtualClusterInstance: host namespace `spec.clusterRef.namespace`, values in
 *   `spec.template.helmRelease.values`, or in a VirtualClusterTemplate of the repository (`spec.templateRef`).
 * Walls, as the chart templates create them in the host namespace (chart/templates/{networkpolicy,resourcequota,
 * limitrange}.yaml; vcluster.com/docs/vcluster/configure/vcluster-yaml/policies):
 * - v0.20+ `policies.networkPolicy.enabled` (default false): policies that "allow traffic between pods within the
 *   virtual cluster [and] block traffic from other namespaces", read as one policy over every pod of the namespace;
 * - `policies.resourceQuota.enabled` / `policies.limitRange.enabled` (default "auto"): each is created when either is
 *   "true" and it is not "false"; quota and limits are the chart defaults merged with the values;
 * - `policies.podSecurityStandard`: the level vcluster enforces on the tenant's pods;
 * - before v0.20 (`isolation.*`, chart version < 0.20 or values without `policies`): `isolation.enabled` (default
 *   false) turns on `podSecurityStandard` (baseline), `resourceQuota`, `limitRange` and an egress-only
 *   `networkPolicy`, each on by default.
 * Values from ConfigMaps, Secrets or value files are not read: a setting they may hold is trusted, not guessed.
 */
import type { ManifestObject } from "../../manifest/model.js";
import { asArray, asRecord, asString, type PlainValue } from "../../manifest/yaml-ast.js";
import type { Workspace } from "../../workspace/workspace.js";
import type { ManagedLabel, ProtectingObject, ProtectionKind, TenancyProvider } from "../provider.js";
import { argoValues, fluxValues, mergeValues, parseValuesText, valueAt, type ChartValues, type Values } from "./helm-values.js";

const ID = "vcluster";

/** One virtual cluster of the repository. */
export interface VirtualCluster {
  name: string;
  hostNamespace: string;
  object: ManifestObject;
  values: Values;
  unread: string[];
  /** The chart before v0.20, configured by `isolation.*`. */
  legacy: boolean;
}

export const vclusterProvider: TenancyProvider = {
  id: ID,
  definingKinds: ["HelmRelease", "Application", "VirtualClusterInstance"],
  read(ws) {
    const byObject = new Map<ManifestObject, VirtualCluster>();
    const byNamespace = new Map<string, VirtualCluster[]>();
    const templates = new Map<string, ManifestObject>();
    for (const t of ws.ofKind("VirtualClusterTemplate")) if (t.name && t.group.endsWith("loft.sh")) templates.set(t.name, t);
    for (const obj of ws.ofKind("HelmRelease", "Application", "VirtualClusterInstance")) {
      const vc = readVirtualCluster(obj, ws, templates);
      if (!vc) continue;
      byObject.set(obj, vc);
      byNamespace.set(vc.hostNamespace, [...(byNamespace.get(vc.hostNamespace) ?? []), vc]);
    }
    const describe = (vc: VirtualCluster) => `vcluster '${vc.name}' (${vc.object.kind} ${ws.relative(vc.object.filePath)})`;
    const find = (obj: ManifestObject) => byObject.get(obj) ?? readVirtualCluster(obj, ws, templates);
    const hosted = (namespace: string | undefined) => (namespace ? (byNamespace.get(namespace) ?? []) : []);
    return {
      definition(obj) {
        const vc = find(obj);
        if (!vc) return undefined;
        const description = `vcluster '${vc.name}' in namespace '${vc.hostNamespace}'`;
        return { name: vc.hostNamespace, ownLabels: {}, description, namesTenant: true, secondary: true };
      },
      markFromDefinition(by) {
        const vc = find(by);
        return vc && { name: vc.name, source: ID, evidence: `host namespace of vcluster '${vc.name}'` };
      },
      protecting(target, kind) {
        return hosted(target.namespace).flatMap((vc) => walls(vc, kind));
      },
      shortfalls(target, kind) {
        return hosted(target.namespace).flatMap((vc) => {
          const why = walls(vc, kind).length === 0 ? reasonMissing(vc, kind) : undefined;
          return why ? [`${describe(vc)} ${why}`] : [];
        });
      },
      managedLabels(target) {
        return hosted(target.namespace).flatMap((vc): ManagedLabel[] => {
          const level = podSecurityStandard(vc);
          const via = `vcluster '${vc.name}' ${vc.legacy ? "isolation" : "policies"}.podSecurityStandard`;
          return level ? [{ key: "pod-security.kubernetes.io/enforce", value: level, evidence: vc.object, via, forced: false }] : [];
        });
      },
    };
  },
};

const VCLUSTER_CHART = /^vcluster(-k8s|-k0s|-k3s|-eks)?$/;

export function readVirtualCluster(obj: ManifestObject, ws: Workspace, templates: ReadonlyMap<string, ManifestObject>): VirtualCluster | undefined {
  const spec = asRecord(obj.value.spec);
  if (obj.kind === "HelmRelease" && obj.group === "helm.toolkit.fluxcd.io" && obj.name) {
    const chart = asRecord(asRecord(spec?.chart)?.spec);
    if (!VCLUSTER_CHART.test(asString(chart?.chart) ?? "")) return undefined;
    const target = asString(spec?.targetNamespace);
    const hostNamespace = target ?? ws.effectiveNamespaces(obj)[0] ?? obj.namespace;
    if (!hostNamespace) return undefined;
    const name = asString(spec?.releaseName) ?? (target ? `${target}-${obj.name}` : obj.name);
    return build(obj, name, hostNamespace, fluxValues(spec), asString(chart?.version));
  }
  if (obj.kind === "Application" && obj.group === "argoproj.io" && obj.name) {
    const source = [asRecord(spec?.source), ...asArray(spec?.sources).map(asRecord)].find((s) => VCLUSTER_CHART.test(asString(s?.chart) ?? ""));
    const hostNamespace = asString(asRecord(spec?.destination)?.namespace);
    if (!source || !hostNamespace) return undefined;
    const helm = asRecord(source.helm);
    return build(obj, asString(helm?.releaseName) ?? obj.name, hostNamespace, argoValues(helm), asString(source.targetRevision));
  }
  if (obj.kind === "VirtualClusterInstance" && obj.group.endsWith("loft.sh") && obj.name) {
    const hostNamespace = asString(asRecord(spec?.clusterRef)?.namespace);
    if (!hostNamespace) return undefined;
    const templateName = asString(asRecord(spec?.templateRef)?.name);
    const template = templateName ? templates.get(templateName) : undefined;
    const release = asRecord(asRecord(templateName ? asRecord(template?.value.spec)?.template : spec?.template)?.helmRelease);
    const text = asString(release?.values);
    const values = parseValuesText(text);
    const unread = templateName && !template ? [`VirtualClusterTemplate '${templateName}'`] : text && !values ? ["templated values"] : [];
    return build(obj, obj.name, hostNamespace, { values: values ?? {}, unread }, asString(asRecord(release?.chart)?.version));
  }
  return undefined;
}

function build(object: ManifestObject, name: string, hostNamespace: string, chart: ChartValues, version: string | undefined): VirtualCluster {
  const [major, minor] = (version ?? "").replace(/^v/, "").split(".").map(Number);
  const legacy = major !== undefined && minor !== undefined && !Number.isNaN(major) && !Number.isNaN(minor)
    ? major === 0 && minor < 20
    : chart.values.isolation !== undefined && chart.values.policies === undefined;
  return { name, hostNamespace, object, values: chart.values, unread: chart.unread, legacy };
}

/** Chart defaults (chart/values.yaml), the same before and after v0.20. */
const DEFAULT_QUOTA: Values = {
  "requests.cpu": "10", "requests.memory": "20Gi", "requests.storage": "100Gi", "requests.ephemeral-storage": "60Gi",
  "limits.cpu": "20", "limits.memory": "40Gi", "limits.ephemeral-storage": "160Gi",
  "services.nodeports": "0", "services.loadbalancers": "1",
  "count/endpoints": "40", "count/pods": "20", "count/services": "20", "count/secrets": "100", "count/configmaps": "100",
  "count/persistentvolumeclaims": "20",
};
const DEFAULT_LIMITS: Values = { default: { "ephemeral-storage": "8Gi", memory: "512Mi", cpu: "1" }, defaultRequest: { "ephemeral-storage": "3Gi", memory: "128Mi", cpu: "100m" } };

const SECTION: Record<ProtectionKind, string> = { NetworkPolicy: "networkPolicy", LimitRange: "limitRange", ResourceQuota: "resourceQuota" };

/** Helm templates compare `toString` of the value: true and "true" alike. */
function flag(value: PlainValue | undefined): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

/** Whether the chart creates the object of this kind: "yes", "no", or "unknown" (a value source we do not read). */
function enabled(vc: VirtualCluster, kind: ProtectionKind): "yes" | "no" | "unknown" {
  const root = vc.legacy ? "isolation" : "policies";
  const own = flag(valueAt(vc.values, `${root}.${SECTION[kind]}.enabled`));
  const unread = vc.unread.length > 0;
  if (vc.legacy) {
    const isolation = flag(valueAt(vc.values, "isolation.enabled"));
    if (isolation === undefined && unread) return "unknown";
    return isolation === "true" && own !== "false" ? "yes" : "no";
  }
  if (kind === "NetworkPolicy") return own === "true" ? "yes" : own === undefined && unread ? "unknown" : "no";
  const other = flag(valueAt(vc.values, `policies.${kind === "LimitRange" ? "resourceQuota" : "limitRange"}.enabled`));
  if (own === "false") return "no";
  if (own === "true" || other === "true") return "yes";
  return unread && (own === undefined || other === undefined) ? "unknown" : "no";
}

function walls(vc: VirtualCluster, kind: ProtectionKind): ProtectingObject[] {
  const state = enabled(vc, kind);
  if (state === "no") return [];
  const root = vc.legacy ? "isolation" : "policies";
  const section = asRecord(valueAt(vc.values, `${root}.${SECTION[kind]}`)) ?? {};
  const base = { evidence: vc.object, source: "vcluster", group: kind === "NetworkPolicy" ? "networking.k8s.io" : "" };
  const via = `vcluster '${vc.name}' ${root}.${SECTION[kind]}`;
  if (state === "unknown") {
    return [{ ...base, kind, name: undefined, spec: undefined, via: `${via} (trusted: values from ${vc.unread.join(", ")} not read)` }];
  }
  switch (kind) {
    case "NetworkPolicy":
      return [{ ...base, kind, name: `vc-work-${vc.name}`, spec: networkPolicySpec(vc, section), via }];
    case "ResourceQuota":
      return [{ ...base, kind, name: `vc-${vc.name}`, spec: { hard: mergeValues(DEFAULT_QUOTA, asRecord(section.quota)) }, via }];
    case "LimitRange": {
      const item: Values = {
        type: "Container",
        default: mergeValues(asRecord(DEFAULT_LIMITS.default) ?? {}, asRecord(section.default)),
        defaultRequest: mergeValues(asRecord(DEFAULT_LIMITS.defaultRequest) ?? {}, asRecord(section.defaultRequest)),
        ...pick(section, "min", "max"),
      };
      return [{ ...base, kind, name: `vc-${vc.name}`, spec: { limits: [item] }, via }];
    }
  }
}

function pick(section: Values, ...keys: string[]): Values {
  const out: Values = {};
  for (const key of keys) if (asRecord(section[key])) out[key] = section[key] as PlainValue;
  return out;
}

/**
 * The chart's vc-work and vc-cp policies select every pod vcluster runs in its host namespace, so they read as one
 * policy with `podSelector: {}`: ingress only from the namespace (v0.20+), egress to it, DNS, and
 * `outgoingConnections.ipBlock` (default 0.0.0.0/0 except private ranges). Before v0.20 the policy was egress-only.
 */
function networkPolicySpec(vc: VirtualCluster, section: Values): Values {
  const ipBlock = asRecord(asRecord(section.outgoingConnections)?.ipBlock) ?? {
    cidr: "0.0.0.0/0",
    except: ["100.64.0.0/10", "127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"],
  };
  const egress: PlainValue[] = [
    { to: [{ podSelector: {} }] },
    { ports: [{ port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }] },
    { to: [{ ipBlock }] },
  ];
  return vc.legacy
    ? { podSelector: {}, policyTypes: ["Egress"], egress }
    : { podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [{ from: [{ podSelector: {} }] }], egress };
}

function podSecurityStandard(vc: VirtualCluster): string | undefined {
  if (!vc.legacy) return asString(valueAt(vc.values, "policies.podSecurityStandard")) || undefined;
  if (flag(valueAt(vc.values, "isolation.enabled")) !== "true") return undefined;
  return asString(valueAt(vc.values, "isolation.podSecurityStandard")) ?? "baseline";
}

/** "sets policies.networkPolicy.enabled: false": what keeps the chart from creating it. */
function reasonMissing(vc: VirtualCluster, kind: ProtectionKind): string {
  const section = SECTION[kind];
  if (vc.legacy) {
    const isolation = flag(valueAt(vc.values, "isolation.enabled"));
    if (isolation !== "true") return isolation === undefined ? "leaves isolation.enabled unset (false)" : `sets isolation.enabled: ${isolation}`;
    return `sets isolation.${section}.enabled: false`;
  }
  const own = flag(valueAt(vc.values, `policies.${section}.enabled`));
  if (kind === "NetworkPolicy") return own === undefined ? "leaves policies.networkPolicy.enabled unset (false)" : `sets policies.networkPolicy.enabled: ${own}`;
  if (own === "false") return `sets policies.${section}.enabled: false`;
  const other = kind === "LimitRange" ? "resourceQuota" : "limitRange";
  return `leaves policies.${section}.enabled ${own ?? "unset"} ("auto": off without ${other})`;
}
