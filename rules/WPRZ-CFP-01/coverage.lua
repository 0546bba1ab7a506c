-- WPRZ-CFP-01: case data the inspection and the verification must cover
-- (issue 10 item 18): the sites inspected and verified, verification on
-- site, the standards of the footprint study, an impartial team. Shared
-- checks in lib.electrolytic.
local E = lib.electrolytic
local K = E.context{ pass = pass, fail = fail, insufficient = insufficient, na = na, info = info, P = P }

local ONSITE = { field = "onsite", zh = "企业保证能力检查", en = "assurance-capability inspection" }
rule {
  slug = "sites-covered", clause = "7.6.2", stages = "init", severity = "general", effect = "nc",
  title = { zh = "企业保证能力检查覆盖所有认证单元涉及的生产场所", en = "The assurance-capability inspection covers every production site of the units" },
  check = function(c, f) return E.sites_covered(K, c, f, ONSITE) end,
}

local VERIF = { field = "verification", zh = "碳足迹核查", en = "footprint verification" }
rule {
  slug = "verification-sites", clause = "7.7.1.2", stages = "init", severity = "general", effect = "nc",
  title = { zh = "碳足迹核查覆盖委托认证的所有生产场所", en = "The footprint verification covers every production site" },
  check = function(c, f) return E.sites_covered(K, c, f, VERIF) end,
}

rule {
  slug = "verification-onsite", clause = "7.7.1.2", stages = "init", severity = "general", effect = "nc",
  title = { zh = "无特殊情况，电解铝碳足迹核查应在现场进行", en = "The footprint verification takes place on site" },
  check = function(c, f) return E.verification_onsite(K, c, f) end,
}

rule {
  slug = "standards", clause = "7.7.1.1", stages = "all", severity = "general", effect = "nc",
  title = { zh = "依据 GB/T 24067-2024、GB/T 44905-2024 量化和核查", en = "Quantified and verified to GB/T 24067-2024 and GB/T 44905-2024" },
  check = function(c, f) return E.standards(K, c, f) end,
}

rule {
  slug = "team-impartial", clause = "6.3", stages = "init", severity = "general", effect = "nc",
  title = { zh = "检查组成员与认证委托人不存在利益冲突", en = "No team member has a conflict of interest" },
  check = function(c, f) return E.team_impartial(K, c, f) end,
}
