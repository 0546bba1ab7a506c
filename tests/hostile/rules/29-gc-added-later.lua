-- expect: ok
-- message: 
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local mt = {}
  local t = setmetatable({}, mt)
  mt.__gc = function() while true do end end
  t = nil
  local junk = {}
  for i = 1, 2e5 do junk[i] = { i } end
  return pass{}
end }
