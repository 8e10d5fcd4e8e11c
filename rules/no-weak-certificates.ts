import type { AST } from "yaml-eslint-parser";
import { findEmbedded } from "../core/certs/embedded.js";
import { certificateLabel } from "../core/certs/material.js";
import { firstLineOf } from "../core/certs/report-location.js";
import { weaknessesOf, type WeaknessOptions } from "../core/certs/weakness.js";
import { createRule } from "./support/rule.js";

export default createRule({
  name: "no-weak-certificates",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow embedded certificates with RSA keys under 2048 bits, SHA-1/MD5 signatures, or (strict) over-long validity",
      presets: {
        recommended: { severity: "error", options: [{ maxValidityDays: null }] },
        strict: { severity: "error", options: [{ maxValidityDays: 398 }] },
      },
    },
    schema: [
      {
        type: "object",
        properties: {
          minRsaBits: { type: "integer", minimum: 512, description: "Smallest acceptable RSA modulus, in bits." },
          maxValidityDays: {
            type: ["integer", "null"],
            minimum: 1,
            description: "Longest acceptable validity of a TLS leaf certificate, in days; null: no limit.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ minRsaBits: 2048, maxValidityDays: 398 }],
    messages: {
      smallRsaKey:
        "{{where}}: {{certificate}} has a {{bits}}-bit RSA key, under {{minRsaBits}}. Reissue it with RSA 2048+ or ECDSA P-256.",
      weakSignature:
        "{{where}}: {{certificate}} is signed with {{algorithm}}, which can be forged. Reissue it signed with SHA-256.",
      longValidity:
        "{{where}}: leaf {{certificate}} is valid for {{days}} days, over {{maxValidityDays}}. Issue shorter-lived certificates and automate renewal.",
    },
  },
  create(context, kube) {
    const [options] = context.options as [WeaknessOptions];
    return {
      Program() {
        const program = context.sourceCode.ast as unknown as AST.YAMLProgram;
        for (const { node, where, material } of findEmbedded(program, kube.file, () => kube.workspace().root)) {
          if (material.type !== "certificate") continue;
          const { facts } = material;
          const certificate = certificateLabel(material);
          const loc = firstLineOf(node, context.sourceCode.lines);
          for (const weakness of weaknessesOf(facts, options)) {
            const base = { where, certificate };
            if (weakness.type === "small-rsa-key") {
              context.report({ loc, messageId: "smallRsaKey", data: { ...base, bits: String(weakness.bits), minRsaBits: String(options.minRsaBits) } });
            } else if (weakness.type === "weak-signature") {
              context.report({ loc, messageId: "weakSignature", data: { ...base, algorithm: weakness.algorithm, hash: weakness.hash } });
            } else {
              context.report({
                loc,
                messageId: "longValidity",
                data: {
                  ...base,
                  days: String(weakness.days),
                  maxValidityDays: String(options.maxValidityDays),
                  notBefore: facts.notBefore.toISOString().slice(0, 10),
                  notAfter: facts.notAfter.toISOString().slice(0, 10),
                },
              });
            }
          }
        }
      },
    };
  },
});
