import { rotationProblems, type RotationOptions } from "../core/nodeconfig/rotation.js";
import { asReportNode, createRule } from "./support/rule.js";

export default createRule({
  name: "require-certificate-rotation",
  meta: {
    type: "problem",
    docs: {
      description:
        "Require kubelet certificate rotation in kubeadm, Cluster API and KubeletConfiguration node configs (strict: serving certificates, kubeadm validity periods)",
      presets: {
        recommended: { severity: "error" },
        strict: {
          severity: "error",
          options: [{ requireExplicit: true, servingCertificates: true, maxCertificateValidityDays: 365, maxCaCertificateValidityDays: 3650 }],
        },
      },
    },
    schema: [
      {
        type: "object",
        properties: {
          requireExplicit: {
            type: "boolean",
            description: "Report a stand-alone KubeletConfiguration that leaves rotateCertificates unset (the kubelet's default is false).",
          },
          servingCertificates: {
            type: "boolean",
            description: "Report kubelet serving certificates that never rotate (serverTLSBootstrap not true, no rotate-server-certificates flag).",
          },
          maxCertificateValidityDays: {
            type: ["integer", "null"],
            minimum: 1,
            description: "Longest kubeadm certificateValidityPeriod, in days; null: no limit.",
          },
          maxCaCertificateValidityDays: {
            type: ["integer", "null"],
            minimum: 1,
            description: "Longest kubeadm caCertificateValidityPeriod, in days; null: no limit.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ requireExplicit: false, servingCertificates: false, maxCertificateValidityDays: null, maxCaCertificateValidityDays: null }],
    messages: {
      flagOff:
        "{{object}} passes the kubelet --{{flag}}={{value}}: its client certificate will expire unrenewed. Remove the flag.",
      configOff: "{{object}} sets rotateCertificates: false: the kubelet's client certificate will expire unrenewed. Set it to true.",
      configOmitted: "{{object}} leaves rotateCertificates unset, and the kubelet's default is false. Set rotateCertificates: true.",
      notBoolean: "{{object}} {{field}} is {{value}}, not a boolean: the kubelet will not start with it. Set it to true.",
      servingOff:
        "{{object}}: serving certificates never rotate ({{reason}}). Turn on serverTLSBootstrap, approve their CSRs.",
      validityTooLong:
        "{{object}} {{field}} is {{value}} ({{days}} days), over {{maxDays}}: a leaked key stays useful that long. Set at most {{maxDays}} days.",
    },
  },
  create(context, kube) {
    const [options] = context.options as [RotationOptions];
    return {
      Program() {
        for (const problem of rotationProblems(kube.file, options)) {
          const { type, node, ...data } = problem;
          const strings = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, String(v)]));
          context.report({ node: asReportNode(node), messageId: type, data: strings });
        }
      },
    };
  },
});
