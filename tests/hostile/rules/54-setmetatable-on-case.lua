-- expect: eval runtime
-- message: cannot change a protected metatable
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  setmetatable(c, {})
end }
