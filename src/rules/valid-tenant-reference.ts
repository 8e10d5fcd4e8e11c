// PLACEHOLDER: to be implemented (see the issue for valid-tenant-reference). Reports nothing yet.
import { createRule } from "../rule.js";

export default createRule({
  name: "valid-tenant-reference",
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
