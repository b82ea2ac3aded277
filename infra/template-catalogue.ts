import path from "node:path";
import { parse, type ScalarTag } from "yaml";
import { authorizerTemplate } from "@/lib/aws/template";
import { PACKAGE_PARAMETERS } from "@/lib/aws/stack/parameters";
import { SETTING_GROUP_LABELS, type SettingEntry } from "@/protocol/settings/catalogue";

/**
 * infra/authorizer.yaml checked against the settings catalogue (protocol/settings/catalogue.ts),
 * both ways: each entry has its parameter (type, Default, AllowedValues, AllowedPattern,
 * ConstraintDescription, lengths and bounds, NoEcho for a secret, its group, its label) and the
 * function's environment maps that parameter to the entry's variable; each template parameter
 * and variable belongs to an entry (the package's three parameters aside). Written by hand: the
 * catalogue is ours; the template is read with the `yaml` package. A list of problems rather than
 * assertions, so the catalogue's fixture test can show that a new entry fails until the template
 * has its parameter.
 */

export const TEMPLATE_FILE = path.join(process.cwd(), "infra", "authorizer.yaml");

export interface TemplateParameter {
  Type: string;
  Default?: string | number | boolean;
  NoEcho?: boolean;
  AllowedValues?: (string | number | boolean)[];
  AllowedPattern?: string;
  ConstraintDescription?: string;
  MinLength?: number;
  MinValue?: number;
  MaxValue?: number;
  Description?: string;
}

export interface Template {
  Metadata: {
    "AWS::CloudFormation::Interface": {
      ParameterGroups: { Label: { default: string }; Parameters: string[] }[];
      ParameterLabels: Record<string, { default: string }>;
    };
  };
  Parameters: Record<string, TemplateParameter>;
  Resources: Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] }>;
  Outputs: Record<string, { Value: unknown }>;
}

const tag = (name: string, key: string, split = false): ScalarTag => ({
  tag: `!${name}`,
  resolve: (value: string) => ({ [key]: split ? value.split(".") : value }),
});
const customTags = [tag("Ref", "Ref"), tag("Sub", "Fn::Sub"), tag("GetAtt", "Fn::GetAtt", true)];

export function readTemplate(file = TEMPLATE_FILE): Template {
  return parse(authorizerTemplate(file).body, { customTags }) as Template;
}

/**
 * Texts tried against each AllowedPattern, as the console stores them (trimmed): every one the catalogue's check accepts must pass the
 * pattern (the pattern may be looser: the bounds are checked after it, by the console and the
 * authorizer, so "1ns" passes the pattern and fails the bounds).
 */
const PATTERN_SAMPLES = [
  "", "0", "5", "5s", "500ms", "1m30s", "1.5h", "100000us", "100ms", "99ms", "10s", "10m", "24h", "24h1s", "25h", "+5s", "-5s", ".5s", "5.s",
  "100000\u00b5s", "5 s", "1d", "gatehouse-1a2b3c4d", "my.authz_1", "has space", "x".repeat(128), "x".repeat(129), "https://console.example.com/default/system",
];

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function templateProblems(template: Template, entries: readonly SettingEntry[]): string[] {
  const problems: string[] = [];
  const iface = template.Metadata["AWS::CloudFormation::Interface"];
  const variables = (template.Resources.LambdaFunction?.Properties.Environment as { Variables?: Record<string, { Ref?: string }> } | undefined)?.Variables ?? {};
  const packageParameters = new Set<string>(PACKAGE_PARAMETERS);

  for (const e of entries) {
    const p = template.Parameters[e.parameter];
    const at = `${e.parameter} (${e.env})`;
    if (!p) {
      problems.push(`${at}: the template has no parameter ${e.parameter}`);
      continue;
    }
    const expect = (what: string, actual: unknown, expected: unknown) => {
      if (!same(actual, expected)) problems.push(`${at}: ${what} is ${JSON.stringify(actual)}, the catalogue says ${JSON.stringify(expected)}`);
    };
    expect("Type", p.Type, e.kind === "seconds" ? "Number" : "String");
    expect("Default", p.Default === undefined ? null : String(p.Default), e.default);
    expect("AllowedValues", p.AllowedValues?.map(String), e.allowedValues === undefined ? undefined : [...e.allowedValues]);
    expect("AllowedPattern", p.AllowedPattern, e.pattern);
    expect("ConstraintDescription", p.ConstraintDescription, e.constraint);
    expect("MinLength", p.MinLength, e.minLength);
    expect("MinValue", p.MinValue, e.minValue);
    expect("MaxValue", p.MaxValue, e.maxValue);
    expect("NoEcho", p.NoEcho === true, e.secret === true);
    if (!(p.Description ?? "").startsWith(e.env)) problems.push(`${at}: its Description must start with ${e.env}`);
    expect("label", iface.ParameterLabels[e.parameter]?.default, e.label);
    const group = iface.ParameterGroups.find((g) => g.Label.default === SETTING_GROUP_LABELS[e.group]);
    if (!group?.Parameters.includes(e.parameter)) problems.push(`${at}: not in the parameter group "${SETTING_GROUP_LABELS[e.group]}"`);
    expect(`the function's ${e.env}`, variables[e.env], { Ref: e.parameter });

    if (e.pattern !== undefined) {
      const pattern = new RegExp(e.pattern);
      for (const sample of PATTERN_SAMPLES) {
        if (e.problem(e.fromParameter(sample)) === null && !pattern.test(sample)) problems.push(`${at}: the catalogue accepts ${JSON.stringify(sample)}, the AllowedPattern refuses it`);
      }
    }
    for (const value of [...(e.allowedValues ?? []), ...(e.default ? [e.default] : [])]) {
      if (!e.parse(value).ok) problems.push(`${at}: the authorizer refuses the template's value ${JSON.stringify(value)}`);
      if (e.consoleKey !== null && e.problem(e.fromParameter(value)) !== null) problems.push(`${at}: the console refuses the template's value ${JSON.stringify(value)}`);
    }
  }

  const byParameter = new Set(entries.map((e) => e.parameter));
  const byEnv = new Map(entries.map((e) => [e.env, e.parameter]));
  for (const name of Object.keys(template.Parameters)) {
    if (!byParameter.has(name) && !packageParameters.has(name)) problems.push(`${name}: a template parameter the catalogue does not have`);
  }
  for (const [variable, value] of Object.entries(variables)) {
    if (!byEnv.has(variable)) problems.push(`the function's ${variable} (${JSON.stringify(value)}) is not in the catalogue`);
  }
  // The forms show the Advanced and Certificate settings in the catalogue's order; the template's
  // groups list them the same way (a missing one is reported above). Base also holds the package's.
  for (const group of ["advanced", "certificate"] as const) {
    const label = SETTING_GROUP_LABELS[group];
    const listed = (iface.ParameterGroups.find((g) => g.Label.default === label)?.Parameters ?? []).filter((n) => !packageParameters.has(n));
    const expected = entries.filter((e) => e.group === group && listed.includes(e.parameter)).map((e) => e.parameter);
    if (!same(listed, expected)) problems.push(`the group "${label}" lists ${JSON.stringify(listed)}, the catalogue ${JSON.stringify(expected)}`);
  }
  return problems;
}
