-- CGC-PV10 chapters 12 (surveillance ¶88–¶91), 13 (recertification ¶92) and
-- 14.2 (validity ¶95).

local util = lib.util
local dates = lib.dates
local num = lib.num
local fmt = util.fmt_num

-- A stated result {value, unit} in tCO2e per declared unit (nil when the unit
-- is unknown), as an exact decimal (lib.num) when a unit factor applies: the
-- factor is a power of ten or a short decimal (lib.footprint.conv_text).
-- TODO-move-to-lib: the same conversion lib.footprint applies to footprint.declared.
local function per_declared_unit(value, unit, f)
  if type(value) ~= "number" or type(unit) ~= "string" then return nil end
  local fu = lib.units.factor_unit(unit)
  if fu == nil or fu.num_t == nil then return nil end
  local conv
  if fu.den == nil then conv = fu.num_t
  else
    local du = lib.units.info(f.fp.declared_unit_unit)
    if du == nil or du.dim ~= fu.dim then return nil end
    conv = fu.num_t * (f.fp.declared_unit_amount or 1) * du.to_base / fu.den_to_base
  end
  local ct = lib.footprint.conv_text(conv)
  if ct == "1" then return value end
  return num.mul(value, ct)
end

local function surveillance_day(c, f)
  local od = util.get(c, "assessment", "onsite", "date")
  if od ~= nil then return dates.day(od), "/assessment/onsite/date", od end
  return f.as_of, "/as_of", c.as_of
end

rule {
  slug    = "material-facts",
  clause  = "11",
  title   = { zh = "证书签发后发现对碳足迹有实质性影响的事实或信息，按证书变更、再认证、注销或撤销流程处理（第87段）",
              en = "Material facts found after the certificate was issued are handled by change, recertification, cancellation or revocation (¶87)" },
  stages  = { "surv", "chg" },
  severity = "serious",
  effect  = "revoke",
  params  = { "falsified_after_issue_effect" },
  check   = function(c, f)
    local fd = util.get(c, "eligibility", "falsified_documents")
    if fd == true then
      local eff = P.falsified_after_issue_effect
      local what = eff == "revoke" and { zh = "撤销原证书", en = "the certificate is revoked" }
                or eff == "suspend" and { zh = "暂停原证书", en = "the certificate is suspended" }
                or { zh = "重新认证", en = "the product must be re-certified" }
      return fail { zh = "证书签发后发现提供的文件资料不真实（数据篡改、伪造），对碳足迹结果有实质性影响：" .. what.zh .. "（第87段，参照第80段）",
                    en = "documents found falsified after the certificate was issued (data tampering or forgery), a material fact for the footprint: "
                         .. what.en .. " (¶87, read with ¶80)",
                    effect = eff, evidence = { "/eligibility/falsified_documents" }, values = { falsified_documents = true, effect = eff } }
    end
    if fd == nil then
      return insufficient { zh = "未说明证书签发后是否发现文件资料不真实（eligibility.falsified_documents）",
                            en = "whether documents were found falsified after issue is not stated (eligibility.falsified_documents)",
                            evidence = { "/eligibility/falsified_documents" } }
    end
    return pass { zh = "未发现文件资料不真实（falsified_documents: false）", en = "no falsified documents found (falsified_documents: false)",
                  values = { falsified_documents = false } }
  end,
}

