import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactElement } from "react";

/**
 * For component tests (jsdom): renders `ui` under a fresh QueryClient that does not retry (a
 * failed answer shows at once) and returns a user-event session to drive it.
 */
export function renderWithQueryClient(ui: ReactElement) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(<QueryClientProvider client={qc}>{ui}</QueryClientProvider>);
  return userEvent.setup();
}
