-- expect: eval budget
-- message: instruction budget exceeded
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  ::top:: goto top
end }
