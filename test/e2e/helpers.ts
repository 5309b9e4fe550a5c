/** Shared by the e2e tests. */
import { createServer } from "node:net";

/** A loopback port nothing listens on (bound, then released): a Workers AI that cannot be reached. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === "object" && address ? address.port : 9;
}
