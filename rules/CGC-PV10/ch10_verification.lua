-- CGC-PV10 chapter 10.5–10.8: verification (¶69–¶78), conclusion (¶80) and
-- decision (¶84–¶86).

local util = lib.util
local num = lib.num
local dates = lib.dates
local fmt = util.fmt_num

rule {
  slug    = "recompute",
  clause  = "10.5.2",
  title   = { zh = "碳足迹计算方法正确：复算结果与声明值一致；偏差按第75段分级（<10 % 一般，≥10 % 严重）",
              en = "Calculation correct: the recomputed footprint equals the declared value; a deviation is classed by ¶75 (< 10 % general, ≥ 10 % serious)" },
  stages  = "all",
  severity = "general",
  effect  = "nc",
  decisive = true,
  params  = { "nc_serious_pct", "declared_decimals" },
  check   = function(c, f)
    local fp = f.fp
    local gap = lib.footprint.comparable(fp)
    if gap then return insufficient(gap) end
    local metrics = { recomputed_tco2e_per_unit = fp.per_unit }
    metrics.declared_tco2e_per_unit = fp.declared
    metrics.deviation_pct = fp.deviation_pct
    -- ¶75 class first (exact decimals: −10.00 % and +10.00 % are both ≥ 10 %),
    -- then the rounding of the declared value (declared_decimals)
    local limit = P.nc_serious_pct
    local j = lib.footprint.judge(fp, limit, P.declared_decimals)
    local values = { recomputed = fp.per_unit, declared = fp.declared, limit_pct = limit }
    local u = "tCO2e/" .. ((fp.declared_unit_amount == nil or fp.declared_unit_amount == 1) and tostring(fp.declared_unit_unit) or (fmt(fp.declared_unit_amount) .. " " .. tostring(fp.declared_unit_unit)))
    if j.equal then
      values.deviation_pct = 0
      return pass { zh = "复算碳足迹 " .. num.text(fp.per_unit, 4) .. " " .. u .. "，与声明值 " .. num.text(fp.declared_value) .. " " .. tostring(fp.declared_unit_str) .. " 一致",
                    en = "recomputed footprint " .. num.text(fp.per_unit, 4) .. " " .. u .. " equals the declared " .. num.text(fp.declared_value) .. " " .. tostring(fp.declared_unit_str),
                    values = values, metrics = metrics }
    end
    if j.deviation then values.deviation_pct = num.tonumber(j.deviation) end
    if j.rounded then
      values.decimals = j.precision
      return pass { zh = "复算碳足迹 " .. num.text(fp.per_unit, 4) .. " " .. u .. "，声明值 " .. num.text(fp.declared_value) .. " " .. tostring(fp.declared_unit_str) .. " 为其修约到 " .. tostring(j.precision) .. " 位小数的结果（GB/T 8170）",
                    en = "recomputed footprint " .. num.text(fp.per_unit, 4) .. " " .. u .. "; the declared " .. num.text(fp.declared_value) .. " " .. tostring(fp.declared_unit_str) .. " is it rounded to " .. tostring(j.precision) .. " decimals (GB/T 8170)",
                    values = values, metrics = metrics }
    end
    local serious = j.material
    local dev = lib.footprint.deviation_text(fp, limit)
    local rec, dv = num.text(fp.per_unit, 4), num.text(fp.declared_value) .. " " .. tostring(fp.declared_unit_str)
    local lim = fmt(limit)
    local why_zh, why_en = "", ""
    if not serious then
      values.decimals = j.precision
      if j.precision == nil then
        why_zh, why_en = "，未给出声明值的修约位数", ", no rounding precision of the declared value given"
      else
        why_zh = "，声明值不是复算值修约到 " .. j.precision .. " 位小数的结果（" .. lib.footprint.rounded_text(j) .. "，GB/T 8170；参数 declared_decimals）"
        why_en = ", the declared value is not the recomputed value rounded to " .. j.precision .. " decimals (" .. lib.footprint.rounded_text(j) .. ", GB/T 8170; parameter declared_decimals)"
      end
    end
    return fail { severity = serious and "serious" or "general",
                  zh = "复算碳足迹 " .. rec .. " " .. u .. "，声明值 " .. dv .. "，偏差 " .. dev
                       .. " %（|偏差| " .. (serious and ("≥ " .. lim .. " %，严重不符合") or ("< " .. lim .. " %，一般不符合")) .. "，第75段）" .. why_zh,
                  en = "recomputed footprint " .. rec .. " " .. u .. " vs declared " .. dv .. ": deviation "
                       .. dev .. " % (|deviation| " .. (serious and ("≥ " .. lim .. " %, serious") or ("< " .. lim .. " %, general")) .. " NC, ¶75)" .. why_en,
                  evidence = { "/footprint/declared/value" }, values = values, metrics = metrics }
  end,
}

