-- NTE-GLA chapter 7 认证实施程序
-- 7.1 申请 (2 个工作日内受理通知); 7.1.1 申请受理条件; 7.1.2 申请资料; 7.1.3 认证单元划分;
-- 7.3.1 检查准备 (检查员轮换); 7.3.3 现场检查时间 (一般 4 人日); 7.3.4/7.3.5 不符合项与检查结论;
-- 7.5 认证结果评价与批准 (90 天); 7.6.1 监督频次; 7.6.2 监督内容 (原料添加比例); 7.6.3 监督结果评价 (1 个月整改).

local D = lib.dates

local function stage_group(c, f)
  local s = f.stage_group
  if s then return s end
  s = c.stage
  if s == "application" then return "app" end
  if s == "initial" or s == "recertification" then return "init" end
  if s == "surveillance" then return "surv" end
  if s == "change" then return "chg" end
  return nil
end

local function as_of_day(c, f)
  return f.as_of or D.day(c.as_of)
end

local function in_list(list, v)
  if v == nil then return false end
  for _, x in ipairs(list) do if x == v then return true end end
  return false
end

---------------------------------------------------------------------------
-- 7.1.1 申请受理条件
---------------------------------------------------------------------------
local KIND = {
  safety        = { zh = "安全事故", en = "safety accident" },
  environmental = { zh = "突发环境事件", en = "environmental incident" },
  quality       = { zh = "政府市场监督管理部门通报的质量事件", en = "regulator-notified quality incident" },
}

