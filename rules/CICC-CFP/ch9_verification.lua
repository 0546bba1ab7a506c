-- CICC-CFP chapter 9: verification (9.3 document review, 9.4 man-days and
-- sampling, 9.5.1 stages, 9.6.2 stage 2, 9.8.5 NC closure, 9.9.1 validity,
-- 9.10.1.2 surveillance interval) and Annex A.

local util = lib.util
local dates = lib.dates
local fmt = util.fmt_num

-- Materiality: at application from `request`; later from assessment.verification, else `request`.
local function materiality_of(c, f)
  if f.stage_group ~= "app" then
    local m = util.get(c, "assessment", "verification", "materiality_pct")
    if m ~= nil then return m, "/assessment/verification/materiality_pct" end
  end
  local m = util.get(c, "request", "materiality_pct")
  if m ~= nil then return m, "/request/materiality_pct" end
  return nil, nil
end

rule {
  slug    = "recompute",
  clause  = "9.6.2",
  title   = { zh = "核查数据和计算（GWP、排放因子、计算方法学）及绩效数据的准确性和实质性：复算结果与声明值一致，偏差达到实质性阈值为严重不符合（9.6.2 2)–3)、7）",
              en = "Data, GWP, factors and calculation verified; result accurate and material: the recomputed footprint equals the declared one, a deviation at or above materiality is serious (9.6.2 2)–3), 7)" },
  stages  = { "app", "init" },
  severity = "general",
  effect  = "nc",
  decisive = true,
  params  = { "materiality_default_pct" },
  check   = function(c, f)
    local fp = f.fp
    local gap = lib.footprint.comparable(fp)
    if gap then return insufficient(gap) end
    local metrics = { recomputed_tco2e_per_unit = fp.per_unit }
    local m, mptr = materiality_of(c, f)
    local defaulted = m == nil
    if defaulted then m = P.materiality_default_pct end
    metrics.declared_tco2e_per_unit = fp.declared
    metrics.deviation_pct = fp.deviation_pct
    local values = { recomputed = fp.per_unit, declared = fp.declared, deviation_pct = fp.deviation_pct,
                     materiality_pct = m, materiality_defaulted = defaulted, tolerance = fp.declared_tolerance }
    if fp.within_rounding then
      return pass { values = values, metrics = metrics }
    end
    local serious = lib.footprint.material(fp, m)
    local dev_zh, dev_en = lib.footprint.deviation_text(fp)
    local note_zh = defaulted and "（未指定实质性阈值，按核查人员的默认值 " .. fmt(m) .. " %）" or ""
    local note_en = defaulted and " (no materiality threshold stated; the verifier's default " .. fmt(m) .. " % is used)" or ""
    local ev = { "/footprint/declared/value" }
    if mptr then ev[2] = mptr end
    return fail { severity = serious and "serious" or "general",
                  zh = "复算碳足迹 " .. fmt(fp.per_unit, 4) .. "，声明值 " .. fmt(fp.declared, 4) .. "，偏差 " .. dev_zh .. " %，"
                       .. (serious and "达到" or "低于") .. "实质性阈值 " .. fmt(m) .. " %" .. note_zh,
                  en = "recomputed footprint " .. fmt(fp.per_unit, 4) .. " vs declared " .. fmt(fp.declared, 4) .. ": deviation "
                       .. dev_en .. " %, " .. (serious and "at or above" or "below") .. " the materiality threshold " .. fmt(m) .. " %" .. note_en,
                  evidence = ev, values = values, metrics = metrics }
  end,
}

rule {
  slug    = "doc-review-share",
  clause  = "9.3",
  title   = { zh = "文件审定的时间不能超过总人天的 20%（9.3）", en = "Document review at most 20 % of the total person-days (9.3)" },
  stages  = { "init" },
  severity = "general",
  effect  = "body",
  params  = { "doc_review_share_max_pct" },
  check   = function(c, f)
    local md = util.get(c, "assessment", "man_days")
    local dr = md and md.document_review
    if type(dr) ~= "number" then
      return insufficient { zh = "文件审定人日数未说明", en = "document-review person-days not stated",
                            evidence = { "/assessment/man_days/document_review" } }
    end
    local total = dr + (md.onsite_inspection or 0) + (md.verification or 0)
    if total <= 0 then
      return insufficient { zh = "总人日数为零", en = "total person-days are zero", evidence = { "/assessment/man_days" } }
    end
    local share = dr * 100 / total
    local values = { document_review_days = dr, total_days = total, share_pct = share, limit_pct = P.doc_review_share_max_pct }
    if share > P.doc_review_share_max_pct then
      return fail { zh = "文件审定 " .. fmt(dr) .. " 人日，占总人日 " .. fmt(total) .. " 的 " .. fmt(share, 1) .. " %，超过 20 %（9.3）",
                    en = "document review " .. fmt(dr) .. " of " .. fmt(total) .. " person-days = " .. fmt(share, 1) .. " %, above 20 % (9.3)",
                    evidence = { "/assessment/man_days/document_review" }, values = values }
    end
    return pass { values = values }
  end,
}