rule {
  slug    = "surveillance-timing", party = "body", topic = "surveillance-interval",
  clause  = "12",
  title   = { zh = "初次获证后第 11 个月实施监督复查，其后两次监督间隔不超过 12 个月（第88段）",
              en = "First surveillance in month 11 after certification, then at most 12 months apart (¶88)" },
  stages  = { "surv" },
  severity = "general",
  effect  = "nc",
  params  = { "first_surveillance_months", "surveillance_interval_months" },
  check   = function(c, f)
    local this, this_ptr, this_s = surveillance_day(c, f)
    local h = c.history or {}
    local last_s, last_ptr, months, first
    if h.last_surveillance_on ~= nil then
      last_s, last_ptr, months, first = h.last_surveillance_on, "/history/last_surveillance_on", P.surveillance_interval_months, false
    else
      last_s, last_ptr = util.get(c, "certificate", "issued_on"), "/certificate/issued_on"
      if last_s == nil then last_s, last_ptr = h.initial_decision_on, "/history/initial_decision_on" end
      months, first = P.first_surveillance_months, true
    end
    local last = dates.day(last_s)
    if last == nil or this == nil then
      return insufficient { zh = "获证日期、上次监督日期或本次监督日期未说明", en = "certification, last surveillance or this surveillance date not stated",
                            evidence = { last_ptr, this_ptr } }
    end
    local due = dates.add_months(last, months)
    if this > due then
      local values = { since = last_s, this_surveillance = this_s, due = dates.format(due), first = first }
      return fail { zh = (first and "首次监督应在获证后第 11 个月内（" or "两次监督间隔超过 12 个月（应不晚于 ") .. dates.format(due) .. "），本次为 " .. this_s .. "（第88段）",
                    en = (first and "the first surveillance was due in month 11 after certification (by " or "more than 12 months between surveillances (due by ")
                         .. dates.format(due) .. "); this one is " .. this_s .. " (¶88)",
                    evidence = { this_ptr, last_ptr }, values = values }
    end
    return pass { zh = "本次监督 " .. this_s .. "，" .. (first and "获证 " or "上次监督 ") .. last_s .. " 起不晚于 " .. dates.format(due) .. "（第88段）",
                  en = "this surveillance " .. this_s .. ", due by " .. dates.format(due) .. " from " .. (first and "certification on " or "the last surveillance on ") .. last_s .. " (¶88)",
                  values = { since = last_s, this_surveillance = this_s, first = first } }
  end,
}

-- The unit of a footprint per declared unit, for messages: "tCO2e/t", "tCO2e/1000 m2".
local function fp_unit(f)
  local u, a = f.fp.declared_unit_unit, f.fp.declared_unit_amount
  if u == nil then return "tCO2e/" .. "declared unit" end
  if a == nil or a == 1 then return "tCO2e/" .. u end
  return "tCO2e/" .. fmt(a) .. " " .. u
end

-- ¶91 上一周期: history.previous_result; at the first surveillance (no
-- history.last_surveillance_on) the previous cycle is the initial
-- certification, so history.initial_result stands in when previous_result is
-- not stated (parameter increase_baseline_initial_first). Returns the result,
-- its pointer and a label {zh, en}, or nil.
local function baseline(c)
  local h = c.history or {}
  if h.previous_result ~= nil then
    return h.previous_result, "/history/previous_result", { zh = "上一周期", en = "the previous cycle's" }
  end
  if P.increase_baseline_initial_first and h.last_surveillance_on == nil and h.initial_result ~= nil then
    return h.initial_result, "/history/initial_result",
           { zh = "上一周期（首次监督：初次认证结果）", en = "the previous cycle's (first surveillance: the initial certification's)" }
  end
  return nil
end

