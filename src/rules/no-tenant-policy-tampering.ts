// PLACEHOLDER: to be implemented (see the issue for no-tenant-policy-tampering). Reports nothing yet.
import { createRule } from "../rule.js";

export default createRule({
  name: "no-tenant-policy-tampering",
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
