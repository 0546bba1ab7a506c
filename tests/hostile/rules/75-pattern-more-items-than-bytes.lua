-- expect: eval budget|deadline
-- message: evaluation stopped
-- Issue 11 item 4: more items than subject bytes collapsed the old estimate
-- (C(20, 41) = 0); this never ended.
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  return pass{ values = { x = ("a"):rep(20):find((".-"):rep(40) .. "b") } }
end }
