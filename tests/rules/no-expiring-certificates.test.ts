import rule from "../../rules/no-expiring-certificates.js";
import { isoDate } from "../../core/certs/validity.js";
import { b64, daysFrom, indent, makeCert, privateKeyPem, type Issued } from "../helpers/certs.js";
import { createRuleTester, inRepo, repo } from "../helpers/rule-tester.js";

const NOW = new Date();
const now = NOW.toISOString();

const ca = await makeCert({ cn: "Example Root CA", key: "rsa2048", ca: true, notAfter: daysFrom(NOW, 3650) });
const valid = await makeCert({ cn: "valid.example.com", issuer: ca, notAfter: daysFrom(NOW, 200) });
const expired = await makeCert({ cn: "expired.example.com", issuer: ca, notBefore: daysFrom(NOW, -400), notAfter: daysFrom(NOW, -12) });
const expiring = await makeCert({ cn: "expiring.example.com", issuer: ca, notAfter: daysFrom(NOW, 9) });
const soon = await makeCert({ cn: "soon.example.com", key: "p384", issuer: ca, notAfter: daysFrom(NOW, 45) });
const future = await makeCert({ cn: "future.example.com", key: "ed25519", notBefore: daysFrom(NOW, 5), notAfter: daysFrom(NOW, 300) });
const ed = await makeCert({ cn: "ed.example.com", key: "ed25519", notBefore: daysFrom(NOW, -30), notAfter: daysFrom(NOW, -1) });

const empty = repo();
const withFiles = repo({
  "kube/certs/ca.crt": expired.pem,
  "kube/certs/client.crt": valid.pem,
});
const elsewhere = repo({ "ca.crt": expired.pem });

const at = (extra: Record<string, unknown> = {}) => inRepo(empty, "linted.yaml", { now, ...extra });

/** The full message data of a report about `cert` (RuleTester compares all of it). */
function about(cert: Issued, where: string, days: number, options: { position?: string; warnWithinDays?: number } = {}) {
  return {
    where,
    certificate: `certificate${options.position ? ` ${options.position}` : ""} '${cert.cn}'`,
    issuer: cert === future || cert === ed ? cert.cn : "Example Root CA",
    notBefore: isoDate(cert.notBefore),
    notAfter: isoDate(cert.notAfter),
    days: String(days),
    warnWithinDays: String(options.warnWithinDays ?? 30),
  };
}

const pemLines = (cert: Issued) => cert.pem.trimEnd().split("\n").length - 1;

