import type { AST } from "yaml-eslint-parser";
import { findEmbedded } from "../core/certs/embedded.js";
import { certificateLabel } from "../core/certs/material.js";
import { firstLineOf } from "../core/certs/report-location.js";
import { isoDate, validityAt } from "../core/certs/validity.js";
import { createRule } from "./support/rule.js";

interface Options {
  warnWithinDays: number;
  /** ISO date standing in for the clock (reproducible runs); wins over `settings.kube.now`. */
  now?: string;
}

export default createRule({
  name: "no-expiring-certificates",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow embedded X.509 certificates that are expired, not yet valid, expiring soon, or unparseable",
      presets: {
        recommended: { severity: "error" },
        strict: { severity: "error", options: [{ warnWithinDays: 60 }] },
      },
    },
    schema: [
      {
        type: "object",
        properties: {
          warnWithinDays: {
            type: "integer",
            minimum: 0,
            description: "Report certificates whose notAfter is this many days away or less (0: only expired ones).",
          },
          now: {
            type: "string",
            pattern: "^\\d{4}-\\d{2}-\\d{2}",
            description: "ISO date to check against instead of the clock (wins over settings.kube.now).",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ warnWithinDays: 30 }],
    messages: {
      expired:
        "{{where}}: {{certificate}} (issuer '{{issuer}}') expired on {{notAfter}}, {{days}} day(s) ago. Renew it or remove it.",
      notYetValid:
        "{{where}}: {{certificate}} (issuer '{{issuer}}') is not valid before {{notBefore}}, {{days}} day(s) from now. Roll it out after that date.",
      expiring:
        "{{where}}: {{certificate}} (issuer '{{issuer}}') expires on {{notAfter}}, in {{days}} day(s). Renew it, or let cert-manager rotate it.",
      unparseable:
        "{{where}} {{problem}}, so it cannot be used or checked. Put a PEM certificate there (base64 in `data`, `caBundle`, `*-data`).",
    },
  },
  create(context, kube) {
    const [options] = context.options as [Options];
    const now = options.now ? new Date(options.now) : (kube.settings.now ?? new Date());
    if (Number.isNaN(now.getTime())) throw new Error(`kube/no-expiring-certificates: invalid "now" option ${JSON.stringify(options.now)}`);
    return {
      Program() {
        const program = context.sourceCode.ast as unknown as AST.YAMLProgram;
        for (const { node, where, material } of findEmbedded(program, kube.file, () => kube.workspace().root)) {
          const loc = firstLineOf(node, context.sourceCode.lines);
          if (material.type === "unparseable") {
            context.report({ loc, messageId: "unparseable", data: { where, problem: material.problem } });
            continue;
          }
          if (material.type !== "certificate") continue;
          const { facts } = material;
          const validity = validityAt(facts, now, options.warnWithinDays);
          if (validity.status === "valid") continue;
          const messageId = validity.status === "not-yet-valid" ? "notYetValid" : validity.status;
          const certificate = certificateLabel(material);
          context.report({
            loc,
            messageId,
            data: {
              where,
              certificate,
              issuer: facts.issuer,
              notBefore: isoDate(facts.notBefore),
              notAfter: isoDate(facts.notAfter),
              days: String(validity.days),
              warnWithinDays: String(options.warnWithinDays),
            },
          });
        }
      },
    };
  },
});
