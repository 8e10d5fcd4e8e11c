// PLACEHOLDER: to be implemented (see the issue for require-resource-quota). Reports nothing yet.
import { createRule } from "../rule.js";

export default createRule({
  name: "require-resource-quota",
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
