import rule from "../../rules/require-certificate-rotation.js";
import { createRuleTester, inRepo, repo } from "../helpers/rule-tester.js";

const at = inRepo(repo());
const patchFile = inRepo(repo(), "patches/kubeletconfiguration0+strategic.yaml");
const STRICT = [{ requireExplicit: true, servingCertificates: true, maxCertificateValidityDays: 365, maxCaCertificateValidityDays: 3650 }];

const init3 = (args: string) =>
  `apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n${args}`;
const join4 = (args: string) =>
  `apiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n${args}`;
const kubelet = (body: string) => `apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n${body}`;
const cluster4 = (body: string) => `apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n${body}`;
const kcp = (spec: string) =>
  `apiVersion: controlplane.cluster.x-k8s.io/v1beta1\nkind: KubeadmControlPlane\nmetadata:\n  name: cp\nspec:\n  kubeadmConfigSpec:\n${spec}`;
const workers = (spec: string) =>
  `apiVersion: bootstrap.cluster.x-k8s.io/v1beta1\nkind: KubeadmConfigTemplate\nmetadata:\n  name: md-0\nspec:\n  template:\n    spec:\n${spec}`;
const servingOn = kubelet("serverTLSBootstrap: true\n");

createRuleTester().run("require-certificate-rotation", rule, {
  valid: [
    { code: init3('    rotate-certificates: "true"\n    node-labels: a=b\n'), ...at },
    { code: join4("    - name: rotate-certificates\n      value: \"false\"\n    - name: rotate-certificates\n      value: \"true\"\n"), ...at }, // last wins
    { code: kubelet("rotateCertificates: true\n"), ...at },
    // recommended: the kubelet default (off) is strict's business
    { code: kubelet("serverTLSBootstrap: false\n"), ...at },
    { code: kubelet("rotateCertificates:\n"), ...at },
    // kubeadm forces rotateCertificates to true for the KubeletConfiguration of its own config file
    { code: `${init3("    node-labels: a=b\n")}---\n${kubelet("rotateCertificates: false\nserverTLSBootstrap: true\n")}`, ...at },
    { code: `${cluster4("certificateValidityPeriod: 8760h\n")}---\n${kubelet("rotateCertificates: false\nserverTLSBootstrap: true\n")}`, options: STRICT, ...at },
    // strict: explicit true for both
    { code: kubelet("rotateCertificates: true\nserverTLSBootstrap: true\n"), options: STRICT, ...at },
    { code: `${cluster4('certificateValidityPeriod: "8760h0m0s"\ncaCertificateValidityPeriod: 87600h\n')}---\n${servingOn}`, options: STRICT, ...at },
    // join files: the kubelet config comes from the cluster
    { code: join4("    - name: node-labels\n      value: a=b\n"), options: STRICT, ...at },
    // a kubeadm patch changes only what it names
    { code: kubelet("maxPods: 200\n"), options: STRICT, ...patchFile },
    // Cluster API: flags on every node, or a kubeletconfiguration patch in files
    {
      code: kcp('    initConfiguration:\n      nodeRegistration:\n        kubeletExtraArgs:\n          rotate-server-certificates: "true"\n    joinConfiguration:\n      nodeRegistration:\n        kubeletExtraArgs:\n          rotate-server-certificates: "true"\n'),
      options: STRICT,
      ...at,
    },
    {
      code: workers("      files:\n        - path: /etc/kubeadm/patches/kubeletconfiguration0+strategic.yaml\n          content: |\n            serverTLSBootstrap: true\n"),
      options: STRICT,
      ...at,
    },
    // not node configs; unknown shapes
    { code: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kubelet-config\ndata:\n  kubelet: |\n    rotateCertificates: false\n", options: STRICT, ...at },
    { code: init3("    - rotate-certificates\n"), ...at },
    { code: "apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\nnodeRegistration: 7\n", ...at },
    { code: "apiVersion: kubeadm.k8s.io/v9\nkind: InitConfiguration\nnodeRegistration:\n  kubeletExtraArgs: [1, 2]\n", ...at },
    { code: cluster4("certificateValidityPeriod: forever\ncaCertificateValidityPeriod: [1]\n") + `---\n${servingOn}`, options: STRICT, ...at },
    { code: cluster4("certificateValidityPeriod: 9000h\n") + `---\n${servingOn}`, ...at }, // recommended: no limit
  ],
  invalid: [
    {
      code: init3('    rotate-certificates: "false"\n'),
      ...at,
      errors: [{ messageId: "flagOff", data: { object: "InitConfiguration in 'linted.yaml'", flag: "rotate-certificates", value: "false" }, line: 5, column: 26 }],
    },
    {
      // v1beta4 list; unquoted YAML booleans and Go's other spellings count too
      code: join4("    - name: rotate-certificates\n      value: \"0\"\n") + `---\n${init3("    rotate-certificates: false\n")}`,
      ...at,
      errors: [
        { messageId: "flagOff", data: { object: "JoinConfiguration in 'linted.yaml'", flag: "rotate-certificates", value: "0" }, line: 6 },
        { messageId: "flagOff", data: { object: "InitConfiguration in 'linted.yaml'", flag: "rotate-certificates", value: "false" }, line: 12 },
      ],
    },
    {
      code: kcp('    joinConfiguration:\n      nodeRegistration:\n        kubeletExtraArgs:\n          rotate-certificates: "false"\n'),
      ...at,
      errors: [{ messageId: "flagOff", data: { object: "KubeadmControlPlane 'cp' joinConfiguration", flag: "rotate-certificates", value: "false" }, line: 10 }],
    },
    {
      code: workers("      joinConfiguration:\n        nodeRegistration:\n          kubeletExtraArgs:\n            - name: rotate-certificates\n              value: \"False\"\n"),
      ...at,
      errors: [{ messageId: "flagOff", data: { object: "KubeadmConfigTemplate 'md-0' joinConfiguration", flag: "rotate-certificates", value: "False" }, line: 12 }],
    },
    {
      code: "apiVersion: bootstrap.cluster.x-k8s.io/v1beta1\nkind: KubeadmConfig\nmetadata:\n  name: m\nspec:\n  initConfiguration:\n    nodeRegistration:\n      kubeletExtraArgs:\n        rotate-certificates: nope\n",
      ...at,
      errors: [{ messageId: "notBoolean", data: { object: "KubeadmConfig 'm' initConfiguration", field: "kubeletExtraArgs rotate-certificates", value: "nope" }, line: 9 }],
    },
    {
      code: kubelet("rotateCertificates: false\n"),
      ...at,
      errors: [{ messageId: "configOff", data: { object: "KubeletConfiguration in 'linted.yaml'" }, line: 3, column: 21 }],
    },
    {
      // a patch that says false does turn it off: kubeadm applies patches after its own defaulting
      code: kubelet("rotateCertificates: false\n"),
      ...patchFile,
      errors: [{ messageId: "configOff", line: 3 }],
    },
    {
      code: kubelet('rotateCertificates: "yes"\n'),
      ...at,
      errors: [{ messageId: "notBoolean", data: { object: "KubeletConfiguration in 'linted.yaml'", field: "rotateCertificates", value: '"yes"' }, line: 3 }],
    },
    {
      code: kubelet("rotateCertificates: [true]\nserverTLSBootstrap: true\n"),
      ...at,
      errors: [{ messageId: "notBoolean", data: { object: "KubeletConfiguration in 'linted.yaml'", field: "rotateCertificates", value: "a list" }, line: 3 }],
    },
    {
      // strict: the default is off, and serving certificates too
      code: kubelet("maxPods: 110\n"),
      options: STRICT,
      ...at,
      errors: [
        { messageId: "configOmitted", data: { object: "KubeletConfiguration in 'linted.yaml'" }, line: 2 },
        { messageId: "servingOff", data: { object: "KubeletConfiguration in 'linted.yaml'", reason: "serverTLSBootstrap is not set" }, line: 2 },
      ],
    },
    {
      code: kubelet("rotateCertificates: true\nserverTLSBootstrap: true\nfeatureGates:\n  RotateKubeletServerCertificate: false\n"),
      options: STRICT,
      ...at,
      errors: [{ messageId: "servingOff", data: { object: "KubeletConfiguration in 'linted.yaml'", reason: "feature gate RotateKubeletServerCertificate is off" }, line: 6 }],
    },
    {
      // a kubeadm init file: its KubeletConfiguration is the cluster's
      code: `${init3("    node-labels: a=b\n")}---\n${kubelet("serverTLSBootstrap: false\n")}`,
      options: STRICT,
      ...at,
      errors: [{ messageId: "servingOff", data: { object: "KubeletConfiguration in 'linted.yaml'", reason: "serverTLSBootstrap: false" }, line: 9 }],
    },
    {
      code: cluster4("certificateValidityPeriod: 17520h\ncaCertificateValidityPeriod: 876000h\n"),
      options: STRICT,
      ...at,
      errors: [
        { messageId: "servingOff", data: { object: "ClusterConfiguration in 'linted.yaml'", reason: "no KubeletConfiguration sets serverTLSBootstrap: true" }, line: 2 },
        { messageId: "validityTooLong", data: { object: "ClusterConfiguration in 'linted.yaml'", field: "certificateValidityPeriod", value: "17520h", days: "730", maxDays: "365" }, line: 3 },
        { messageId: "validityTooLong", data: { object: "ClusterConfiguration in 'linted.yaml'", field: "caCertificateValidityPeriod", value: "876000h", days: "36500", maxDays: "3650" }, line: 4 },
      ],
    },
    {
      code: kcp("    clusterConfiguration:\n      certificateValidityPeriodDays: 400\n"),
      options: STRICT,
      ...at,
      errors: [
        { messageId: "servingOff", data: { object: "KubeadmControlPlane 'cp' initConfiguration", reason: "rotate-server-certificates unset" }, line: 7 },
        { messageId: "validityTooLong", data: { object: "KubeadmControlPlane 'cp' clusterConfiguration", field: "certificateValidityPeriodDays", value: "400", days: "400", maxDays: "365" }, line: 8 },
      ],
    },
    {
      code: join4("    - name: rotate-server-certificates\n      value: \"false\"\n"),
      options: STRICT,
      ...at,
      errors: [{ messageId: "servingOff", data: { object: "JoinConfiguration in 'linted.yaml'", reason: "--rotate-server-certificates=false" }, line: 5 }],
    },
  ],
});
