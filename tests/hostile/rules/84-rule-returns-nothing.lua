-- expect: load runtime
-- message: attempt to index a nil value
-- Issue 11 item 3: rule{} returned the live definition, so its title could
-- be rewritten case after case. It returns nothing now.
local r = rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  return pass{}
end }
r.title.zh = "forged"