rule {
  slug    = "surveillance-increase",
  clause  = "12",
  title   = { zh = "监督中碳足迹量化结果较上一周期增幅 10 % 及以上，撤销原证书（第90、91段）",
              en = "A footprint increase of 10 % or more over the previous cycle found at surveillance revokes the certificate (¶90–¶91)" },
  stages  = { "surv" },
  severity = "serious",
  effect  = "revoke",
  decisive = true,
  params  = { "surveillance_revoke_pct", "increase_baseline_initial_first" },
  check   = function(c, f)
    local prev, ptr, label = baseline(c)
    if prev == nil then
      local later = util.get(c, "history", "last_surveillance_on") ~= nil
      return insufficient { zh = later and "未说明上一周期的碳足迹结果（history.previous_result），无法判断是否显著增加（第90段）"
                                      or "未说明上一周期或初次认证的碳足迹结果（history.previous_result / initial_result），无法判断是否显著增加（第90段）",
                            en = later and "the previous cycle's footprint (history.previous_result) is not stated: whether it increased significantly cannot be judged (¶90)"
                                       or "neither the previous cycle's nor the initial footprint is stated (history.previous_result / initial_result): whether it increased significantly cannot be judged (¶90)",
                            evidence = { "/history/previous_result" } }
    end
    local pv = per_declared_unit(prev.value, prev.unit, f)
    if pv == nil or num.cmp(pv, 0) <= 0 then
      return insufficient { zh = "上一周期结果 " .. tostring(prev.value) .. " " .. tostring(prev.unit) .. " 无法换算为每声明单位的碳足迹",
                            en = "the previous result " .. tostring(prev.value) .. " " .. tostring(prev.unit) .. " cannot be converted to a footprint per declared unit",
                            evidence = { ptr } }
    end
    local cur = f.fp.per_unit
    if cur == nil then
      return insufficient { zh = "本周期碳足迹无法复算，无法与上一周期比较", en = "this cycle's footprint cannot be recomputed and compared with the previous cycle",
                            evidence = { "/footprint/inventory" } }
    end
    -- increase = (current − previous) ÷ previous × 100, compared with the limit
    -- on exact decimals (lib.num): 4.4 over 4.0 is exactly 10 %; the text
    -- printed never contradicts that comparison
    local limit = P.surveillance_revoke_pct
    local incr = num.ratio_pct(cur, pv)
    local inc = num.tonumber(incr)
    local values = { previous = num.tonumber(pv), current = cur, increase_pct = inc, limit_pct = limit,
                     baseline = ptr == "/history/initial_result" and "initial_result" or "previous_result" }
    local metrics = { increase_vs_previous_pct = inc }
    local u = fp_unit(f)
    local up = num.cmp(incr, 0) >= 0
    local inc_t = num.text(incr, 2, limit)
    if not up then inc_t = inc_t:sub(2) end
    local inc_zh = up and ("增加 " .. inc_t .. " %") or ("下降 " .. inc_t .. " %")
    local inc_en = up and (inc_t .. " % above") or (inc_t .. " % below")
    local cur_t, pv_t = num.text(cur, 4), num.text(pv)
    local head_zh = "本周期复算碳足迹 " .. cur_t .. " " .. u .. "，较" .. label.zh .. " " .. pv_t .. " " .. u .. " " .. inc_zh
    local head_en = "recomputed footprint " .. cur_t .. " " .. u .. " is " .. inc_en .. " " .. label.en .. " " .. pv_t .. " " .. u
    if num.ge(incr, limit) then
      return fail { zh = head_zh .. "，达到 " .. fmt(P.surveillance_revoke_pct) .. " % 及以上，撤销原证书（第91段；恰为 10 % 按撤销处理）",
                    en = head_en .. ": " .. fmt(P.surveillance_revoke_pct) .. " % or more revokes the certificate (¶91; exactly 10 % revokes)",
                    evidence = { ptr .. "/value", "/footprint/inventory" }, values = values, metrics = metrics }
    end
    return pass { zh = head_zh .. "，增幅在 " .. fmt(P.surveillance_revoke_pct) .. " % 以内，未显著增加（第90段）",
                  en = head_en .. ": within " .. fmt(P.surveillance_revoke_pct) .. " %, no significant increase (¶90)",
                  evidence = { ptr .. "/value" }, values = values, metrics = metrics }
  end,
}

-- ¶91: every NC other than the footprint increase gets 2 months, whatever its class (nc_class.lua).
local surv_class = NC_CLASS.surveillance

