-- expect: eval sandbox
-- message: '_G' is not available
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  _G.x = 1
end }
