-- WPRZ-CFP-01 10 认证证书, 11 变更、暂停、注销和撤销
local E = lib.electrolytic
local K = E.context{ pass = pass, fail = fail, insufficient = insufficient, na = na, info = info, P = P }
local dates = lib.dates
local day = E.day

rule {
  slug = "validity", clause = "10.2.2", stages = "init", severity = "general", effect = "nc",
  title = { zh = "证书有效期最长 2 年，自签发日期起算（9.1, 10.2.2）", en = "Certificate valid for at most 2 years from issue (9.1, 10.2.2)" },
  params = { "validity_max_years", "validity_end_offset_days" },
  check = function(c, f)
    local cert = c.certificate
    local a = c.assessment
    local issued, issued_s
    if cert ~= nil and (cert.reissued_on ~= nil or cert.first_issued_on ~= nil) then
      -- 换证: the validity stays that of the first issue (Annex C 1.2, 11.2)
      local _, ptr
      issued, ptr, issued_s = E.first_issue(cert)
      if issued == nil then
        return insufficient({ zh = "证书已换发（" .. tostring(cert.reissued_on) .. "），未说明首次发证日期，有效期无法核对（附录 C 1.2：换证时有效期保持不变）",
                              en = "certificate re-issued (" .. tostring(cert.reissued_on) .. ") and its first issue date not stated: validity cannot be checked (Annex C 1.2: validity unchanged on re-issue)",
                              evidence = { ptr } })
      end
    else
      issued_s = (cert and cert.issued_on) or (a and a.certificate_issued_on)
      issued = day(issued_s)
    end
    if issued == nil then
      return na({ zh = "证书尚未签发", en = "no certificate issued yet" })
    end
    local max = lib.certificate.validity_end(issued, P.validity_max_years * 12, P.validity_end_offset_days)
    local until_s = cert and cert.valid_until
    local vu = day(until_s)
    if vu == nil then
      return pass({ zh = "证书有效期至多到 " .. dates.format(max), en = "certificate valid until " .. dates.format(max) .. " at most",
                    metrics = { certificate_valid_until = dates.format(max) } })
    end
    local m = { certificate_valid_until = until_s }
    if vu > max then
      return fail({ zh = "证书有效期至 " .. until_s .. "，超过签发日 " .. issued_s .. " 起 " .. P.validity_max_years .. " 年（应不晚于 " .. dates.format(max) .. "，对应日的前一日）",
                    en = "certificate valid until " .. until_s .. ", beyond " .. P.validity_max_years .. " years from issue on " .. issued_s .. " (at most " .. dates.format(max) .. ", the day before the corresponding date)",
                    evidence = { "/certificate/valid_until" }, values = { max = dates.format(max) }, metrics = m })
    end
    return pass({ metrics = m })
  end,
}

-- 10.2.2 ¶2: 再认证证书有效期的起算日期不得晚于最近一次有效认证证书的截止日期
rule {
  slug = "recert-validity-start", clause = "10.2.2", stages = "recert", severity = "general", effect = "body",
  title = { zh = "再认证证书有效期的起算日期不得晚于最近一次有效认证证书的截止日期",
            en = "A re-certification certificate's validity starts no later than the end of the last valid certificate" },
  check = function(c, f)
    local a = c.assessment
    local from_s = a and (a.certificate_valid_from or a.certificate_issued_on)
    local from = day(from_s)
    if from == nil then
      return na({ zh = "再认证证书尚未签发", en = "no re-certification certificate issued yet" })
    end
    local cert = c.certificate
    local last = cert and day(cert.valid_until)
    if last == nil then
      return insufficient({ zh = "未说明最近一次有效认证证书的截止日期", en = "end of the last valid certificate not stated",
                            evidence = { "/certificate/valid_until" } })
    end
    local ptr = (a.certificate_valid_from ~= nil) and "/assessment/certificate_valid_from" or "/assessment/certificate_issued_on"
    if from > last then
      return fail({ zh = "再认证证书有效期自 " .. from_s .. " 起算，晚于最近一次有效证书的截止日期 " .. cert.valid_until .. "（有效期出现中断）",
                    en = "the re-certification certificate is valid from " .. from_s .. ", later than the end of the last valid certificate " .. cert.valid_until .. " (a gap in validity)",
                    evidence = { ptr, "/certificate/valid_until" }, values = { valid_from = from_s, last_valid_until = cert.valid_until } })
    end
    return pass({ values = { valid_from = from_s, last_valid_until = cert.valid_until } })
  end,
}

