-- expect: load sandbox
-- message: to-be-closed variables (<close>)
-- line: 5
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local x <close> = nil
  return pass{}
end }
