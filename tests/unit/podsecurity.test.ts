import { describe, expect, it } from "vitest";
import { checksFor, evaluatePodSecurity, type Violation } from "../../core/podsecurity/evaluate.js";
import { parseLevel, parseVersion, policyName, type PodSecurityPolicy } from "../../core/podsecurity/levels.js";

const BASELINE: PodSecurityPolicy = { level: "baseline", version: "latest" };
const RESTRICTED: PodSecurityPolicy = { level: "restricted", version: "latest" };

/** A container that meets `restricted`: every test below changes one thing. */
const HARDENED = {
  allowPrivilegeEscalation: false,
  runAsNonRoot: true,
  seccompProfile: { type: "RuntimeDefault" },
  capabilities: { drop: ["ALL"] },
};

function container(securityContext: object = HARDENED, extra: object = {}) {
  return { name: "app", image: "nginx", securityContext, ...extra };
}

function pod(spec: object, metadata: object = {}) {
  return { metadata, spec: { containers: [container()], ...spec } };
}

function run(template: unknown, policy = RESTRICTED): Violation[] {
  return evaluatePodSecurity(template, policy);
}

function messages(template: unknown, policy = RESTRICTED): string[] {
  return run(template, policy).map((v) => v.message);
}

describe("levels", () => {
  it("parses levels, failing closed like the admission controller", () => {
    expect(parseLevel("baseline")).toEqual({ level: "baseline", valid: true });
    expect(parseLevel("Restricted")).toEqual({ level: "restricted", valid: false });
  });
  it("parses versions, 'latest' for anything unparseable", () => {
    expect(parseVersion("v1.29")).toBe(29);
    expect(parseVersion("latest")).toBe("latest");
    expect(parseVersion("1.29")).toBe("latest");
    expect(parseVersion(undefined)).toBe("latest");
    expect(policyName({ level: "restricted", version: 25 })).toBe("restricted:v1.25");
  });
  it("privileged runs no check; restricted replaces baseline counterparts", () => {
    expect(checksFor({ level: "privileged", version: "latest" })).toEqual([]);
    const restricted = checksFor(RESTRICTED).map((c) => c.id);
    expect(restricted).toContain("restrictedVolumes");
    expect(restricted).not.toContain("hostPathVolumes");
    expect(restricted).not.toContain("capabilities_baseline");
    expect(restricted).not.toContain("seccompProfile_baseline");
    // before 1.22 the restricted capabilities check did not exist, so the baseline one still applies
    const v121 = checksFor({ level: "restricted", version: 21 }).map((c) => c.id);
    expect(v121).toContain("capabilities_baseline");
    expect(v121).not.toContain("capabilities_restricted");
  });
});

describe("a hardened pod", () => {
  it("meets restricted and baseline", () => {
    expect(run(pod({}))).toEqual([]);
    expect(run(pod({}), BASELINE)).toEqual([]);
  });
  it("meets baseline with no securityContext at all", () => {
    expect(run(pod({ containers: [{ name: "app", image: "nginx" }] }), BASELINE)).toEqual([]);
  });
  it("never throws on wrong shapes", () => {
    for (const template of [null, 3, "x", [], { spec: null }, { spec: { containers: {} } }, { spec: { containers: [null, 3, { securityContext: [] }], volumes: "x" } }, { metadata: 3, spec: { securityContext: { sysctls: [null, { name: 3 }] } } }]) {
      expect(() => run(template)).not.toThrow();
    }
  });
});

