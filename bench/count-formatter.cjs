/**
 * ESLint formatter for the benchmark: a one-line JSON summary (files, problems by rule, parse errors) instead of a
 * report, so printing 10,000 results does not weigh on the timings and the bench can still check every variant
 * linted every file.
 */
module.exports = function countFormatter(results) {
  const byRule = {};
  let errors = 0;
  let warnings = 0;
  let fatal = 0;
  for (const result of results) {
    for (const message of result.messages) {
      if (message.fatal) fatal++;
      else if (message.severity === 2) errors++;
      else warnings++;
      const key = message.ruleId ?? (message.fatal ? "(parse error)" : "(no rule)");
      byRule[key] = (byRule[key] ?? 0) + 1;
    }
  }
  return JSON.stringify({ files: results.length, errors, warnings, fatal, byRule });
};
