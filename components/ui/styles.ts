/** Shared class names, so every form and button in the console looks the same. */
export const input =
  "block w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm focus:border-indigo-500 focus:ring-1 focus:ring-indigo-500 focus:outline-none";
export const primaryButton =
  "rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60";
export const secondaryButton =
  "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-60";
export const card = "rounded-lg border border-slate-200 bg-white p-4 shadow-sm";
export const errorBox = "rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800";
export const label = "block text-sm font-medium text-slate-700";
