-- expect: eval budget|deadline
-- message: evaluation stopped
-- Issue 11 item 12: tonumber(s, 36) on 16 MiB strings ran 5 s against a 2 s
-- deadline (free C work); it is charged by length now.
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local s = ("z"):rep(16 * 1024 * 1024)
  local n = 0
  for i = 1, 1000 do if tonumber(s, 36) then n = n + 1 end end
  return pass{ values = { n = n } }
end }
