// PLACEHOLDER: to be implemented (see the issue for no-environment-namespaces). Reports nothing yet.
import { createRule } from "../rule.js";

export default createRule({
  name: "no-environment-namespaces",
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
