"use client";

import { useState } from "react";
import { parseValidatorsJson, validatorsJson } from "./model";

/**
 * The validators being edited, held once and shown twice: the visual editor and the JSON view.
 * Invalid JSON is kept as typed (with its error) and never replaces the last valid validators.
 */
export function usePolicyDraft(initial: unknown[]) {
  const [validators, setValidators] = useState<unknown[]>(initial);
  const [jsonText, setJsonText] = useState(() => validatorsJson(initial));
  const [jsonError, setJsonError] = useState<string | null>(null);
  return {
    validators,
    jsonText,
    jsonError,
    fromVisual: (next: unknown[]) => {
      setValidators(next);
      setJsonText(validatorsJson(next));
      setJsonError(null);
    },
    fromJson: (text: string) => {
      setJsonText(text);
      const parsed = parseValidatorsJson(text);
      if (parsed.ok) {
        setValidators(parsed.validators);
        setJsonError(null);
      } else {
        setJsonError(parsed.error);
      }
    },
  };
}
