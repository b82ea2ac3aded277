import { vi, type Mock } from "vitest";

/**
 * Replaces an AWS SDK client's `send` with a `vi.fn` (the SDK's own overloads include callback
 * forms, which trip type-aware lint rules when mocked with vi.spyOn).
 */
export type SendImpl = (command: unknown) => Promise<unknown>;

export function mockSend(client: object, impl: SendImpl): Mock<SendImpl> {
  const fn = vi.fn<SendImpl>(impl);
  (client as { send: SendImpl }).send = fn;
  return fn;
}
