"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { api, ApiClientError } from "../api-client";
import { FieldError, FormError, useFormErrors } from "../ui/form-errors";
import { card, input, label, primaryButton, secondaryButton } from "../ui/styles";
import { PolicySelect } from "./policy-select";
import { RegionField } from "./region-field";
import { DEFAULT_REGION, regionError } from "./settings-meta";
import { keys, type CreatedGateway, type GatewayView } from "./types";

export function CreateGatewayForm() {
  const router = useRouter();
  const qc = useQueryClient();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [autoBind, setAutoBind] = useState(false);
  const [defaultPolicy, setDefaultPolicy] = useState<string | null>(null);
  const [region, setRegion] = useState(DEFAULT_REGION);
  const errors = useFormErrors(["name", "region", "description", "default_policy_id"]);

  const create = useMutation({
    mutationFn: () =>
      api<CreatedGateway>("gateways", {
        method: "POST",
        body: {
          type: "aws",
          name: name.trim(),
          description: description.trim(),
          create_and_bind_services_automatically: autoBind,
          default_policy_id: defaultPolicy,
          region,
        },
      }),
    onSuccess: (created) => {
      // The secret in this answer is dropped here: Settings reveals it on demand.
      const { client: _client, ...gateway } = created;
      qc.setQueryData<GatewayView>(keys.gateway(gateway.id), gateway);
      void qc.invalidateQueries({ queryKey: keys.gateways, exact: true });
      router.push(`/gateways/${gateway.id}/quickstart?created=1`);
    },
    onError: (e) =>
      e instanceof ApiClientError && e.status === 409
        ? errors.show(`A gateway named “${name.trim()}” already exists. Choose another name.`, "name")
        : errors.fail(e),
  });

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const regionProblem = regionError(region);
    if (regionProblem) return errors.show(regionProblem, "region", `AWS region: ${regionProblem}`);
    errors.clear();
    create.mutate();
  }

  return (
    <form onSubmit={submit} aria-label="Create gateway" className="space-y-5">
      <fieldset className={card}>
        <legend className="sr-only">Gateway type</legend>
        <h2 className="text-base font-semibold">Gateway type</h2>
        <p className="mt-0.5 text-sm text-slate-600">Where the APIs you protect run.</p>
        <label className="mt-3 flex max-w-md cursor-pointer items-start gap-3 rounded-lg border-2 border-indigo-600 bg-indigo-50/50 p-4 has-focus-visible:ring-2 has-focus-visible:ring-indigo-500">
          <input type="radio" name="gateway-type" value="aws" checked readOnly className="mt-1 accent-indigo-600" />
          <span>
            <span className="block font-medium text-slate-900">Amazon API Gateway</span>
            <span className="block text-sm text-slate-600">A Lambda authorizer in your AWS account enforces policies on REST APIs (API Gateway v1).</span>
          </span>
        </label>
      </fieldset>

      <section className={`${card} space-y-4`}>
        <h2 className="text-base font-semibold">Details</h2>
        <div className="grid gap-4 md:grid-cols-2">
          <div>
            <label htmlFor="gateway-name" className={label}>Name</label>
            <input id="gateway-name" required maxLength={80} value={name} onChange={(e) => { setName(e.target.value); errors.edited("name"); }}
              placeholder="e.g. production-apis" className={input} autoFocus {...errors.field("name", "gateway-name-error")} />
            <FieldError id="gateway-name-error" messages={errors.at("name")} />
          </div>
          <div>
            <label htmlFor="gateway-region" className={label}>AWS region</label>
            <RegionField id="gateway-region" value={region} onChange={(v) => { setRegion(v); errors.edited("region"); }} />
            {/* A region code typed in is checked by RegionField itself as it is typed. */}
            <FieldError id="gateway-region-error" messages={regionError(region) ? [] : errors.at("region")} />
            <p className="mt-1 text-xs text-slate-500">The region the authorizer will run in, next to the APIs it protects.</p>
          </div>
          <div className="md:col-span-2">
            <label htmlFor="gateway-description" className={label}>Description <span className="font-normal text-slate-500">(optional)</span></label>
            <textarea id="gateway-description" rows={2} maxLength={500} value={description} onChange={(e) => { setDescription(e.target.value); errors.edited("description"); }}
              className={input} {...errors.field("description", "gateway-description-error")} />
            <FieldError id="gateway-description-error" messages={errors.at("description")} />
          </div>
          <div>
            <label htmlFor="gateway-default-policy" className={label}>Default policy <span className="font-normal text-slate-500">(optional)</span></label>
            <PolicySelect id="gateway-default-policy" value={defaultPolicy} onChange={(v) => { setDefaultPolicy(v); errors.edited("default_policy_id"); }} />
            <FieldError id="gateway-default-policy-error" messages={errors.at("default_policy_id")} />
          </div>
        </div>
        <div className="grid gap-3 md:grid-cols-2 md:items-start">
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" checked={autoBind} onChange={(e) => setAutoBind(e.target.checked)} className="mt-0.5 accent-indigo-600"
              aria-describedby="auto-bind-help auto-bind-warning" />
            <span>
              <span className="font-medium text-slate-900">Create and bind services automatically</span>
              <span id="auto-bind-help" className="block text-slate-600">
                Every API group the authorizer discovers gets a new service of its own, bound at once. Otherwise you connect groups yourself.
              </span>
            </span>
          </label>
          <div id="auto-bind-warning" role="note" className="rounded-md border border-amber-200 bg-amber-50 p-3 text-xs text-amber-900">
            <p className="font-semibold">Multiple Lambda authorizers and APIs</p>
            <p className="mt-1">
              It is recommended to use only one Lambda Authorizer within the AWS console. If multiple authorizers are running at the
              same time, disable automatic binding for services. If it is enabled, there may be conflicts between different authorizers
              trying to discover and protect your APIs.
            </p>
          </div>
        </div>
      </section>

      <FormError message={errors.message} />
      <div className="flex items-center gap-2">
        <button type="submit" disabled={create.isPending} className={primaryButton}>{create.isPending ? "Creating…" : "Create gateway"}</button>
        <Link href="/gateways" className={secondaryButton}>Cancel</Link>
      </div>
    </form>
  );
}
