// ESLint checks the map page's script: the files in islandmap/data/js, joined in the
// order of order.txt into one inline <script> (classic scripts, not modules), run in the
// browser beside Leaflet's global L. `npm ci && npx eslint islandmap/data/js` runs it.
import js from "@eslint/js";
import globals from "globals";

export default [
  // Only the page's script and this file: not a virtual environment, output or tests.
  {
    ignores: [
      "**/*",
      "!islandmap/",
      "!islandmap/data/",
      "!islandmap/data/js/",
      "!islandmap/data/js/*.js",
      "!eslint.config.mjs"
    ]
  },
  {
    files: ["islandmap/data/js/*.js"],
    languageOptions: {
      ecmaVersion: 2022, // what the browsers the page supports all run
      sourceType: "script",
      globals: { ...globals.browser, L: "readonly" }
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      ...js.configs.recommended.rules,
      "prefer-const": "error",
      "no-var": "error",
      eqeqeq: "error",
      // Each file adds to window.islandmap only; nothing else becomes a global.
      "no-implicit-globals": ["error", { lexicalBindings: true }]
    }
  }
];
