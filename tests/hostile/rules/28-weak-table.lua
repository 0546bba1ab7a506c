-- expect: eval sandbox
-- message: '__mode' metamethods are not available
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  setmetatable({}, { __mode = 'k' })
end }
