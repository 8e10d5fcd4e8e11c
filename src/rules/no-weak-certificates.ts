// PLACEHOLDER: to be implemented (see the issue for no-weak-certificates). Reports nothing yet.
import { createRule } from "../rule.js";

export default createRule({
  name: "no-weak-certificates",
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
