-- expect: load manifest
-- message: unknown key 'cpu'
-- limits: cpu = 1
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  return pass{}
end }
