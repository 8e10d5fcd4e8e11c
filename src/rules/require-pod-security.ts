// PLACEHOLDER: to be implemented (see the issue for require-pod-security). Reports nothing yet.
import { createRule } from "../rule.js";

export default createRule({
  name: "require-pod-security",
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
