-- WPRZ-CFP-01 7.8 不符合项及其验证, 7.9 复核, 7.10 认证决定
local E = lib.electrolytic
local dates = lib.dates
local day = E.day

local EFFECT = { init = "withhold", surv = "suspend", chg = "suspend" }
local NC_OPTS = { closed_late_fails = P.nc_late_closure_blocks }
rule {
  slug = "ncs-closed-in-time", clause = "7.8.4", stages = { "init", "surv" }, severity = "serious", effect = "withhold",
  title = { zh = "未能在规定时限内完成不符合项整改的，不做出授予、保持或更新认证的决定",
            en = "NCs not closed by their due date block granting, maintaining or renewing certification" },
  params = { "nc_late_closure_blocks" },
  check = function(c, f)
    if c.assessment == nil or c.assessment.nonconformities == nil then return pass() end
    -- the same reading of the NCs as the decision (lib.verdict.nc_summary): counts
    -- first, the lists only when some NC is late
    local _, overdue, _, _, _, closed_late = lib.verdict.nc_brief(c, c.as_of, NC_OPTS)
    local late = overdue + (P.nc_late_closure_blocks and closed_late or 0)
    if late == 0 then return pass() end
    local s = lib.verdict.nc_counts(c, c.as_of, NC_OPTS)
    local ids, ev = {}, {}
    for _, k in ipairs(P.nc_late_closure_blocks and { "overdue", "closed_late" } or { "overdue" }) do
      -- an open NC past its date: its due_on; one closed late: also its closed_on
      for i = 1, #s.ids[k] do
        ids[#ids + 1] = s.ids[k][i]; ev[#ev + 1] = s.ptrs[k][i] .. "/due_on"
        if k == "closed_late" then ev[#ev + 1] = s.ptrs[k][i] .. "/closed_on" end
      end
    end
    local eff = EFFECT[f.stage_group] or "withhold"
    return fail({ zh = "不符合项未在规定时限内完成整改：" .. table.concat(ids, ", ") .. (P.nc_late_closure_blocks and "（逾期关闭亦计，参数 nc_late_closure_blocks）" or ""),
                  en = "nonconformities not closed by their due date: " .. table.concat(ids, ", ") .. (P.nc_late_closure_blocks and " (closing late counts too; parameter nc_late_closure_blocks)" or ""),
                  evidence = ev, values = { late = ids }, effect = eff })
  end,
}

rule {
  slug = "reviewer-independent", clause = "7.9.2", stages = "init", severity = "general", effect = "body",
  title = { zh = "复核人员为检查组外人员，不同时承担检查和复核", en = "The reviewer is not a member of the inspection team" },
  check = function(c, f)
    local r = c.assessment and c.assessment.reviewer
    if r == nil or r.in_team == nil then
      return insufficient({ zh = "未说明复核人员", en = "reviewer not stated", evidence = { "/assessment/reviewer" } })
    end
    if r.in_team == true then
      return fail({ zh = "复核人员 " .. tostring(r.id) .. " 是检查组成员", en = "reviewer " .. tostring(r.id) .. " is in the inspection team",
                    evidence = { "/assessment/reviewer/in_team" } })
    end
    return pass()
  end,
}

rule {
  slug = "decision-independent", clause = "7.10.1", stages = "init", severity = "general", effect = "body",
  title = { zh = "认证决定由未参与评价过程的人员完成", en = "The decision maker took no part in the evaluation" },
  check = function(c, f)
    local d = c.assessment and c.assessment.decision_maker
    if d == nil or d.involved_in_evaluation == nil then
      return insufficient({ zh = "未说明认证决定人员", en = "decision maker not stated", evidence = { "/assessment/decision_maker" } })
    end
    if d.involved_in_evaluation == true then
      return fail({ zh = "认证决定人员 " .. tostring(d.id) .. " 参与了评价过程", en = "decision maker " .. tostring(d.id) .. " took part in the evaluation",
                    evidence = { "/assessment/decision_maker/involved_in_evaluation" } })
    end
    return pass()
  end,
}

rule {
  slug = "certificate-7-days", clause = "7.10.2", stages = "init", severity = "general", effect = "body",
  title = { zh = "符合要求的，认证决定后 7 天内颁发证书（签发日期不早于决定日期）",
            en = "Certificate issued within 7 days of the decision (not before it)" },
  params = { "certificate_issue_days" },
  check = function(c, f)
    local a = c.assessment
    local dec = a and day(a.decision_on)
    if dec == nil then
      return na({ zh = "尚未作出认证决定", en = "no certification decision yet" })
    end
    local issued_s = (a.certificate_issued_on) or (c.certificate and c.certificate.issued_on)
    local issued = day(issued_s)
    local n = P.certificate_issue_days
    local last = dates.add_days(dec, n)
    if issued == nil then
      if f.as_of and f.as_of > last then
        return fail({ zh = "认证决定 " .. a.decision_on .. " 后 " .. n .. " 天内（至 " .. dates.format(last) .. "）未颁发证书",
                      en = "no certificate within " .. n .. " days of the decision " .. a.decision_on .. " (by " .. dates.format(last) .. ")",
                      evidence = { "/assessment/certificate_issued_on" } })
      end
      return na({ zh = "证书尚未颁发，期限至 " .. dates.format(last), en = "certificate not yet issued; due by " .. dates.format(last) })
    end
    if issued < dec or issued > last then
      return fail({ zh = "证书签发日期 " .. issued_s .. " 不在认证决定 " .. a.decision_on .. " 后 " .. n .. " 天内",
                    en = "certificate issued on " .. issued_s .. ", not within " .. n .. " days after the decision " .. a.decision_on,
                    evidence = { "/assessment/certificate_issued_on", "/assessment/decision_on" },
                    values = { days = dates.diff_days(dec, issued), limit = n } })
    end
    return pass({ values = { days = issued - dec } })
  end,
}