rule {
  slug     = "eligibility",
  clause   = "7.1.1",
  title    = { zh = "申请受理条件：法人资格；近三年无重大安全事故、无一般及以上突发环境事件、无通报的质量事件",
               en = "Acceptance conditions: legal entity; in the last 3 years no major safety accident, no general-or-worse environmental incident, no regulator-notified quality incident" },
  stages   = { "app" },
  severity = "serious",
  effect   = "refuse",
  params   = { "incident_window_years", "incident_reference", "safety_barring_levels",
               "environmental_barring_levels", "quality_needs_notification" },
  check    = function(c, f)
    local e = c.eligibility
    if e == nil then
      return insufficient { zh = "未提供申请受理条件信息 (eligibility)", en = "no eligibility facts stated", evidence = { "/eligibility" } }
    end
    local bars, unknown
    local function bar(ptr, zh, en)
      bars = bars or { ptrs = {}, zh = {}, en = {} }
      bars.ptrs[#bars.ptrs + 1] = ptr; bars.zh[#bars.zh + 1] = zh; bars.en[#bars.en + 1] = en
    end
    local function unk(ptr)
      unknown = unknown or {}
      unknown[#unknown + 1] = ptr
    end
    if e.legal_entity == false then
      bar("/eligibility/legal_entity", "认证委托人/生产者/生产企业不具备法人资格（7.1.1(1)）",
          "applicant, producer or factory is not a registered legal entity (7.1.1(1))")
    elseif e.legal_entity == nil then
      unk("/eligibility/legal_entity")
    end
    -- 7.1.1(2) 近三年, measured back from the application date (as_of when absent)
    local ref_s = c.as_of
    if P.incident_reference == "applied_on" and e.application_dates and e.application_dates.applied_on then
      ref_s = e.application_dates.applied_on
    end
    local ref = D.day(ref_s)
    local from = ref and D.add_years(ref, -P.incident_window_years)
    local incs = e.incidents
    if incs == nil then
      unk("/eligibility/incidents")
    else
      for i, inc in ipairs(incs) do
        local ptr = "/eligibility/incidents/" .. (i - 1)
        local k = KIND[inc.kind]
        local barring -- true / false / nil (unknown)
        if inc.kind == "safety" then
          if inc.level == nil then barring = nil else barring = in_list(P.safety_barring_levels, inc.level) end
        elseif inc.kind == "environmental" then
          if inc.level == nil then barring = nil else barring = in_list(P.environmental_barring_levels, inc.level) end
        elseif inc.kind == "quality" then
          if not P.quality_needs_notification then barring = true
          elseif inc.notified_by_regulator == nil then barring = nil
          else barring = inc.notified_by_regulator == true end
        else
          barring = false
        end
        if barring ~= false then
          local d = D.day(inc.date)
          if d == nil or from == nil then
            unk(ptr)
          elseif d >= from then
            if barring then
              bar(ptr, string.format("%s（%s，%s）在近 %d 年内（%s 起）（7.1.1(2)）", k.zh, tostring(inc.level), inc.date,
                                     P.incident_window_years, D.format(from)),
                  string.format("%s (%s, %s) within the last %d years (from %s) (7.1.1(2))", k.en, tostring(inc.level), inc.date,
                                P.incident_window_years, D.format(from)))
            else
              unk(ptr)
            end
          end
        end
      end
    end
    if bars then
      return fail {
        zh = "不满足申请受理条件：" .. table.concat(bars.zh, "；") ..
             "（近三年按民法典年期计算且含起算日）",
        en = "acceptance conditions not met: " .. table.concat(bars.en, "; ") ..
             " (3 years by the Civil Code year rule, start day included)",
        evidence = bars.ptrs,
        values = { window_from = from and D.format(from) or nil, reference_date = ref_s,
                   reading = "incident_window_years, safety_barring_levels, environmental_barring_levels, quality_needs_notification" },
      }
    end
    if unknown then
      return insufficient { zh = "申请受理条件的事实未说明完整", en = "facts for the acceptance conditions not fully stated",
                            evidence = unknown }
    end
    return pass { zh = "具备法人资格；" .. (from and (D.format(from) .. " 起") or "近三年") .. "无阻止受理的安全、环境或通报质量事件（共列 " .. #incs .. " 起事件）",
                  en = "a legal entity; no barring safety, environmental or notified quality incident since " .. (from and D.format(from) or "3 years back") ..
                       " (" .. #incs .. " incident(s) listed)",
                  evidence = { "/eligibility/legal_entity", "/eligibility/incidents" },
                  values = { window_from = from and D.format(from) or nil, reference_date = ref_s } }
  end,
}

---------------------------------------------------------------------------
-- 7.1.2 申请资料
---------------------------------------------------------------------------
local DOCS = {
  { key = "application_form",           n = "(1)", zh = "正式申请书", en = "formal application form" },
  { key = "business_licenses",          n = "(2)", zh = "认证委托人、生产者、生产企业的营业执照", en = "business licences of applicant, producer, factory" },
  { key = "self_declaration_incidents", n = "(3)", zh = "生产企业自我声明（无突发环境事件、无通报质量事件）或政府证明",
    en = "factory self-declaration on incidents, or the authority's certificate" },
  { key = "cfp_report",                 n = "(4)", zh = "碳足迹核算报告", en = "carbon-footprint report" },
  { key = "green_power_certificates",   n = "(5)", zh = "绿电铝原料当前持有凭证", en = "current green-power feed certificates", when = "green_primary_t",
    held = "green_power_evidence" },
  { key = "recycled_material_records",  n = "(6)", zh = "再生铝原料采购记录或流转记录", en = "recycled feed purchase or transfer records", when = "recycled_t",
    held = "recycled_records" },
  { key = "material_io_records",        n = "(7)", zh = "原料出入库记录及使用记录", en = "feed in/out and usage records" },
}

rule {
  slug     = "docs",
  clause   = "7.1.2",
  title    = { zh = "申请资料齐全（7.1.2 (1)–(7)）", en = "Application documents complete (7.1.2 (1)–(7))" },
  stages   = { "app" },
  severity = "general",
  effect   = "supplement",
  params   = { "feed_documents_when_used", "feed_documents_once" },
  check    = function(c, f)
    local docs = c.documents or {}
    local g = c.gla
    local bad, deferred
    for i = 1, #DOCS do
      local d = DOCS[i]
      local needed = true
      if d.when and P.feed_documents_when_used and g then
        local m = g[d.when]
        if type(m) == "number" and m <= 0 then needed = false end
      end
      -- one defect, one nonconformity: feed evidence stated as not held fails
      -- 5.1 feed-evidence; it is not a second nonconformity here
      if needed and d.held and P.feed_documents_once and g ~= nil and g[d.held] == false then
        needed = false
        deferred = deferred or {}
        deferred[#deferred + 1] = d.n
      end
      if needed then
        local doc = docs[d.key]
        if doc == nil or doc.provided ~= true or doc.valid == false then
          bad = bad or { ptrs = {}, zh = {}, en = {} }
          bad.ptrs[#bad.ptrs + 1] = "/documents/" .. d.key
          bad.zh[#bad.zh + 1] = d.n .. d.zh .. ((doc and doc.provided == true) and "（无效）" or "")
          bad.en[#bad.en + 1] = d.n .. " " .. d.en .. ((doc and doc.provided == true) and " (not valid)" or "")
        end
      end
    end
    local dz = deferred and ("；" .. table.concat(deferred, "") .. " 的原料凭证见 5.1 feed-evidence，不重复计为不符合") or ""
    local de = deferred and ("; " .. table.concat(deferred, "") .. ": feed evidence is reported once, under 5.1 feed-evidence") or ""
    if bad then
      return fail { zh = "申请资料不全：" .. table.concat(bad.zh, "；") .. dz,
                    en = "application documents missing: " .. table.concat(bad.en, "; ") .. de,
                    evidence = bad.ptrs, values = { missing = bad.ptrs, deferred_to_5_1 = deferred } }
    end
    local no_b = g and type(g.green_primary_t) == "number" and g.green_primary_t <= 0
    local no_a = g and type(g.recycled_t) == "number" and g.recycled_t <= 0
    local skip_z, skip_e = {}, {}
    if P.feed_documents_when_used and no_b then skip_z[#skip_z + 1] = "(5)"; skip_e[#skip_e + 1] = "(5)" end
    if P.feed_documents_when_used and no_a then skip_z[#skip_z + 1] = "(6)"; skip_e[#skip_e + 1] = "(6)" end
    return pass { zh = "7.1.2 (1)–(7) 所需资料均已提供且有效" ..
                       (#skip_z > 0 and ("（无相应原料，不要求 " .. table.concat(skip_z, "") .. "）") or "") .. dz ..
                       "；(8) 其它文件由机构确定，未核对",
                  en = "the documents 7.1.2 (1)–(7) required here are provided and valid" ..
                       (#skip_e > 0 and (" (" .. table.concat(skip_e, "") .. " not required: no such feed)") or "") .. de ..
                       "; (8) other documents are set by the body, not checked",
                  evidence = { "/documents" }, values = { deferred_to_5_1 = deferred } }
  end,
}

---------------------------------------------------------------------------
-- 7.1 受理通知 2 个工作日
---------------------------------------------------------------------------
rule {
  slug     = "acceptance-2-days", party = "body",
  clause   = "7.1",
  title    = { zh = "2 个工作日内发出受理或不予受理通知", en = "Acceptance or refusal notified within 2 working days" },
  stages   = { "app" },
  severity = "general",
  effect   = "body",
  params   = { "acceptance_working_days" },
  check    = function(c, f)
    local ad = c.eligibility and c.eligibility.application_dates
    local applied = ad and D.day(ad.applied_on)
    if not applied then
      return insufficient { zh = "未说明申请日期", en = "application date not stated",
                            evidence = { "/eligibility/application_dates/applied_on" } }
    end
    local limit = P.acceptance_working_days
    local accepted = D.day(ad.accepted_on)
    if accepted then
      local n, missing = D.working_days_between(applied, accepted)
      local note = D.missing_note(missing)
      if n > limit then
        return fail {
          zh = string.format("申请日 %s 至受理通知 %s 共 %d 个工作日，超过 %d 个工作日（7.1）%s", ad.applied_on, ad.accepted_on, n, limit,
                             note and ("；" .. note.zh) or ""),
          en = string.format("%d working days from application %s to the notice %s, more than %d (7.1)%s", n, ad.applied_on, ad.accepted_on, limit,
                             note and ("; " .. note.en) or ""),
          evidence = { "/eligibility/application_dates/applied_on", "/eligibility/application_dates/accepted_on" },
          values = { working_days = n, limit_days = limit }, metrics = { acceptance_working_days = n },
        }
      end
      if note then
        return pass { zh = note.zh, en = note.en, evidence = { "/eligibility/application_dates/accepted_on" },
                      values = { working_days = n, limit_days = limit }, metrics = { acceptance_working_days = n } }
      end
      return pass { zh = string.format("申请 %s 至受理通知 %s 共 %d 个工作日，不超过 %d 个", ad.applied_on, ad.accepted_on, n, limit),
                    en = string.format("%d working day(s) from application %s to the notice %s, not more than %d", n, ad.applied_on, ad.accepted_on, limit),
                    evidence = { "/eligibility/application_dates/accepted_on" },
                    values = { working_days = n, limit_days = limit }, metrics = { acceptance_working_days = n } }
    end
    -- no notice yet: late once as_of is past the 2nd working day after the application
    local today = as_of_day(c, f)
    if not today then
      return insufficient { zh = "未说明评价日期 as_of", en = "as_of not stated", evidence = { "/as_of" } }
    end
    local n = D.working_days_between(applied, today)
    local due = D.add_working_days(applied, limit)
    if n > limit then
      return fail {
        zh = string.format("申请日 %s 起已 %d 个工作日仍未发出受理通知（期限 %s）", ad.applied_on, n, D.format(due)),
        en = string.format("%d working days since the application %s and no notice yet (due %s)", n, ad.applied_on, D.format(due)),
        evidence = { "/eligibility/application_dates/applied_on", "/eligibility/application_dates/accepted_on" },
        values = { working_days = n, limit_days = limit, due_on = D.format(due) },
      }
    end
    return info { zh = "受理通知尚未发出，期限 " .. D.format(due), en = "acceptance notice pending, due by " .. D.format(due),
                  evidence = { "/eligibility/application_dates/applied_on" },
                  values = { working_days = n, limit_days = limit, due_on = D.format(due) } }
  end,
}

---------------------------------------------------------------------------
-- 7.1.3 认证单元划分
---------------------------------------------------------------------------
rule {
  slug     = "unit-division",
  clause   = "7.1.3",
  title    = { zh = "不同原料添加比例、不同生产厂地址划分为不同认证单元",
               en = "Different feed ratios and different sites are different certification units" },
  stages   = { "app" },
  severity = "general",
  effect   = "supplement",
  check    = function(c, f)
    local units = c.units
    if units == nil or #units == 0 then
      return insufficient { zh = "未说明认证单元划分", en = "no certification units stated", evidence = { "/units" } }
    end
    local ptrs, zh, en = {}, {}, {}
    -- one unit = one site
    for i, u in ipairs(units) do
      local s = u.sites
      if s ~= nil and #s > 1 then
        local distinct = false
        for j = 2, #s do if s[j] ~= s[1] then distinct = true break end end
        if distinct then
          ptrs[#ptrs + 1] = "/units/" .. (i - 1) .. "/sites"
          zh[#zh + 1] = "单元 " .. tostring(u.id) .. " 跨越多个生产厂地址"
          en[#en + 1] = "unit " .. tostring(u.id) .. " spans several sites"
        end
      end
    end
    -- one unit = one feed ratio: the feed evaluated here must be its own unit's code
    local g = lib.gla.for_case(c, f, P.omega_c_max_pct, P.code_second_share)
    if g.code then
      local coded, match = 0, false
      for _, u in ipairs(units) do
        if u.feed_code ~= nil then
          coded = coded + 1
          if u.feed_code == g.code then match = true end
        end
      end
      if coded > 0 and not match then
        ptrs[#ptrs + 1] = "/units"
        zh[#zh + 1] = "没有单元对应本原料添加比例（计算代码 " .. g.code .. "）：不同添加比例应为不同单元"
        en[#en + 1] = "no unit is declared for this feed ratio (computed " .. g.code .. "): a different ratio is a different unit"
      end
    end
    if #ptrs > 0 then
      return fail { zh = table.concat(zh, "；") .. "（7.1.3）", en = table.concat(en, "; ") .. " (7.1.3)", evidence = ptrs }
    end
    return pass { zh = #units .. " 个认证单元，各在一个生产厂址" .. (g.code and ("，本原料添加比例（" .. g.code .. "）有对应单元") or ""),
                  en = #units .. " certification unit(s), each at one site" .. (g.code and (", one declared for this feed ratio (" .. g.code .. ")") or ""),
                  evidence = { "/units" }, values = { units = #units } }
  end,
}

---------------------------------------------------------------------------
-- 7.3.1 检查员轮换
---------------------------------------------------------------------------
rule {
  slug     = "inspector-rotation", party = "body",
  clause   = "7.3.1",
  title    = { zh = "同一检查员不对同一委托人的同一产品连续 3 次以上检查",
               en = "The same inspector does not inspect the same product of the same client 3 or more times in a row" },
  stages   = { "init", "surv" },
  severity = "general",
  effect   = "body",
  params   = { "max_consecutive_inspections" },
  check    = function(c, f)
    local team = c.assessment and c.assessment.team
    if team == nil or #team == 0 then
      return insufficient { zh = "未说明检查组成员", en = "inspection team not stated", evidence = { "/assessment/team" } }
    end
    local max = P.max_consecutive_inspections
    local over, unknown
    local worst = 0
    for i, m in ipairs(team) do
      local n = m.consecutive_inspections
      if n == nil then
        unknown = unknown or {}
        unknown[#unknown + 1] = "/assessment/team/" .. (i - 1) .. "/consecutive_inspections"
      else
        if n > worst then worst = n end
        if n > max then
          over = over or { ptrs = {}, ids = {} }
          over.ptrs[#over.ptrs + 1] = "/assessment/team/" .. (i - 1) .. "/consecutive_inspections"
          over.ids[#over.ids + 1] = tostring(m.id) .. "×" .. tostring(n)
        end
      end
    end
    if over then
      return fail {
        zh = "检查员连续检查同一产品达 3 次以上（含本次）：" .. table.concat(over.ids, ", ") .. "（7.3.1；连续 3 次以上含 3 次）",
        en = "inspector(s) on the same product for 3 or more consecutive inspections (this one included): " .. table.concat(over.ids, ", ") ..
             " (7.3.1; 连续 3 次以上 includes 3)",
        evidence = over.ptrs, values = { max_consecutive = worst, limit = max },
      }
    end
    if unknown then
      return insufficient { zh = "部分检查员未说明连续检查次数", en = "consecutive inspections not stated for some inspectors", evidence = unknown }
    end
    return pass { zh = string.format("检查员对该产品最多连续检查 %d 次（含本次），未达 3 次", worst),
                  en = string.format("at most %d consecutive inspection(s) of this product by one inspector (this one included), below 3", worst),
                  evidence = { "/assessment/team" }, values = { max_consecutive = worst, limit = max } }
  end,
}

---------------------------------------------------------------------------
-- 7.3.3 现场检查人日
---------------------------------------------------------------------------
rule {
  slug     = "onsite-days", party = "body",
  clause   = "7.3.3",
  title    = { zh = "现场检查人日数（一般为 4 人日）", en = "Onsite inspection person-days (normally 4)" },
  stages   = { "init" },
  severity = "observation",
  effect   = "metric",
  params   = { "onsite_typical_days" },
  check    = function(c, f)
    local typical = P.onsite_typical_days
    local md = c.assessment and c.assessment.man_days
    local planned = md and md.onsite_inspection
    if planned == nil then
      return insufficient { zh = "未说明现场检查人日数", en = "onsite person-days not stated",
                            evidence = { "/assessment/man_days/onsite_inspection" }, metrics = { onsite_typical_days = typical } }
    end
    local planned_text = lib.util.fmt_num(planned)   -- printed once, for both languages
    if planned < typical then
      return fail {
        zh = string.format("计划现场检查 %s 人日，少于一般的 %d 人日（7.3.3；可按规模调整，见 NTE07/T0301）", planned_text, typical),
        en = string.format("%s onsite person-days planned, below the normal %d (7.3.3; may be adjusted by scale, NTE07/T0301)", planned_text, typical),
        evidence = { "/assessment/man_days/onsite_inspection" },
        values = { planned_days = planned, typical_days = typical },
        metrics = { onsite_typical_days = typical, onsite_planned_days = planned },
      }
    end
    return pass { zh = string.format("计划现场检查 %s 人日，不少于一般的 %d 人日", planned_text, typical),
                  en = string.format("%s onsite person-days planned, not below the normal %d", planned_text, typical),
                  evidence = { "/assessment/man_days/onsite_inspection" },
                  values = { planned_days = planned, typical_days = typical },
                  metrics = { onsite_typical_days = typical, onsite_planned_days = planned } }
  end,
}

---------------------------------------------------------------------------
-- 7.3.4 / 7.3.5 现场检查结论 (and 7.6.3 at surveillance)
-- The assessors' NCs are summarised by lib.verdict.nc_summary, the same reading
-- the decision (lib.verdict.standard) uses, so finding and verdict agree.
---------------------------------------------------------------------------
local CONCL = {
  pass    = { zh = "工厂检查通过", en = "factory inspection passed" },
  written = { zh = "书面验证通过", en = "passed after written verification" },
  onsite  = { zh = "现场验证通过", en = "passed after onsite verification" },
  closed  = { zh = "不符合项已整改关闭（验证方式未说明）", en = "nonconformities corrected and closed (verification method not stated)" },
  fail    = { zh = "工厂检查不通过", en = "factory inspection failed" },
  pending = { zh = "存在不符合项，待规定期限内整改并验证", en = "nonconformities open, awaiting correction and verification in time" },
}

rule {
  slug     = "conclusion",
  clause   = "7.3.5",
  title    = { zh = "工厂检查结论（工厂检查通过 / 书面验证通过 / 现场验证通过 / 工厂检查不通过）",
               en = "Factory inspection conclusion (passed / passed after written verification / passed after onsite verification / failed)" },
  stages   = { "init", "surv" },
  severity = "serious",
  effect   = "withhold",
  decisive = true,
  params   = { "serious_fails_even_closed", "closed_late_fails", "surveillance_correction_months" },
  check    = function(c, f)
    local a = c.assessment
    if a == nil or a.nonconformities == nil then
      return insufficient { zh = "未提供检查发现（assessment.nonconformities）", en = "inspection findings (assessment.nonconformities) not stated",
                            evidence = { "/assessment/nonconformities" } }
    end
    local surv = stage_group(c, f) == "surv" or stage_group(c, f) == "chg"
    local opts = {
      correction_months         = surv and P.surveillance_correction_months or nil,
      serious_fails_even_closed = P.serious_fails_even_closed,
      closed_late_fails         = P.closed_late_fails,
    }
    -- counts first; the summary's message only when the conclusion fails
    local s = lib.verdict.nc_counts(c, c.as_of, opts)
    local v = s.values
    if s.outcome == "blocking" then
      local m = lib.verdict.nc_message(s, opts)
      v.conclusion, v.conclusion_en = CONCL.fail.zh, CONCL.fail.en
      return fail { zh = CONCL.fail.zh .. "（7.3.5" .. (surv and "、7.6.3）：" or "）：") .. m.zh,
                    en = CONCL.fail.en .. (surv and " (7.3.5, 7.6.3): " or " (7.3.5): ") .. m.en,
                    evidence = s.evidence, values = v, effect = surv and "suspend" or "withhold" }
    end
    if s.outcome == "open" then
      local m = lib.verdict.nc_message(s, opts)
      v.conclusion, v.conclusion_en = CONCL.pending.zh, CONCL.pending.en
      return fail { zh = CONCL.pending.zh .. "：" .. m.zh, en = CONCL.pending.en .. ": " .. m.en,
                    evidence = s.evidence, values = v, severity = "general", effect = "nc" }
    end
    local nat = CONCL.pass
    if s.outcome == "closed" then nat = CONCL[s.verified_variant or "closed"] end
    v.conclusion, v.conclusion_en = nat.zh, nat.en
    return pass { zh = nat.zh, en = nat.en, evidence = { "/assessment/nonconformities" }, values = v }
  end,
}

---------------------------------------------------------------------------
-- 7.5 90 天内出具证书 (client time excluded → info)
---------------------------------------------------------------------------
rule {
  slug      = "certificate-90-days", party = "body",
  clause    = "7.5",
  title     = { zh = "自受理之日起 90 天内出具认证证书（不含委托人准备和整改时间）",
                en = "Certificate within 90 days of acceptance (client time excluded)" },
  stages    = { "init" },
  info_only = true,
  params    = { "certificate_days" },
  check     = function(c, f)
    local ad = c.eligibility and c.eligibility.application_dates
    local accepted = ad and ad.accepted_on   -- read once, for the test and the message
    local acc = accepted and D.day(accepted)
    local a = c.assessment
    local issued_s = a and (a.certificate_issued_on or a.decision_on)
    local iss = D.day(issued_s)
    if not (acc and iss) then
      return info { zh = "7.5：证书应自受理之日起 90 天内出具，委托人方面的时间不计入（受理或发证日期未说明）",
                    en = "7.5: certificate due within 90 days of acceptance, client time excluded (acceptance or issue date not stated)",
                    evidence = { "/eligibility/application_dates/accepted_on", "/assessment/certificate_issued_on" } }
    end
    local days = D.diff_days(acc, iss)
    local lim = P.certificate_days
    local over = days > lim
    local due = D.format(D.add_days(acc, lim))
    local zh, en
    if over then
      zh = string.format("受理 %s 至出证 %s 共 %d 天，超过 %d 天限期 %d 天（应不晚于 %s）；委托人准备资料、整改等时间不计入，须由机构核定这 %d 天中有多少属委托人方面",
                         accepted, issued_s, days, lim, days - lim, due, days - lim)
      en = string.format("%d days from acceptance %s to issue %s: %d days past the %d-day limit (due %s); client time (preparing documents, corrections) is excluded, so the body must confirm how much of the %d days was the client's",
                         days, accepted, issued_s, days - lim, lim, due, days - lim)
    else
      zh = string.format("受理 %s 至出证 %s 共 %d 天，在 %d 天内（限期 %s）", accepted, issued_s, days, lim, due)
      en = string.format("%d days from acceptance %s to issue %s: within the %d days (due %s)", days, accepted, issued_s, lim, due)
    end
    return info {
      zh = zh, en = en,
      evidence = { "/eligibility/application_dates/accepted_on", "/assessment/certificate_issued_on" },
      values = { elapsed_days = days, limit_days = lim, due_on = due, over_limit_days = over and (days - lim) or 0 },
      metrics = { certificate_elapsed_days = days },
    }
  end,
}

---------------------------------------------------------------------------
-- 7.6.1 监督周期不大于 12 个月
---------------------------------------------------------------------------
rule {
  slug     = "surveillance-interval", party = "body",
  clause   = "7.6.1",
  title    = { zh = "监督周期不大于 12 个月", en = "Surveillance interval not above 12 months" },
  stages   = { "surv" },
  severity = "general",
  effect   = "nc",
  params   = { "surveillance_interval_months" },
  check    = function(c, f)
    local h, cert, a = c.history or {}, c.certificate or {}, c.assessment or {}
    local ref_s, ref_ptr = h.last_surveillance_on, "/history/last_surveillance_on"
    if ref_s == nil then ref_s, ref_ptr = h.initial_decision_on, "/history/initial_decision_on" end
    if ref_s == nil then ref_s, ref_ptr = cert.issued_on, "/certificate/issued_on" end
    local ref = D.day(ref_s)
    if not ref then
      return insufficient { zh = "未说明上次监督或认证决定日期", en = "date of the last surveillance or decision not stated",
                            evidence = { "/history/last_surveillance_on", "/history/initial_decision_on", "/certificate/issued_on" } }
    end
    local cur_s, cur_ptr = a.onsite and a.onsite.date, "/assessment/onsite/date"
    if cur_s == nil then cur_s, cur_ptr = c.as_of, "/as_of" end
    local cur = D.day(cur_s)
    if not cur then
      return insufficient { zh = "未说明本次监督日期", en = "date of this surveillance not stated", evidence = { "/assessment/onsite/date" } }
    end
    local lim = P.surveillance_interval_months
    local due = D.add_months(ref, lim)
    local months = D.full_months_between(ref, cur)
    local metrics = { surveillance_interval_months = months, surveillance_due_by = D.format(due) }
    if cur > due then
      return fail {
        zh = string.format("本次监督 %s 距 %s 超过 %d 个月（应不晚于 %s）（7.6.1）", cur_s, ref_s, lim, D.format(due)),
        en = string.format("this surveillance %s is more than %d months after %s (due by %s) (7.6.1)", cur_s, lim, ref_s, D.format(due)),
        evidence = { ref_ptr, cur_ptr },
        values = { from = ref_s, on = cur_s, due_by = D.format(due), limit_months = lim }, metrics = metrics,
      }
    end
    return pass { zh = string.format("本次监督 %s 距 %s 不超过 %d 个月（应不晚于 %s）", cur_s, ref_s, lim, D.format(due)),
                  en = string.format("this surveillance %s is within %d months of %s (due by %s)", cur_s, lim, ref_s, D.format(due)),
                  evidence = { ref_ptr, cur_ptr },
                  values = { from = ref_s, on = cur_s, limit_months = lim }, metrics = metrics }
  end,
}

---------------------------------------------------------------------------
-- 7.6.2 监督重点：原料添加比例的变化
---------------------------------------------------------------------------
rule {
  slug     = "surveillance-feed",
  clause   = "7.6.2",
  title    = { zh = "监督和变更时确认原料添加比例的变化；不同添加比例为不同认证单元（7.6.2、7.1.3）",
               en = "Surveillance and change check the feed ratio; a different ratio is a different certification unit (7.6.2, 7.1.3)" },
  stages   = { "surv", "chg" },
  severity = "general",
  effect   = "nc",
  params   = { "omega_c_max_pct", "code_second_share", "feed_change_effect_at_change", "feed_change_effect_at_surveillance" },
  check    = function(c, f)
    local g = lib.gla.for_case(c, f, P.omega_c_max_pct, P.code_second_share)
    if not g.ok then
      return insufficient { zh = "本期原料投入量数据不完整或有误", en = "this period's feed data missing or wrong", evidence = g.error.ptrs }
    end
    local certified, ptr
    for i, u in ipairs(c.units or {}) do
      if u.feed_code ~= nil then
        if u.feed_code == g.code then certified, ptr = u.feed_code, "/units/" .. (i - 1) .. "/feed_code" break end
        if certified == nil then certified, ptr = u.feed_code, "/units/" .. (i - 1) .. "/feed_code" end
      end
    end
    if certified == nil then
      return insufficient { zh = "未说明获证单元的类型代码 (units[].feed_code)", en = "certified code of the unit (units[].feed_code) not stated",
                            evidence = { "/units" } }
    end
    local chg = stage_group(c, f) == "chg"
    if certified ~= g.code then
      local eff = chg and P.feed_change_effect_at_change or P.feed_change_effect_at_surveillance
      local sev = (eff == "nc") and "general" or "serious"
      local zh_next, en_next
      if eff == "reassess" then
        zh_next, en_next = "不同原料添加比例为不同认证单元（7.1.3），须按新单元重新评价",
                           "a different feed ratio is a different certification unit (7.1.3): the new unit must be assessed"
      else
        zh_next, en_next = "须申请证书变更（7.6.2、7.1.3）", "a certificate change is needed (7.6.2, 7.1.3)"
      end
      return fail {
        zh = "原料添加比例已变化：获证代码 " .. certified .. "，本期计算为 " .. (g.code or "无级别") .. "；" .. zh_next,
        en = "feed ratio changed: certified " .. certified .. ", this period gives " .. (g.code or "no grade") .. "; " .. en_next,
        evidence = { ptr, "/gla/recycled_t", "/gla/green_primary_t", "/gla/other_primary_t" },
        values = { certified = certified, computed = g.code or "none" },
        effect = eff, severity = sev,
      }
    end
    return pass { zh = "本期原料计算代码 " .. certified .. " 与获证单元代码一致，添加比例未变化",
                  en = "this period's feed gives " .. certified .. ", the certified unit's code: the ratio is unchanged",
                  evidence = { ptr }, values = { certified = certified, computed = g.code } }
  end,
}

---------------------------------------------------------------------------
-- 7.6.2 监督检查应覆盖所有认证单元涉及的生产场所
---------------------------------------------------------------------------
rule {
  slug     = "surveillance-sites",
  clause   = "7.6.2",
  title    = { zh = "监督检查覆盖所有认证单元涉及的生产场所", en = "Surveillance covers every production site of the certified units" },
  stages   = { "surv" },
  severity = "general",
  effect   = "nc",
  params   = { "uncovered_site_effect" },
  check    = function(c, f)
    -- the sites of the certified units (units[].site, units[].sites), else the case's sites
    local need, seen = {}, {}
    local function add(id)
      if id ~= nil and not seen[id] then seen[id] = true; need[#need + 1] = id end
    end
    for _, u in ipairs(c.units or {}) do
      add(u.site)
      for _, s in ipairs(u.sites or {}) do add(s) end
    end
    if #need == 0 then
      for _, s in ipairs(c.sites or {}) do add(s.id) end
    end
    if #need == 0 then
      return insufficient { zh = "未说明认证单元涉及的生产场所", en = "the certified units' production sites are not stated",
                            evidence = { "/units", "/sites" } }
    end
    local cov = c.assessment and c.assessment.onsite and c.assessment.onsite.sites_covered
    if cov == nil then
      return insufficient { zh = "未说明本次监督检查覆盖的场所", en = "the sites this surveillance covered are not stated",
                            evidence = { "/assessment/onsite/sites_covered" } }
    end
    local covered = {}
    for _, s in ipairs(cov) do covered[s] = true end
    local missed = {}
    for _, id in ipairs(need) do
      if not covered[id] then missed[#missed + 1] = tostring(id) end
    end
    if #missed > 0 then
      local eff = P.uncovered_site_effect
      return fail {
        zh = "本次监督检查未覆盖场所 " .. table.concat(missed, ", ") .. "（应覆盖 " .. table.concat(need, ", ") .. "），这些场所的持续符合性未经确认（7.6.2）",
        en = "this surveillance did not cover site(s) " .. table.concat(missed, ", ") .. " (all of " .. table.concat(need, ", ") ..
             " must be covered): their continued conformity is not confirmed (7.6.2)",
        evidence = { "/assessment/onsite/sites_covered" },
        values = { required_sites = need, missed_sites = missed },
        effect = eff, severity = (eff == "nc") and "general" or "serious",
      }
    end
    return pass { zh = "本次监督检查覆盖了全部 " .. #need .. " 个场所：" .. table.concat(need, ", "),
                  en = "this surveillance covered all " .. #need .. " site(s): " .. table.concat(need, ", "),
                  evidence = { "/assessment/onsite/sites_covered" }, values = { required_sites = need } }
  end,
}

---------------------------------------------------------------------------
-- 7.6.3 监督发现的不符合项 1 个月内完成整改，否则暂停证书
---------------------------------------------------------------------------
rule {
  slug     = "surveillance-ncs",
  clause   = "7.6.3",
  title    = { zh = "监督不符合项 1 个月内完成整改，逾期暂停证书", en = "Surveillance NCs corrected within 1 month, else suspension" },
  stages   = { "surv" },
  severity = "serious",
  effect   = "suspend",
  params   = { "surveillance_correction_months" },
  check    = function(c, f)
    local a = c.assessment
    if a == nil or a.nonconformities == nil then
      return insufficient { zh = "未提供监督检查发现", en = "surveillance findings not stated", evidence = { "/assessment/nonconformities" } }
    end
    local today = as_of_day(c, f)
    local late, lz, le, unknown
    local open = 0
    for i, nc in ipairs(a.nonconformities) do
      if nc.severity ~= "observation" then
        local ptr = "/assessment/nonconformities/" .. (i - 1)
        local r = D.day(nc.raised_on)
        local deadline = r and D.add_months(r, P.surveillance_correction_months)
        if deadline == nil then
          unknown = unknown or {}; unknown[#unknown + 1] = ptr .. "/raised_on"
        else
          local closed = D.day(nc.closed_on)
          local why
          if closed then
            if closed > deadline then why = "closed " .. nc.closed_on end
          elseif today and today > deadline then
            why = "open"
          else
            open = open + 1
          end
          if why then
            late = late or {}; lz = lz or {}; le = le or {}
            late[#late + 1] = ptr
            lz[#lz + 1] = tostring(nc.id) .. "（提出 " .. nc.raised_on .. "，期限 " .. D.format(deadline) .. (closed and ("，" .. nc.closed_on .. " 关闭") or "，未关闭") .. "）"
            le[#le + 1] = tostring(nc.id) .. " (raised " .. nc.raised_on .. ", due " .. D.format(deadline) .. ", " .. why .. ")"
          end
        end
      end
    end
    if late then
      return fail {
        zh = string.format("不符合项未在 %d 个月内完成整改（自提出日按民法典月期计算），按工厂检查不通过处理，暂停认证证书（7.6.3）：",
                           P.surveillance_correction_months) .. table.concat(lz, "；"),
        en = string.format("NCs not corrected within %d month(s) of being raised (Civil Code months): treated as a failed inspection, certificate suspended (7.6.3): ",
                           P.surveillance_correction_months) .. table.concat(le, "; "),
        evidence = late, values = { late = #late },
      }
    end
    if unknown then
      return insufficient { zh = "不符合项提出日期未说明", en = "date an NC was raised not stated", evidence = unknown }
    end
    return pass { zh = open > 0 and (open .. " 项不符合项尚在 1 个月整改期内，无逾期") or "无逾期未整改的不符合项",
                  en = open > 0 and (open .. " NC(s) still within the 1-month correction period, none late") or "no NC corrected late or left open past 1 month",
                  evidence = { "/assessment/nonconformities" }, values = { open_within_period = open } }
  end,
}
