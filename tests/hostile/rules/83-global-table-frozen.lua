-- expect: eval runtime
-- message: attempt to modify read-only data
-- Issue 11 item 3: a table in a global defined at load time stayed writable
-- (sealing fixed names, not contents): earlier applicants' case_ids appeared
-- in later applicants' results. Everything built at load time is frozen.
SEEN = {}
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  SEEN[#SEEN + 1] = c.case_id
  return pass{ values = { seen = SEEN } }
end }
