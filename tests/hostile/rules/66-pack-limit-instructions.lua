-- expect: eval budget
-- message: instruction budget exceeded
-- limits: instructions = 10000
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  for i = 1, 1e6 do end
  return pass{}
end }
