// PLACEHOLDER: to be implemented (see the issue for no-embedded-private-keys). Reports nothing yet.
import { createRule } from "../rule.js";

export default createRule({
  name: "no-embedded-private-keys",
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
