-- CNCA-CFP-15: case data the inspection and the verification must cover
-- (issue 10 item 18): the sites inspected, verification on site, the
-- standards of the footprint study. Shared checks in lib.electrolytic.
local E = lib.electrolytic
local K = E.context{ pass = pass, fail = fail, insufficient = insufficient, na = na, info = info, P = P }

local ONSITE = { field = "onsite", zh = "企业保证能力检查", en = "assurance-capability inspection" }
rule {
  slug = "sites-covered", clause = "5.4.1", stages = "init", severity = "general", effect = "nc",
  title = { zh = "企业保证能力检查覆盖所有认证单元涉及的生产场所", en = "The assurance-capability inspection covers every production site of the units" },
  check = function(c, f) return E.sites_covered(K, c, f, ONSITE) end,
}

rule {
  slug = "verification-onsite", clause = "5.5.3", stages = "init", severity = "general", effect = "nc",
  title = { zh = "产品碳足迹核查进行现场核查", en = "The footprint verification includes an onsite verification" },
  check = function(c, f) return E.verification_onsite(K, c, f) end,
}

rule {
  slug = "standards", clause = "5.5", stages = "all", severity = "general", effect = "nc",
  title = { zh = "依据 GB/T 24067-2024 与 GB/T 44905-2024 量化和核查", en = "Quantified and verified to GB/T 24067-2024 and GB/T 44905-2024" },
  check = function(c, f) return E.standards(K, c, f) end,
}