-- 11.2 and Annex A 13: a change that may affect the certificate is applied for in
-- writing, and implemented only after WPRZ approved it
rule {
  slug = "change-approval", clause = "11.2", stages = { "surv", "chg" }, severity = "general", effect = "nc",
  params = { "change_approval_planned_only" },
  title = { zh = "变更应递交书面变更申请，经微谱认证批准后方可实施（11.2，附录 A 13）",
            en = "A change is applied for in writing and implemented only after approval (11.2, Annex A 13)" },
  check = function(c, f)
    local ch = c.changes
    if ch == nil or #ch == 0 then return na({ zh = "无变更", en = "no changes" }) end
    local bad_zh, bad_en, ev, unknown
    local function bad(ptr, z, e)
      bad_zh = bad_zh or {}; bad_en = bad_en or {}; ev = ev or {}
      bad_zh[#bad_zh + 1] = z; bad_en[#bad_en + 1] = e; ev[#ev + 1] = ptr
    end
    for i = 1, #ch do
      local x = ch[i]
      local base = "/changes/" .. (i - 1)
      local name = "变更 " .. i
      local ename = "change " .. i
      local applied = day(x.applied_on)
      local approved = day(x.approved_on)
      local started = day(x.started_on)
      if applied == nil and x.notified == false then
        bad(base .. "/notified", name .. " 未递交书面变更申请", ename .. ": no written change application")
      elseif applied == nil and x.notified ~= true then
        unknown = unknown or {}; unknown[#unknown + 1] = base .. "/applied_on"
      elseif x.planned == false and P.change_approval_planned_only then
        -- an unplanned change cannot be approved beforehand: the written
        -- application (notification) is what 11.2 asks of it
      elseif started == nil then
        unknown = unknown or {}; unknown[#unknown + 1] = base .. "/started_on"
      elseif approved == nil and x.planned == nil then
        unknown = unknown or {}; unknown[#unknown + 1] = base .. "/planned"
      elseif approved == nil then
        if f.as_of and started <= f.as_of then
          bad(base .. "/approved_on", name .. " 已于 " .. x.started_on .. " 实施，未经批准（附录 A 13：批准后方可实施）",
              ename .. " implemented on " .. x.started_on .. " without approval (Annex A 13: only after approval)")
        end
      elseif approved > started then
        bad(base .. "/approved_on", name .. " 于 " .. x.started_on .. " 实施，早于批准日 " .. x.approved_on .. "（附录 A 13）",
            ename .. " implemented on " .. x.started_on .. ", before its approval on " .. x.approved_on .. " (Annex A 13)")
      end
    end
    if bad_zh then
      local rz = P.change_approval_planned_only and "（计划外变更只需书面申请，计划内变更须先经批准，参数 change_approval_planned_only）"
                 or "（每项变更均须先经批准，参数 change_approval_planned_only）"
      local re = P.change_approval_planned_only and " (an unplanned change needs the written application only, a planned one prior approval; parameter change_approval_planned_only)"
                 or " (every change needs prior approval; parameter change_approval_planned_only)"
      return fail({ zh = table.concat(bad_zh, "；") .. rz, en = table.concat(bad_en, "; ") .. re, evidence = ev })
    end
    if unknown then
      return insufficient({ zh = "变更的书面申请或实施日期未说明", en = "written application or implementation date of a change not stated", evidence = unknown })
    end
    return pass({ values = { changes = #ch } })
  end,
}

-- 10.2.3, Annex C: 0786 + YY + CFP + NN + NNNN
local function lit(x) return (x:gsub("%W", "%%%0")) end
local NUMBER_RE = "^" .. lit(P.cert_number_body) .. "(%d%d)" .. lit(P.cert_number_abbrev) .. "%d%d%d%d%d%d$"
rule {
  slug = "certificate-number", clause = "10.2.3", stages = { "init", "surv" }, severity = "general", effect = "nc",
  title = { zh = "证书编号：0786 + 发证年份 2 位 + CFP + 产品编号 2 位 + 顺序号 4 位（附录 C，共 15 位）",
            en = "Certificate number: 0786 + 2-digit year + CFP + 2-digit product + 4-digit sequence (Annex C, 15 characters)" },
  params = { "cert_number_body", "cert_number_abbrev", "cert_number_length" },
  check = function(c, f)
    local cert = c.certificate
    local no = cert and cert.number
    if no == nil then
      return na({ zh = "尚无证书编号", en = "no certificate number yet" })
    end
    local len = P.cert_number_length
    local yy = type(no) == "string" and #no == len and no:match(NUMBER_RE)
    -- the year number is the year of the first issue: Annex C 1.2 keeps it on 换证
    local issued, iptr = E.first_issue(cert)
    local reissued = cert.reissued_on ~= nil
    if yy and issued == nil and reissued then
      return insufficient({ zh = "证书已于 " .. tostring(cert.reissued_on) .. " 换发，未说明首次发证日期（附录 C 1.2：换证时年份号保持不变），无法核对年份号 " .. yy,
                            en = "certificate re-issued on " .. tostring(cert.reissued_on) .. " and its first issue date not stated (Annex C 1.2: the year number stays on re-issue): year " .. yy .. " cannot be checked",
                            evidence = { iptr } })
    end
    if yy and (issued == nil or (dates.year(issued) % 100) == tonumber(yy)) then
      if reissued then
        return pass({ zh = "证书编号 " .. no .. " 的年份号为首次发证年份（" .. dates.format(issued) .. "），" .. tostring(cert.reissued_on) .. " 换证时保持不变（附录 C 1.2）",
                      en = "the year of certificate number " .. no .. " is that of the first issue (" .. dates.format(issued) .. "), unchanged by the re-issue on " .. tostring(cert.reissued_on) .. " (Annex C 1.2)",
                      values = { number = no, first_issued_on = dates.format(issued) } })
      end
      return pass({ values = { number = no } })
    end
    -- explain what is wrong
    local body, abbr = P.cert_number_body, P.cert_number_abbrev
    local problems
    local function bad(z, e) problems = problems or { {}, {} }; problems[1][#problems[1] + 1] = z; problems[2][#problems[2] + 1] = e end
    if type(no) ~= "string" or #no ~= len then
      bad("长度应为 " .. len .. " 位（附录 C 表列 14 位系缺陷，按 4+2+3+2+4=15 位，参数 cert_number_length）",
          "length must be " .. len .. " (Annex C shows 14 positions, a defect; its parts make 4+2+3+2+4 = 15; parameter cert_number_length)")
    elseif not yy then
      bad("应为 " .. body .. " + 2 位年份 + " .. abbr .. " + 2 位产品编号 + 4 位顺序号",
          "must be " .. body .. " + 2-digit year + " .. abbr .. " + 2-digit product number + 4-digit sequence")
    else
      local y = string.format("%02d", dates.year(issued) % 100)
      if reissued then
        bad("发证年号 " .. yy .. " 与首次发证年份 " .. y .. " 不一致（换证时年份号保持不变，附录 C 1.2）", "year " .. yy .. " differs from the first issue year " .. y .. " (kept on re-issue, Annex C 1.2)")
      else
        bad("发证年号 " .. yy .. " 与签发年份 " .. y .. " 不一致", "year " .. yy .. " differs from the issue year " .. y)
      end
    end
    return fail({ zh = "证书编号 " .. tostring(no) .. " 不符合附录 C：" .. table.concat(problems[1], "；"),
                  en = "certificate number " .. tostring(no) .. " does not follow Annex C: " .. table.concat(problems[2], "; "),
                  evidence = { "/certificate/number", iptr } })
  end,
}

-- 11.3.2: suspension at most 3 months; unresolved at its end → revoke (11.4.1(4), 11.6.2)
rule {
  slug = "suspension", clause = "11.3.2", stages = { "surv", "chg" }, severity = "serious", effect = "revoke",
  title = { zh = "暂停期限最长不超过 3 个月；期满问题未解决的撤销证书", en = "Suspension lasts at most 3 months; unresolved at its end, the certificate is revoked" },
  params = { "suspension_max_months" },
  check = function(c, f)
    local cert = c.certificate
    if cert == nil or cert.status ~= "suspended" then
      return na({ zh = "证书未处于暂停状态", en = "certificate not suspended" })
    end
    local since = day(cert.suspended_on)
    if since == nil or f.as_of == nil then
      return insufficient({ zh = "未说明暂停日期", en = "suspension date not stated", evidence = { "/certificate/suspended_on" } })
    end
    local months = P.suspension_max_months
    if type(cert.suspension_months) == "number" and cert.suspension_months < months then months = cert.suspension_months end
    local ends = dates.add_months(since, months // 1)
    if f.as_of > ends then
      return fail({ zh = "证书自 " .. cert.suspended_on .. " 暂停，暂停期限已于 " .. dates.format(ends) .. " 届满（最长 " .. P.suspension_max_months .. " 个月，参数 suspension_max_months），问题未解决，撤销证书",
                    en = "certificate suspended since " .. cert.suspended_on .. "; the suspension ended on " .. dates.format(ends) .. " (at most " .. P.suspension_max_months .. " months, parameter suspension_max_months) unresolved: revoke",
                    evidence = { "/certificate/suspended_on", "/certificate/status" }, values = { ended = dates.format(ends) } })
    end
    return pass({ values = { ends = dates.format(ends) } })
  end,
}

rule {
  slug = "revocation-bar", clause = "11.5.3", stages = "app", severity = "serious", effect = "refuse",
  title = { zh = "被撤销电解铝的碳足迹产品认证证书的，一年内不得重新提交认证委托（7.1.2 (7)）", en = "After a revocation of an electrolytic-aluminium CFP certificate, no new application within one year (7.1.2 (7))" },
  params = { "bar_window_months", "revocation_bar_electrolytic_only" },
  check = function(c, f)
    local hits, unknown, labels = E.revocations_within(K, c, f)
    local rz, re = E.revocation_reading(K)
    if hits then
      return fail({ zh = "申请前 " .. P.bar_window_months .. " 个月内（含当日）电解铝的碳足迹产品认证证书被撤销：" .. table.concat(labels, "；") .. "，一年内不得重新提交认证委托（7.1.2 (7)；" .. rz .. "）",
                    en = "an electrolytic-aluminium carbon-footprint certificate was revoked within the " .. P.bar_window_months .. " months before this application (7.1.2 (7); " .. re .. ")",
                    evidence = hits })
    end
    if unknown == true then
      return insufficient({ zh = "未说明证书撤销记录或申请日期", en = "revocations or application date not stated",
                            evidence = { "/eligibility/certificate_revocations" } })
    end
    if unknown then
      return insufficient({ zh = "一年内有证书被撤销，但未说明其是否为电解铝的碳足迹产品认证证书（" .. rz .. "）",
                            en = "a certificate was revoked within the year, but whether it certified electrolytic aluminium is not stated (" .. re .. ")",
                            evidence = unknown })
    end
    return pass()
  end,
}

local CANCEL = { request_zh = "认证委托人申请注销（11.5.1 (2)）", request_en = "the holder applied for cancellation (11.5.1 (2))",
                 ceased_zh = "获证产品不再生产（11.5.1 (1)）", ceased_en = "the certified product is no longer made (11.5.1 (1))" }
rule {
  slug = "cancellation", clause = "11.5.1", stages = { "surv", "chg" }, severity = "serious", effect = "cancel",
  title = { zh = "获证产品不再生产或认证委托人申请注销的，注销认证证书（列入撤销情形的不得申请注销，11.5.2）",
            en = "Product no longer made or cancellation requested: the certificate is cancelled (not where revocation applies, 11.5.2)" },
  check = function(c, f) return E.cancellation(K, c, f, CANCEL) end,
}

rule {
  slug = "no-restore", clause = "11.6.1", stages = "chg", severity = "serious", effect = "revoke",
  title = { zh = "认证证书被注销或撤销后，不得以任何理由予以恢复", en = "A revoked or cancelled certificate cannot be restored" },
  check = function(c, f)
    local cert = c.certificate
    if cert == nil or cert.status == nil then
      return insufficient({ zh = "未说明证书状态", en = "certificate status not stated", evidence = { "/certificate/status" } })
    end
    if cert.status == "revoked" or cert.status == "cancelled" then
      return fail({ zh = "证书已" .. (cert.status == "revoked" and "撤销" or "注销") .. "，不得恢复或变更，须重新申请认证",
                    en = "the certificate is " .. cert.status .. ": it cannot be restored or changed; a new application is needed",
                    evidence = { "/certificate/status" }, effect = cert.status == "revoked" and "revoke" or "reassess" })
    end
    return pass({ values = { status = cert.status } })
  end,
}
