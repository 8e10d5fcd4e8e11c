/**
 * Preloaded (`node --import`) into a benchmarked process when /usr/bin/time is missing: at exit, writes the
 * process's peak RSS and CPU time (worker threads included: they share the process) to $KUBE_BENCH_PROBE_OUT.
 */
import fs from "node:fs";

const out = process.env.KUBE_BENCH_PROBE_OUT;
if (out) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    // Same fields, same units as `/usr/bin/time -f "%e %U %S %M"`: seconds, seconds, seconds, KiB.
    const uptime = process.uptime().toFixed(2);
    fs.writeFileSync(out, `${uptime} ${usage.userCPUTime / 1e6} ${usage.systemCPUTime / 1e6} ${usage.maxRSS}\n`);
  });
}