describe("baseline checks", () => {
  it("windowsHostProcess: pod and container", () => {
    const template = pod({
      securityContext: { windowsOptions: { hostProcess: true } },
      containers: [container({ ...HARDENED, windowsOptions: { hostProcess: true } })],
    });
    expect(messages(template, BASELINE)).toEqual([
      "hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)",
      'hostProcess (container "app" must not set securityContext.windowsOptions.hostProcess=true)',
    ]);
    expect(run(template, BASELINE)[0]?.path).toEqual(["spec", "securityContext", "windowsOptions", "hostProcess"]);
  });

  it("hostNamespaces: one violation per field, false is fine", () => {
    const found = run(pod({ hostNetwork: true, hostPID: true, hostIPC: false }), BASELINE);
    expect(found.map((v) => v.message)).toEqual(["host namespaces (hostNetwork=true)", "host namespaces (hostPID=true)"]);
    expect(found.map((v) => v.path)).toEqual([["spec", "hostNetwork"], ["spec", "hostPID"]]);
  });

  it("privileged: per container, init and ephemeral containers too", () => {
    const template = pod({
      containers: [container({ privileged: true })],
      initContainers: [{ name: "init", securityContext: { privileged: true } }],
      ephemeralContainers: [{ name: "debug", securityContext: { privileged: false } }],
    });
    const found = run(template, BASELINE);
    expect(found.map((v) => v.message)).toEqual([
      'privileged (container "app" must not set securityContext.privileged=true)',
      'privileged (container "init" must not set securityContext.privileged=true)',
    ]);
    expect(found[1]).toMatchObject({ container: "init", path: ["spec", "initContainers", 0, "securityContext", "privileged"] });
  });

  it("capabilities_baseline: only the runtime's default set may be added", () => {
    const template = pod({ containers: [container({ capabilities: { add: ["CHOWN", "SYS_ADMIN", "NET_RAW"] } })] });
    const found = run(template, BASELINE);
    expect(found.map((v) => v.message)).toEqual([
      'non-default capabilities (container "app" must not include "SYS_ADMIN", "NET_RAW" in securityContext.capabilities.add)',
    ]);
    expect(found[0]?.path).toEqual(["spec", "containers", 0, "securityContext", "capabilities", "add", 1]);
    expect(run(pod({ containers: [container({ capabilities: { add: ["NET_BIND_SERVICE", "KILL"] } })] }), BASELINE)).toEqual([]);
  });

  it("hostPathVolumes: per volume; restricted reports it as a restricted volume type instead", () => {
    const template = pod({ volumes: [{ name: "docker", hostPath: { path: "/var/run/docker.sock" } }, { name: "tmp", emptyDir: {} }] });
    expect(messages(template, BASELINE)).toEqual(['hostPath volumes (volume "docker")']);
    expect(messages(template)).toEqual(['restricted volume types (volume "docker" uses restricted volume type "hostPath")']);
  });

  it("hostPorts: one violation per container listing every port", () => {
    const template = pod({ containers: [container(HARDENED, { ports: [{ containerPort: 80, hostPort: 80 }, { containerPort: 81 }, { containerPort: 443, hostPort: 443 }] })] });
    const found = run(template, BASELINE);
    expect(found.map((v) => v.message)).toEqual(['hostPort (container "app" uses hostPorts 80, 443)']);
    expect(found[0]?.path).toEqual(["spec", "containers", 0, "ports", 0, "hostPort"]);
    expect(run(pod({ containers: [container(HARDENED, { ports: [{ containerPort: 80, hostPort: 0 }] })] }), BASELINE)).toEqual([]);
  });

  it("appArmorProfile: annotations other than runtime/default or localhost/*, and the Unconfined field", () => {
    const template = pod(
      { securityContext: { appArmorProfile: { type: "Unconfined" } } },
      {
        annotations: {
          "container.apparmor.security.beta.kubernetes.io/app": "unconfined",
          "container.apparmor.security.beta.kubernetes.io/side": "localhost/k8s-nginx",
          "container.apparmor.security.beta.kubernetes.io/init": "runtime/default",
        },
      },
    );
    const found = run(template, BASELINE);
    expect(found.map((v) => v.message)).toEqual([
      'forbidden AppArmor profile (container.apparmor.security.beta.kubernetes.io/app="unconfined")',
      'forbidden AppArmor profile (pod must not set securityContext.appArmorProfile.type to "Unconfined")',
    ]);
    expect(found[0]?.path).toEqual(["metadata", "annotations", "container.apparmor.security.beta.kubernetes.io/app"]);
    // the field arrived in 1.30
    expect(messages(template, { level: "baseline", version: 29 })).toHaveLength(1);
  });

  it("seLinuxOptions: custom types, user and role", () => {
    const template = pod({
      securityContext: { seLinuxOptions: { type: "container_t", level: "s0:c123,c456" } },
      containers: [container({ ...HARDENED, seLinuxOptions: { type: "spc_t", user: "system_u" } })],
    });
    expect(messages(template, BASELINE)).toEqual([
      'seLinuxOptions (container "app" set forbidden securityContext.seLinuxOptions: type "spc_t"; user may not be set)',
    ]);
    const engine = pod({ securityContext: { seLinuxOptions: { type: "container_engine_t" } } });
    expect(run(engine, BASELINE)).toEqual([]);
    expect(messages(engine, { level: "baseline", version: 30 })).toEqual([
      'seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type "container_engine_t")',
    ]);
  });

  it("procMount: only Default; relaxed in a user namespace", () => {
    const template = pod({ containers: [container({ ...HARDENED, procMount: "Unmasked" })] });
    expect(messages(template, BASELINE)).toEqual(['procMount (container "app" must not set securityContext.procMount to "Unmasked")']);
    expect(run({ ...template, spec: { ...template.spec, hostUsers: false } }, BASELINE)).toEqual([]);
  });

  it("seccompProfile_baseline: Unconfined is forbidden, unset is fine", () => {
    const template = pod({ securityContext: { seccompProfile: { type: "Unconfined" } }, containers: [{ name: "app" }] });
    expect(messages(template, BASELINE)).toEqual(['seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")']);
  });

  it("sysctls: only the safe set, which grows with the version", () => {
    const template = pod({
      securityContext: {
        sysctls: [
          { name: "net.ipv4.ip_local_port_range", value: "1024 65535" },
          { name: "net.ipv4.tcp_keepalive_time", value: "600" },
          { name: "kernel.msgmax", value: "65536" },
        ],
      },
    });
    const found = run(template, BASELINE);
    expect(found.map((v) => v.message)).toEqual(["forbidden sysctls (kernel.msgmax)"]);
    expect(found[0]?.path).toEqual(["spec", "securityContext", "sysctls", 2, "name"]);
    expect(messages(template, { level: "baseline", version: 28 })).toEqual([
      "forbidden sysctls (net.ipv4.tcp_keepalive_time)",
      "forbidden sysctls (kernel.msgmax)",
    ]);
  });

  it("hostProbesAndHostLifecycle: probes and hooks must not name a host (1.34+)", () => {
    const template = pod({
      containers: [
        container(HARDENED, {
          livenessProbe: { httpGet: { host: "169.254.169.254", path: "/", port: 80 } },
          lifecycle: { preStop: { tcpSocket: { host: "10.0.0.1", port: 22 } } },
        }),
      ],
    });
    const found = run(template, BASELINE);
    expect(found.map((v) => v.message)).toEqual([
      'probe or lifecycle host (container "app" uses probe or lifecycle hosts "169.254.169.254", "10.0.0.1")',
    ]);
    expect(found[0]?.path).toEqual(["spec", "containers", 0, "livenessProbe", "httpGet", "host"]);
    expect(run(template, { level: "baseline", version: 33 })).toEqual([]);
  });
});

