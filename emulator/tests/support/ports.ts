// Ports for what the tests run: a random one from EMULATOR_TEST_PORTS (default 4100-4199), tried
// again with another when taken, since test files run in parallel.

const [low, high] = (process.env.EMULATOR_TEST_PORTS ?? "4100-4199").split("-").map(Number) as [
  number,
  number,
];

export function randomPort(): number {
  return low + Math.floor(Math.random() * (high - low + 1));
}

export const PORT_ATTEMPTS = 30;
