-- CGC-PV10 chapter 10.1–10.4: application (¶32–¶33, Annex 1), review and
-- acceptance (¶34–¶35), planning (¶38–¶45), initial inspection (¶50–¶59) and
-- the verification effort (¶74).

local util = lib.util
local dates = lib.dates
local fmt = util.fmt_num

local function app_day(c, f)
  return dates.day(util.get(c, "eligibility", "application_dates", "applied_on")) or f.as_of
end

local function app_ptr(c)
  if util.get(c, "eligibility", "application_dates", "applied_on") ~= nil then
    return "/eligibility/application_dates/applied_on"
  end
  return "/as_of"
end

-- 10.2 ¶35 onsite exemption. Returns state ("exempt" / "not_met" / "none" /
-- "unknown"), reason {zh, en}, evidence, last passed inspection date string.
local function onsite_exemption(c, f)
  local cert = c.certificate
  if cert == nil or cert.scheme ~= SCHEME then
    return "none", { zh = "无本机构（CGC）对同类型产品的现场检查或监督检查记录，应开展现场检查",
                     en = "no earlier CGC onsite or surveillance inspection of a same-type product: onsite inspection needed" },
           { "/certificate" }
  end
  if cert.status ~= nil and cert.status ~= "valid" then
    return "not_met", { zh = "CGC 证书状态为 " .. tostring(cert.status) .. "，不能据此免于现场检查",
                        en = "the CGC certificate is " .. tostring(cert.status) .. "; it cannot support an exemption" },
           { "/certificate/status" }
  end
  if f.site_count > 1 or #f.units_multi_site > 0 then
    return "not_met", { zh = "涉及多个生产地点，不满足同一生产地点条件",
                        en = "several production sites: the same-site condition is not met" },
           { "/sites" }
  end
  local h = c.history or {}
  local app = app_day(c, f)
  -- ¶35 counts from the day the CGC inspection was passed: the last
  -- surveillance, else the initial onsite inspection. The initial decision and
  -- the certificate come weeks after that inspection, so they can only show
  -- that it lies outside the year, never that it lies inside.
  local last_s, last_ptr = h.last_surveillance_on, "/history/last_surveillance_on"
  if last_s == nil then last_s, last_ptr = h.initial_onsite_on, "/history/initial_onsite_on" end
  if last_s == nil then
    local later_s, later_ptr = h.initial_decision_on, "/history/initial_decision_on"
    if later_s == nil then later_s, later_ptr = cert.issued_on, "/certificate/issued_on" end
    local later = dates.day(later_s)
    if later ~= nil and app ~= nil and later <= app and not dates.within_months(later, app, P.onsite_exempt_months) then
      return "not_met", { zh = "初次认证决定或发证（" .. later_s .. "）已在申请日期前一年以外，其现场检查更早",
                          en = "the initial decision or certificate (" .. later_s .. ") is more than a year before the application, and its onsite inspection earlier still" },
             { later_ptr, app_ptr(c) }, later_s
    end
    return "unknown", { zh = "通过 CGC 现场检查或监督检查的日期未说明（history.last_surveillance_on / initial_onsite_on），认证决定或发证日期晚于检查，不能代替",
                        en = "the date the CGC onsite or surveillance inspection was passed is not stated (history.last_surveillance_on / initial_onsite_on); the later decision or certificate date cannot stand in for it" },
           { "/history/initial_onsite_on", "/history/last_surveillance_on" }
  end
  local last = dates.day(last_s)
  if last == nil or app == nil then
    return "unknown", { zh = "上次通过检查的日期或申请日期未说明", en = "date of the last passed inspection or of the application not stated" },
           { last_ptr, app_ptr(c) }
  end
  if last > app or not dates.within_months(last, app, P.onsite_exempt_months) then
    return "not_met", { zh = "上次通过的 CGC 检查（" .. last_s .. "）不在申请日期前一年内",
                        en = "the last passed CGC inspection (" .. last_s .. ") is not within one year before the application" },
           { last_ptr, app_ptr(c) }, last_s
  end
  return "exempt", nil, { last_ptr }, last_s
end

