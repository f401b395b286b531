// Preloaded into a measured process: writes its peak RSS (KB) to $BENCH_RSS_FILE when it exits.
process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) require('fs').writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
