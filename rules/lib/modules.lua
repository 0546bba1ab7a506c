-- Load order of the shared library. Each name is rules/lib/<name>.lua; a module
-- returns a table and sees the modules loaded before it as lib.<name>, plus the
-- reference data in data/reference/<name>.json as REF.<name>.
return {
  "util", "num", "dates", "ids", "label", "gla", "changes", "certificate",
  "units", "quality", "sources", "footprint", "cutoff", "alloc", "mandays", "plausibility",
  "electrolytic", "facts", "verdict",
}
