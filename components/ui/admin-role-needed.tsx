/** What a viewer sees instead of a page or form that only admins may use. */
export function AdminRoleNeeded({ action }: { action: string }) {
  return (
    <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
      {action} needs the admin role. You are signed in as a viewer.
    </p>
  );
}
