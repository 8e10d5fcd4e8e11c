// A user's eslint.config.mjs: the whole setup is one line, the spread of a config.
import kube from "eslint-plugin-kube";

export default [
  ...kube.configs.recommended,
  {
    // examples/ sits inside the plugin's own git repository; in your repo leave `root` out (the nearest .git wins).
    settings: { kube: { root: import.meta.dirname } },
  },
];
