-- expect: load syntax
-- message: rules.lua:6:
-- line: 6
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  return pass{
end }

end }
