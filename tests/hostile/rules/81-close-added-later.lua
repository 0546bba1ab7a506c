-- expect: eval runtime
-- message: non-closable value
-- Issue 11 item 8: `__close` added to a metatable after setmetatable, then
-- used as generic for's closing value. setmetatable sets a private copy of
-- the metatable, checked when set: the later `__close` has no effect.
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local mt = {}
  local t = setmetatable({}, mt)
  local closed = false
  mt.__close = function() closed = true end
  for _ in next, {}, nil, t do end
  if closed then return fail{ en = "__close ran" } end
  return pass{}
end }
