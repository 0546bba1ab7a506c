-- expect: eval sandbox
-- message: table operation on
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  table.sort(setmetatable({}, { __len = function() return 1e15 end }))
end }
