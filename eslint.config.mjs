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
    // components/ runs in the browser: the server's types come in with `import type` (erased at
    // build), never a value of lib/ or a server-only package — shared runtime values live in protocol/.
    files: ["components/**/*.ts", "components/**/*.tsx"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", {
        paths: [{ name: "server-only", message: "server-only marks server entry modules; components/ runs in the browser." }],
        patterns: [
          {
            regex: "^(@/lib|(\\.\\./)+lib)(/|$)",
            allowTypeImports: true,
            message: "components/ takes lib/ types with `import type` only; a runtime value both sides need belongs in protocol/.",
          },
          {
            group: ["drizzle-orm", "drizzle-orm/*", "pg", "@electric-sql/*", "@aws-sdk/*", "@smithy/*", "jose", "pino", "next-auth/next", "node:*"],
            message: "server-only package: components/ runs in the browser.",
          },
        ],
      }],
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
