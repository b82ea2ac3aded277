import { describe, expect, it } from "vitest";
import { userWords, valueAtPath } from "./form-errors";

describe("userWords", () => {
  it.each([
    ["give it a name", "Give it a name."],
    ["not an AWS region code (e.g. eu-west-1)", "Not an AWS region code (e.g. eu-west-1)."],
    ["Invalid input: expected string, received undefined", "Required."],
    ["Too small: expected string to have >=1 characters", "Required."],
    ["Too big: expected string to have <=80 characters", "At most 80 characters."],
    ["Too small: expected number to be >=60", "At least 60."],
    ["Too big: expected number to be <=86400", "At most 86400."],
    ["Invalid input: expected int, received number", "Enter a whole number."],
    ['Invalid option: expected one of "GET"|"POST"', "Choose one of GET, POST."],
    ["Invalid URL", "Enter a full URL, such as https://example.com."],
    ["default_policy_id must be a uuid or null", "Choose one from the list."],
    ["Invalid input: expected record, received array", 'Write a JSON object, such as {"key": "value"}.'],
  ])("%s → %s", (api, user) => expect(userWords(api)).toBe(user));
});

describe("valueAtPath", () => {
  it("walks objects and arrays by an issue path", () => {
    const v = [{ conf: { fields: [{ value: "a" }, { value: "b" }] } }];
    expect(valueAtPath(v, "0.conf.fields.1.value")).toBe("b");
    expect(valueAtPath(v, "1.conf")).toBeUndefined();
    expect(valueAtPath(v, "")).toBe(v);
  });
});
