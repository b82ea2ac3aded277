"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useId, useState, type FormEvent } from "react";
import { api, ApiClientError, errorMessage } from "../api-client";
import { MethodBadge } from "../gateways/gateway-apis";
import { isStaleWrite } from "../gateways/gateway-settings-form";
import { keys, type ServiceApiView, type ServiceView } from "../gateways/types";
import { ConfirmButton } from "../ui/confirm-button";
import { FieldError, FormError, useFormErrors } from "../ui/form-errors";
import { card, errorBox, input, label, primaryButton, secondaryButton } from "../ui/styles";

export function ServicesPanel({ isAdmin }: { isAdmin: boolean }) {
  const services = useQuery({ queryKey: keys.services, queryFn: () => api<{ services: ServiceView[] }>("services") });
  const list = services.data?.services ?? [];
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Services</h1>
        <p className="mt-0.5 text-sm text-slate-600">
          A service holds the APIs of one discovered API group (a REST API stage) once the group is connected to it on a gateway&apos;s
          APIs tab. Policies are assigned to a service&apos;s APIs.
        </p>
      </div>
      {isAdmin && <CreateServiceForm />}
      <div className={`${card} p-0`}>
        {services.isPending && <p className="p-4 text-sm text-slate-500">Loading…</p>}
        {services.isError && <p role="alert" className={`${errorBox} m-4`}>{errorMessage(services.error)}</p>}
        {services.data && list.length === 0 && (
          <div className="p-8 text-center">
            <p className="font-medium text-slate-900">No services yet</p>
            <p className="mt-1 text-sm text-slate-600">Create one here, or connect a discovered API group to a new service from a gateway&apos;s APIs tab.</p>
          </div>
        )}
        {list.length > 0 && (
          <ul className="divide-y divide-slate-100">
            {list.map((s) => <ServiceRow key={s.id} service={s} isAdmin={isAdmin} />)}
          </ul>
        )}
      </div>
    </div>
  );
}

function CreateServiceForm() {
  const qc = useQueryClient();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const errors = useFormErrors(["name", "description"]);
  const create = useMutation({
    mutationFn: () => api<ServiceView>("services", { method: "POST", body: { name: name.trim(), description: description.trim() } }),
    onSuccess: () => { setName(""); setDescription(""); errors.clear(); },
    onError: (e) => (e instanceof ApiClientError && e.status === 409 ? errors.show(e.message, "name") : errors.fail(e)),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.services }),
  });
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    create.mutate();
  }
  return (
    <form onSubmit={submit} aria-label="Create service" className={`${card} grid gap-3 md:grid-cols-[1fr_2fr_auto] md:items-end`}>
      <div>
        <label htmlFor="service-name" className={label}>Service name</label>
        <input id="service-name" required maxLength={200} value={name} onChange={(e) => { setName(e.target.value); errors.edited("name"); }} className={input}
          {...errors.field("name", "service-name-error")} />
        <FieldError id="service-name-error" messages={errors.at("name")} />
      </div>
      <div>
        <label htmlFor="service-description" className={label}>Description <span className="font-normal text-slate-500">(optional)</span></label>
        <input id="service-description" maxLength={500} value={description} onChange={(e) => { setDescription(e.target.value); errors.edited("description"); }}
          className={input} {...errors.field("description", "service-description-error")} />
        <FieldError id="service-description-error" messages={errors.at("description")} />
      </div>
      <button type="submit" disabled={create.isPending} className={primaryButton}>Create service</button>
      <FormError message={errors.message} className="md:col-span-3" />
    </form>
  );
}

