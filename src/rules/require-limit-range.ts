// PLACEHOLDER: to be implemented (see the issue for require-limit-range). Reports nothing yet.
import { createRule } from "../rule.js";

export default createRule({
  name: "require-limit-range",
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
