import { createRuleTester, inRepo, repo } from "../helpers/rule-tester.js";
import rule from "../../rules/require-image-pull-always.js";

const cluster = repo({
  "namespaces.yaml": [
    "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n  labels: {tenant: a}\n",
    "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: plain\n",
  ].join("---\n"),
  "apps/kustomization.yaml": "namespace: team-a\nresources:\n  - deploy.yaml\npatches:\n  - path: patch.yaml\n",
});

/** A Deployment in `namespace` whose pod spec is `spec` (indented by 6); spec line N is file line 9 + N (8 + N without namespace). */
const deploy = (namespace: string | undefined, spec: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n${namespace ? `  namespace: ${namespace}\n` : ""}spec:\n` +
  `  template:\n    metadata: {labels: {app: web}}\n    spec:\n${spec}`;
const STRICT = [{ tenants: "all", alwaysPullImages: false }];
const web = { kind: "Deployment", name: "web", namespace: "team-a" };
const explicit = (container: string, policy: string) => ({ messageId: "explicit", data: { ...web, container, policy } });
/** The image is not in the message (the report points at it); the argument documents the case. */
const defaulted = (container: string, _image: string) => ({ messageId: "defaulted", data: { ...web, container } });

createRuleTester().run("require-image-pull-always", rule, {
  valid: [
    { code: deploy("team-a", "      containers:\n        - name: web\n          image: nginx:1.27\n          imagePullPolicy: Always\n"), ...inRepo(cluster) },
    // omitted policy with `:latest` or no tag: the API server defaults to Always
    { code: deploy("team-a", "      containers:\n        - {name: a, image: nginx}\n        - {name: b, image: 'registry.example.com:5000/team/app:latest'}\n"), ...inRepo(cluster) },
    { code: deploy("team-a", "      containers:\n        - {name: a, image: 'localhost:5000/app'}\n"), ...inRepo(cluster) },
    // not a tenant namespace in recommended-style scope; system namespace; no namespace
    { code: deploy("plain", "      containers:\n        - {name: a, image: nginx:1.27}\n"), ...inRepo(cluster) },
    { code: deploy("kube-system", "      containers:\n        - {name: a, image: nginx:1.27}\n"), ...inRepo(cluster), options: STRICT },
    { code: deploy(undefined, "      containers:\n        - {name: a, image: nginx:1.27}\n"), ...inRepo(cluster), options: STRICT },
    // the AlwaysPullImages admission plugin forces Always: nothing to say
    { code: deploy("team-a", "      containers:\n        - {name: a, image: nginx:1.27, imagePullPolicy: Never}\n"), ...inRepo(cluster), options: [{ alwaysPullImages: true }] },
    // Kustomize patch fragments and containers without an image are not complete workloads
    { code: deploy(undefined, "      containers:\n        - {name: a, image: nginx:1.27}\n"), ...inRepo(cluster, "apps/patch.yaml") },
    { code: deploy("team-a", "      containers:\n        - {name: a, imagePullPolicy: IfNotPresent}\n"), ...inRepo(cluster) },
    // wrong shapes: no crash
    { code: deploy("team-a", "      containers: {name: a}\n      initContainers: 3\n"), ...inRepo(cluster) },
    { code: deploy("team-a", "      containers:\n        - {name: a, image: 7}\n"), ...inRepo(cluster) },
    { code: "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: team-a}\nspec: null\n", ...inRepo(cluster) },
  ],
  invalid: [
    {
      // explicit IfNotPresent: the value is replaced
      code: deploy("team-a", "      containers:\n        - name: web\n          image: nginx:1.27\n          imagePullPolicy: IfNotPresent\n"),
      ...inRepo(cluster),
      output: deploy("team-a", "      containers:\n        - name: web\n          image: nginx:1.27\n          imagePullPolicy: Always\n"),
      errors: [{ ...explicit("web", "IfNotPresent"), line: 13, column: 28 }],
    },
    {
      // omitted with a pinned tag: a line is added after `image:`, at its indentation; comments stay on their line
      code: deploy("team-a", "      containers:\n        - image: nginx:1.27 # pinned\n          name: web\n"),
      ...inRepo(cluster),
      output: deploy("team-a", "      containers:\n        - image: nginx:1.27 # pinned\n          name: web\n          imagePullPolicy: Always\n"),
      errors: [{ ...defaulted("web", "nginx:1.27"), line: 11, column: 18 }],
    },
    {
      // digest-only images default to IfNotPresent too; init and ephemeral containers count
      code: deploy(
        "team-a",
        "      initContainers:\n        - name: init\n          image: busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n" +
          "      containers:\n        - name: web\n          image: nginx\n" +
          "      ephemeralContainers:\n        - name: debug\n          image: busybox:1.36\n          imagePullPolicy: Never\n",
      ),
      ...inRepo(cluster),
      output: deploy(
        "team-a",
        "      initContainers:\n        - name: init\n          image: busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n          imagePullPolicy: Always\n" +
          "      containers:\n        - name: web\n          image: nginx\n" +
          "      ephemeralContainers:\n        - name: debug\n          image: busybox:1.36\n          imagePullPolicy: Always\n",
      ),
      errors: [
        { ...defaulted("init", "busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"), line: 12 },
        { ...explicit("debug", "Never"), line: 19 },
      ],
    },
    {
      // flow style: the pair is appended inside the braces; JSON style keeps JSON quoting
      code: deploy("team-a", '      containers:\n        - {name: a, image: "nginx:1.27"}\n        - {"name": "b", "image": "nginx:1.27"}\n'),
      ...inRepo(cluster),
      output: deploy(
        "team-a",
        '      containers:\n        - {name: a, image: "nginx:1.27", imagePullPolicy: Always}\n        - {"name": "b", "image": "nginx:1.27", "imagePullPolicy": "Always"}\n',
      ),
      errors: [
        { ...defaulted("a", "nginx:1.27"), line: 11 },
        { ...defaulted("b", "nginx:1.27"), line: 12 },
      ],
    },
    {
      // wrong type: `imagePullPolicy: 3` is reported and replaced; a quoted value keeps its quotes
      code: deploy("team-a", "      containers:\n        - {name: a, image: app:1, imagePullPolicy: 3}\n        - {name: b, image: app:1, imagePullPolicy: 'IfNotPresent'}\n"),
      ...inRepo(cluster),
      output: deploy("team-a", "      containers:\n        - {name: a, image: app:1, imagePullPolicy: Always}\n        - {name: b, image: app:1, imagePullPolicy: 'Always'}\n"),
      errors: [
        { ...explicit("a", "3"), line: 11 },
        { ...explicit("b", "IfNotPresent"), line: 12 },
      ],
    },
    {
      // `imagePullPolicy:` with no value is null, i.e. omitted; the value is written after the colon
      code: deploy("team-a", "      containers:\n        - name: a\n          image: app:1\n          imagePullPolicy:\n"),
      ...inRepo(cluster),
      output: deploy("team-a", "      containers:\n        - name: a\n          image: app:1\n          imagePullPolicy: Always\n"),
      errors: [{ ...defaulted("a", "app:1"), line: 12 }],
    },
    {
      // an image the parser rejects (a Flux substitution) defaults to IfNotPresent; the namespace comes from Kustomize
      code: deploy(undefined, "      containers:\n        - name: a\n          image: ${IMAGE}\n"),
      ...inRepo(cluster, "apps/deploy.yaml"),
      output: deploy(undefined, "      containers:\n        - name: a\n          image: ${IMAGE}\n          imagePullPolicy: Always\n"),
      errors: [{ ...defaulted("a", "${IMAGE}"), line: 11 }],
    },
    {
      // strict scope: every non-system namespace; a CronJob's template; the container anchored elsewhere is not edited
      code:
        "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: nightly, namespace: plain}\nspec:\n  schedule: '@daily'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n" +
        "          containers:\n            - &c {name: job, image: tool:2}\n",
      options: STRICT,
      ...inRepo(cluster),
      output: null,
      errors: [{ messageId: "defaulted", line: 11, column: 37, data: { kind: "CronJob", name: "nightly", namespace: "plain", container: "job" } }],
    },
  ],
});
