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
    if chs == nil or #chs == 0 then
      return pass { zh = "未报告产品生命周期的变化", en = "no life-cycle change reported", values = { changes = 0 } }
    end
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
    return pass { zh = #chs .. " 项变化均未达到 9.9.1 的阈值和持续时间", en = #chs .. " change(s), none reaching the 9.9.1 thresholds and duration",
                  values = { changes = #chs } }
  end,
}

rule {
  slug    = "suspend", topic = "suspension",
  clause  = "11.1.1",
  title   = { zh = "暂停证书的情形：责令停业整顿；许可资质过期失效；主动请求暂停；变化超过阈值且变化期超过 3 个月而未提出复查申请（11.1.1 (1)–(4)）",
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
    local unknown
    local function unk(p) unknown = unknown or {}; unknown[#unknown + 1] = p end
    local e = c.eligibility or {}
    local cert = c.certificate or {}
    if e.suspension_ordered == true then
      add("/eligibility/suspension_ordered", "(1) 被责令停业/停产整顿", "(1) ordered to stop business or production for rectification")
    elseif e.suspension_ordered == nil then
      unk("/eligibility/suspension_ordered")
    end
    if e.licenses_ok == false then
      add("/eligibility/licenses_ok", "(2) 行政许可、资质证书等过期失效", "(2) licences or qualifications lapsed")
    elseif e.licenses_ok == nil then
      unk("/eligibility/licenses_ok")
    end
    if cert.suspension_requested == true then
      add("/certificate/suspension_requested", "(3) 获证组织主动请求暂停", "(3) the holder asked for the suspension")
    end
    local n_changes = 0
    for i, ch in ipairs(c.changes or {}) do
      n_changes = n_changes + 1
      local t = triggers(ch, f.as_of)
      if t then
        local z, e2 = describe(ch)
        -- review_requested absent or null is "not stated", not "not requested"
        if ch.review_requested == false then
          add("/changes/" .. (i - 1) .. "/review_requested",
              "(4) " .. z .. "，变化期超过 3 个月，未提出复查申请",
              "(4) " .. e2 .. " lasting more than 3 months, no review requested")
        elseif ch.review_requested == nil then
          unk("/changes/" .. (i - 1) .. "/review_requested")
        end
      elseif t == nil then
        unk("/changes/" .. (i - 1))
      end
    end
    if ev then
      return fail { zh = "暂停碳足迹证书（11.1.1；变化阈值按 9.9.1）：" .. table.concat(zh, "；"),
                    en = "the CFP certificate is suspended (11.1.1; change thresholds per 9.9.1): " .. table.concat(en, "; "),
                    evidence = ev, values = { grounds = #ev } }
    end
    if unknown then
      return insufficient { zh = "暂停情形的事实未说明完整（未说明不等于“否”）", en = "facts for the suspension grounds not fully stated (not stated is not 'no')",
                            evidence = unknown, values = { not_stated = unknown } }
    end
    return pass { zh = "无暂停情形：未被责令停业整顿，许可资质有效，未请求暂停" ..
                       (n_changes > 0 and ("，" .. n_changes .. " 项变化均未达到 9.9.1 阈值或已提出复查申请") or "，无生命周期变化"),
                  en = "no suspension ground: no stop order, licences valid, no suspension requested" ..
                       (n_changes > 0 and (", " .. n_changes .. " change(s) below the 9.9.1 thresholds or with a review requested") or ", no life-cycle change"),
                  values = { changes = n_changes } }
  end,
}

rule {
  slug    = "revoke",
  clause  = "11.2.1",
  title   = { zh = "撤销证书的情形：严重违法或法律地位被撤销；提供虚假材料；暂停期满问题未解决；错误引用证书超过 6 个月未纠正；拒绝申请复查（11.2.1 1)–5)）",
              en = "Revocation: serious violation or loss of legal status; false information; suspension expired unresolved; misquoting uncorrected for more than 6 months; review refused (11.2.1 1)–5))" },
  stages  = { "surv", "chg" },
  severity = "serious",
  effect  = "revoke",
  params  = { "suspension_unresolved_revokes", "misuse_correction_months" },
  check   = function(c, f)
    local ev, zh, en = nil, nil, nil
    local function add(p, z, e)
      if ev == nil then ev, zh, en = {}, {}, {} end
      ev[#ev + 1] = p; zh[#zh + 1] = z; en[#en + 1] = e
    end
    local unknown
    local function unk(p) unknown = unknown or {}; unknown[#unknown + 1] = p end
    local e = c.eligibility or {}
    local cert = c.certificate or {}
    local since = dates.day(cert.issued_on)
    if e.legal_entity == false then
      add("/eligibility/legal_entity", "1) 法律地位证明文件被注销或撤销", "1) legal status revoked")
    elseif e.legal_entity == nil then
      unk("/eligibility/legal_entity")
    end
    if e.serious_violations == nil then unk("/eligibility/serious_violations") end
    if e.falsified_documents == nil then unk("/eligibility/falsified_documents") end
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
    -- 4) 不按相关规定正确引用和宣传 … 造成严重影响或后果，或者要求其纠正但超过 6 个月仍未纠正
    local mu = cert.misuse
    if mu ~= nil then
      local found = dates.day(mu.found_on)
      local corrected = dates.day(mu.corrected_on)
      if mu.serious_consequences == true then
        add("/certificate/misuse/serious_consequences", "4) 错误引用和宣传证书信息，造成严重影响或后果",
            "4) the certificate was quoted or advertised wrongly with serious consequences")
      elseif found ~= nil then
        local due = dates.add_months(found, P.misuse_correction_months)
        local by = corrected or f.as_of
        if by ~= nil and by > due then
          add("/certificate/misuse/found_on",
              "4) 错误引用和宣传证书信息，" .. mu.found_on .. " 要求纠正，超过 " .. P.misuse_correction_months .. " 个月（" .. dates.format(due) .. "）" ..
              (corrected and ("至 " .. mu.corrected_on .. " 才纠正") or "仍未纠正"),
              "4) the certificate was quoted or advertised wrongly; correction asked on " .. mu.found_on .. ", " ..
              (corrected and ("corrected only on " .. mu.corrected_on) or "still not corrected") ..
              ", more than " .. P.misuse_correction_months .. " months (" .. dates.format(due) .. ")")
        end
      end
    end
    -- 5) 发生 … 变化 … 变化期超过 3 个月，拒绝申请复查的
    for i, ch in ipairs(c.changes or {}) do
      if ch.review_refused == true and triggers(ch, f.as_of) then
        local z, e2 = describe(ch)
        add("/changes/" .. (i - 1) .. "/review_refused", "5) " .. z .. "，变化期超过 3 个月，拒绝申请复查",
            "5) " .. e2 .. " lasting more than 3 months, and the holder refused to apply for the review")
      end
    end
    if ev then
      return fail { zh = "撤销碳足迹证书（11.2.1）：" .. table.concat(zh, "；"),
                    en = "the CFP certificate is revoked (11.2.1): " .. table.concat(en, "; "),
                    evidence = ev, values = { grounds = #ev } }
    end
    if unknown then
      return insufficient { zh = "撤销情形的事实未说明完整（未说明不等于“否”）", en = "facts for the revocation grounds not fully stated (not stated is not 'no')",
                            evidence = unknown, values = { not_stated = unknown } }
    end
    return pass { zh = "无撤销情形：法律地位有效，证书颁发后无严重违法记录，未发现虚假材料，无期满未解决的暂停，无未纠正的错误引用，无拒绝复查",
                  en = "no revocation ground: legal status valid, no serious violation since issue, no false information, no suspension over its term, no uncorrected misquoting, no refused review" }
  end,
}
