"use client";

import { useState, type FormEvent } from "react";
import { ApiClientError } from "../api-client";
import { errorBox } from "./styles";

/**
 * One way for every form to show what went wrong: an API answer's `error.fields` (422; see
 * lib/api/errors.ts) at the fields they name, in a user's words; whatever belongs to no field
 * once, as the form's message. A field's messages go as soon as it is edited, and the form's
 * "check the marked fields" with the last of them, so nothing already fixed stays on screen.
 * Hand-written: the wording and placement are ours, and form libraries leave server errors to us.
 */
export interface FieldIssue {
  path: string;
  message: string;
}

interface State {
  message: string | null;
  fields: FieldIssue[];
  /** The form's message only points at marked fields: it goes with the last of them. */
  pointsAtFields: boolean;
}

const EMPTY: State = { message: null, fields: [], pointsAtFields: false };

function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const first = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/** A validation message (ours, or zod's default) as a user reads it next to the field. */
export function userWords(message: string): string {
  const m = message.trim();
  if (/^Invalid input: expected \w+, received undefined$/.test(m) || /^Too small: expected (string|array) to have >=1 (characters?|items?)$/.test(m)) {
    return "Required.";
  }
  let x: RegExpExecArray | null;
  if ((x = /^Too big: expected string to have <=(\d+) characters?$/.exec(m))) return `At most ${x[1]} characters.`;
  if ((x = /^Too small: expected string to have >=(\d+) characters?$/.exec(m))) return `At least ${x[1]} characters.`;
  if ((x = /^Too big: expected array to have <=(\d+) items?$/.exec(m))) return `At most ${x[1]}.`;
  if ((x = /^Too small: expected number to be >=?(-?[\d.]+)$/.exec(m))) return `At least ${x[1]}.`;
  if ((x = /^Too big: expected number to be <=?(-?[\d.]+)$/.exec(m))) return `At most ${x[1]}.`;
  if (/^Invalid input: expected (int|number), received \w+$/.test(m)) return "Enter a whole number.";
  if (/^Invalid input: expected boolean/.test(m)) return "Choose yes or no.";
  if (/^Invalid input: expected (record|object), received/.test(m)) return "Write a JSON object, such as {\"key\": \"value\"}.";
  if (/^Invalid input: expected array, received/.test(m)) return "Give a list.";
  if ((x = /^Invalid option: expected one of (.+)$/.exec(m))) return `Choose one of ${x[1]!.replace(/"/g, "").split("|").join(", ")}.`;
  if (/^Invalid URL$/i.test(m)) return "Enter a full URL, such as https://example.com.";
  if (/^Invalid UUID$/i.test(m) || /must be a uuid/i.test(m)) return "Choose one from the list.";
  return sentence(m);
}

/** "default_policy_id" → "Default policy": a path no field of the form shows, named for a person. */
function humanPath(path: string): string {
  const last = path.split(".").filter((s) => !/^\d+$/.test(s)).pop() ?? path;
  if (last === "(body)") return "";
  return sentence(last.replace(/_id$/, "").replace(/_/g, " ")).replace(/\.$/, "");
}

const at = (issues: FieldIssue[], path: string, exact: boolean) =>
  issues.filter((i) => (exact ? i.path === path : i.path === path || i.path.startsWith(`${path}.`)));

/**
 * The form's field errors and message. `shown` lists the API paths the form marks itself (a
 * path also covers what is under it: "validators" covers "validators.0.name"); issues of other
 * paths go into the form's message.
 */
