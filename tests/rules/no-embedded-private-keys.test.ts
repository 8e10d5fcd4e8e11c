import rule from "../../rules/no-embedded-private-keys.js";
import { b64, indent, makeCert, privateKeyPem } from "../helpers/certs.js";
import { createRuleTester, inRepo, repo } from "../helpers/rule-tester.js";

const cert = await makeCert({ cn: "web.example.com" });
const empty = repo();
const withKeyFile = repo({ "kube/admin.key": privateKeyPem("ec-sec1"), "kube/admin.crt": cert.pem });
const at = inRepo(empty);

const tlsSecret = (key: string) =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: web-tls\ntype: kubernetes.io/tls\ndata:\n  tls.crt: ${cert.b64}\n  tls.key: ${key}\n`;

const plaintext = (where: string, format: string) => ({ messageId: "plaintext" as const, data: { where, format } });

createRuleTester().run("no-embedded-private-keys", rule, {
  valid: [
    // certificates are public
    { code: tlsSecret('""'), ...at },
    { code: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ca\ndata:\n  ca.crt: |\n${indent(cert.pem, 4)}\n`, ...at },
    // SOPS keeps the key encrypted in place; its own metadata holds PGP/age messages, not keys
    {
      code: `${tlsSecret("ENC[AES256_GCM,data:x6T0K2Q=,iv:aGVsbG8=,tag:d29ybGQ=,type:str]")}sops:\n  age:\n    - recipient: age1xyz\n      enc: |\n        -----BEGIN AGE ENCRYPTED FILE-----\n        YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBhYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODk=\n        -----END AGE ENCRYPTED FILE-----\n`,
      ...at,
    },
    // a SealedSecret's encryptedData is ciphertext for the controller's key
    {
      code: "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: s\nspec:\n  encryptedData:\n    tls.key: AgBy3i4OJSWK+PiTySYZZA9rO43cGDEq+vGsYnSq1M3kVmZmYzNjZGQ4ZmM2YTk5YmJjYzI4ZDU2NmM1ZWY=\n",
      ...at,
    },
    // placeholders and public keys
    { code: "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  tls.key: |\n    -----BEGIN RSA PRIVATE KEY-----\n    ...\n    -----END RSA PRIVATE KEY-----\n", ...at },
    { code: "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  key: \"{{ .Values.key }}\"\n", ...at },
    { code: `publicKey: |\n  -----BEGIN PUBLIC KEY-----\n  MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE${"A".repeat(88)}==\n  -----END PUBLIC KEY-----\n`, ...at },
    // encrypted keys, when the team accepts them
    { code: tlsSecret(b64(privateKeyPem("encrypted-pkcs8"))), options: [{ allowEncrypted: true }], ...at },
    // a key file outside the repository is not read
    { code: "apiVersion: v1\nkind: Config\nusers:\n  - name: u\n    user:\n      client-key: /home/me/.kube/admin.key\n", ...at },
    // wrong shapes never crash
    { code: "apiVersion: v1\nkind: Secret\nmetadata: []\ndata: 3\nstringData: [a, b]\n", ...at },
    { code: "apiVersion: v1\nkind: Config\nusers: [null, {user: []}, {user: {client-key-data: [1]}}]\n", ...at },
  ],
  invalid: [
    {
      code: tlsSecret(b64(privateKeyPem("rsa-pkcs1"))),
      ...at,
      errors: [{ ...plaintext("Secret 'web-tls' data.tls.key", "RSA (PKCS#1)"), line: 8, column: 12 }],
    },
    {
      code: tlsSecret(b64(privateKeyPem("ec-sec1").replace(/\n/g, "\r\n"))),
      ...at,
      errors: [{ ...plaintext("Secret 'web-tls' data.tls.key", "EC (SEC 1)"), line: 8 }],
    },
    {
      code: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  tls.key: |\n${indent(privateKeyPem("pkcs8"), 4)}\n`,
      ...at,
      errors: [{ ...plaintext("Secret 's' stringData.tls.key", "PKCS#8"), line: 6, column: 12, endLine: 6, endColumn: 13 }],
    },
    {
      code: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: deploy-key\nstringData:\n  id_ed25519: |\n${indent(privateKeyPem("openssh"), 4)}\n`,
      ...at,
      errors: [{ ...plaintext("Secret 'deploy-key' stringData.id_ed25519", "OpenSSH"), line: 6 }],
    },
    {
      code: tlsSecret(b64(privateKeyPem("encrypted-pkcs8"))),
      ...at,
      errors: [{ messageId: "encrypted", data: { where: "Secret 'web-tls' data.tls.key", format: "PKCS#8" }, line: 8 }],
    },
    {
      code: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: legacy\nstringData:\n  key.pem: |\n${indent(privateKeyPem("encrypted-pkcs1"), 4)}\n  ssh: |\n${indent(privateKeyPem("encrypted-openssh"), 4)}\n`,
      ...at,
      errors: [
        { messageId: "encrypted", data: { where: "Secret 'legacy' stringData.key.pem", format: "RSA (PKCS#1)" }, line: 6 },
        { messageId: "encrypted", data: { where: "Secret 'legacy' stringData.ssh", format: "OpenSSH" } },
      ],
    },
    {
      code: [
        "apiVersion: v1",
        "kind: Config",
        "users:",
        "  - name: admin",
        "    user:",
        `      client-certificate-data: ${cert.b64}`,
        `      client-key-data: ${b64(privateKeyPem("rsa-pkcs1"))}`,
        "",
      ].join("\n"),
      ...at,
      errors: [{ ...plaintext("Config '(unnamed)' users[0].user.client-key-data", "RSA (PKCS#1)"), line: 7, column: 24 }],
    },
    {
      // a kubeconfig's key file inside the repository
      code: "apiVersion: v1\nkind: Config\nusers:\n  - name: admin\n    user:\n      client-certificate: admin.crt\n      client-key: admin.key\n",
      ...inRepo(withKeyFile, "kube/config.yaml"),
      errors: [{ ...plaintext("Config '(unnamed)' users[0].user.client-key (file admin.key)", "EC (SEC 1)"), line: 7, column: 19 }],
    },
    {
      // the generic finder: a key and a certificate pasted into a ConfigMap; a Helm values file; an env var
      code: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: haproxy\ndata:\n  server.pem: |\n${indent(cert.pem + privateKeyPem("ec-sec1"), 4)}\n---\ningress:\n  tls:\n    key: ${b64(privateKeyPem("pkcs8"))}\n`,
      ...at,
      errors: [
        { ...plaintext("ConfigMap 'haproxy' data.server.pem", "EC (SEC 1)"), line: 6 },
        { ...plaintext("ingress.tls.key", "PKCS#8") },
      ],
    },
    {
      code: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          env:\n            - name: KEY\n              value: "${privateKeyPem("rsa-pkcs1").replace(/\n/g, "\\n")}"\n`,
      ...at,
      errors: [{ ...plaintext("Deployment 'app' spec.template.spec.containers[0].env[0].value", "RSA (PKCS#1)"), line: 12, column: 22 }],
    },
    {
      // one report per key, even through an alias
      code: `apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Secret\n    metadata: {name: a}\n    data:\n      tls.key: &k ${b64(privateKeyPem("pkcs8"))}\n  - apiVersion: v1\n    kind: Secret\n    metadata: {name: b}\n    data:\n      tls.key: *k\n`,
      ...at,
      errors: [{ ...plaintext("Secret 'a' data.tls.key", "PKCS#8"), line: 8 }],
    },
  ],
});