const tlsSecret = (crt: string, extra = "") =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-tls\n  namespace: web\ntype: kubernetes.io/tls\ndata:\n  tls.crt: ${crt}\n  tls.key: ${b64(privateKeyPem("ec-sec1"))}\n${extra}`;

const webhook = (kind: string, caBundle: string) =>
  `apiVersion: admissionregistration.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: hook\nwebhooks:\n  - name: a.example.com\n    clientConfig:\n      caBundle: ${caBundle}\n`;

const kubeconfig = (caData: string, certData: string) =>
  [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "  - name: prod",
    "    cluster:",
    "      server: https://10.0.0.1:6443",
    `      certificate-authority-data: ${caData}`,
    "users:",
    "  - name: admin",
    "    user:",
    `      client-certificate-data: ${certData}`,
    `      client-key-data: ${b64(privateKeyPem("rsa-pkcs1"))}`,
    "",
  ].join("\n");

createRuleTester().run("no-expiring-certificates", rule, {
  valid: [
    { code: tlsSecret(valid.b64), ...at() },
    { code: kubeconfig(ca.b64, valid.b64), ...at() },
    // expiring in 45 days: outside the default 30-day window
    { code: webhook("ValidatingWebhookConfiguration", soon.b64), ...at() },
    // without settings.kube.now the clock decides: still valid for 200 days
    { code: tlsSecret(valid.b64), ...inRepo(empty) },
    // placeholders filled in later by cert-manager's cainjector, Helm or envsubst
    { code: webhook("MutatingWebhookConfiguration", "Cg=="), ...at() },
    { code: webhook("MutatingWebhookConfiguration", '""'), ...at() },
    { code: webhook("MutatingWebhookConfiguration", "${CA_BUNDLE}"), ...at() },
    { code: kubeconfig("REDACTED", "DATA+OMITTED"), ...at() }, // kubectl config view --raw=false
    { code: tlsSecret(b64("TESTCERT1")), ...at() }, // a bare word standing in for a certificate in test data
    // SOPS-encrypted values and SealedSecrets hold ciphertext
    { code: tlsSecret("ENC[AES256_GCM,data:x6T0K2Q=,iv:aGVsbG8=,tag:d29ybGQ=,type:str]", "sops:\n  mac: ENC[AES256_GCM,data:abc=,type:str]\n  pgp:\n    - enc: |\n        -----BEGIN PGP MESSAGE-----\n        hQEMA0\n        -----END PGP MESSAGE-----\n"), ...at() },
    {
      code: `apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: s\nspec:\n  encryptedData:\n    tls.crt: AgBy3i4OJSWK+PiTySYZZA==\n  template:\n    type: kubernetes.io/tls\n`,
      ...at(),
    },
    // free-form values that are not certificates
    { code: "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  ca.crt: CA1\n  script: grep -- '-----BEGIN CERTIFICATE' file\n", ...at() },
    { code: "image:\n  repository: nginx\nreplicas: 3\n", ...at() },
    // wrong shapes never crash
    { code: "apiVersion: v1\nkind: Secret\nmetadata: 3\ndata: []\nstringData: null\n", ...at() },
    { code: "apiVersion: v1\nkind: Config\nclusters: [1, null, {cluster: 3}, {cluster: {certificate-authority-data: 7}}]\nusers: {}\n", ...at() },
    { code: "apiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata:\n  name: v1.metrics\nspec: null\n", ...at() },
    { code: "apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nwebhooks: x\n", ...at() },
    // a kubeconfig file reference outside the repository is the user's machine: not read
    { code: `apiVersion: v1\nkind: Config\nclusters:\n  - name: c\n    cluster:\n      certificate-authority: ${elsewhere}/ca.crt\n`, ...at() },
    { code: "apiVersion: v1\nkind: Config\nclusters:\n  - name: c\n    cluster:\n      certificate-authority: ../../../ca.crt\n", ...inRepo(withFiles, "kube/kubeconfig.yaml", { now }) },
    { code: "apiVersion: v1\nkind: Config\nclusters:\n  - name: c\n    cluster:\n      certificate-authority: /etc/kubernetes/pki/ca.crt\n", ...at() },
    // the option wins over settings.kube.now: a date when the expired certificate was fine
    { code: tlsSecret(expired.b64), options: [{ now: isoDate(daysFrom(NOW, -100)) }], ...at() },
  ],
  invalid: [
    {
      code: tlsSecret(expired.b64),
      ...at(),
      errors: [{ messageId: "expired", data: about(expired, "Secret 'web-tls' data.tls.crt", 12), line: 8, column: 12 }],
    },
    {
      // the same with the real clock
      code: tlsSecret(expired.b64),
      ...inRepo(empty),
      errors: [{ messageId: "expired", data: about(expired, "Secret 'web-tls' data.tls.crt", 12), line: 8 }],
    },
    {
      code: tlsSecret(valid.b64, `  ca.crt: ${expiring.b64}\n`),
      ...at(),
      errors: [
        {
          messageId: "expiring",
          data: about(expiring, "Secret 'web-tls' data.ca.crt", 9),
          line: 10,
          column: 11,
        },
      ],
    },
    {
      // strict-style window
      code: webhook("ValidatingWebhookConfiguration", soon.b64),
      options: [{ warnWithinDays: 60 }],
      ...at(),
      errors: [{ messageId: "expiring", data: about(soon, "ValidatingWebhookConfiguration 'hook' webhooks[0].clientConfig.caBundle", 45, { warnWithinDays: 60 }), line: 8, column: 17 }],
    },
    {
      // stringData holds PEM; a block scalar is reported on its first line
      code: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ntype: kubernetes.io/tls\nstringData:\n  tls.crt: |\n${indent(future.pem, 4)}\n`,
      ...at(),
      errors: [
        {
          messageId: "notYetValid",
          data: about(future, "Secret 's' stringData.tls.crt", 5),
          line: 7,
          column: 12,
          endLine: 7,
          endColumn: 13,
        },
      ],
    },
    {
      // a bundle: each certificate by position and subject
      code: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kube-root-ca.crt\ndata:\n  ca.crt: |\n${indent(valid.pem + expired.pem + ed.pem, 4)}\n`,
      ...at(),
      errors: [
        { messageId: "expired", data: about(expired, "ConfigMap 'kube-root-ca.crt' data.ca.crt", 12, { position: "2 of 3" }), line: 6 },
        { messageId: "expired", data: about(ed, "ConfigMap 'kube-root-ca.crt' data.ca.crt", 1, { position: "3 of 3" }), line: 6 },
      ],
    },
    {
      // CRLF PEM inside base64
      code: webhook("MutatingWebhookConfiguration", b64((valid.pem + expired.pem).replace(/\n/g, "\r\n"))),
      ...at(),
      errors: [{ messageId: "expired", data: about(expired, "MutatingWebhookConfiguration 'hook' webhooks[0].clientConfig.caBundle", 12, { position: "2 of 2" }), line: 8 }],
    },
    {
      code: kubeconfig(expired.b64, expiring.b64),
      ...at(),
      errors: [
        { messageId: "expired", data: about(expired, "Config '(unnamed)' clusters[0].cluster.certificate-authority-data", 12), line: 7, column: 35 },
        { messageId: "expiring", data: about(expiring, "Config '(unnamed)' users[0].user.client-certificate-data", 9), line: 11, column: 32 },
      ],
    },
    {
      // kubeconfig file references inside the repository, relative to the kubeconfig
      code: "apiVersion: v1\nkind: Config\nclusters:\n  - name: c\n    cluster:\n      certificate-authority: certs/ca.crt\nusers:\n  - name: u\n    user:\n      client-certificate: certs/client.crt\n      client-certificate-data: 42\n",
      ...inRepo(withFiles, "kube/kubeconfig.yaml", { now }),
      errors: [{ messageId: "expired", data: about(expired, "Config '(unnamed)' clusters[0].cluster.certificate-authority (file certs/ca.crt)", 12), line: 6, column: 30 }],
    },
    {
      code: `apiVersion: apiregistration.k8s.io/v1\nkind: APIService\nmetadata:\n  name: v1beta1.metrics.k8s.io\nspec:\n  caBundle: ${expired.b64}\n`,
      ...at(),
      errors: [{ messageId: "expired", data: about(expired, "APIService 'v1beta1.metrics.k8s.io' spec.caBundle", 12), line: 6 }],
    },
    {
      code: `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: foos.example.com\nspec:\n  conversion:\n    strategy: Webhook\n    webhook:\n      clientConfig:\n        caBundle: ${expired.b64}\n`,
      ...at(),
      errors: [{ messageId: "expired", data: about(expired, "CustomResourceDefinition 'foos.example.com' spec.conversion.webhook.clientConfig.caBundle", 12), line: 10 }],
    },
    {
      code: `apiVersion: apiextensions.k8s.io/v1beta1\nkind: CustomResourceDefinition\nmetadata:\n  name: bars.example.com\nspec:\n  conversion:\n    webhookClientConfig:\n      caBundle: ${expired.b64}\n`,
      ...at(),
      errors: [{ messageId: "expired", data: about(expired, "CustomResourceDefinition 'bars.example.com' spec.conversion.webhookClientConfig.caBundle", 12), line: 8 }],
    },
    {
      // cert-manager (and other CRDs) follow the caBundle convention
      code: `apiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: vault\nspec:\n  vault:\n    server: https://vault\n    caBundle: ${expired.b64}\n`,
      ...at(),
      errors: [{ messageId: "expired", data: about(expired, "ClusterIssuer 'vault' spec.vault.caBundle", 12), line: 8 }],
    },
    {
      // the generic finder: any ConfigMap value, any CRD field, plain YAML (Helm values)
      code: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: trust\ndata:\n  bundle.pem: |\n${indent(expired.pem, 4)}\n---\nserver:\n  tls:\n    ca: ${expired.b64}\n`,
      ...at(),
      errors: [
        { messageId: "expired", data: about(expired, "ConfigMap 'trust' data.bundle.pem", 12), line: 6 },
        { messageId: "expired", data: about(expired, "server.tls.ca", 12), line: 11 + pemLines(expired), column: 9 },
      ],
    },
    {
      // List items; an anchored certificate is reported once, at its anchor
      code: `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Secret\n    metadata: {name: a}\n    data:\n      ca.crt: &ca ${expired.b64}\n  - apiVersion: v1\n    kind: Secret\n    metadata: {name: b}\n    data:\n      ca.crt: *ca\n`,
      ...at(),
      errors: [{ messageId: "expired", data: about(expired, "Secret 'a' data.ca.crt", 12), line: 8, column: 19 }],
    },
    {
      code: webhook("ValidatingWebhookConfiguration", "not-base64-at-all!"),
      ...at(),
      errors: [{ messageId: "unparseable", data: { where: "ValidatingWebhookConfiguration 'hook' webhooks[0].clientConfig.caBundle", problem: "is not valid base64" }, line: 8, column: 17 }],
    },
    {
      // valid base64 of plain text: kubectl fails on it like on garbage (issue 15)
      code: kubeconfig(ca.b64, b64("not a certificate")),
      ...at(),
      errors: [{ messageId: "unparseable", data: { where: "Config '(unnamed)' users[0].user.client-certificate-data", problem: "decodes to text that is not a PEM certificate" }, line: 11 }],
    },
    {
      code: tlsSecret(b64("/etc/ssl/web.crt")),
      ...at(),
      errors: [{ messageId: "unparseable", data: { where: "Secret 'web-tls' data.tls.crt", problem: "decodes to text that is not a PEM certificate" }, line: 8 }],
    },
    {
      code: tlsSecret(b64(b64(valid.pem))),
      ...at(),
      errors: [{ messageId: "unparseable", data: { where: "Secret 'web-tls' data.tls.crt", problem: "is base64-encoded twice" }, line: 8 }],
    },
    {
      code: tlsSecret(b64(privateKeyPem("pkcs8"))),
      ...at(),
      errors: [{ messageId: "unparseable", data: { where: "Secret 'web-tls' data.tls.crt", problem: "holds PRIVATE KEY data, not a certificate" }, line: 8 }],
    },
    {
      code: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  ca.crt: |\n${indent(valid.pem.slice(0, 300), 4)}\n`,
      ...at(),
      errors: [{ messageId: "unparseable", data: { where: "Secret 's' stringData.ca.crt", problem: "has a CERTIFICATE block without its END line (truncated?)" }, line: 6 }],
    },
    {
      code: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  tls.crt: ${valid.b64}\n`,
      ...at(),
      errors: [{ messageId: "unparseable", data: { where: "Secret 's' stringData.tls.crt", problem: "holds base64, but this field takes the PEM text as-is" }, line: 6 }],
    },
  ],
});
