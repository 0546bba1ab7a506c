-- WPRZ-CFP-01 8 获证后监督 (mirrors CNCA-CFP-15 6), 9 再认证
local E = lib.electrolytic
local K = E.context{ pass = pass, fail = fail, insufficient = insufficient, na = na, info = info, P = P }
local NONE = {}
local dates, num, util = lib.dates, lib.num, lib.util
local day = E.day

-- 11.3.1 (3): a holder that cannot accept the surveillance at the set interval is suspended
local HOLDER_LATE = { effect = "suspend", zh = "按 11.3.1 (3) 暂停认证资格", en = "suspended under 11.3.1 (3)" }
local FIRST, NEXT = { mode = "first", holder = HOLDER_LATE }, { mode = "next", holder = HOLDER_LATE }
rule {
  slug = "first-surveillance", topic = "surveillance-interval", clause = "8.1", stages = "surv", severity = "general", effect = "nc",
  title = { zh = "作出认证决定后 12 个月内安排首次年度监督", en = "First surveillance within 12 months of the decision" },
  params = { "surveillance_max_months" },
  check = function(c, f) return E.surveillance_interval(K, c, f, FIRST) end,
}

rule {
  slug = "surveillance-interval", clause = "8.1", stages = "surv", severity = "general", effect = "nc",
  title = { zh = "每次年度监督间隔不超过 12 个月", en = "Surveillances at most 12 months apart" },
  params = { "surveillance_max_months" },
  check = function(c, f) return E.surveillance_interval(K, c, f, NEXT) end,
}

rule {
  slug = "surveillance-clauses", clause = "8.2.2", stages = "surv", severity = "general", effect = "nc",
  title = { zh = "企业保证能力监督必查附录 A 第 3、5、6、10、12、13、14 条", en = "Assurance-capability surveillance checks Annex A 3, 5, 6, 10, 12, 13, 14" },
  params = { "surveillance_required_clauses" },
  check = function(c, f) return E.surveillance_clauses(K, c, f, NONE) end,
}

rule {
  slug = "surveillance-consistency", clause = "8.2.3", stages = "surv", severity = "general", effect = "nc",
  title = { zh = "产品一致性监督检查至少覆盖每一个认证单元", en = "Consistency surveillance covers every unit" },
  check = function(c, f) return E.units_checked(K, c, f, NONE) end,
}

local ABOVE = { effect = P.above_initial_effect,
  zh = P.above_initial_effect == "revoke" and "按 11.4.1 (5) 碳足迹量化不符合认证要求，撤销认证资格（参数 above_initial_effect）"
       or "暂停认证资格（11.3.1 (1)；参数 above_initial_effect）",
  en = P.above_initial_effect == "revoke" and "the quantification does not meet the certification requirements: revoked under 11.4.1 (5) (parameter above_initial_effect)"
       or "suspended (11.3.1 (1); parameter above_initial_effect)" }
rule {
  slug = "not-above-initial", clause = "8.2.4", stages = "surv", severity = "serious", effect = P.above_initial_effect,
  title = { zh = "碳足迹量化结果不得高于初次核查结果（高于时按 11.4.1 (5) 处理）", en = "Footprint not above the initial verification result (above: 11.4.1 (5))" },
  params = { "above_initial_effect" },
  check = function(c, f) return E.not_above_initial(K, c, f, ABOVE) end,
}

rule {
  slug = "decrease-vs-last", clause = "8.2.1(5)", stages = "surv", info_only = true,
  title = { zh = "碳足迹量化是否较上一次核查有所下降", en = "Whether the footprint decreased since the last verification" },
  check = function(c, f)
    local h = c.history
    local last = h and (h.previous_result or h.initial_result)
    local ptr = (h and h.previous_result) and "/history/previous_result" or "/history/initial_result"
    local now = f.fp.per_unit
    if last == nil or type(last.value) ~= "number" or now == nil then
      return info({ zh = "无法比较：缺少上一次核查结果或本次复算值", en = "no comparison: last result or this round's value missing", evidence = { ptr } })
    end
    local lv = last.value
    if last.unit == "kgCO2e/t" then lv = num.shift(lv, -3) end   -- exact: 11368 kg → 11.368 t
    -- compared on exact decimals (lib.num); the change printed consistently with it
    local ch = num.ratio_pct(now, lv)
    local pct_t = num.text(ch, 2, 0)
    local m = { change_vs_last_pct = tonumber(num.text(ch, 2)), last_result_tco2e_per_t = lv }
    if num.lt(now, lv) then
      local dec_t = pct_t:sub(2)
      return info({ zh = "较上一次核查下降 " .. dec_t .. "%", en = "decreased by " .. dec_t .. " % since the last verification",
                    evidence = { ptr }, metrics = m, values = { decreased = true } })
    end
    return info({ zh = "较上一次核查未下降（变化 +" .. pct_t .. "%）", en = "no decrease since the last verification (change +" .. pct_t .. " %)",
                  evidence = { ptr }, metrics = m, values = { decreased = false } })
  end,
}

