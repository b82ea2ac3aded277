import { describe, expect, it } from "vitest";
import type { ComparatorCode, OperandCode, ReferenceCode, RuleStatusCode, SourceCode, ValidatorKindCode } from "./engine";

/**
 * The compiled form's code families are distinct types: tsc (which type-checks this file with the
 * project) fails here if one family's code, or a bare integer, fits another family's field.
 */
type Fits<A, B> = [A] extends [B] ? true : false;

describe("engine code families", () => {
  it("no family's code fits another family's field, nor does a bare integer", () => {
    const mixing = [
      false satisfies Fits<ComparatorCode, OperandCode>,
      false satisfies Fits<OperandCode, ComparatorCode>,
      false satisfies Fits<ReferenceCode, OperandCode>,
      false satisfies Fits<SourceCode, ReferenceCode>,
      false satisfies Fits<ValidatorKindCode, SourceCode>,
      false satisfies Fits<RuleStatusCode, ComparatorCode>,
      false satisfies Fits<ComparatorCode, RuleStatusCode>,
      false satisfies Fits<0, ComparatorCode>,
      false satisfies Fits<number, RuleStatusCode>,
    ];
    // …while each is still a plain integer at runtime and for arithmetic and indexing.
    const stillNumbers = [
      true satisfies Fits<ComparatorCode, number>,
      true satisfies Fits<RuleStatusCode, number>,
      true satisfies Fits<OperandCode, OperandCode>,
    ];
    expect(mixing.every((fits) => !fits)).toBe(true);
    expect(stillNumbers.every((fits) => fits)).toBe(true);
  });
});
