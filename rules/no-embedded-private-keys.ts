import type { AST } from "yaml-eslint-parser";
import { findEmbedded } from "../core/certs/embedded.js";
import { firstLineOf } from "../core/certs/report-location.js";
import { createRule } from "./support/rule.js";

interface Options {
  /** Passphrase-encrypted keys are a deliberate choice; some teams accept them. */
  allowEncrypted: boolean;
}

export default createRule({
  name: "no-embedded-private-keys",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow private keys in manifests (kubeconfig `client-key-data`, Secret `tls.key`, any PEM block) unless encrypted by SOPS or Sealed Secrets",
      presets: { recommended: { severity: "error" } },
    },
    schema: [
      {
        type: "object",
        properties: {
          allowEncrypted: { type: "boolean", description: "Accept passphrase-encrypted private keys." },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ allowEncrypted: false }],
    messages: {
      plaintext:
        "{{where}} holds a plaintext {{format}} private key. Remove and rotate it; encrypt keys with SOPS or Sealed Secrets.",
      encrypted:
        "{{where}} holds a passphrase-encrypted {{format}} private key. Prefer SOPS, Sealed Secrets or a secret store, or set allowEncrypted.",
    },
  },
  create(context, kube) {
    const [{ allowEncrypted }] = context.options as [Options];
    return {
      Program() {
        const program = context.sourceCode.ast as unknown as AST.YAMLProgram;
        for (const { node, where, material } of findEmbedded(program, kube.file, () => kube.workspace().root)) {
          if (material.type !== "private-key" || (material.key.encrypted && allowEncrypted)) continue;
          context.report({
            loc: firstLineOf(node, context.sourceCode.lines),
            messageId: material.key.encrypted ? "encrypted" : "plaintext",
            data: { where, format: material.key.format },
          });
        }
      },
    };
  },
});
