-- expect: eval budget
-- message: instruction budget exceeded
-- line: 5
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  while true do end
end }
