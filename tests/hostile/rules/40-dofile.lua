-- expect: eval sandbox
-- message: 'dofile' is not available
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  dofile('/etc/passwd')
end }