rule {
  slug = "reduction-progress", clause = "8.2.5", stages = "surv", severity = "general", effect = "nc",
  title = { zh = "降碳计划、措施实施进度与成效已评估", en = "Progress of the reduction plan assessed" },
  check = function(c, f) return E.reduction_progress(K, c, f, NONE) end,
}

rule {
  slug = "previous-ncs", clause = "8.2.6", stages = "surv", severity = "general", effect = "nc",
  title = { zh = "上一次不符合项整改措施有效性已验证", en = "Previous nonconformities closed and verified" },
  check = function(c, f) return E.previous_ncs(K, c, f, NONE) end,
}

rule {
  slug = "surveillance-days", party = "body", clause = "8.3", stages = "surv", severity = "general", effect = "nc",
  title = { zh = "监督人日数不少于初次现场检查与现场核查人日数之和的 50%",
            en = "Surveillance person-days at least 50 % of initial onsite plus verification days" },
  params = { "surveillance_days_share" },
  check = function(c, f) return E.surveillance_days(K, c, f, NONE) end,
}

local SURV = {
  fail_zh = "监督检查不通过", fail_en = "surveillance failed", fail_effect = "suspend",
  pass_zh = "监督检查通过", pass_en = "surveillance passed",
  after_zh = "验证纠正措施合格后通过", after_en = "passed after the corrective actions were verified",
  nc_opts = { closed_late_fails = P.nc_late_closure_blocks },   -- 7.8.4, as the decision
}
rule {
  slug = "surveillance-conclusion", clause = "8.4", stages = "surv", severity = "general", effect = "nc",
  title = { zh = "监督检查结论：通过 / 验证纠正措施合格后通过 / 不通过",
            en = "Surveillance conclusion: passed / passed after corrective actions verified / failed" },
  check = function(c, f) return E.nc_conclusion(K, c, f, SURV) end,
}

rule {
  slug = "recert-window", clause = "9.1", stages = "recert", severity = "general", effect = "nc",
  title = { zh = "证书届满前 90 天内申请再认证，到期后 3 个月内完成，否则按新申请处理",
            en = "Re-certification applied within 90 days before expiry and completed within 3 months after it, else a new application" },
  params = { "recert_apply_days", "recert_complete_months" },
  check = function(c, f)
    local cert = c.certificate
    local exp = cert and day(cert.valid_until)
    if exp == nil then
      return insufficient({ zh = "未说明原证书有效期", en = "expiry of the held certificate not stated", evidence = { "/certificate/valid_until" } })
    end
    local done = (c.assessment and day(c.assessment.decision_on)) or f.as_of
    local limit = dates.add_months(exp, P.recert_complete_months)
    if done ~= nil and done > limit then
      return info({ zh = "再认证未在证书到期后 " .. P.recert_complete_months .. " 个月内（" .. dates.format(limit) .. " 前）完成，按新申请处理（初次认证）",
                    en = "re-certification not completed within " .. P.recert_complete_months .. " months after expiry (by " .. dates.format(limit) .. "): treated as a new application",
                    evidence = { "/certificate/valid_until" }, values = { complete_by = dates.format(limit) } })
    end
    local ad = c.eligibility and c.eligibility.application_dates
    local applied = ad and day(ad.applied_on)
    if applied == nil then
      return insufficient({ zh = "未说明再认证申请日期", en = "re-certification application date not stated", evidence = { "/eligibility/application_dates/applied_on" } })
    end
    local from = dates.add_days(exp, -P.recert_apply_days)
    if applied < from or applied > exp then
      return fail({ zh = "再认证申请日期 " .. ad.applied_on .. " 不在证书届满（" .. cert.valid_until .. "）前 " .. P.recert_apply_days .. " 天内",
                    en = "re-certification applied on " .. ad.applied_on .. ", not within " .. P.recert_apply_days .. " days before expiry (" .. cert.valid_until .. ")",
                    evidence = { "/eligibility/application_dates/applied_on", "/certificate/valid_until" },
                    values = { window_from = dates.format(from), expiry = cert.valid_until } })
    end
    return pass({ values = { window_from = dates.format(from) } })
  end,
}