describe("restricted checks", () => {
  it("a default pod fails the four hardening checks, once per container, reported on its name", () => {
    const found = run({ spec: { containers: [{ name: "web", image: "nginx" }] } });
    expect(found.map((v) => v.check)).toEqual(["allowPrivilegeEscalation", "runAsNonRoot", "seccompProfile_restricted", "capabilities_restricted"]);
    expect(found.map((v) => v.message)).toEqual([
      'allowPrivilegeEscalation != false (container "web" must set securityContext.allowPrivilegeEscalation=false)',
      'runAsNonRoot != true (pod or container "web" must set securityContext.runAsNonRoot=true)',
      'seccompProfile (pod or container "web" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
      'unrestricted capabilities (container "web" must set securityContext.capabilities.drop=["ALL"])',
    ]);
    for (const v of found) expect(v.anchor).toEqual(["spec", "containers", 0, "name"]);
  });

  it("restrictedVolumes: the allow-list; a volume with no source defaults to emptyDir", () => {
    const template = pod({
      volumes: [
        { name: "cfg", configMap: { name: "c" } },
        { name: "data", persistentVolumeClaim: { claimName: "d" } },
        { name: "scratch" },
        { name: "share", nfs: { server: "nfs", path: "/" } },
        { name: "repo", gitRepo: { repository: "https://example.com/r.git" } },
      ],
    });
    expect(messages(template)).toEqual([
      'restricted volume types (volume "share" uses restricted volume type "nfs")',
      'restricted volume types (volume "repo" uses restricted volume type "gitRepo")',
    ]);
    expect(run(template, BASELINE)).toEqual([]);
  });

  it("allowPrivilegeEscalation: must be false, true is reported on the field", () => {
    const found = run(pod({ containers: [container({ ...HARDENED, allowPrivilegeEscalation: true })] }));
    expect(found.map((v) => v.path)).toEqual([["spec", "containers", 0, "securityContext", "allowPrivilegeEscalation"]]);
  });

  it("runAsNonRoot: pod-level true covers containers; an explicit false is reported where it is", () => {
    const noContainerFlag = { ...HARDENED, runAsNonRoot: undefined };
    expect(run(pod({ securityContext: { runAsNonRoot: true }, containers: [container(noContainerFlag)] }))).toEqual([]);
    expect(messages(pod({ securityContext: { runAsNonRoot: false }, containers: [container(noContainerFlag)] }))).toEqual([
      "runAsNonRoot != true (pod must not set securityContext.runAsNonRoot=false)",
      'runAsNonRoot != true (pod or container "app" must set securityContext.runAsNonRoot=true)',
    ]);
    expect(messages(pod({ securityContext: { runAsNonRoot: true }, containers: [container({ ...HARDENED, runAsNonRoot: false })] }))).toEqual([
      'runAsNonRoot != true (container "app" must not set securityContext.runAsNonRoot=false)',
    ]);
    expect(run(pod({ hostUsers: false, containers: [container({ ...HARDENED, runAsNonRoot: false })] }))).toEqual([]);
  });

  it("runAsUser: 0 is root, at pod or container level", () => {
    expect(messages(pod({ securityContext: { runAsUser: 0 }, containers: [container({ ...HARDENED, runAsUser: 0 })] }))).toEqual([
      "runAsUser=0 (pod must not set runAsUser=0)",
      'runAsUser=0 (container "app" must not set runAsUser=0)',
    ]);
    expect(run(pod({ securityContext: { runAsUser: 1000 } }))).toEqual([]);
  });

  it("seccompProfile_restricted: RuntimeDefault or Localhost at pod or container level", () => {
    const unset = { ...HARDENED, seccompProfile: undefined };
    expect(run(pod({ securityContext: { seccompProfile: { type: "Localhost", localhostProfile: "p.json" } }, containers: [container(unset)] }))).toEqual([]);
    expect(messages(pod({ containers: [container({ ...HARDENED, seccompProfile: { type: "Unconfined" } })] }))).toEqual([
      'seccompProfile (container "app" must not set securityContext.seccompProfile.type to "Unconfined")',
    ]);
    // an Unconfined pod default is reported once, and containers left to it are reported too
    expect(messages(pod({ securityContext: { seccompProfile: { type: "Unconfined" } }, containers: [container(unset)] }))).toEqual([
      'seccompProfile (pod must not set securityContext.seccompProfile.type to "Unconfined")',
      'seccompProfile (pod or container "app" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    ]);
  });

  it("capabilities_restricted: drop ALL, add NET_BIND_SERVICE only; one violation per container", () => {
    const found = run(pod({ containers: [container({ ...HARDENED, capabilities: { drop: ["NET_RAW"], add: ["NET_BIND_SERVICE", "SYS_TIME"] } })] }));
    expect(found.map((v) => v.message)).toEqual([
      'unrestricted capabilities (container "app" must set securityContext.capabilities.drop=["ALL"]; container "app" must not include "SYS_TIME" in securityContext.capabilities.add)',
    ]);
    expect(found[0]?.path).toEqual(["spec", "containers", 0, "securityContext", "capabilities", "add", 1]);
    expect(run(pod({ containers: [container({ ...HARDENED, capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] } })] }))).toEqual([]);
  });

  it("Windows pods skip the Linux-only checks from 1.25", () => {
    const template = { spec: { os: { name: "windows" }, securityContext: { runAsNonRoot: true }, containers: [{ name: "win" }] } };
    expect(run(template)).toEqual([]);
    expect(run(template, { level: "restricted", version: 24 }).map((v) => v.check)).toEqual([
      "allowPrivilegeEscalation",
      "seccompProfile_restricted",
      "capabilities_restricted",
    ]);
  });

  it("older versions skip checks introduced later", () => {
    const template = pod({ securityContext: { runAsUser: 0 } });
    expect(run(template, { level: "restricted", version: 22 })).toEqual([]);
    expect(run(template, { level: "restricted", version: 23 }).map((v) => v.check)).toEqual(["runAsUser"]);
  });
});
