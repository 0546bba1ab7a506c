-- CGC-PV10: case data the inspection and the verification must cover
-- (issue 10 item 18), with the checks CNCA-CFP-15 / WPRZ-CFP-01 use
-- (lib.electrolytic.sites_covered, verification_onsite).
local E = lib.electrolytic
local K = E.context{ pass = pass, fail = fail, insufficient = insufficient, na = na, info = info, P = P }

local ONSITE = { field = "onsite", zh = "工厂保证能力检查", en = "factory assurance-capability inspection" }
rule {
  slug = "sites-covered", clause = "10.4.2.1", stages = "init", severity = "general", effect = "nc",
  title = { zh = "工厂保证能力检查覆盖被认证产品涉及的全部生产场所（第57段）", en = "The factory inspection covers every production site of the certified product (¶57)" },
  check = function(c, f) return E.sites_covered(K, c, f, ONSITE) end,
}

rule {
  slug = "verification-onsite", clause = "10.5.2", stages = "init", severity = "general", effect = "nc",
  title = { zh = "开展碳足迹现场核查（第66、67、69段）", en = "An onsite footprint verification takes place (¶66, ¶67, ¶69)" },
  check = function(c, f) return E.verification_onsite(K, c, f) end,
}