-- 10.3.2.1 ¶43 prior verification. Returns state ("accepted" / "not_met" / "none"), reason, evidence.
local ACCRED = { cnca = true, cnas = true }
local function prior_verification(c, f)
  local ps = util.get(c, "assessment", "verification", "prior_statement")
  if ps == nil then
    return "none", { zh = "无已完成的碳足迹核查，实施完整核查", en = "no earlier verification: a full verification is done" },
           { "/assessment/verification/prior_statement" }
  end
  local base = "/assessment/verification/prior_statement"
  local zh, en, ev = {}, {}, {}
  if ps.identical_product ~= true then
    zh[#zh + 1] = "被认证产品与已核查产品不完全一致"; en[#en + 1] = "the product is not identical to the verified one"
    ev[#ev + 1] = base .. "/identical_product"
  end
  if not ACCRED[ps.issuer_accreditation] then
    zh[#zh + 1] = "核查机构未经 CNCA 批准或 CNAS 认可"; en[#en + 1] = "the verifier is neither CNCA-approved nor CNAS-accredited"
    ev[#ev + 1] = base .. "/issuer_accreditation"
  end
  local iss, app = dates.day(ps.issued_on), app_day(c, f)
  if iss == nil or app == nil then
    zh[#zh + 1] = "核查陈述签发日期或申请日期未说明"; en[#en + 1] = "statement date or application date not stated"
    ev[#ev + 1] = base .. "/issued_on"
  elseif iss > app or not dates.within_months(iss, app, P.prior_statement_months) then
    zh[#zh + 1] = "核查陈述签发于 " .. ps.issued_on .. "，不在申请日期前 6 个月内"
    en[#en + 1] = "the statement was issued on " .. ps.issued_on .. ", not within 6 months before the application"
    ev[#ev + 1] = base .. "/issued_on"
  end
  if #ev > 0 then
    return "not_met", { zh = table.concat(zh, "；"), en = table.concat(en, "; ") }, ev
  end
  return "accepted", nil, { base }
end

local function in_window(d_str, app, months)
  local d = dates.day(d_str)
  if d == nil or app == nil then return nil end
  return d <= app and dates.within_months(d, app, months)
end

rule {
  slug    = "eligibility",
  clause  = "10.1",
  title   = { zh = "认证申请条件（第32段八项）", en = "Application conditions (the eight of ¶32)" },
  stages  = { "app" },
  severity = "serious",
  effect  = "refuse",
  params  = { "violation_window_months" },
  check   = function(c, f)
    local e = c.eligibility
    if e == nil then
      return insufficient { zh = "未说明申请条件（eligibility）", en = "eligibility not stated", evidence = { "/eligibility" } }
    end
    local app = app_day(c, f)
    -- without the application date (app is then as_of, the latest it can be)
    -- a dated condition is established only when it fails even at as_of
    local app_stated = dates.day(util.get(c, "eligibility", "application_dates", "applied_on")) ~= nil
    local APP = "/eligibility/application_dates/applied_on"
    local zh, en, ev, miss = {}, {}, {}, {}
    local function need_true(key, z, e2)
      if e[key] == nil then miss[#miss + 1] = "/eligibility/" .. key
      elseif e[key] ~= true then zh[#zh + 1] = z; en[#en + 1] = e2; ev[#ev + 1] = "/eligibility/" .. key end
    end
    local function need_false(key, z, e2)
      if e[key] == nil then miss[#miss + 1] = "/eligibility/" .. key
      elseif e[key] ~= false then zh[#zh + 1] = z; en[#en + 1] = e2; ev[#ev + 1] = "/eligibility/" .. key end
    end
    need_true("legal_entity", "不具备法人资格（1）", "not a registered legal entity (1)")
    need_true("licenses_ok", "未获得相应行政许可或强制性产品认证（2）", "required licences or CCC not held (2)")
    if e.management_system_since == nil then
      miss[#miss + 1] = "/eligibility/management_system_since"
    else
      local ms = dates.day(e.management_system_since)
      if ms == nil or (app ~= nil and ms > app) then
        zh[#zh + 1] = "附件2管理制度在申请时尚未建立运行（3）"; en[#en + 1] = "the Annex 2 management system was not in operation at application (3)"
        ev[#ev + 1] = "/eligibility/management_system_since"
      elseif not app_stated then
        miss[#miss + 1] = APP
      end
    end
    need_true("representative_data", "缺少代表性时间段的数据（3）", "no data for a representative period (3)")
    need_false("suspension_ordered", "被责令停业整顿（4）", "ordered to suspend business for rectification (4)")
    need_false("dishonesty_listed", "被列入严重违法失信名单（5）", "on a serious-dishonesty list (5)")
    -- (6), (7): a list not stated is not "none" (an empty list is)
    if e.serious_violations == nil then miss[#miss + 1] = "/eligibility/serious_violations" end
    if e.certificate_revocations == nil then miss[#miss + 1] = "/eligibility/certificate_revocations" end
    if not app_stated and ((e.serious_violations and #e.serious_violations > 0) or
                           (e.certificate_revocations and #e.certificate_revocations > 0)) then
      if miss[#miss] ~= APP then miss[#miss + 1] = APP end   -- "一年内" counts back from the application
    end
    for i, v in ipairs(app_stated and e.serious_violations or {}) do
      if in_window(v.date, app, P.violation_window_months) then
        zh[#zh + 1] = "一年内发生严重违法行为（6）：" .. tostring(v.date)
        en[#en + 1] = "serious violation of law within one year (6): " .. tostring(v.date)
        ev[#ev + 1] = "/eligibility/serious_violations/" .. (i - 1) .. "/date"
      end
    end
    for i, r in ipairs(app_stated and e.certificate_revocations or {}) do
      if in_window(r.date, app, P.violation_window_months) then
        zh[#zh + 1] = "一年内被撤销产品碳足迹标识认证证书（7）：" .. tostring(r.date)
        en[#en + 1] = "a CFP certificate revoked within one year (7): " .. tostring(r.date)
        ev[#ev + 1] = "/eligibility/certificate_revocations/" .. (i - 1) .. "/date"
      end
    end
    need_true("truthful_declaration", "未承诺如实提供文件资料（8）", "no commitment to truthful documents (8)")
    if e.falsified_documents == true then
      zh[#zh + 1] = "提供的文件资料不真实（8）"; en[#en + 1] = "falsified documents (8)"
      ev[#ev + 1] = "/eligibility/falsified_documents"
    end
    if #ev > 0 then
      return fail { zh = "不满足第32段申请条件：" .. table.concat(zh, "；"),
                    en = "¶32 application conditions not met: " .. table.concat(en, "; "),
                    evidence = ev, values = { conditions_failed = #ev } }
    end
    if #miss > 0 then
      return insufficient { zh = "申请条件未说明完整", en = "some application conditions are not stated", evidence = miss }
    end
    return pass { zh = "第32段八项申请条件均已说明并满足", en = "all eight ¶32 application conditions stated and met" }
  end,
}

local function doc_ok(docs, key)
  local d = docs and docs[key]
  return d ~= nil and d.provided == true and d.valid ~= false
end

local function producer_differs(c, f)
  local pa = f.parties
  if pa.same_as and pa.same_as.producer == "applicant" then return false end
  local a, p = pa.applicant, pa.producer
  if a == nil or p == nil then return false end
  if a.uscc ~= nil and p.uscc ~= nil then return a.uscc ~= p.uscc end
  return a.name ~= p.name
end

local function has_stage(c, st)
  local stages = util.get(c, "footprint", "boundary", "stages")
  return util.contains(stages, st)
end

-- Annex 1: item number, document keys (any one suffices), condition (nil = always)
local ANNEX1 = {
  { n = 1,  keys = { "application_form" }, zh = "认证申请书", en = "application form" },
  { n = 2,  keys = { "business_licenses" }, zh = "营业执照及许可证", en = "business licence and permits" },
  { n = 3,  keys = { "entrustment_relationship_proof" }, zh = "委托人与生产者的委托协议及生产者营业执照", en = "applicant–producer agreement and producer licence",
    when = function(c, f) return producer_differs(c, f) end },
  { n = 4,  keys = { "oem_odm_ip" }, zh = "OEM/ODM 知识产权关系", en = "OEM/ODM IP relationship",
    when = function(c, f) return util.get(c, "product", "oem_odm") == true end },
  { n = 5,  keys = { "pcr_documents" }, zh = "选用的 PCR 和无法公开获取的标准/指南", en = "the PCR and non-public standards used",
    when = function(c, f) return util.get(c, "product", "pcr", "kind") == "client" end },
  { n = 6,  keys = { "previous_certificates" }, zh = "同一产品之前获得的碳足迹标识认证证书", en = "earlier CFP-label certificates of the product",
    when = function(c, f) return c.certificate ~= nil end },
  { n = 7,  keys = { "cfp_report" }, zh = "碳足迹声明（核算/研究报告）", en = "CFP declaration (study report)" },
  { n = 8,  keys = { "verification_report" }, zh = "碳足迹核查报告", en = "CFP verification report",
    when = function(c, f) return util.get(c, "assessment", "verification", "prior_statement") ~= nil end },
  { n = 9,  keys = { "assurance_and_materiality" }, zh = "核查的保障等级和实质性阈值", en = "assurance level and materiality",
    when = function(c, f) return util.get(c, "assessment", "verification", "prior_statement") == nil end },
  { n = 10, keys = { "assurance_capability_docs" }, zh = "工厂保证能力相关管理文件目录", en = "factory assurance-capability document list" },
  { n = 11, keys = { "bom", "product_info_and_material_list" }, zh = "产品物料清单（BOM）或主要原辅材料清单", en = "BOM or main material list" },
  { n = 12, keys = { "org_chart" }, zh = "组织结构图", en = "organisation chart" },
  { n = 12, keys = { "process_flow_chart" }, zh = "工艺流程图", en = "process flow chart" },
  { n = 13, keys = { "balance_sheets" }, zh = "物料、能源、废弃物平衡表", en = "material, energy and waste balance sheets" },
  { n = 14, keys = { "facility_list" }, zh = "生产地址、主要设备设施、投产日期和产能", en = "sites, main facilities, commissioning dates and capacity" },
  { n = 15, keys = { "use_stage_info" }, zh = "产品使用阶段物料和能源消耗信息", en = "use-stage material and energy information",
    when = function(c, f) return has_stage(c, "use") end },
  { n = 16, keys = { "end_of_life_info" }, zh = "产品寿命到期后回收处理信息", en = "end-of-life information",
    when = function(c, f) return has_stage(c, "end_of_life") end },
  { n = 17, keys = { "reduction_plan" }, zh = "减碳方案或计划", en = "carbon-reduction plan" },
}

rule {
  slug    = "docs",
  clause  = "10.1",
  title   = { zh = "申请文件资料齐全（第33段、附件1共17项，适用时的项目仅在适用时要求）",
              en = "Application documents complete (¶33, the 17 items of Annex 1; conditional items only when they apply)" },
  stages  = { "app" },
  severity = "general",
  effect  = "supplement",
  check   = function(c, f)
    local docs = c.documents
    local zh, en, ev = nil, nil, nil
    for i = 1, #ANNEX1 do
      local it = ANNEX1[i]
      local when = it.when
      if when == nil or when(c, f) then
        local ok = false
        local keys = it.keys
        for j = 1, #keys do
          if doc_ok(docs, keys[j]) then ok = true; break end
        end
        if not ok then
          if zh == nil then zh, en, ev = {}, {}, {} end
          zh[#zh + 1] = it.n .. " " .. it.zh
          en[#en + 1] = it.n .. " " .. it.en
          ev[#ev + 1] = "/documents/" .. it.keys[1]
        end
      end
    end
    -- item 14: 如果被认证产品的生产涉及多个地址，请以清单列出，包括每个生产地址、
    -- 主要设备设施、投产日期及产能: with several sites, each site's address,
    -- commissioning date and capacity are listed
    local sites = c.sites
    if sites ~= nil and #sites > 1 and doc_ok(docs, "facility_list") then
      for i = 1, #sites do
        local s = sites[i]
        local lack = {}
        if s.address == nil or s.address == "" then lack[#lack + 1] = "address" end
        if s.commissioned == nil then lack[#lack + 1] = "commissioned" end
        if s.capacity_t_per_year == nil then lack[#lack + 1] = "capacity_t_per_year" end
        if #lack > 0 then
          if zh == nil then zh, en, ev = {}, {}, {} end
          local id = tostring(s.id or i)
          zh[#zh + 1] = "14 多个生产地址的清单缺 " .. id .. " 的" .. table.concat(lack, "、")
          en[#en + 1] = "14 list of production sites lacks " .. table.concat(lack, ", ") .. " of " .. id
          ev[#ev + 1] = "/sites/" .. (i - 1) .. "/" .. lack[1]
        end
      end
    end
    if zh then
      return fail { zh = "附件1文件缺失或无效：" .. table.concat(zh, "；"),
                    en = "Annex 1 documents missing or invalid: " .. table.concat(en, "; "),
                    evidence = ev, values = { missing = #ev } }
    end
    return pass { zh = "附件1要求的文件（含适用的条件项）均已提供且有效", en = "every Annex 1 document required (conditional items where they apply) provided and valid" }
  end,
}

rule {
  slug    = "acceptance-3-days", party = "body",
  clause  = "10.2",
  title   = { zh = "申请文件完整后 3 个工作日内发出受理或不予受理通知（第34段）",
              en = "Acceptance or refusal notice within 3 working days of complete documents (¶34)" },
  stages  = { "app" },
  severity = "general",
  effect  = "body",
  params  = { "acceptance_working_days" },
  check   = function(c, f)
    local ad = util.get(c, "eligibility", "application_dates") or {}
    local done = dates.day(ad.documents_complete_on)
    if done == nil then
      return insufficient { zh = "未说明申请文件完整日期", en = "date the documents were complete not stated",
                            evidence = { "/eligibility/application_dates/documents_complete_on" } }
    end
    local n = P.acceptance_working_days
    local acc = dates.day(ad.accepted_on)
    if acc == nil then
      local due = dates.add_working_days(done, n)
      if f.as_of ~= nil and f.as_of > due then
        return fail { zh = "文件完整后已超过 " .. n .. " 个工作日（截止 " .. dates.format(due) .. "）仍未发出受理通知",
                      en = "no acceptance notice " .. n .. " working days after the documents were complete (due " .. dates.format(due) .. ")",
                      evidence = { "/eligibility/application_dates/accepted_on" } }
      end
      return na { zh = "尚未受理，期限未到", en = "not yet accepted; the period has not run out" }
    end
    local wd, missing = dates.working_days_between(done, acc)
    local values = { working_days = wd, limit_days = n }
    if wd > n then
      local note = dates.missing_note(missing)
      return fail { zh = "受理通知在文件完整后第 " .. wd .. " 个工作日发出，超过 " .. n .. " 个工作日" .. (note and ("；" .. note.zh) or ""),
                    en = "acceptance notice on working day " .. wd .. " after complete documents, above " .. n .. (note and ("; " .. note.en) or ""),
                    evidence = { "/eligibility/application_dates/accepted_on" }, values = values }
    end
    return pass { zh = "文件完整后第 " .. wd .. " 个工作日发出受理通知（≤ " .. n .. "）", en = "acceptance notice on working day " .. wd .. " after complete documents (≤ " .. n .. ")", values = values }
  end,
}

rule {
  slug    = "onsite-exemption",
  clause  = "10.2",
  title   = { zh = "免于现场检查的条件：同一生产者同一地点、同类型产品、申请前一年内通过本机构现场或监督检查（第35段）",
              en = "Onsite exemption: same producer and site, same product type, a CGC onsite or surveillance inspection passed within one year before the application (¶35)" },
  stages  = { "app" },
  severity = "observation",
  effect  = "metric",
  params  = { "onsite_exempt_months" },
  check   = function(c, f)
    local state, why, ev, last = onsite_exemption(c, f)
    if state == "exempt" then
      return pass { zh = "满足第35段全部条件，可免于现场检查（上次通过检查：" .. last .. "）",
                    en = "all ¶35 conditions met: onsite inspection may be waived (last passed inspection " .. last .. ")",
                    evidence = ev, values = { last_passed_inspection = last },
                    metrics = { onsite_exempt = true } }
    end
    if state == "none" then
      return na { zh = why.zh, en = why.en, evidence = ev, metrics = { onsite_exempt = false } }
    end
    if state == "unknown" then
      return insufficient { zh = "无法判断能否免于现场检查：" .. why.zh .. "（第35段）", en = "whether the onsite inspection may be waived cannot be judged: " .. why.en .. " (¶35)",
                            evidence = ev, metrics = { onsite_exempt = false } }
    end
    return fail { zh = "不能免于现场检查：" .. why.zh .. "（第35段）", en = "onsite inspection cannot be waived: " .. why.en .. " (¶35)",
                  evidence = ev, values = { last_passed_inspection = last, reason = why.en },
                  metrics = { onsite_exempt = false } }
  end,
}

rule {
  slug    = "team",
  clause  = "10.3.1.2",
  title   = { zh = "初始检查组至少 1 名 CCAA 注册专职检查员；利益冲突人员不得参与（第38、39段）",
              en = "Initial inspection team has ≥ 1 CCAA-registered full-time inspector; no member with a conflict of interest (¶38–¶39)" },
  stages  = { "init" },
  severity = "general",
  effect  = "nc",
  check   = function(c, f)
    local team = util.get(c, "assessment", "team")
    if team == nil or #team == 0 then
      return insufficient { zh = "未说明检查组（assessment.team）", en = "inspection team not stated", evidence = { "/assessment/team" } }
    end
    local ok_member, ev, zh, en = false, nil, nil, nil
    for i, m in ipairs(team) do
      if m.ccaa_registered == true and m.full_time == true then ok_member = true end
      if m.conflict_of_interest == true then
        ev = ev or {}; ev[#ev + 1] = "/assessment/team/" .. (i - 1) .. "/conflict_of_interest"
      end
    end
    if ev then zh = { "检查组成员与委托方存在利益冲突（第39段）" }; en = { "a team member has a conflict of interest (¶39)" } end
    if not ok_member then
      zh = zh or {}; en = en or {}; ev = ev or {}
      zh[#zh + 1] = "检查组无 CCAA 注册专职检查员（第38段）"
      en[#en + 1] = "no CCAA-registered full-time inspector in the team (¶38)"
      ev[#ev + 1] = "/assessment/team"
    end
    if ev then
      return fail { zh = table.concat(zh, "；"), en = table.concat(en, "; "), evidence = ev }
    end
    return pass { zh = "检查组 " .. #team .. " 人，含 CCAA 注册专职检查员，无利益冲突人员", en = #team .. " team member(s), including a CCAA-registered full-time inspector, none with a conflict of interest",
                  values = { members = #team } }
  end,
}

rule {
  slug    = "prior-verification",
  clause  = "10.3.2.1",
  title   = { zh = "采信已有核查结果：产品完全一致、核查机构经 CNCA 批准或 CNAS 认可、核查陈述签发于申请前 6 个月内（第43段）",
              en = "Reuse of a prior verification: identical product, verifier CNCA-approved or CNAS-accredited, statement issued within 6 months before the application (¶43)" },
  stages  = { "app", "init" },
  severity = "observation",
  effect  = "metric",
  params  = { "prior_statement_months" },
  check   = function(c, f)
    local state, why, ev = prior_verification(c, f)
    if state == "accepted" then
      return pass { zh = "已有核查结果满足第43段全部条件，可采信；核查可简化（10.3.2、10.5）",
                    en = "the prior verification meets every ¶43 condition and is accepted; verification may be simplified (10.3.2, 10.5)",
                    evidence = ev, metrics = { prior_verification_accepted = true } }
    end
    if state == "none" then
      return na { zh = why.zh, en = why.en, metrics = { prior_verification_accepted = false } }
    end
    return fail { zh = "已有核查结果不能采信：" .. why.zh .. "；应实施完整核查（第43段）",
                  en = "the prior verification cannot be reused: " .. why.en .. "; a full verification is needed (¶43)",
                  evidence = ev, values = { reason = why.en }, metrics = { prior_verification_accepted = false } }
  end,
}

rule {
  slug    = "complexity",
  clause  = "10.3.2.2",
  title   = { zh = "战略分析：无法清晰确定复杂程度时视为高复杂程度（第44、45段）",
              en = "Strategic analysis: a complexity that cannot be determined is treated as high (¶44–¶45)" },
  stages  = { "app" },
  info_only = true,
  check   = function(c, f)
    local p = c.product or {}
    local bom = p.bom_item_count
    if bom == nil then
      return info { zh = "BOM 物料数量未说明，复杂程度无法确定，按高复杂程度策划核查（第45段）",
                    en = "BOM item count not stated: complexity unknown, planned as high (¶45)",
                    evidence = { "/product/bom_item_count" }, values = { complexity = "high" } }
    end
    local assembled = p.category == "metal_product"
    return info { zh = "复杂程度依据：BOM 物料 " .. bom .. " 项" .. (assembled and "，组装类制品（高于单一材质）" or "，单一材质材料"),
                  en = "complexity basis: " .. bom .. " BOM items" .. (assembled and ", an assembled product (above single-material)" or ", a single-material product"),
                  values = { bom_item_count = bom, assembled = assembled } }
  end,
}

rule {
  slug    = "onsite-days", party = "body",
  clause  = "10.4.2.3",
  title   = { zh = "现场检查标准人日数：每个认证单元按 BOM 物料数量 ≤100 为 1、≤400 为 1.5、>400 为 2（第59段）",
              en = "Onsite inspection standard person-days per unit by BOM items: ≤ 100 → 1, ≤ 400 → 1.5, > 400 → 2 (¶59)" },
  stages  = { "init" },
  severity = "general",
  effect  = "nc",
  params  = { "onsite_bom_400_days", "onsite_exempt_months" },
  check   = function(c, f)
    local bom = util.get(c, "product", "bom_item_count")
    if bom == nil then
      return insufficient { zh = "BOM 物料数量未说明", en = "BOM item count not stated", evidence = { "/product/bom_item_count" } }
    end
    local units = f.unit_count > 0 and f.unit_count or 1
    local per = (bom == 400) and P.onsite_bom_400_days or f.mandays.cgc.onsite_per_unit
    local min = per * units
    local exempt = onsite_exemption(c, f) == "exempt"
    if exempt then min = 0 end
    local planned = util.get(c, "assessment", "man_days", "onsite_inspection")
    local values = { bom_item_count = bom, units = units, per_unit_days = per, onsite_exempt = exempt, planned_days = planned, min_days = min }
    local metrics = { onsite_min_days = min }
    if planned == nil then
      return insufficient { zh = "计划现场检查人日数未说明", en = "planned onsite person-days not stated",
                            evidence = { "/assessment/man_days/onsite_inspection" }, values = values, metrics = metrics }
    end
    if planned < min then
      local nz = bom == 400 and "；BOM = 400 按 1.5 人日计（第59段表格两列重叠，参数 onsite_bom_400_days）" or ""
      local ne = bom == 400 and "; BOM = 400 read as 1.5 (the ¶59 columns overlap; parameter onsite_bom_400_days)" or ""
      return fail { zh = "计划现场检查 " .. fmt(planned) .. " 人日，少于标准 " .. fmt(min) .. " 人日（" .. units .. " 个单元 × " .. fmt(per) .. "）" .. nz,
                    en = "planned onsite inspection " .. fmt(planned) .. " person-days, below the standard " .. fmt(min) .. " (" .. units .. " unit(s) × " .. fmt(per) .. ")" .. ne,
                    evidence = { "/assessment/man_days/onsite_inspection", "/product/bom_item_count" }, values = values, metrics = metrics }
    end
    return pass { zh = "计划现场检查 " .. fmt(planned) .. " 人日，不少于标准 " .. fmt(min) .. " 人日（" .. (exempt and "免于现场检查" or (units .. " 个单元 × " .. fmt(per))) .. "）",
                  en = "planned onsite inspection " .. fmt(planned) .. " person-days, at least the standard " .. fmt(min) .. " (" .. (exempt and "onsite waived" or (units .. " unit(s) × " .. fmt(per))) .. ")",
                  values = values, metrics = metrics }
  end,
}

-- ¶57 工厂保证能力检查将覆盖被认证产品涉及的全部生产场所; ¶58 产品一致性检查将覆盖
-- 全部认证单元; ¶89 surveillance repeats both checks. The sites are those of the
-- case's units (else every site of the case).
rule {
  slug    = "inspection-coverage",
  clause  = "10.4.2",
  title   = { zh = "现场检查覆盖全部生产场所（工厂保证能力检查）和全部认证单元（产品一致性检查）（第57、58、89段）",
              en = "The onsite inspection covers every production site (assurance capability) and every certification unit (product consistency) (¶57, ¶58, ¶89)" },
  stages  = { "init", "surv" },
  severity = "general",
  effect  = "nc",
  params  = { "onsite_exempt_months" },
  check   = function(c, f)
    if c.stage ~= "surveillance" and onsite_exemption(c, f) == "exempt" then
      return na { zh = "满足第35段条件，免于现场检查", en = "onsite inspection waived under ¶35" }
    end
    local on = util.get(c, "assessment", "onsite")
    local units = c.units or {}
    local need_sites, seen = {}, {}
    for _, u in ipairs(units) do
      local list = u.sites or { u.site }
      for _, sid in ipairs(list) do
        if sid ~= nil and not seen[sid] then seen[sid] = true; need_sites[#need_sites + 1] = sid end
      end
    end
    if #need_sites == 0 then
      for _, st in ipairs(f.sites) do
        if st.id ~= nil and not seen[st.id] then seen[st.id] = true; need_sites[#need_sites + 1] = st.id end
      end
    end
    if #units == 0 and #need_sites == 0 then
      return insufficient { zh = "未列出认证单元和生产场所", en = "no units or sites stated", evidence = { "/units", "/sites" } }
    end
    local covered = (on and on.sites_covered) or (c.stage ~= "surveillance" and {} or nil)
    local checked = on and on.units_checked
    if covered == nil or checked == nil then
      return insufficient { zh = "未记录现场检查覆盖的生产场所或认证单元（assessment.onsite.sites_covered / units_checked）",
                            en = "the sites or units the onsite inspection covered are not recorded (assessment.onsite.sites_covered / units_checked)",
                            evidence = { "/assessment/onsite/sites_covered", "/assessment/onsite/units_checked" } }
    end
    local cs, cu = {}, {}
    for _, x in ipairs(covered) do cs[x] = true end
    for _, x in ipairs(checked) do cu[x] = true end
    local miss_s, miss_u = {}, {}
    -- at the initial stage sites-covered (coverage.lua) owns ¶57: one defect, one NC
    local own_sites = c.stage == "surveillance"
    if own_sites then
      for _, sid in ipairs(need_sites) do if not cs[sid] then miss_s[#miss_s + 1] = tostring(sid) end end
    end
    for _, u in ipairs(units) do if u.id == nil or not cu[u.id] then miss_u[#miss_u + 1] = tostring(u.id) end end
    local values = { sites = #need_sites, units = #units, sites_missing = miss_s, units_missing = miss_u }
    if #miss_s > 0 or #miss_u > 0 then
      local zh, en, ev = {}, {}, {}
      if #miss_s > 0 then
        zh[#zh + 1] = "工厂保证能力检查未覆盖生产场所 " .. table.concat(miss_s, "、") .. "（第57段）"
        en[#en + 1] = "the assurance-capability inspection did not cover site(s) " .. table.concat(miss_s, ", ") .. " (¶57)"
        ev[#ev + 1] = "/assessment/onsite/sites_covered"
      end
      if #miss_u > 0 then
        zh[#zh + 1] = "产品一致性检查未覆盖认证单元 " .. table.concat(miss_u, "、") .. "（第58段）"
        en[#en + 1] = "the product-consistency inspection did not cover unit(s) " .. table.concat(miss_u, ", ") .. " (¶58)"
        ev[#ev + 1] = "/assessment/onsite/units_checked"
      end
      return fail { zh = table.concat(zh, "；") .. "；未检查的场所和单元应补充检查后方可作出结论",
                    en = table.concat(en, "; ") .. "; the missing sites and units are to be inspected before a conclusion",
                    evidence = ev, values = values }
    end
    return pass { zh = "现场检查覆盖全部 " .. #need_sites .. " 个生产场所和 " .. #units .. " 个认证单元",
                  en = "the onsite inspection covered all " .. #need_sites .. " site(s) and " .. #units .. " unit(s)", values = values }
  end,
}

rule {
  slug    = "onsite-30-days", party = "body",
  clause  = "10.4.2",
  title   = { zh = "现场检查在文件评审符合或基本符合后 30 个工作日内完成（第55段）",
              en = "Onsite inspection within 30 working days of a conforming or basically conforming document review (¶55)" },
  stages  = { "init" },
  severity = "general",
  effect  = "body",
  params  = { "onsite_working_days" },
  check   = function(c, f)
    local dr = util.get(c, "assessment", "document_review")
    local done = dr and dates.day(dr.completed_on)
    local od = dates.day(util.get(c, "assessment", "onsite", "date"))
    if done == nil or od == nil then
      return insufficient { zh = "文件评审完成日期或现场检查日期未说明", en = "document-review completion or onsite date not stated",
                            evidence = { "/assessment/document_review/completed_on", "/assessment/onsite/date" } }
    end
    local n = P.onsite_working_days
    local wd, missing = dates.working_days_between(done, od)
    local values = { working_days = wd, limit_days = n }
    if wd > n then
      local note = dates.missing_note(missing)
      return fail { zh = "现场检查在文件评审后第 " .. wd .. " 个工作日，超过 " .. n .. " 个工作日" .. (note and ("；" .. note.zh) or ""),
                    en = "onsite inspection on working day " .. wd .. " after the document review, above " .. n .. (note and ("; " .. note.en) or ""),
                    evidence = { "/assessment/onsite/date" }, values = values }
    end
    return pass { zh = "现场检查在文件评审后第 " .. wd .. " 个工作日（≤ " .. n .. "）", en = "onsite inspection on working day " .. wd .. " after the document review (≤ " .. n .. ")", values = values }
  end,
}

rule {
  slug    = "verification-days", party = "body",
  clause  = "10.5.2",
  title   = { zh = "现场核查标准人日数：每个认证单元 BOM ≤200 为 1、>200 为 2；采信已有核查结果时可不开展（第74段）",
              en = "Onsite verification standard person-days per unit: BOM ≤ 200 → 1, > 200 → 2; none when a prior verification is accepted (¶74)" },
  stages  = { "init" },
  severity = "general",
  effect  = "nc",
  params  = { "prior_statement_months" },
  check   = function(c, f)
    local bom = util.get(c, "product", "bom_item_count")
    if bom == nil then
      return insufficient { zh = "BOM 物料数量未说明", en = "BOM item count not stated", evidence = { "/product/bom_item_count" } }
    end
    local units = f.unit_count > 0 and f.unit_count or 1
    local per = f.mandays.cgc.verification_per_unit
    local accepted = prior_verification(c, f) == "accepted"
    local min = accepted and 0 or per * units
    local planned = util.get(c, "assessment", "man_days", "verification")
    local values = { bom_item_count = bom, units = units, per_unit_days = per, prior_verification_accepted = accepted,
                     planned_days = planned, min_days = min }
    local metrics = { verification_min_days = min }
    if planned == nil then
      return insufficient { zh = "计划现场核查人日数未说明", en = "planned verification person-days not stated",
                            evidence = { "/assessment/man_days/verification" }, values = values, metrics = metrics }
    end
    if planned < min then
      return fail { zh = "计划现场核查 " .. fmt(planned) .. " 人日，少于标准 " .. fmt(min) .. " 人日",
                    en = "planned verification " .. fmt(planned) .. " person-days, below the standard " .. fmt(min),
                    evidence = { "/assessment/man_days/verification", "/product/bom_item_count" }, values = values, metrics = metrics }
    end
    return pass { zh = "计划现场核查 " .. fmt(planned) .. " 人日，不少于标准 " .. fmt(min) .. " 人日" .. (accepted and "（采信已有核查结果）" or ("（" .. units .. " 个单元 × " .. fmt(per) .. "）")),
                  en = "planned verification " .. fmt(planned) .. " person-days, at least the standard " .. fmt(min) .. (accepted and " (prior verification accepted)" or (" (" .. units .. " unit(s) × " .. fmt(per) .. ")")),
                  values = values, metrics = metrics }
  end,
}
