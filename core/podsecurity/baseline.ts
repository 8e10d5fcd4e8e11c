/**
 * The Pod Security Standards "baseline" checks: no known privilege escalation. Written from the standard
 * (kubernetes.io/docs/concepts/security/pod-security-standards) and worded like the admission controller.
 */
import { asArray, asRecord, asString } from "../manifest/yaml-ast.js";
import { containerSetter, finding, plural, quoted, setters, type Check, type Finding } from "./check.js";
import { appliesFrom } from "./levels.js";
import { containerLabel, POD_SECURITY_CONTEXT, type ContainerView } from "./pod-view.js";

/** Capabilities a container runtime grants by default: adding them back changes nothing. */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  "AUDIT_WRITE",
  "CHOWN",
  "DAC_OVERRIDE",
  "FOWNER",
  "FSETID",
  "KILL",
  "MKNOD",
  "NET_BIND_SERVICE",
  "SETFCAP",
  "SETGID",
  "SETPCAP",
  "SETUID",
  "SYS_CHROOT",
]);

/** Namespaced sysctls that cannot affect other pods or the node, by the version that allowed them. */
const SAFE_SYSCTLS: readonly (readonly [number, readonly string[]])[] = [
  [0, ["kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range"]],
  [27, ["net.ipv4.ip_local_reserved_ports"]],
  [29, ["net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"]],
  [32, ["net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"]],
];

const SELINUX_TYPES: readonly (readonly [number, string])[] = [
  [0, "container_t"],
  [0, "container_init_t"],
  [0, "container_kvm_t"],
  [31, "container_engine_t"],
];

export const APPARMOR_ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";
const VALID_SECCOMP = new Set(["RuntimeDefault", "Localhost"]);
const PROBES = ["livenessProbe", "readinessProbe", "startupProbe"] as const;
const LIFECYCLE_HANDLERS = ["postStart", "preStop"] as const;

export function isValidSeccompType(type: unknown): boolean {
  return typeof type === "string" && VALID_SECCOMP.has(type);
}

const windowsHostProcess: Check = {
  id: "windowsHostProcess",
  level: "baseline",
  reason: "hostProcess",
  since: 0,
  run: (pod) =>
    setters(pod)
      .filter((s) => asRecord(s.securityContext.windowsOptions)?.hostProcess === true)
      .map((s) => finding(s, ["windowsOptions", "hostProcess"], `${s.who} must not set securityContext.windowsOptions.hostProcess=true`)),
};

const hostNamespaces: Check = {
  id: "hostNamespaces",
  level: "baseline",
  reason: "host namespaces",
  since: 0,
  run: (pod) =>
    (["hostNetwork", "hostPID", "hostIPC"] as const)
      .filter((key) => pod.spec[key] === true)
      .map((key) => ({ path: ["spec", key], detail: `${key}=true` })),
};

const privileged: Check = {
  id: "privileged",
  level: "baseline",
  reason: "privileged",
  since: 0,
  run: (pod) =>
    pod.containers
      .filter((c) => c.securityContext.privileged === true)
      .map((c) => finding(containerSetter(c), ["privileged"], `${containerLabel(c)} must not set securityContext.privileged=true`)),
};

const capabilitiesBaseline: Check = {
  id: "capabilities_baseline",
  level: "baseline",
  reason: "non-default capabilities",
  since: 0,
  run: (pod) =>
    pod.containers.flatMap((c) => {
      const added = asArray(asRecord(c.securityContext.capabilities)?.add);
      const bad = added.map((cap, i) => [i, asString(cap)] as const).filter(([, cap]) => cap && !BASELINE_CAPABILITIES.has(cap));
      const first = bad[0];
      if (!first) return [];
      const names = bad.map(([, cap]) => cap as string);
      return [
        finding(containerSetter(c), ["capabilities", "add", first[0]], `${containerLabel(c)} must not include ${quoted(names)} in securityContext.capabilities.add`),
      ];
    }),
};

const hostPathVolumes: Check = {
  id: "hostPathVolumes",
  level: "baseline",
  reason: "hostPath volumes",
  since: 0,
  run: (pod) =>
    asArray(pod.spec.volumes).flatMap((entry, i): Finding[] => {
      const volume = asRecord(entry);
      if (volume?.hostPath === undefined || volume.hostPath === null) return [];
      return [{ path: ["spec", "volumes", i, "hostPath"], detail: `volume ${JSON.stringify(asString(volume.name) ?? "")}` }];
    }),
};

const hostPorts: Check = {
  id: "hostPorts",
  level: "baseline",
  reason: "hostPort",
  since: 0,
  run: (pod) =>
    pod.containers.flatMap((c): Finding[] => {
      const used = asArray(c.value.ports)
        .map((port, i) => [i, asRecord(port)?.hostPort] as const)
        .filter(([, hostPort]) => typeof hostPort === "number" && hostPort !== 0);
      const first = used[0];
      if (!first) return [];
      const ports = used.map(([, p]) => String(p)).join(", ");
      return [
        {
          path: [...c.path, "ports", first[0], "hostPort"],
          container: c.name,
          detail: `${containerLabel(c)} uses ${plural(used.length, "hostPort", "hostPorts")} ${ports}`,
        },
      ];
    }),
};