local expected_class = NC_CLASS.expected   -- nc_class.lua (¶75)

rule {
  slug    = "nc-classification",
  clause  = "10.5.3",
  title   = { zh = "不符合项分级：对碳足迹影响 <10 % 为一般，≥10 % 或可能造成误解为严重，无影响为观察项（第75段）",
              en = "NC classes: effect on the footprint < 10 % general, ≥ 10 % or misleading serious, no effect an observation (¶75)" },
  stages  = { "init", "surv" },
  severity = "general",
  effect  = "nc",
  params  = { "nc_serious_pct" },
  check   = function(c, f)
    local ncs = util.get(c, "assessment", "nonconformities")
    if ncs == nil or #ncs == 0 then
      return na { zh = "未提出不符合项", en = "no nonconformities raised" }
    end
    local checked, wrong, zh, en = 0, nil, nil, nil
    for i, nc in ipairs(ncs) do
      local exp = expected_class(nc)
      if exp ~= nil then
        checked = checked + 1
        local raised = nc.severity
        local ok
        if exp == "minor" then ok = raised ~= "serious" else ok = raised == exp end
        if not ok then
          if wrong == nil then wrong, zh, en = {}, {}, {} end
          local want = exp == "minor" and "general/observation" or exp
          wrong[#wrong + 1] = "/assessment/nonconformities/" .. (i - 1) .. "/severity"
          zh[#zh + 1] = tostring(nc.id) .. "：按 " .. tostring(raised) .. " 提出，应为 " .. want
          en[#en + 1] = tostring(nc.id) .. ": raised as " .. tostring(raised) .. ", ¶75 gives " .. want
        end
      end
    end
    if wrong then
      return fail { zh = "不符合项分级与第75段不一致：" .. table.concat(zh, "；"),
                    en = "NC classes differ from ¶75: " .. table.concat(en, "; "),
                    evidence = wrong, values = { checked = checked, misclassified = #wrong } }
    end
    if checked == 0 then
      return insufficient { zh = "不符合项未说明对碳足迹的影响（cf_effect_pct）", en = "the NCs state no effect on the footprint",
                            evidence = { "/assessment/nonconformities" } }
    end
    return pass { zh = checked .. " 项不符合项的分级与其对碳足迹的影响一致（第75段）", en = checked .. " NC class(es) agree with their effect on the footprint (¶75)", values = { checked = checked } }
  end,
}

local decision_class = NC_CLASS.decision   -- nc_class.lua (parameter classify_by_effect)

rule {
  slug    = "conclusion", topic = "conclusion",
  clause  = "10.6",
  title   = { zh = "认证结论：通过 / 不符合项纠正后通过 / 不通过（第80段）",
              en = "Certification conclusion: passed / passed after NC correction / not passed (¶80)" },
  stages  = { "init" },
  severity = "serious",
  effect  = "withhold",
  params  = { "classify_by_effect", "nc_serious_pct" },
  check   = function(c, f)
    local tampering = util.get(c, "eligibility", "falsified_documents") == true
    local ncs = c.assessment and c.assessment.nonconformities
    if not tampering and (ncs == nil or #ncs == 0) then
      return pass { zh = "通过：初始检查和碳足迹核查均未发现不符合项（第80段）", en = "passed: no nonconformity found in the inspection or the verification (¶80)",
                    values = { conclusion = "passed", nc_total = 0 } }
    end
    local opts = { classify = decision_class, closed_late_fails = true }
    local s = lib.verdict.nc_counts(c, c.as_of, opts)   -- the message only when it fails
    local values = s.values
    if s.blocking or tampering then
      values.conclusion = "not_passed"
      values.tampering = tampering
      local ev = s.blocking and s.evidence or {}
      local m = lib.verdict.nc_message(s, opts)
      local zh, en = "不通过（第80段）：" .. m.zh, "not passed (¶80): " .. m.en
      if tampering then
        ev[#ev + 1] = "/eligibility/falsified_documents"
        zh = zh .. "；存在数据篡改、伪造等行为"; en = en .. "; data tampering or falsification"
      end
      return fail { zh = zh, en = en, severity = "serious", evidence = ev, values = values }
    end
    if s.open > 0 then
      values.conclusion = "pending_correction"
      local m = lib.verdict.nc_message(s, opts)
      return fail { zh = "不符合项待纠正（第80段）：" .. m.zh, en = "nonconformities to be corrected (¶80): " .. m.en,
                    severity = "general", effect = "nc", evidence = s.evidence, values = values }
    end
    values.conclusion = (s.closed > 0) and "passed_after_correction" or "passed"
    if s.closed > 0 then
      return pass { zh = "不符合项纠正后通过：" .. s.closed .. " 项不符合项均已按时关闭（第80段）", en = "passed after correction: " .. s.closed .. " nonconformity(ies) closed in time (¶80)", values = values }
    end
    return pass { zh = "通过：无不符合项（仅观察项）（第80段）", en = "passed: no nonconformity (observations only) (¶80)", values = values }
  end,
}

rule {
  slug    = "reviewer-independence",
  clause  = "10.7",
  title   = { zh = "复核由独立、有能力、未参与检查活动的人员实施（第81段）",
              en = "The review is done by an independent, competent person who took no part in the inspection (¶81)" },
  stages  = { "init" },
  severity = "general",
  effect  = "body",
  party   = "body",
  check   = function(c, f)
    local r = util.get(c, "assessment", "reviewer")
    if r == nil or (r.in_team == nil and r.id == nil) then
      return insufficient { zh = "未说明复核人员（assessment.reviewer）", en = "the reviewer is not stated (assessment.reviewer)",
                            evidence = { "/assessment/reviewer" } }
    end
    local rid = r.id ~= nil and tostring(r.id) or "?"
    -- the reviewer's id among the inspection team's ids also shows involvement
    local member
    for i, m in ipairs(util.get(c, "assessment", "team") or {}) do
      if r.id ~= nil and m.id == r.id then member = i - 1 end
    end
    if r.in_team == true or member ~= nil then
      return fail { zh = "复核人员 " .. rid .. " 参与了检查活动（" .. (member and ("检查组成员 /assessment/team/" .. member) or "in_team: true") .. "），不满足第81段的独立性，应由未参与检查的人员复核",
                    en = "reviewer " .. rid .. " took part in the inspection (" .. (member and ("team member /assessment/team/" .. member) or "in_team: true") .. "): ¶81 needs a reviewer who was not involved",
                    evidence = { member and ("/assessment/team/" .. member .. "/id") or "/assessment/reviewer/in_team" },
                    values = { reviewer = rid, in_team = true } }
    end
    if r.in_team == nil then
      return insufficient { zh = "复核人员 " .. rid .. " 是否参与检查活动未说明（assessment.reviewer.in_team）",
                            en = "whether reviewer " .. rid .. " took part in the inspection is not stated (assessment.reviewer.in_team)",
                            evidence = { "/assessment/reviewer/in_team" } }
    end
    return pass { zh = "复核人员 " .. rid .. " 未参与检查活动（不在检查组中）", en = "reviewer " .. rid .. " took no part in the inspection (not in the team)",
                  values = { reviewer = rid, in_team = false } }
  end,
}

rule {
  slug    = "certificate-30-days", party = "body",
  clause  = "10.8",
  title   = { zh = "结论为通过或不符合纠正通过时，30 个工作日内出具证书（第84段）",
              en = "Certificate within 30 working days of a positive decision (¶84)" },
  stages  = { "init" },
  severity = "general",
  effect  = "body",
  params  = { "certificate_working_days", "classify_by_effect" },
  check   = function(c, f)
    local dec = dates.day(util.get(c, "assessment", "decision_on"))
    if dec == nil then
      return na { zh = "尚未作出认证决定", en = "no certification decision yet" }
    end
    local n = P.certificate_working_days
    local iss = dates.day(util.get(c, "assessment", "certificate_issued_on"))
    if iss == nil then
      local out, optr = NC_CLASS.outcome(c)
      if out == "withhold" then
        return na { zh = "认证结论为不通过，不出具证书（第84段），30 个工作日的出证期限不适用",
                    en = "the conclusion is 'not passed': no certificate is issued (¶84), so the 30-working-day period does not apply",
                    evidence = { optr }, values = { outcome = out } }
      end
      if out == "pending" then
        return na { zh = "不符合项尚未全部关闭，尚无通过或不符合纠正通过的结论，出证期限尚未开始（第84段）",
                    en = "nonconformities are still open: no positive conclusion yet, so the certificate period has not started (¶84)",
                    evidence = { optr }, values = { outcome = out } }
      end
      local due = dates.add_working_days(dec, n)
      if f.as_of ~= nil and f.as_of > due then
        return fail { zh = "认证结论为通过（" .. out .. "），认证决定 " .. dates.format(dec) .. " 后 " .. n .. " 个工作日（截止 " .. dates.format(due) .. "）仍未出具证书",
                      en = "positive conclusion (" .. out .. "): no certificate " .. n .. " working days after the decision of " .. dates.format(dec) .. " (due " .. dates.format(due) .. ")",
                      evidence = { "/assessment/certificate_issued_on" }, values = { outcome = out, due = dates.format(due) } }
      end
      return na { zh = "证书尚未出具，出证期限至 " .. dates.format(due) .. "，尚未届满",
                  en = "certificate not yet issued; the period runs until " .. dates.format(due), values = { outcome = out, due = dates.format(due) } }
    end
    local wd, missing = dates.working_days_between(dec, iss)
    local values = { working_days = wd, limit_days = n }
    if wd > n then
      local note = dates.missing_note(missing)
      return fail { zh = "证书在认证决定后第 " .. wd .. " 个工作日出具，超过 " .. n .. " 个工作日" .. (note and ("；" .. note.zh) or ""),
                    en = "certificate issued on working day " .. wd .. " after the decision, above " .. n .. (note and ("; " .. note.en) or ""),
                    evidence = { "/assessment/certificate_issued_on" }, values = values }
    end
    return pass { zh = "认证决定 " .. dates.format(dec) .. "，证书 " .. dates.format(iss) .. " 出具，为第 " .. wd .. " 个工作日（≤ " .. n .. "）",
                  en = "decision " .. dates.format(dec) .. ", certificate issued " .. dates.format(iss) .. ": working day " .. wd .. " (≤ " .. n .. ")",
                  values = values }
  end,
}

rule {
  slug    = "total-90-days", party = "body",
  clause  = "10.8",
  title   = { zh = "自受理至出具认证结论一般不超过 90 日，委托人原因延长的时间不计（第86段）",
              en = "Acceptance to conclusion normally ≤ 90 days, client delays excluded (¶86)" },
  stages  = { "init" },
  info_only = true,
  params  = { "total_days" },
  check   = function(c, f)
    local acc = dates.day(util.get(c, "eligibility", "application_dates", "accepted_on"))
    local dec = dates.day(util.get(c, "assessment", "decision_on"))
    if acc == nil or dec == nil then
      return info { zh = "受理日期或认证决定日期未说明，无法计算历时（第86段）",
                    en = "acceptance or decision date not stated; the duration cannot be computed (¶86)",
                    evidence = { "/eligibility/application_dates/accepted_on", "/assessment/decision_on" } }
    end
    local d = dates.diff_days(acc, dec)
    return info { zh = "受理至认证结论历时 " .. d .. " 日（一般不超过 " .. P.total_days .. " 日；委托人原因延长的时间不计，案例中无此数据）",
                  en = d .. " days from acceptance to conclusion (normally ≤ " .. P.total_days .. "; client delays are excluded and not in the case)",
                  values = { days = d, limit_days = P.total_days }, metrics = { acceptance_to_decision_days = d } }
  end,
}
