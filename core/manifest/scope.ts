/**
 * Does an object need a namespace? Beyond the built-in cluster-scoped kinds (model.ts), two families never do:
 * - cluster-scoped kinds of well-known API groups, told apart by group because kind names collide across projects
 *   (Calico's `IPPool` is cluster-scoped, a `Template` may be kiosk's or OpenShift's);
 * - files that look like objects but configure a tool and are never applied: kubeadm, kubelet, kind, k3d, kpt,
 *   kustomize plugins, test harnesses (chainsaw, kuttl, kyverno CLI), skaffold...
 */
import { isClusterScoped, type ManifestObject } from "./model.js";

/** group -> its cluster-scoped kinds; "*" when every kind of the group is (Gatekeeper constraints). */
const CLUSTER_SCOPED_BY_GROUP: ReadonlyMap<string, ReadonlySet<string> | "*"> = new Map<string, ReadonlySet<string> | "*">([
  ["", new Set(["ComponentStatus"])],
  ["flowcontrol.apiserver.k8s.io", new Set(["FlowSchema", "PriorityLevelConfiguration"])],
  ["admissionregistration.k8s.io", new Set(["MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding", "InitializerConfiguration"])],
  ["networking.k8s.io", new Set(["ServiceCIDR", "IPAddress"])],
  ["policy.networking.k8s.io", new Set(["AdminNetworkPolicy", "BaselineAdminNetworkPolicy", "ClusterNetworkPolicy"])],
  ["storage.k8s.io", new Set(["VolumeAttributesClass"])],
  ["resource.k8s.io", new Set(["DeviceClass", "ResourceSlice"])],
  ["certificates.k8s.io", new Set(["ClusterTrustBundle"])],
  ["gateway.networking.k8s.io", new Set(["GatewayClass"])],
  ["templates.gatekeeper.sh", "*"],
  ["constraints.gatekeeper.sh", "*"],
  ["mutations.gatekeeper.sh", new Set(["Assign", "AssignMetadata", "ModifySet", "AssignImage"])],
  ["kyverno.io", new Set(["ClusterPolicy", "ClusterCleanupPolicy", "ClusterBackgroundScanReport", "ClusterAdmissionReport"])],
  ["policies.kyverno.io", new Set(["ValidatingPolicy", "ImageValidatingPolicy", "MutatingPolicy", "GeneratingPolicy", "DeletingPolicy"])],
  ["wgpolicyk8s.io", new Set(["ClusterPolicyReport"])],
  ["external-secrets.io", new Set(["ClusterSecretStore", "ClusterExternalSecret", "ClusterGenerator"])],
  ["crd.projectcalico.org", new Set(["GlobalNetworkPolicy", "GlobalNetworkSet", "IPPool", "FelixConfiguration", "BGPConfiguration", "BGPPeer", "ClusterInformation", "HostEndpoint", "Tier", "KubeControllersConfiguration"])],
  ["projectcalico.org", new Set(["GlobalNetworkPolicy", "GlobalNetworkSet", "IPPool", "FelixConfiguration", "BGPConfiguration", "BGPPeer", "ClusterInformation", "HostEndpoint", "Tier", "KubeControllersConfiguration"])],
  ["cilium.io", new Set(["CiliumClusterwideNetworkPolicy", "CiliumClusterwideEnvoyConfig", "CiliumNode", "CiliumIdentity", "CiliumLoadBalancerIPPool", "CiliumBGPClusterConfig", "CiliumBGPPeerConfig", "CiliumBGPAdvertisement", "CiliumCIDRGroup", "CiliumL2AnnouncementPolicy", "CiliumPodIPPool"])],
  ["karpenter.sh", new Set(["NodePool", "NodeClaim"])],
  ["karpenter.k8s.aws", new Set(["EC2NodeClass"])],
  ["operators.coreos.com", new Set(["Operator"])],
  ["snapshot.storage.k8s.io", new Set(["VolumeSnapshotClass", "VolumeSnapshotContent"])],
  ["hnc.x-k8s.io", new Set(["HNCConfiguration"])],
  ["security.openshift.io", new Set(["SecurityContextConstraints"])],
  ["config.openshift.io", "*"],
  ["project.openshift.io", new Set(["Project", "ProjectRequest"])],
  ["quota.openshift.io", new Set(["ClusterResourceQuota"])],
  ["config.kiosk.sh", new Set(["AccountQuota", "Template"])],
  ["capsule.clastix.io", new Set(["Tenant", "CapsuleConfiguration", "GlobalTenantResource", "TenantOwner", "GlobalResourceQuota"])],
]);

/** API groups of tool configuration files: they look like objects but nothing applies them to a cluster. */
const CONFIG_GROUPS: ReadonlySet<string> = new Set([
  "kustomize.config.k8s.io",
  "kubeadm.k8s.io",
  "audit.k8s.io",
  "client.authentication.k8s.io",
  "kind.x-k8s.io",
  "k3d.io",
  "kpt.dev",
  "fn.kpt.dev",
  "config.kubernetes.io",
  "kuttl.dev",
  "chainsaw.kyverno.io",
  "cli.kyverno.io",
  "ctlptl.dev",
  "clusterctl.cluster.x-k8s.io",
  "skaffold",
  "config.kwok.x-k8s.io",
  "krew.googlecontainertools.github.com",
]);

/** Annotations by which kustomize / kpt mark a file as local configuration or a KRM function's config. */
const LOCAL_CONFIG_ANNOTATIONS = ["config.kubernetes.io/function", "config.k8s.io/function"];

/** Core-group kinds that are files, not objects (a kubeconfig is `apiVersion: v1`, `kind: Config`). */
const CONFIG_KINDS: ReadonlySet<string> = new Set(["Config", "Kustomization", "Component"]);

/** Whether this object is a tool's configuration file rather than something applied to a cluster. */
export function isNeverApplied(obj: Pick<ManifestObject, "apiVersion" | "group" | "kind" | "annotations">): boolean {
  if (obj.group === "" && CONFIG_KINDS.has(obj.kind)) return true;
  // kustomize's built-in transformer and generator configs
  if (obj.apiVersion === "builtin") return true;
  if (obj.annotations["config.kubernetes.io/local-config"] === "true") return true;
  if (LOCAL_CONFIG_ANNOTATIONS.some((key) => obj.annotations[key] !== undefined)) return true;
  // kubelet.config.k8s.io, apiserver.config.k8s.io, pod-security.admission.config.k8s.io, ...
  return (
    CONFIG_GROUPS.has(obj.group) ||
    obj.group.endsWith(".config.k8s.io") ||
    obj.group.endsWith(".config.kubernetes.io") ||
    obj.group === "config.k8s.io"
  );
}

/** Whether a kind of a group is cluster-scoped by what this plugin knows (not counting the repo's own CRDs). */
export function isKnownClusterScoped(group: string, kind: string): boolean {
  if (isClusterScoped(kind)) return true;
  const kinds = CLUSTER_SCOPED_BY_GROUP.get(group);
  return kinds === "*" || (kinds !== undefined && kinds.has(kind));
}
