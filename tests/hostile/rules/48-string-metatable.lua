-- expect: eval runtime
-- message: attempt to index a boolean value
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  getmetatable('').__index = nil
end }