export function useFormErrors(shown: readonly string[]) {
  const [state, setState] = useState<State>(EMPTY);
  /** Shows an error answer (or any thrown error); `override` words the form's message instead. */
  const fail = (error: unknown, override?: string) => {
    if (error instanceof ApiClientError && error.fields && error.fields.length > 0) {
      const fields = error.fields.map((f) => ({ path: f.path, message: userWords(f.message) }));
      const marked = fields.filter((f) => shown.some((p) => f.path === p || f.path.startsWith(`${p}.`)));
      const rest = fields.filter((f) => !marked.includes(f));
      const restText = rest.map((f) => (humanPath(f.path) ? `${humanPath(f.path)}: ${f.message}` : f.message)).join(" ");
      const message = override ?? (rest.length > 0 ? restText : marked.length === 1 ? "Check the marked field." : "Check the marked fields.");
      setState({ message, fields: marked, pointsAtFields: override === undefined && rest.length === 0 });
      return;
    }
    const text = override ?? (error instanceof Error ? error.message : String(error));
    setState({ message: text, fields: [], pointsAtFields: false });
  };

  /**
   * A problem found in the browser: at a field when `path` is given, else the form's. With a
   * `summary`, the form says it too (for a field far from the button), until the field is edited.
   */
  const show = (message: string, path?: string, summary?: string) =>
    setState(
      path
        ? { message: summary ?? null, fields: [{ path, message }], pointsAtFields: summary !== undefined }
        : { message, fields: [], pointsAtFields: false },
    );

  const clear = () => setState(EMPTY);

  /** The user changed this field: its messages (and those under it) are gone. */
  const edited = (path: string) =>
    setState((s) => {
      const fields = s.fields.filter((f) => !(f.path === path || f.path.startsWith(`${path}.`)));
      if (fields.length === s.fields.length) return s;
      return fields.length === 0 && s.pointsAtFields ? EMPTY : { ...s, fields };
    });

  /** Edits seen as a whole value (a list editor): drops the messages of every path `changed` says was edited. */
  const editedWhere = (changed: (path: string) => boolean) =>
    setState((s) => {
      const fields = s.fields.filter((f) => !changed(f.path));
      if (fields.length === s.fields.length) return s;
      return fields.length === 0 && s.pointsAtFields ? EMPTY : { ...s, fields };
    });

  return {
    message: state.message,
    issues: state.fields,
    fail,
    show,
    clear,
    edited,
    editedWhere,
    /** Messages at `path` (and under it, unless `exact`). */
    at: (path: string, exact = false) => at(state.fields, path, exact).map((i) => i.message),
    /** aria attributes of the input that shows `path`, pointing at its FieldError. */
    field: (path: string, errorId: string) =>
      at(state.fields, path, false).length > 0 ? { "aria-invalid": true as const, "aria-describedby": errorId } : {},
  };
}

export type FormErrors = ReturnType<typeof useFormErrors>;

/**
 * For an uncontrolled form whose inputs are named by their ids (`fieldIds`: error path → id):
 * `edited` (the form's onChange) drops the messages of the field that changed, and `issue(path)`
 * is that field's FieldError (id `<input id>-error`).
 */
export function namedFieldErrors<F extends Record<string, string>>(errors: FormErrors, fieldIds: F) {
  return {
    edited: (e: FormEvent<HTMLFormElement>) => {
      const path = Object.entries(fieldIds).find(([, id]) => id === (e.target as HTMLInputElement).name)?.[0];
      if (path) errors.edited(path);
    },
    issue: (path: keyof F & string) => <FieldError id={`${fieldIds[path]}-error`} messages={errors.at(path)} />,
  };
}

/** The value at an issue path ("0.conf.fields.1.value") of a JSON value, for comparing before and after an edit. */
export function valueAtPath(value: unknown, path: string): unknown {
  let v = value;
  for (const key of path.split(".").filter(Boolean)) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** The messages of one field, under it (a block span: it may sit inside a <label>). */
export function FieldError({ id, messages }: { id: string; messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <span id={id} role="alert" className="mt-1 block text-xs font-normal text-red-700">
      {messages.join(" ")}
    </span>
  );
}

/** The form's own message (what belongs to no field). */
export function FormError({ message, className = "" }: { message: string | null | undefined; className?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className={`${errorBox} ${className}`.trim()}>
      {message}
    </p>
  );
}
