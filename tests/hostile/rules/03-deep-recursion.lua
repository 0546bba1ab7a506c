-- expect: eval budget
-- message: stack overflow
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  local function f(n) return f(n + 1) + 1 end
  return f(1)
end }
