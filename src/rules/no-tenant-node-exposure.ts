// PLACEHOLDER: to be implemented (see the issue for no-tenant-node-exposure). Reports nothing yet.
import { createRule } from "../rule.js";

export default createRule({
  name: "no-tenant-node-exposure",
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