const appArmorProfile: Check = {
  id: "appArmorProfile",
  level: "baseline",
  reason: "forbidden AppArmor profile",
  since: 0,
  run: (pod, version) => {
    const fromAnnotations = Object.entries(pod.annotations)
      .filter(([key, value]) => key.startsWith(APPARMOR_ANNOTATION_PREFIX) && !allowedAppArmorAnnotation(value))
      .map(([key, value]): Finding => ({
        path: ["metadata", "annotations", key],
        container: key.slice(APPARMOR_ANNOTATION_PREFIX.length) || undefined,
        detail: `${key}=${JSON.stringify(value)}`,
      }));
    // The securityContext.appArmorProfile field replaced the annotations in Kubernetes 1.30.
    const fromFields = appliesFrom(version, 30)
      ? setters(pod)
          .filter((s) => asRecord(s.securityContext.appArmorProfile)?.type === "Unconfined")
          .map((s) => finding(s, ["appArmorProfile", "type"], `${s.who} must not set securityContext.appArmorProfile.type to "Unconfined"`))
      : [];
    return [...fromAnnotations, ...fromFields];
  },
};

function allowedAppArmorAnnotation(value: string): boolean {
  return value === "" || value === "runtime/default" || value.startsWith("localhost/");
}

const seLinuxOptions: Check = {
  id: "seLinuxOptions",
  level: "baseline",
  reason: "seLinuxOptions",
  since: 0,
  run: (pod, version) => {
    const types = new Set(["", ...SELINUX_TYPES.filter(([since]) => appliesFrom(version, since)).map(([, t]) => t)]);
    return setters(pod).flatMap((s) => {
      const options = asRecord(s.securityContext.seLinuxOptions);
      if (!options) return [];
      const problems: { field: string; text: string }[] = [];
      const type = asString(options.type) ?? "";
      if (!types.has(type)) problems.push({ field: "type", text: `type ${JSON.stringify(type)}` });
      if (asString(options.user)) problems.push({ field: "user", text: "user may not be set" });
      if (asString(options.role)) problems.push({ field: "role", text: "role may not be set" });
      const first = problems[0];
      if (!first) return [];
      const detail = `${s.who} set forbidden securityContext.seLinuxOptions: ${problems.map((p) => p.text).join("; ")}`;
      return [finding(s, ["seLinuxOptions", first.field], detail)];
    });
  },
};

const procMount: Check = {
  id: "procMount",
  level: "baseline",
  reason: "procMount",
  since: 0,
  relaxedInUserNamespace: true,
  run: (pod) =>
    pod.containers.flatMap((c) => {
      const value = c.securityContext.procMount;
      if (typeof value !== "string" || value === "Default") return [];
      return [finding(containerSetter(c), ["procMount"], `${containerLabel(c)} must not set securityContext.procMount to ${JSON.stringify(value)}`)];
    }),
};

const seccompProfileBaseline: Check = {
  id: "seccompProfile_baseline",
  level: "baseline",
  reason: "seccompProfile",
  since: 19,
  run: (pod) =>
    setters(pod).flatMap((s) => {
      const profile = asRecord(s.securityContext.seccompProfile);
      if (!profile || isValidSeccompType(profile.type)) return [];
      const type = asString(profile.type) ?? "";
      return [finding(s, ["seccompProfile", "type"], `${s.who} must not set securityContext.seccompProfile.type to ${JSON.stringify(type)}`)];
    }),
};

const sysctls: Check = {
  id: "sysctls",
  level: "baseline",
  reason: "forbidden sysctls",
  since: 0,
  run: (pod, version) => {
    const safe = new Set(SAFE_SYSCTLS.filter(([since]) => appliesFrom(version, since)).flatMap(([, names]) => names));
    return asArray(pod.securityContext.sysctls).flatMap((entry, i): Finding[] => {
      const name = asString(asRecord(entry)?.name);
      if (name === undefined || safe.has(name)) return [];
      return [{ path: [...POD_SECURITY_CONTEXT, "sysctls", i, "name"], detail: name }];
    });
  },
};

const hostProbesAndHostLifecycle: Check = {
  id: "hostProbesAndHostLifecycle",
  level: "baseline",
  reason: "probe or lifecycle host",
  since: 34,
  run: (pod) =>
    pod.containers.flatMap((c): Finding[] => {
      const hosts = handlerHosts(c);
      const first = hosts[0];
      if (!first) return [];
      const names = [...new Set(hosts.map((h) => h.host))];
      return [
        {
          path: first.path,
          container: c.name,
          detail: `${containerLabel(c)} uses ${plural(names.length, "probe or lifecycle host", "probe or lifecycle hosts")} ${quoted(names)}`,
        },
      ];
    }),
};

/** `host:` of HTTP and TCP probes and lifecycle hooks: set, the kubelet connects to any address the tenant names. */
function handlerHosts(c: ContainerView): { host: string; path: (string | number)[] }[] {
  const handlers = [
    ...PROBES.map((probe) => ({ value: c.value[probe], path: [...c.path, probe] })),
    ...LIFECYCLE_HANDLERS.map((hook) => ({ value: asRecord(c.value.lifecycle)?.[hook], path: [...c.path, "lifecycle", hook] })),
  ];
  const out: { host: string; path: (string | number)[] }[] = [];
  for (const handler of handlers) {
    for (const action of ["httpGet", "tcpSocket"]) {
      const host = asString(asRecord(asRecord(handler.value)?.[action])?.host);
      if (host) out.push({ host, path: [...handler.path, action, "host"] });
    }
  }
  return out;
}

export const BASELINE_CHECKS: readonly Check[] = [
  windowsHostProcess,
  hostNamespaces,
  privileged,
  capabilitiesBaseline,
  hostPathVolumes,
  hostPorts,
  appArmorProfile,
  seLinuxOptions,
  procMount,
  seccompProfileBaseline,
  sysctls,
  hostProbesAndHostLifecycle,
];
