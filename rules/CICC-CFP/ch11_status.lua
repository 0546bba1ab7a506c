-- CICC-CFP 9.9.1 (lapse on change) and chapter 11 (suspension 11.1.1, revocation 11.2.1).

local util = lib.util
local dates = lib.dates
local fmt = util.fmt_num

-- 9.9.1 trigger for one change: true / false, or nil when a fact is missing
-- (lib.changes). 11.1.1(4) and 11.2.1 5) pair the percentages the other way
-- round; 9.9.1 is followed (interpretations.md), so every clause uses this.
local CHANGE_LIMITS = { unplanned_pct = P.change_unplanned_pct, planned_pct = P.change_planned_pct,
                        duration_months = P.change_duration_months, unplanned_strict = P.change_unplanned_strict }
local function triggers(ch, as_of)
  return (lib.changes.trigger(ch, as_of, CHANGE_LIMITS))
end

local function describe(ch)
  local z = (ch.planned and "计划内" or "计划外") .. "变化 +" .. fmt(ch.cf_increase_pct) .. " %"
  local e = (ch.planned and "planned" or "unplanned") .. " change +" .. fmt(ch.cf_increase_pct) .. " %"
  return z, e
end

rule {
  slug    = "change-trigger",
  clause  = "9.9.1",
  title   = { zh = "计划外变化增加超过 10 % 或计划内变化增加 5 %（含）以上，且变化期超过 3 个月：证书时效终止，重新评估和核查（9.9.1）",
              en = "Unplanned change > 10 % or planned ≥ 5 %, lasting > 3 months: the certificate lapses; re-assess and re-verify (9.9.1)" },
  stages  = { "chg", "surv" },
  severity = "serious",
  effect  = "reassess",
  params  = { "change_unplanned_pct", "change_unplanned_strict", "change_planned_pct", "change_duration_months" },
  check   = function(c, f)
    local chs = c.changes
    if chs == nil or #chs == 0 then return pass { values = { changes = 0 } } end
    local hit, zh, en, miss = nil, nil, nil, nil
    for i, ch in ipairs(chs) do
      local t = triggers(ch, f.as_of)
      if t == nil then
        miss = miss or {}; miss[#miss + 1] = "/changes/" .. (i - 1)
      elseif t then
        if hit == nil then hit, zh, en = {}, {}, {} end
        hit[#hit + 1] = "/changes/" .. (i - 1) .. "/cf_increase_pct"
        local z, e = describe(ch)
        zh[#zh + 1] = z; en[#en + 1] = e
      end
    end
    if hit then
      return fail { zh = "证书时效终止，须重新评估和核查（9.9.1；按 9.9.1 的阈值，不按 11.1.1(4)）：" .. table.concat(zh, "；") .. "，变化期超过 3 个月",
                    en = "the certificate lapses; re-assessment and re-verification needed (9.9.1 thresholds, not 11.1.1(4)): "
                         .. table.concat(en, "; ") .. ", lasting more than 3 months",
                    evidence = hit, values = { triggering_changes = #hit } }
    end
    if miss then
      return insufficient { zh = "变化的增幅、是否计划内或持续时间未说明", en = "a change's increase, planned flag or duration is not stated",
                            evidence = miss }
    end
    return pass { values = { changes = #chs } }
  end,
}

rule {
  slug    = "suspend", topic = "suspension",
  clause  = "11.1.1",
  title   = { zh = "暂停证书的情形：责令停业整顿；许可资质过期失效；主动请求暂停；变化超过阈值且变化期超过 3 个月而未提出复查申请（11.1.1）",
              en = "Suspension: ordered to stop business; licences lapsed; the holder's request; a change above the threshold for > 3 months without a review request (11.1.1)" },
  stages  = { "surv", "chg" },
  severity = "serious",
  effect  = "suspend",
  params  = { "change_unplanned_pct", "change_planned_pct", "change_duration_months" },
  check   = function(c, f)
    local ev, zh, en = nil, nil, nil
    local function add(p, z, e)
      if ev == nil then ev, zh, en = {}, {}, {} end
      ev[#ev + 1] = p; zh[#zh + 1] = z; en[#en + 1] = e
    end
    local e = c.eligibility or {}
    if e.suspension_ordered == true then
      add("/eligibility/suspension_ordered", "(1) 被责令停业/停产整顿", "(1) ordered to stop business or production for rectification")
    end
    if e.licenses_ok == false then
      add("/eligibility/licenses_ok", "(2) 行政许可、资质证书等过期失效", "(2) licences or qualifications lapsed")
    end
    for i, ch in ipairs(c.changes or {}) do
      if triggers(ch, f.as_of) and ch.review_requested ~= true then
        local z, e2 = describe(ch)
        add("/changes/" .. (i - 1) .. "/review_requested",
            "(4) " .. z .. "，变化期超过 3 个月，未提出复查申请",
            "(4) " .. e2 .. " lasting more than 3 months, no review requested")
      end
    end
    if ev then
      return fail { zh = "暂停碳足迹证书（11.1.1；变化阈值按 9.9.1）：" .. table.concat(zh, "；"),
                    en = "the CFP certificate is suspended (11.1.1; change thresholds per 9.9.1): " .. table.concat(en, "; "),
                    evidence = ev, values = { grounds = #ev } }
    end
    return pass()
  end,
}

rule {
  slug    = "revoke",
  clause  = "11.2.1",
  title   = { zh = "撤销证书的情形：严重违法或法律地位被撤销；提供虚假材料；暂停期满问题未解决；拒绝复查等（11.2.1）",
              en = "Revocation: serious violation or loss of legal status; false information; suspension expired unresolved; review refused, etc. (11.2.1)" },
  stages  = { "surv", "chg" },
  severity = "serious",
  effect  = "revoke",
  params  = { "suspension_unresolved_revokes" },
  check   = function(c, f)
    local ev, zh, en = nil, nil, nil
    local function add(p, z, e)
      if ev == nil then ev, zh, en = {}, {}, {} end
      ev[#ev + 1] = p; zh[#zh + 1] = z; en[#en + 1] = e
    end
    local e = c.eligibility or {}
    local cert = c.certificate or {}
    local since = dates.day(cert.issued_on)
    if e.legal_entity == false then
      add("/eligibility/legal_entity", "1) 法律地位证明文件被注销或撤销", "1) legal status revoked")
    end
    for i, v in ipairs(e.serious_violations or {}) do
      local d = dates.day(v.date)
      if d ~= nil and (since == nil or d >= since) then
        add("/eligibility/serious_violations/" .. (i - 1), "1) 严重违法法律法规行为（" .. tostring(v.date) .. "）",
            "1) serious violation of law (" .. tostring(v.date) .. ")")
      end
    end
    if e.falsified_documents == true then
      add("/eligibility/falsified_documents", "2) 提供了虚假材料或信息", "2) false material or information")
    end
    if P.suspension_unresolved_revokes and cert.status == "suspended" then
      local s = dates.day(cert.suspended_on)
      local m = cert.suspension_months
      if s ~= nil and type(m) == "number" and f.as_of ~= nil and f.as_of > dates.add_months(s, m // 1) then
        add("/certificate/suspended_on", "3) 暂停证书的期限已满但问题未解决", "3) suspension period over and the cause not resolved")
      end
    end
    if ev then
      return fail { zh = "撤销碳足迹证书（11.2.1）：" .. table.concat(zh, "；"),
                    en = "the CFP certificate is revoked (11.2.1): " .. table.concat(en, "; "),
                    evidence = ev, values = { grounds = #ev } }
    end
    return pass()
  end,
}
