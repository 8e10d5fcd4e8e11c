/** eslint-doc-generator keeps the README rule table and each docs/rules page header in sync with the rules. */
export default {
  configEmoji: [
    ["recommended", "✅"],
    ["strict", "🔒"],
  ],
  ruleDocTitleFormat: "prefix-name",
  ruleListColumns: ["name", "description", "configsError", "configsWarn", "fixable", "hasSuggestions", "options"],
};
