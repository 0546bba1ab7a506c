-- expect: eval runtime
-- message: insufficient{}: `status` is set by the constructor; leave it out
-- line: 6
-- A result may not name its own status: the constructor sets it.
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  return insufficient{ status = "pass", zh = "x", en = "x" }
end }