rule {
  slug    = "info-sufficient",
  clause  = "9.3",
  title   = { zh = "申请组织提供信息不足时，核查员应停止核查评价（9.3）",
              en = "Verification stops when the applicant's information is insufficient (9.3)" },
  stages  = { "app" },
  severity = "general",
  effect  = "metric",   -- decide.lua turns a fail into insufficient_data (verification stops)
  check   = function(c, f)
    local fp = f.fp
    local miss
    local function need(ok, ptr) if not ok then miss = miss or {}; miss[#miss + 1] = ptr end end
    need(fp.present, "/footprint")
    if fp.present then
      need(fp.line_count > 0, "/footprint/inventory")
      need(fp.output_value ~= nil, "/footprint/output")
      need(util.get(c, "footprint", "declared", "value") ~= nil, "/footprint/declared")
      need(util.get(c, "footprint", "boundary") ~= nil, "/footprint/boundary")
    end
    if miss then
      return fail { zh = "申请组织提供的信息不足（碳足迹清单、产量、声明值或系统边界缺失），停止核查评价（9.3）",
                            en = "the applicant's information is insufficient (inventory, output, declared value or boundary missing): verification stops (9.3)",
                            evidence = miss }
    end
    return pass { values = { lines = fp.line_count } }
  end,
}

rule {
  slug    = "man-days", topic = "onsite-days",
  clause  = "9.4",
  title   = { zh = "核查人天按附录 A 依 GHG 排放源和吸收汇个数确定：1–30 个 2–6 人日，31–100 个 4–8 人日，100 个以上按个案；减少不得超过 30 %（9.4、附录 A）",
              en = "Person-days by Annex A from the number of GHG sources and sinks: 1–30 → 2–6, 31–100 → 4–8, > 100 by case; reductions at most 30 % (9.4, Annex A)" },
  stages  = { "init" },
  severity = "general",
  effect  = "nc",
  params  = { "man_days_reduction_max_pct", "man_days_check_against" },
  check   = function(c, f)
    local mc = f.mandays.cicc
    if mc == nil then
      return insufficient { zh = "GHG 排放源和吸收汇个数未说明", en = "number of GHG sources and sinks not stated",
                            evidence = { "/product/ghg_source_count" } }
    end
    local md = util.get(c, "assessment", "man_days")
    if md == nil or (md.document_review == nil and md.onsite_inspection == nil and md.verification == nil) then
      return insufficient { zh = "计划核查人日数未说明", en = "planned person-days not stated", evidence = { "/assessment/man_days" } }
    end
    local planned = (md.document_review or 0) + (md.onsite_inspection or 0) + (md.verification or 0)
    local red = md.reduction_pct or 0
    local metrics = { man_days_planned_days = planned }
    local values = { sources = mc.sources, planned_days = planned, reduction_pct = red, by_case = mc.by_case }
    if mc.by_case then
      metrics.man_days_report_days = mc.report
      if red > P.man_days_reduction_max_pct then
        return fail { zh = "核查时间减少 " .. fmt(red) .. " %，超过 30 %（9.4）", en = "time reduced by " .. fmt(red) .. " %, above 30 % (9.4)",
                      evidence = { "/assessment/man_days/reduction_pct" }, values = values, metrics = metrics }
      end
      return pass { values = values, metrics = metrics }
    end
    metrics.man_days_min_days = mc.stated_min
    metrics.man_days_max_days = mc.stated_max
    metrics.man_days_row_sum_min_days = mc.row_min
    metrics.man_days_row_sum_max_days = mc.row_max
    local base = (P.man_days_check_against == "row_sum") and mc.row_min or mc.stated_min
    values.standard_min_days = base
    values.stated_min_days, values.stated_max_days = mc.stated_min, mc.stated_max
    values.row_sum_min_days, values.row_sum_max_days = mc.row_min, mc.row_max
    local floor = base * (100 - P.man_days_reduction_max_pct) / 100
    values.floor_days = floor
    if red > P.man_days_reduction_max_pct or planned < floor - 1e-9 then
      values.stated_total = fmt(mc.stated_min) .. "–" .. fmt(mc.stated_max)
      values.row_sum = fmt(mc.row_min) .. "–" .. fmt(mc.row_max)
      return fail { zh = "计划 " .. fmt(planned) .. " 人日，附录 A 合计 " .. values.stated_total .. " 人日（各行之和 " .. values.row_sum
                         .. "）；减少 " .. fmt(red) .. " %，低于允许的最少 " .. fmt(floor) .. " 人日或减少超过 30 %（9.4）",
                    en = "planned " .. fmt(planned) .. " person-days; Annex A total " .. values.stated_total .. " (row sums " .. values.row_sum
                         .. "); reduction " .. fmt(red) .. " %: below the allowed " .. fmt(floor) .. " or reduced by more than 30 % (9.4)",
                    evidence = { "/assessment/man_days", "/product/ghg_source_count" }, values = values, metrics = metrics }
    end
    return pass { values = values, metrics = metrics }
  end,
}

rule {
  slug    = "site-sampling",
  clause  = "9.4.1",
  title   = { zh = "多场所抽样仅限活动相同或相近且无显著影响的区域性因素；否则逐一到各现场核查（9.4.1）",
              en = "Sites may be sampled only when their activities are alike and no regional factor matters; otherwise every site is visited (9.4.1)" },
  stages  = { "init" },
  severity = "general",
  effect  = "nc",
  check   = function(c, f)
    if f.site_count <= 1 then return pass { values = { sites = f.site_count, sampled = false } } end
    local sampled = util.get(c, "assessment", "verification", "sampled_sites")
    if sampled == nil then
      return insufficient { zh = "多场所但未说明核查覆盖的场所", en = "several sites but the sites verified are not stated",
                            evidence = { "/assessment/verification/sampled_sites" } }
    end
    local in_sample = util.keys_set(sampled)
    local skipped = {}
    for _, s in ipairs(f.sites) do
      if not in_sample[s.id] then skipped[#skipped + 1] = s.id end
    end
    if #skipped == 0 then return pass { values = { sites = f.site_count, sampled = false } } end
    -- activities: product forms of the units at each site
    local forms_sampled, forms_skipped = {}, {}
    for _, u in ipairs(f.units) do
      if u.site ~= nil and u.product_form ~= nil then
        if in_sample[u.site] then forms_sampled[u.product_form] = true else forms_skipped[u.product_form] = true end
      end
    end
    local differ = false
    for form in pairs(forms_skipped) do if not forms_sampled[form] then differ = true end end
    -- regional factors: sites in more than one province while regional factors are used
    local provinces, np = {}, 0
    for _, s in ipairs(f.sites) do
      if s.province ~= nil and not provinces[s.province] then provinces[s.province] = true; np = np + 1 end
    end
    local regional = 0
    if np > 1 then
      for _, l in ipairs(f.fp.lines) do
        if l.rank ~= nil and l.rank.source_kind == "regional" then regional = regional + 1 end
      end
    end
    if differ or regional > 0 then
      local zh, en = {}, {}
      if differ then zh[#zh + 1] = "未核查场所的活动与抽样场所不同"; en[#en + 1] = "activities at the unvisited sites differ from the sampled ones" end
      if regional > 0 then
        zh[#zh + 1] = "场所分属不同地区且使用了 " .. regional .. " 个区域排放因子"
        en[#en + 1] = "the sites lie in different regions and " .. regional .. " regional factor(s) are used"
      end
      return fail { zh = "不能抽样核查，应逐一到各现场：" .. table.concat(zh, "；") .. "（9.4.1）",
                    en = "sampling not allowed, every site must be visited: " .. table.concat(en, "; ") .. " (9.4.1)",
                    evidence = { "/assessment/verification/sampled_sites" },
                    values = { skipped_sites = skipped, regional_factor_lines = regional, activities_differ = differ } }
    end
    return pass { values = { sites = f.site_count, sampled = true, skipped_sites = skipped } }
  end,
}

rule {
  slug    = "stage-gap",
  clause  = "9.5.1",
  title   = { zh = "第一阶段和第二阶段的间隔不应超过 6 个月（9.5.1）", en = "Stage 1 to stage 2 at most 6 months (9.5.1)" },
  stages  = { "init" },
  severity = "general",
  effect  = "nc",
  params  = { "stage_gap_months" },
  check   = function(c, f)
    local v = util.get(c, "assessment", "verification") or {}
    local s1, s2 = dates.day(v.stage1_on), dates.day(v.stage2_on)
    if s1 == nil or s2 == nil then
      return insufficient { zh = "第一或第二阶段日期未说明", en = "stage 1 or stage 2 date not stated",
                            evidence = { "/assessment/verification/stage1_on", "/assessment/verification/stage2_on" } }
    end
    local due = dates.add_months(s1, P.stage_gap_months)
    if s2 < s1 or s2 > due then
      local values = { stage1_on = v.stage1_on, stage2_on = v.stage2_on, latest = dates.format(due) }
      return fail { zh = "第二阶段（" .. v.stage2_on .. "）" .. (s2 < s1 and "早于第一阶段" or "距第一阶段（" .. v.stage1_on .. "）超过 6 个月") .. "（9.5.1）",
                    en = "stage 2 (" .. v.stage2_on .. ") " .. (s2 < s1 and "precedes stage 1" or "is more than 6 months after stage 1 (" .. v.stage1_on .. ")") .. " (9.5.1)",
                    evidence = { "/assessment/verification/stage2_on" }, values = values }
    end
    return pass { values = { stage1_on = v.stage1_on, stage2_on = v.stage2_on } }
  end,
}

rule {
  slug    = "ncs-closed", topic = "conclusion",
  clause  = "9.8.5",
  title   = { zh = "核查中发现的问题项在规定期限内纠正并经验证关闭，否则证书不予签发（9.8.5）",
              en = "Every NC corrected in time and verified closed, else no certificate (9.8.5)" },
  stages  = { "init" },
  severity = "serious",
  effect  = "withhold",
  check   = function(c, f)
    local ncs = c.assessment and c.assessment.nonconformities
    local open = false
    if ncs then
      for i = 1, #ncs do if ncs[i].closed_on == nil then open = true; break end end
    end
    if not open then return pass { values = { nc_total = ncs and #ncs or 0, nc_open = 0 } } end
    local s = lib.verdict.nc_counts(c, c.as_of)
    if s.status == "fail" then
      local m = lib.verdict.nc_message(s)
      return fail { zh = m.zh .. "（9.8.5）", en = m.en .. " (9.8.5)", severity = s.severity,
                    effect = s.blocking and "withhold" or "nc", evidence = s.evidence, values = s.values }
    end
    return pass { values = s.values }
  end,
}

rule {
  slug    = "validity",
  clause  = "9.9.1",
  title   = { zh = "碳足迹证书自发布之日最长 3 年内有效（9.9.1、10.4）", en = "A CFP certificate is valid at most 3 years from issue (9.9.1, 10.4)" },
  stages  = { "init" },
  severity = "general",
  effect  = "nc",
  params  = { "validity_months", "validity_end_offset_days" },
  check   = function(c, f)
    return lib.certificate.validity(c, SCHEME, P.validity_months, P.validity_end_offset_days)
  end,
}

rule {
  slug    = "surveillance-interval",
  clause  = "9.10.1.2",
  title   = { zh = "两次监督核查评价的时间间隔不应大于 12 个月（9.10.1.2）", en = "At most 12 months between surveillance verifications (9.10.1.2)" },
  stages  = { "surv" },
  severity = "general",
  effect  = "nc",
  params  = { "surveillance_max_months" },
  check   = function(c, f)
    local od = util.get(c, "assessment", "onsite", "date")
    local this, this_ptr, this_s = f.as_of, "/as_of", c.as_of
    if od ~= nil then this, this_ptr, this_s = dates.day(od), "/assessment/onsite/date", od end
    local h = c.history or {}
    local last_s, last_ptr = h.last_surveillance_on, "/history/last_surveillance_on"
    if last_s == nil then last_s, last_ptr = h.initial_decision_on, "/history/initial_decision_on" end
    if last_s == nil then last_s, last_ptr = util.get(c, "certificate", "issued_on"), "/certificate/issued_on" end
    local last = dates.day(last_s)
    if last == nil or this == nil then
      return insufficient { zh = "上次监督（或认证决定）日期或本次日期未说明", en = "last surveillance (or decision) date or this date not stated",
                            evidence = { last_ptr, this_ptr } }
    end
    local due = dates.add_months(last, P.surveillance_max_months)
    if this > due then
      local values = { since = last_s, this_surveillance = this_s, due = dates.format(due) }
      return fail { zh = "本次监督 " .. this_s .. " 距上次 " .. last_s .. " 超过 12 个月（9.10.1.2）",
                    en = "this surveillance " .. this_s .. " is more than 12 months after " .. last_s .. " (9.10.1.2)",
                    evidence = { this_ptr, last_ptr }, values = values }
    end
    return pass { values = { since = last_s, this_surveillance = this_s } }
  end,
}
