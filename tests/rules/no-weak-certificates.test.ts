import rule from "../../rules/no-weak-certificates.js";
import { DAY, b64, indent, makeCert, type Issued } from "../helpers/certs.js";
import { createRuleTester, inRepo, repo } from "../helpers/rule-tester.js";

const ca = await makeCert({ cn: "Example Root CA", key: "rsa2048", ca: true, notAfter: new Date(Date.now() + 3650 * DAY) });
const sha1Ca = await makeCert({ cn: "Old Root CA", key: "rsa2048", hash: "SHA-1", ca: true, notAfter: new Date(Date.now() + 3650 * DAY) });
const good = await makeCert({ cn: "good.example.com", key: "p256", issuer: ca, notAfter: new Date(Date.now() + 90 * DAY) });
const goodRsa = await makeCert({ cn: "rsa.example.com", key: "rsa2048", issuer: ca, notAfter: new Date(Date.now() + 300 * DAY) });
const goodEd = await makeCert({ cn: "ed.example.com", key: "ed25519", notAfter: new Date(Date.now() + 30 * DAY) });
const small = await makeCert({ cn: "small.example.com", key: "rsa1024", issuer: ca, notAfter: new Date(Date.now() + 90 * DAY) });
const sha1Leaf = await makeCert({ cn: "sha1.example.com", key: "p256", hash: "SHA-1", issuer: ca, notAfter: new Date(Date.now() + 90 * DAY) });
const sha1Rsa = await makeCert({ cn: "sha1-rsa.example.com", key: "rsa2048", hash: "SHA-1", issuer: ca, notAfter: new Date(Date.now() + 90 * DAY) });
const tenYears = await makeCert({ cn: "forever.example.com", key: "p384", issuer: ca, notBefore: new Date(Date.now() - DAY), notAfter: new Date(Date.now() + 3649 * DAY) });

const codeSigner = await makeCert({ cn: "signer", key: "p256", issuer: ca, extendedKeyUsage: ["1.3.6.1.5.5.7.3.3"], notAfter: new Date(Date.now() + 3650 * DAY) });

const empty = repo();
const at = inRepo(empty);
const caBundle = (value: string) =>
  `apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata:\n  name: hook\nwebhooks:\n  - name: a.example.com\n    clientConfig:\n      caBundle: ${value}\n`;
const tlsSecret = (cert: Issued) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: web\ntype: kubernetes.io/tls\ndata:\n  tls.crt: ${cert.b64}\n`;
const where = "Secret 'web' data.tls.crt";

createRuleTester().run("no-weak-certificates", rule, {
  valid: [
    { code: tlsSecret(good), ...at },
    { code: tlsSecret(goodRsa), ...at },
    { code: tlsSecret(goodEd), ...at },
    // CAs may live long (exempt by basicConstraints), and a self-signed root's own SHA-1 signature is never checked
    { code: caBundle(b64(ca.pem + sha1Ca.pem)), ...at },
    // code signing (Notary, cosign) is not TLS: no lifetime limit
    { code: tlsSecret(codeSigner), ...at },
    // recommended turns the lifetime check off
    { code: tlsSecret(tenYears), options: [{ maxValidityDays: null }], ...at },
    { code: tlsSecret(small), options: [{ minRsaBits: 1024 }], ...at },
    // unparseable data is no-expiring-certificates' business
    { code: caBundle("not-base64!"), ...at },
    { code: "apiVersion: v1\nkind: Secret\nmetadata: 1\ndata: null\n", ...at },
  ],
  invalid: [
    {
      code: tlsSecret(small),
      ...at,
      errors: [
        { messageId: "smallRsaKey", data: { where, certificate: "certificate 'small.example.com'", bits: "1024", minRsaBits: "2048" }, line: 7, column: 12 },
      ],
    },
    {
      // an EC leaf signed by an RSA CA carries an RSA signature
      code: tlsSecret(sha1Leaf),
      ...at,
      errors: [{ messageId: "weakSignature", data: { where, certificate: "certificate 'sha1.example.com'", algorithm: "sha1WithRSAEncryption", hash: "SHA-1" }, line: 7 }],
    },
    {
      code: tlsSecret(tenYears),
      ...at,
      errors: [
        {
          messageId: "longValidity",
          data: {
            where,
            certificate: "certificate 'forever.example.com'",
            days: "3650",
            maxValidityDays: "398",
            notBefore: tenYears.notBefore.toISOString().slice(0, 10),
            notAfter: tenYears.notAfter.toISOString().slice(0, 10),
          },
          line: 7,
        },
      ],
    },
    {
      // a bundle in a block scalar: each weak certificate by position, on the scalar's first line
      code: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: trust\ndata:\n  ca.pem: |\n${indent(good.pem + sha1Rsa.pem + small.pem, 4)}\n`,
      options: [{ maxValidityDays: null }],
      ...at,
      errors: [
        {
          messageId: "weakSignature",
          data: { where: "ConfigMap 'trust' data.ca.pem", certificate: "certificate 2 of 3 'sha1-rsa.example.com'", algorithm: "sha1WithRSAEncryption", hash: "SHA-1" },
          line: 6,
          column: 11,
          endLine: 6,
          endColumn: 12,
        },
        { messageId: "smallRsaKey", data: { where: "ConfigMap 'trust' data.ca.pem", certificate: "certificate 3 of 3 'small.example.com'", bits: "1024", minRsaBits: "2048" }, line: 6 },
      ],
    },
    {
      code: caBundle(b64((ca.pem + small.pem).replace(/\n/g, "\r\n"))),
      options: [{ minRsaBits: 3072 }],
      ...at,
      errors: [
        { messageId: "smallRsaKey", data: { where: "ValidatingWebhookConfiguration 'hook' webhooks[0].clientConfig.caBundle", certificate: "certificate 1 of 2 'Example Root CA'", bits: "2048", minRsaBits: "3072" }, line: 8 },
        { messageId: "smallRsaKey", data: { where: "ValidatingWebhookConfiguration 'hook' webhooks[0].clientConfig.caBundle", certificate: "certificate 2 of 2 'small.example.com'", bits: "1024", minRsaBits: "3072" }, line: 8 },
      ],
    },
    {
      code: [
        "apiVersion: v1",
        "kind: Config",
        "users:",
        "  - name: admin",
        "    user:",
        `      client-certificate-data: ${sha1Rsa.b64}`,
        "",
      ].join("\n"),
      options: [{ maxValidityDays: 30 }],
      ...at,
      errors: [
        { messageId: "weakSignature", data: { where: "Config '(unnamed)' users[0].user.client-certificate-data", certificate: "certificate 'sha1-rsa.example.com'", algorithm: "sha1WithRSAEncryption", hash: "SHA-1" }, line: 6, column: 32 },
        {
          messageId: "longValidity",
          data: {
            where: "Config '(unnamed)' users[0].user.client-certificate-data",
            certificate: "certificate 'sha1-rsa.example.com'",
            days: "91",
            maxValidityDays: "30",
            notBefore: sha1Rsa.notBefore.toISOString().slice(0, 10),
            notAfter: sha1Rsa.notAfter.toISOString().slice(0, 10),
          },
          line: 6,
        },
      ],
    },
  ],
});
