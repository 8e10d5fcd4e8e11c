// The project lints its own code: typescript-eslint for TypeScript, eslint-plugin-eslint-plugin for the rules.
import eslintPlugin from "eslint-plugin-eslint-plugin";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", "examples/", "tmp/", "bench/.out*/", "tests/fixtures/"] },
  ...tseslint.configs.recommended,
  {
    files: ["rules/*.ts"],
    ...eslintPlugin.configs["flat/rules-recommended"],
  },
  {
    files: ["tests/rules/*.ts"],
    ...eslintPlugin.configs["flat/tests-recommended"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
    },
  },
);
