-- expect: eval sandbox
-- message: 'io' is not available
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  io.open('/etc/passwd')
end }
