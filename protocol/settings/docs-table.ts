import type { SettingEntry } from "./catalogue";

/**
 * The settings table of lambda/README.md, generated from the catalogue (lambda/settings/
 * docs-table.test.ts fails when the README differs and prints this). Written by hand: a few lines
 * of Markdown, ours.
 */
const code = (text: string) => `\`${text}\``;

function defaultCell(e: SettingEntry): string {
  if (e.default === null) return "— (required)";
  if (e.default === "") return e.unset === undefined ? "—" : code(e.unset);
  return code(e.default);
}

function consoleCell(e: SettingEntry): string {
  if (e.consoleKey === null) return "—";
  return e.fromConfiguration ? code(e.consoleKey) : `${code(e.consoleKey)} (stack only)`;
}

function meaningCell(e: SettingEntry): string {
  const facts =
    e.bounds ? `Go duration, ${e.bounds.minText}–${e.bounds.maxText}`
      : e.kind === "seconds" ? `whole seconds, ${e.minValue}–${e.maxValue}`
        : e.kind === "boolean" ? "Go's strconv.ParseBool"
          : null;
  return facts === null ? e.description : `${e.description} (${facts})`;
}

export function settingsTable(entries: readonly SettingEntry[]): string {
  const rows = entries.map((e) => `| ${code(e.env)} | ${code(e.parameter)}${e.secret ? " (NoEcho)" : ""} | ${defaultCell(e)} | ${consoleCell(e)} | ${meaningCell(e)} |`);
  return [
    "| variable | stack parameter | default | console key | meaning |",
    "|---|---|---|---|---|",
    ...rows,
    "| `AWS_REGION`, `AWS_LAMBDA_FUNCTION_NAME`, … | — | from Lambda | — | the function's own identity |",
  ].join("\n");
}