function ServiceRow({ service, isAdmin }: { service: ServiceView; isAdmin: boolean }) {
  const qc = useQueryClient();
  const ids = useId();
  const [expanded, setExpanded] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const [name, setName] = useState(service.name);
  const errors = useFormErrors(["name"]);

  const rename = useMutation({
    mutationFn: (newName: string) => api<ServiceView>(`services/${service.id}`, { method: "PUT", body: { version: service.version, name: newName } }),
    onSuccess: () => { setRenaming(false); errors.clear(); },
    onError: (e) =>
      isStaleWrite(e)
        ? errors.show("This service was changed by someone else meanwhile. Reload the page to see the latest and rename again.")
        : e instanceof ApiClientError && e.status === 409
          ? errors.show(e.message, "name")
          : errors.fail(e),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.services }),
  });
  const remove = useMutation({
    mutationFn: () => api(`services/${service.id}`, { method: "DELETE" }),
    onSuccess: () => errors.clear(),
    onError: (e) => errors.fail(e),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.services }),
  });

  return (
    <li className="px-4 py-3" data-testid={`service-row-${service.name}`} aria-label={`Service ${service.name}`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 flex-1">
          {renaming ? (
            <form className="flex max-w-lg items-end gap-2" aria-label={`Rename ${service.name}`}
              onSubmit={(e) => { e.preventDefault(); if (name.trim()) rename.mutate(name.trim()); }}>
              <div className="flex-1">
                <label htmlFor={`${ids}-rename`} className="sr-only">New name of {service.name}</label>
                <input id={`${ids}-rename`} value={name} onChange={(e) => { setName(e.target.value); errors.edited("name"); }} required maxLength={200} autoFocus
                  className={input} {...errors.field("name", `${ids}-rename-error`)} />
                <FieldError id={`${ids}-rename-error`} messages={errors.at("name")} />
              </div>
              <button type="submit" disabled={rename.isPending} className={primaryButton}>Save</button>
              <button type="button" onClick={() => { setRenaming(false); setName(service.name); errors.clear(); }} className={secondaryButton}>Cancel</button>
            </form>
          ) : (
            <div className="flex flex-wrap items-center gap-2">
              <h2 className="font-medium text-slate-900">{service.name}</h2>
              {service.gateway_id ? (
                <span className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800 ring-1 ring-emerald-200 ring-inset">
                  connected to <Link href={`/gateways/${service.gateway_id}/apis`} className="underline">{service.gateway_name ?? "a gateway"}</Link>
                  {service.group_id && <> · <span className="font-mono">{service.group_id}</span></>}
                </span>
              ) : (
                <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600 ring-1 ring-slate-200 ring-inset">no API group</span>
              )}
            </div>
          )}
          {service.description && !renaming && <p className="mt-0.5 text-sm text-slate-600">{service.description}</p>}
        </div>
        <div className="flex items-center gap-2">
          <button type="button" aria-expanded={expanded} aria-controls={`${ids}-apis`} onClick={() => setExpanded((v) => !v)}
            className="rounded-md px-2 py-1 text-xs font-medium text-slate-600 hover:bg-slate-100">
            {expanded ? "Hide APIs" : `Show APIs (${service.apis_count})`}
          </button>
          {isAdmin && !renaming && (
            <button type="button" onClick={() => { setName(service.name); setRenaming(true); }}
              className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50">Rename</button>
          )}
          {isAdmin && <ConfirmButton label="Delete" confirmLabel={`Delete ${service.name}`} disabled={remove.isPending} onConfirm={() => remove.mutate()} />}
        </div>
      </div>
      <FormError message={errors.message} className="mt-2" />
      {expanded && <div id={`${ids}-apis`} className="mt-3"><ServiceApis service={service} /></div>}
    </li>
  );
}

function ServiceApis({ service }: { service: ServiceView }) {
  const apis = useQuery({ queryKey: keys.serviceApis(service.id), queryFn: () => api<{ apis: ServiceApiView[] }>(`services/${service.id}/apis`) });
  if (apis.isPending) return <p className="text-sm text-slate-500">Loading…</p>;
  if (apis.isError) return <p role="alert" className={errorBox}>{errorMessage(apis.error)}</p>;
  if (apis.data.apis.length === 0) return <p className="text-sm text-slate-500">No APIs. They come from the API group connected to this service.</p>;
  return (
    <div className="overflow-hidden rounded-md border border-slate-200">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">APIs of {service.name}</caption>
        <thead className="bg-slate-50 text-xs text-slate-500 uppercase">
          <tr><th className="w-24 px-3 py-1.5 font-medium">Method</th><th className="px-3 py-1.5 font-medium">Path</th><th className="px-3 py-1.5 font-medium">Policy</th></tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {apis.data.apis.map((a) => (
            <tr key={a.id}>
              <td className="px-3 py-1.5"><MethodBadge method={a.method} /></td>
              <td className="px-3 py-1.5 font-mono text-xs">{a.path}</td>
              <td className="px-3 py-1.5">
                {a.policy_id
                  ? <span className="rounded bg-indigo-50 px-1.5 py-0.5 text-xs font-medium text-indigo-700">{a.policy_name ?? a.policy_id}</span>
                  : <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs font-medium text-amber-800">Unrestricted</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
