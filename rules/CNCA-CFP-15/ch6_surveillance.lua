-- CNCA-CFP-15 6 获证后监督
local E = lib.electrolytic
local K = E.context{ pass = pass, fail = fail, insufficient = insufficient, na = na, info = info, P = P }
local NONE = {}

local LATEST = { mode = "latest" }
rule {
  slug = "surveillance-interval", clause = "6.1", stages = "surv", severity = "general", effect = "nc",
  title = { zh = "监督的时间间隔不超过 1 年", en = "Surveillance at most one year after the last decision or surveillance" },
  params = { "surveillance_max_months" },
  check = function(c, f) return E.surveillance_interval(K, c, f, LATEST) end,
}

rule {
  slug = "surveillance-clauses", clause = "6.2.1", stages = "surv", severity = "general", effect = "nc",
  title = { zh = "企业保证能力监督检查必查条款 3、5、6、10、12、13、14",
            en = "Assurance-capability surveillance checks clauses 3, 5, 6, 10, 12, 13, 14" },
  params = { "surveillance_required_clauses" },
  check = function(c, f) return E.surveillance_clauses(K, c, f, NONE) end,
}

rule {
  slug = "surveillance-consistency", clause = "6.2.2", stages = "surv", severity = "general", effect = "nc",
  title = { zh = "产品一致性监督检查至少覆盖每一单元的认证产品", en = "Consistency surveillance covers every unit" },
  check = function(c, f) return E.units_checked(K, c, f, NONE) end,
}

rule {
  slug = "not-above-initial", clause = "6.2.3", stages = "surv", severity = "serious", effect = "suspend",
  title = { zh = "产品碳足迹量化结果不得高于初次核查结果", en = "Footprint not above the initial verification result" },
  check = function(c, f) return E.not_above_initial(K, c, f, NONE) end,
}

rule {
  slug = "reduction-progress", clause = "6.2.4", stages = "surv", severity = "general", effect = "nc",
  title = { zh = "降碳计划、措施实施进度与成效已评估", en = "Progress of the reduction plan assessed" },
  check = function(c, f) return E.reduction_progress(K, c, f, NONE) end,
}

rule {
  slug = "previous-ncs", clause = "6.2.5", stages = "surv", severity = "general", effect = "nc",
  title = { zh = "上一次认证不符合项整改措施有效性已验证", en = "Previous nonconformities closed and verified" },
  check = function(c, f) return E.previous_ncs(K, c, f, NONE) end,
}

rule {
  slug = "surveillance-days", party = "body", clause = "6.3", stages = "surv", severity = "general", effect = "nc",
  title = { zh = "监督人日数不少于初次现场检查与现场核查人日数之和的 50%",
            en = "Surveillance person-days at least 50 % of initial onsite plus verification days" },
  params = { "surveillance_days_share" },
  check = function(c, f) return E.surveillance_days(K, c, f, NONE) end,
}

local CANCEL = { request_zh = "认证委托人申请注销", request_en = "the holder applied for cancellation",
                 ceased_zh = "获证产品不再生产", ceased_en = "the certified product is no longer made",
                 grounds = P.cancellation_grounds }
rule {
  slug = "cancellation", clause = "6.5", stages = "surv", severity = "serious", effect = "cancel",
  title = { zh = "按通用实施规则依据相应情形注销认证证书：认证委托人申请注销或获证产品不再生产",
            en = "Cancellation under the general rules: requested by the holder, or the product no longer made" },
  params = { "cancellation_grounds" },
  check = function(c, f) return E.cancellation(K, c, f, CANCEL) end,
}

local SURV = {
  fail_zh = "监督检查不通过", fail_en = "surveillance failed", fail_effect = "suspend",
  pass_zh = "监督检查通过", pass_en = "surveillance passed",
  after_zh = "验证纠正措施合格后通过", after_en = "passed after the corrective actions were verified",
}
rule {
  slug = "surveillance-conclusion", clause = "6.4", stages = "surv", severity = "general", effect = "nc",
  title = { zh = "监督检查结论：通过 / 验证纠正措施合格后通过 / 不通过",
            en = "Surveillance conclusion: passed / passed after corrective actions verified / failed" },
  check = function(c, f) return E.nc_conclusion(K, c, f, SURV) end,
}
