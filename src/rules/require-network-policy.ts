// PLACEHOLDER: to be implemented (see the issue for require-network-policy). Reports nothing yet.
import { createRule } from "../rule.js";

export default createRule({
  name: "require-network-policy",
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
