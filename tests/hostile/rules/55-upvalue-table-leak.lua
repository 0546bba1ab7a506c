-- expect: eval runtime
-- message: attempt to modify read-only data
local seen = {}
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  seen[#seen + 1] = c.case_id
  return pass{ values = { n = #seen } }
end }
