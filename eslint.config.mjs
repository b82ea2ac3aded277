import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/**", ".next/**", ".next-*/**", "data/**", "dist/**", "test-results/**",
      "playwright-report/**", "next-env.d.ts", "lib/db/migrations/**",
    ],
  },
  ...nextCoreWebVitals,
  {
    files: ["**/*.ts", "**/*.tsx"],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    // The layering of docs/architecture.md: lib/ never imports next/*, policy/ imports nothing
    // platform-specific, lambda/ never imports app/ or lib/.
    files: ["lib/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["next", "next/*", "@/app/*", "@/components/*"], message: "lib/ is framework-free: no next/*, app/ or components/." }] }],
    },
  },
  {
    files: ["policy/**/*.ts", "protocol/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["node:*", "next", "next/*", "@/*", "../*"], message: "policy/ and protocol/ are pure: no platform or project imports." }] }],
    },
  },
  {
    files: ["lambda/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@/app/*", "@/lib/*", "@/components/*", "next", "next/*"], message: "lambda/ imports only policy/ and its own files." }] }],
    },
  },
  {
    files: ["**/*.mjs", "**/*.js"],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
