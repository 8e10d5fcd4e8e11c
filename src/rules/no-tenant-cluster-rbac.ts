// PLACEHOLDER: to be implemented (see the issue for no-tenant-cluster-rbac). Reports nothing yet.
import { createRule } from "../rule.js";

export default createRule({
  name: "no-tenant-cluster-rbac",
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
