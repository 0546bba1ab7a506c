-- expect: eval sandbox
-- message: 'loadfile' is not available
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  loadfile('/etc/passwd')
end }
