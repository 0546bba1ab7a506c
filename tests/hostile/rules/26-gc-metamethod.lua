-- expect: eval sandbox
-- message: '__gc' metamethods are not available
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  setmetatable({}, { __gc = function() while true do end end })
end }
