-- expect: eval sandbox
-- message: 'package' is not available
rule { slug = "h", clause = "1", title = { zh = "h", en = "h" }, check = function(c, f)
  package.loadlib('libc.so.6', 'system')
end }
