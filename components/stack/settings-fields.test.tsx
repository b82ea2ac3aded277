// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { consoleDefaults, storedEntries } from "@/protocol/settings/catalogue";
import { SettingsFields } from "./settings-fields";

afterEach(cleanup);

describe("SettingsFields", () => {
  it("shows every stored setting of the catalogue, in the template's groups, and edits it", async () => {
    const onChange = vi.fn();
    render(<SettingsFields value={consoleDefaults()} onChange={onChange} />);
    expect(screen.getAllByRole("group").map((g) => g.querySelector("legend")?.textContent)).toEqual(["Advanced configuration", "Certificate configuration"]);
    for (const e of storedEntries()) expect(screen.getByLabelText(new RegExp(`^${e.label.replace(/[()]/g, "\\$&")}`))).toBeTruthy();
    await userEvent.setup().click(screen.getByLabelText(/^Inject context/));
    expect(onChange).toHaveBeenLastCalledWith({ ...consoleDefaults(), AWS_INJECT_CONTEXT: true });
    expect(screen.getByLabelText<HTMLSelectElement>(/^Logging level/).value).toBe("info");
    expect(screen.getByLabelText<HTMLInputElement>(/^Authorizer cache TTL/).value).toBe("0");
  });
});
