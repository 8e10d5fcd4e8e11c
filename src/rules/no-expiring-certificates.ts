// PLACEHOLDER: to be implemented (see the issue for no-expiring-certificates). Reports nothing yet.
import { createRule } from "../rule.js";

export default createRule({
  name: "no-expiring-certificates",
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
