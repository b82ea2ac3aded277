import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { catalogueEntries } from "../../protocol/settings/catalogue";
import { settingsTable } from "../../protocol/settings/docs-table";

const README = path.join(import.meta.dirname, "..", "README.md");
const START = /<!-- settings table: [^>]*-->\n/;
const END = "\n<!-- end of the settings table -->";

/** The table between the README's markers, or null when they are missing. */
function documentedTable(markdown: string): string | null {
  const start = START.exec(markdown);
  const end = markdown.indexOf(END);
  return start && end > start.index ? markdown.slice(start.index + start[0].length, end) : null;
}

describe("lambda/README.md's settings table", () => {
  it("is the one the settings catalogue generates", () => {
    const expected = settingsTable(catalogueEntries());
    expect(documentedTable(readFileSync(README, "utf8")), `lambda/README.md's settings table differs from protocol/settings/catalogue.ts; between its markers it should read:\n\n${expected}\n`).toBe(expected);
  });
});