rule {
  slug    = "surveillance-ncs",
  clause  = "12",
  title   = { zh = "监督发现的其它不符合项应在 2 个月内完成整改，否则暂停原证书（第91段）",
              en = "Other NCs found at surveillance corrected within 2 months, else the certificate is suspended (¶91)" },
  stages  = { "surv" },
  severity = "serious",
  effect  = "suspend",
  params  = { "surveillance_nc_months" },
  check   = function(c, f)
    local ncs = c.assessment and c.assessment.nonconformities
    if ncs == nil or #ncs == 0 then return pass { zh = "监督未发现其它不符合项", en = "no other nonconformities found at surveillance", values = { nc_total = 0 } } end
    local opts = { correction_months = P.surveillance_nc_months, classify = surv_class, closed_late_fails = true }
    local s = lib.verdict.nc_counts(c, c.as_of, opts)   -- the message only when it fails
    if s.overdue > 0 or s.closed_late > 0 then
      local ev = {}
      for _, p in ipairs(s.ptrs.overdue) do ev[#ev + 1] = p end
      for _, p in ipairs(s.ptrs.closed_late) do ev[#ev + 1] = p end
      local m = lib.verdict.nc_message(s, opts)
      local dz, de = NC_CLASS.deadlines(c, P.surveillance_nc_months)
      return fail { zh = "不符合项未在 2 个月内完成整改，监督结论为不通过，暂停原证书（第91段）：" .. m.zh .. "。期限：" .. dz,
                    en = "NCs not corrected within 2 months: surveillance not passed, the certificate is suspended (¶91): " .. m.en .. ". Deadlines: " .. de,
                    evidence = ev, values = s.values }
    end
    if s.no_deadline > 0 then
      return insufficient { zh = "不符合项提出日期未说明，无法核对 2 个月整改期", en = "NC raised dates not stated; the 2-month period cannot be checked",
                            evidence = s.ptrs.open }
    end
    local dz, de = NC_CLASS.deadlines(c, P.surveillance_nc_months)
    if dz == nil then
      return pass { zh = "仅有观察项，无需整改", en = "observations only: nothing to correct", values = s.values }
    end
    local head_zh = s.open > 0 and ("不符合项 " .. s.open .. " 项未关闭，仍在 2 个月整改期内（第91段）：") or "不符合项均已在 2 个月内完成整改（第91段）："
    local head_en = s.open > 0 and (s.open .. " NC(s) open, still within ¶91's 2 months: ") or "every NC corrected within ¶91's 2 months: "
    return pass { zh = head_zh .. dz, en = head_en .. de, values = s.values }
  end,
}

rule {
  slug    = "recert-window",
  clause  = "13",
  title   = { zh = "再认证于原证书到期前 90 天内提出申请（第92段）",
              en = "Recertification applied for within 90 days before the certificate expires (¶92)" },
  stages  = { "recert" },
  severity = "general",
  effect  = "nc",
  params  = { "recert_window_days" },
  check   = function(c, f)
    local vu = dates.day(util.get(c, "certificate", "valid_until"))
    local ap = dates.day(util.get(c, "eligibility", "application_dates", "applied_on"))
    if vu == nil or ap == nil then
      return insufficient { zh = "原证书到期日或再认证申请日期未说明", en = "certificate expiry or recertification application date not stated",
                            evidence = { "/certificate/valid_until", "/eligibility/application_dates/applied_on" } }
    end
    local from = dates.add_days(vu, -P.recert_window_days)
    if ap < from or ap > vu then
      local values = { applied_on = dates.format(ap), valid_until = dates.format(vu), window_from = dates.format(from) }
      return fail { zh = "再认证申请日 " .. dates.format(ap) .. " 不在原证书到期（" .. dates.format(vu) .. "）前 90 天内（第92段）",
                    en = "recertification applied on " .. dates.format(ap) .. ", not within the 90 days before expiry " .. dates.format(vu) .. " (¶92)",
                    evidence = { "/eligibility/application_dates/applied_on", "/certificate/valid_until" }, values = values }
    end
    return pass { zh = "再认证申请日 " .. dates.format(ap) .. "，在原证书到期 " .. dates.format(vu) .. " 前 90 天内（自 " .. dates.format(from) .. " 起）",
                  en = "recertification applied on " .. dates.format(ap) .. ", within the 90 days before expiry " .. dates.format(vu) .. " (from " .. dates.format(from) .. ")",
                  values = { window_from = dates.format(from) } }
  end,
}

rule {
  slug    = "validity",
  clause  = "14.2",
  title   = { zh = "证书有效期：产品碳足迹机制无要求时为 2 年（第95段）",
              en = "Certificate validity: 2 years unless the product's CFP scheme says otherwise (¶95)" },
  stages  = { "init" },
  severity = "general",
  effect  = "nc",
  params  = { "validity_months", "validity_end_offset_days" },
  check   = function(c, f)
    -- ¶84: a 'not passed' conclusion issues no certificate, so it has no validity to publish
    if util.get(c, "assessment", "certificate_issued_on") == nil then
      local out, optr = NC_CLASS.outcome(c)
      if out == "withhold" then
        return na { zh = "认证结论为不通过，不出具证书（第84段），无证书有效期",
                    en = "the conclusion is 'not passed': no certificate is issued (¶84), so there is no validity",
                    evidence = { optr }, values = { outcome = out } }
      end
    end
    return lib.certificate.validity(c, SCHEME, P.validity_months, P.validity_end_offset_days)
  end,
}
