-- expect: eval output
-- message: nested too deeply
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local t = {}
  t.t = t
  return pass{ values = t }
end }
