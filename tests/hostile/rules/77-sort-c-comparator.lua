-- expect: eval sandbox
-- message: C function as the comparator
-- Issue 11 item 5: table.sort(t, rawequal) over long equal strings ran past
-- 20 s inside one call (a C comparator runs no VM instruction).
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local t, s = {}, ("x"):rep(1e5)
  for i = 1, 200 do t[i] = s .. "" end
  table.sort(t, rawequal)
  return pass{}
end }
