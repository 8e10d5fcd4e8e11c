// PLACEHOLDER: to be implemented (see the issue for no-cross-tenant-ingress). Reports nothing yet.
import { createRule } from "../rule.js";

export default createRule({
  name: "no-cross-tenant-ingress",
  meta: {
    type: "problem",
    docs: { description: "TODO", presets: {} },
    schema: [],
    messages: {},
  },
  create() {
    return {};
  },
});
