/**
 * Benchmark and summary of the demo data generator (speed is measured here, never in tests).
 * Run after a build: `node server/dist/server/src/data/demo/bench-demo.js [seed]`.
 */
import { generateDemoData } from './generate-demo';

function main(): void {
  const seed = Number(process.argv[2] ?? 42);
  const times: number[] = [];
  let data = generateDemoData({ seed });
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now();
    data = generateDemoData({ seed });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const { values, users } = data.ratings;
  let sum = 0;
  for (const v of values) sum += v;
  const perUser = new Int32Array(data.users.length);
  for (const u of users) perUser[u]++;
  const sorted = Array.from(perUser).sort((a, b) => a - b);
  console.log(`generateDemoData({ seed: ${seed} }): median ${times[2].toFixed(0)} ms (5 runs, after 1 warm-up)`);
  console.log(`${data.users.length} users, ${data.items.length} items, ${values.length} ratings`);
  console.log(`mean rating ${(sum / values.length).toFixed(2)}; ratings per user: min ${sorted[0]}, ` + `median ${sorted[sorted.length >> 1]}, max ${sorted[sorted.length - 1]}`);
}

main();
