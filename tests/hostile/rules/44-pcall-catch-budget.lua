-- expect: eval sandbox
-- message: 'pcall' is not available
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  pcall(function() while true do end end)
end }
