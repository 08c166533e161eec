// Ports for what the tests run: a random one from EMULATOR_TEST_PORTS (default 4100-4199), tried
// again with another when taken, since test files run in parallel.

const [low, high] = (process.env.EMULATOR_TEST_PORTS ?? "4100-4199").split("-").map(Number) as [
  number,
  number,
];

// Ports fetch() refuses to reach ("bad port", docs/references.md [whatwg-fetch-port-blocking]):
// 4190 is in the default range.
const BLOCKED = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102,
  103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465,
  512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993,
  995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668,
  6669, 6679, 6697, 10080,
]);

export function randomPort(): number {
  for (let tries = 0; tries < 1000; tries++) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    if (!BLOCKED.has(port)) return port;
  }
  throw new Error(`EMULATOR_TEST_PORTS ${low}-${high} has no port fetch() may reach`);
}

export const PORT_ATTEMPTS = 30;
