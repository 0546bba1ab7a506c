-- CICC-CFP chapter 9: verification (9.3 document review, 9.4 man-days and
-- sampling, 9.5.1 stages, 9.6.2 stage 2, 9.8.5 NC closure, 9.9.1 validity,
-- 9.10.1.2 surveillance interval) and Annex A.

local util = lib.util
local num = lib.num
local dates = lib.dates
local fmt = util.fmt_num
-- Read once while the pack loads: in a check, every global name (pass, lib,
-- tostring, ...) is looked up through the sealed environment, and every field
-- of the case or of the facts through a read-only proxy. The checks below
-- read each name and field they need once.
local pass, fail, insufficient = pass, fail, insufficient
local tostring, type, ipairs, math_type = tostring, type, ipairs, math.type
local footprint, verdict, certificate = lib.footprint, lib.verdict, lib.certificate

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
  -- 9.10.1.4 2)–3): the surveillance verification re-reads the GHG performance and its information
  stages  = { "app", "init", "surv" },
  severity = "general",
  effect  = "nc",
  decisive = true,
  params  = { "materiality_default_pct", "declared_decimals" },
  check   = function(c, f)
    local fp = f.fp
    local gap = footprint.comparable(fp)
    if gap then return insufficient(gap) end
    local per_unit, declared = fp.per_unit, fp.declared
    local metrics = { recomputed_tco2e_per_unit = per_unit, declared_tco2e_per_unit = declared,
                      deviation_pct = fp.deviation_pct }
    local m, mptr = materiality_of(c, f)
    local defaulted = m == nil
    if defaulted then m = P.materiality_default_pct end
    local values = { recomputed = per_unit, declared = declared,
                     materiality_pct = m, materiality_defaulted = defaulted }
    -- materiality first (exact decimals), then the rounding of the declared
    -- value (declared_decimals or footprint.declared.decimals)
    local j = footprint.judge(fp, m, P.declared_decimals)
    -- the texts every outcome below writes, made once for both languages
    local rec, dv = num.text(per_unit, 4), num.text(fp.declared_value) .. " " .. tostring(fp.declared_unit_str)
    if j.equal then
      values.deviation_pct = 0
      return pass { zh = "复算碳足迹 " .. rec .. " 与声明值 " .. dv .. " 一致",
                    en = "recomputed footprint " .. rec .. " equals the declared " .. dv,
                    values = values, metrics = metrics }
    end
    if j.deviation then values.deviation_pct = num.tonumber(j.deviation) end
    if j.rounded then
      values.decimals = j.precision
      local prec, m_t = tostring(j.precision), fmt(m)
      return pass { zh = "复算碳足迹 " .. rec .. " 修约到 " .. prec .. " 位小数后等于声明值 " .. dv .. "，低于实质性阈值 " .. m_t .. " %",
                    en = "recomputed footprint " .. rec .. " rounds to the declared " .. dv .. " at " .. prec .. " decimals, below the materiality threshold " .. m_t .. " %",
                    values = values, metrics = metrics }
    end
    local serious = j.material
    local dev = footprint.deviation_text(fp, m)
    local note_zh = defaulted and "（未指定实质性阈值，按核查人员的默认值 " .. fmt(m) .. " %）" or ""
    local note_en = defaulted and " (no materiality threshold stated; the verifier's default " .. fmt(m) .. " % is used)" or ""
    if not serious then
      values.decimals = j.precision
      if j.precision == nil then
        note_zh = note_zh .. "，未给出声明值的修约位数"
        note_en = note_en .. ", no rounding precision of the declared value given"
      else
        local rounded = footprint.rounded_text(j)
        note_zh = note_zh .. "，但声明值不是复算值修约到 " .. j.precision .. " 位小数的结果（" .. rounded .. "，GB/T 8170；参数 declared_decimals）"
        note_en = note_en .. ", but the declared value is not the recomputed value rounded to " .. j.precision .. " decimals (" .. rounded .. ", GB/T 8170; parameter declared_decimals)"
      end
    end
    local ev = { "/footprint/declared/value" }
    if mptr then ev[2] = mptr end
    return fail { severity = serious and "serious" or "general",
                  zh = "复算碳足迹 " .. rec .. " tCO2e，声明值 " .. dv .. "，偏差 " .. dev .. " %，"
                       .. (serious and "达到" or "低于") .. "实质性阈值 " .. fmt(m) .. " %" .. note_zh,
                  en = "recomputed footprint " .. rec .. " tCO2e vs declared " .. dv .. ": deviation "
                       .. dev .. " %, " .. (serious and "at or above" or "below") .. " the materiality threshold " .. fmt(m) .. " %" .. note_en,
                  evidence = ev, values = values, metrics = metrics }
  end,
}

rule {
  slug    = "doc-review-share", party = "body",
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
    -- exact decimal sum and share (lib.num): 0.6 of 0.6 + 1.2 + 1.2 days is 20 %
    local total_d = num.sum({ dr, md.onsite_inspection or 0, md.verification or 0 })
    local total = num.tonumber(total_d)
    if num.cmp(total_d, 0) <= 0 then
      return insufficient { zh = "总人日数为零", en = "total person-days are zero", evidence = { "/assessment/man_days" } }
    end
    local limit = P.doc_review_share_max_pct
    local sh = num.share_pct(dr, total_d)
    local share = num.tonumber(sh)
    -- the exact comparison with the limit, made once. num.text(sh, 1, limit)
    -- prints a share exactly at the limit as the limit itself (lib.num); for
    -- a whole-number limit that is num.text(limit), read without rounding
    -- the ratio first
    local vs_limit = num.cmp(sh, limit)
    local share_t = (vs_limit == 0 and math_type(limit) == "integer") and num.text(limit) or num.text(sh, 1, limit)
    local values = { document_review_days = dr, total_days = total, share_pct = share, limit_pct = limit }
    local dr_t, total_t = fmt(dr), num.text(total_d)   -- once for both languages
    if vs_limit > 0 then
      local limit_t = fmt(limit)
      return fail { zh = "文件审定 " .. dr_t .. " 人日，占总人日 " .. total_t .. " 的 " .. share_t .. " %，超过 " .. limit_t .. " %（9.3）",
                    en = "document review " .. dr_t .. " of " .. total_t .. " person-days = " .. share_t .. " %, above " .. limit_t .. " % (9.3)",
                    evidence = { "/assessment/man_days/document_review" }, values = values }
    end
    return pass { zh = "文件审定 " .. dr_t .. " 人日，占总人日 " .. total_t .. " 的 " .. share_t .. " %，不超过 20 %",
                  en = "document review " .. dr_t .. " of " .. total_t .. " person-days = " .. share_t .. " %, not above 20 %",
                  values = values }
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
    return pass { zh = "已提供碳足迹清单（" .. fp.line_count .. " 条）、产量、声明值和系统边界",
                  en = "inventory (" .. fp.line_count .. " lines), output, declared value and boundary provided",
                  values = { lines = fp.line_count } }
  end,
}

-- 9.4: the share of the Annex A minimum that must remain after a reduction,
-- (100 − man_days_reduction_max_pct) / 100 as an exact decimal (0.7 for 30 %)
local MAN_DAYS_KEPT = num.mul(num.sub(100, P.man_days_reduction_max_pct), "0.01")

rule {
  slug    = "man-days", party = "body", topic = "onsite-days",
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
    local dr, oi, vd
    if md ~= nil then dr, oi, vd = md.document_review, md.onsite_inspection, md.verification end
    if md == nil or (dr == nil and oi == nil and vd == nil) then
      return insufficient { zh = "计划核查人日数未说明", en = "planned person-days not stated", evidence = { "/assessment/man_days" } }
    end
    dr, oi, vd = dr or 0, oi or 0, vd or 0
    local planned = dr + oi + vd
    local red = md.reduction_pct or 0
    local max_red = P.man_days_reduction_max_pct
    local sources, by_case = mc.sources, mc.by_case
    if by_case then
      local metrics = { man_days_planned_days = planned, man_days_report_days = mc.report }
      local values = { sources = sources, planned_days = planned, reduction_pct = red, by_case = by_case }
      if num.gt(red, max_red) then
        return fail { zh = "核查时间减少 " .. fmt(red) .. " %，超过 30 %（9.4）", en = "time reduced by " .. fmt(red) .. " %, above 30 % (9.4)",
                      evidence = { "/assessment/man_days/reduction_pct" }, values = values, metrics = metrics }
      end
      return pass { zh = "GHG 排放源和吸收汇 " .. tostring(sources) .. " 个（100 个以上按个案），减少 " .. fmt(red) .. " %，不超过 30 %",
                    en = tostring(sources) .. " GHG sources and sinks (above 100: by case); reduction " .. fmt(red) .. " %, not above 30 %",
                    values = values, metrics = metrics }
    end
    local stated_min, stated_max, row_min, row_max = mc.stated_min, mc.stated_max, mc.row_min, mc.row_max
    local base = (P.man_days_check_against == "row_sum") and row_min or stated_min
    local floor = base * (100 - max_red) / 100
    -- (each table made by one constructor, at its size)
    local metrics = { man_days_planned_days = planned,
                      man_days_min_days = stated_min, man_days_max_days = stated_max,
                      man_days_row_sum_min_days = row_min, man_days_row_sum_max_days = row_max }
    local values = { sources = sources, planned_days = planned, reduction_pct = red, by_case = by_case,
                     standard_min_days = base, stated_min_days = stated_min, stated_max_days = stated_max,
                     row_sum_min_days = row_min, row_sum_max_days = row_max, floor_days = floor }
    -- planned < base × (100 − max) / 100, compared exactly (lib.num; no
    -- tolerance): the factor (100 − max) / 100 is an exact decimal (0.7),
    -- made once (MAN_DAYS_KEPT)
    local planned_d = num.sum({ dr, oi, vd })
    local below = num.lt(planned_d, num.mul(base, MAN_DAYS_KEPT))
    local planned_t, red_t, floor_t = fmt(planned), fmt(red), fmt(floor)   -- once for both languages
    if num.gt(red, max_red) or below then
      values.stated_total = fmt(stated_min) .. "–" .. fmt(stated_max)
      values.row_sum = fmt(row_min) .. "–" .. fmt(row_max)
      return fail { zh = "计划 " .. planned_t .. " 人日，附录 A 合计 " .. values.stated_total .. " 人日（各行之和 " .. values.row_sum
                         .. "）；减少 " .. red_t .. " %，低于允许的最少 " .. floor_t .. " 人日或减少超过 30 %（9.4）",
                    en = "planned " .. planned_t .. " person-days; Annex A total " .. values.stated_total .. " (row sums " .. values.row_sum
                         .. "); reduction " .. red_t .. " %: below the allowed " .. floor_t .. " or reduced by more than 30 % (9.4)",
                    evidence = { "/assessment/man_days", "/product/ghg_source_count" }, values = values, metrics = metrics }
    end
    local base_t, sources_t = fmt(base), tostring(sources)
    return pass { zh = "计划 " .. planned_t .. " 人日，不少于附录 A 合计最少 " .. base_t .. " 人日减 30 % 后的 " .. floor_t .. " 人日（" ..
                       sources_t .. " 个排放源和吸收汇；减少 " .. red_t .. " %）",
                  en = "planned " .. planned_t .. " person-days, not below " .. floor_t .. " (Annex A minimum " .. base_t .. " less 30 %; " ..
                       sources_t .. " sources and sinks; reduction " .. red_t .. " %)",
                  values = values, metrics = metrics }
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
    if f.site_count <= 1 then
      return pass { zh = "单一场所，无抽样", en = "one site: no sampling", values = { sites = f.site_count, sampled = false } }
    end
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
    if #skipped == 0 then
      return pass { zh = "全部 " .. f.site_count .. " 个场所均已核查", en = "all " .. f.site_count .. " sites verified", values = { sites = f.site_count, sampled = false } }
    end
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
    return pass { zh = "抽样核查，未到场所 " .. table.concat(skipped, ", ") .. " 的活动与抽样场所相同，且无区域因子差异",
                  en = "sites sampled: the unvisited " .. table.concat(skipped, ", ") .. " have the same activities and no regional factor differs",
                  values = { sites = f.site_count, sampled = true, skipped_sites = skipped } }
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
    local s1_t, s2_t = v.stage1_on, v.stage2_on
    local s1, s2 = dates.day(s1_t), dates.day(s2_t)
    if s1 == nil or s2 == nil then
      return insufficient { zh = "第一或第二阶段日期未说明", en = "stage 1 or stage 2 date not stated",
                            evidence = { "/assessment/verification/stage1_on", "/assessment/verification/stage2_on" } }
    end
    local due = dates.add_months(s1, P.stage_gap_months)
    local due_t = dates.format(due)   -- once for both languages
    if s2 < s1 or s2 > due then
      local values = { stage1_on = s1_t, stage2_on = s2_t, latest = due_t }
      return fail { zh = "第二阶段（" .. s2_t .. "）" .. (s2 < s1 and "早于第一阶段" or "距第一阶段（" .. s1_t .. "）超过 6 个月") .. "（9.5.1）",
                    en = "stage 2 (" .. s2_t .. ") " .. (s2 < s1 and "precedes stage 1" or "is more than 6 months after stage 1 (" .. s1_t .. ")") .. " (9.5.1)",
                    evidence = { "/assessment/verification/stage2_on" }, values = values }
    end
    return pass { zh = "第一阶段 " .. s1_t .. "，第二阶段 " .. s2_t .. "，间隔不超过 6 个月（不晚于 " .. due_t .. "）",
                  en = "stage 1 " .. s1_t .. ", stage 2 " .. s2_t .. ": within 6 months (by " .. due_t .. ")",
                  values = { stage1_on = s1_t, stage2_on = s2_t } }
  end,
}

-- 9.8.5's reading of the NCs (made once: it depends only on the parameter)
local NC_OPTS = { closed_late_fails = P.nc_closed_late_withholds }

rule {
  slug    = "ncs-closed", topic = "conclusion",
  clause  = "9.8.5",
  title   = { zh = "核查中发现的问题项在规定期限内纠正并经验证关闭，否则证书不予签发（9.8.5）",
              en = "Every NC corrected in time and verified closed, else no certificate (9.8.5)" },
  stages  = { "init" },
  severity = "serious",
  effect  = "withhold",
  params  = { "nc_closed_late_withholds" },
  check   = function(c, f)
    -- 9.8.5 在规定期限内采取措施进行纠正 … 否则核查评价证书不予签发: an NC closed
    -- after its due_on blocks like one still open past it (parameter)
    local opts = NC_OPTS
    local s = verdict.nc_counts(c, c.as_of, opts)
    if s.status == "fail" then
      local m = verdict.nc_message(s, opts)
      return fail { zh = m.zh .. "（9.8.5）", en = m.en .. " (9.8.5)", severity = s.severity,
                    effect = s.blocking and "withhold" or "nc", evidence = s.evidence, values = s.values }
    end
    local m = verdict.nc_message(s, opts)
    return pass { zh = m.zh, en = m.en, values = s.values }
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
    return certificate.validity(c, SCHEME, P.validity_months, P.validity_end_offset_days)
  end,
}

rule {
  slug    = "surveillance-interval", party = "body",
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
    return pass { zh = "本次监督 " .. this_s .. " 距上次 " .. last_s .. " 不超过 12 个月（不晚于 " .. dates.format(due) .. "）",
                  en = "this surveillance " .. this_s .. " is within 12 months of " .. last_s .. " (by " .. dates.format(due) .. ")",
                  values = { since = last_s, this_surveillance = this_s } }
  end,
}

-- 9.1 核查评价组作为一个整体，其能力需要满足 4.2/4.5 的规定；实习核查员 … 不计入核查评价时间.
-- Read: at least one verifier who is not a trainee; every non-trainee member holds
-- a 4.2.1 qualification (ccaa_registered: CCAA environment/energy auditor, or
-- cf_competent: a GHG / carbon-footprint verifier certificate). Trainees are not
-- counted.
rule {
  slug    = "team-competence",
  clause  = "9.1",
  title   = { zh = "核查评价组能力满足 4.2/4.5；实习核查员不计入（9.1）",
              en = "The verification team meets 4.2 / 4.5; trainees not counted (9.1)" },
  stages  = { "init", "surv" },
  severity = "serious",
  effect  = "withhold",
  params  = { "team_competence_effect" },
  check   = function(c, f)
    local team = util.get(c, "assessment", "team")
    if team == nil or #team == 0 then
      return insufficient { zh = "未说明核查评价组成员", en = "verification team not stated", evidence = { "/assessment/team" } }
    end
    local verifiers, trainees = 0, 0
    local bad, unknown
    for i, m in ipairs(team) do
      if m.trainee == true then
        trainees = trainees + 1
      else
        verifiers = verifiers + 1
        local ccaa, cf = m.ccaa_registered, m.cf_competent
        if ccaa == true or cf == true then
          -- qualified
        elseif ccaa == false and cf == false then
          bad = bad or {}; bad[#bad + 1] = "/assessment/team/" .. (i - 1)
        else
          unknown = unknown or {}; unknown[#unknown + 1] = "/assessment/team/" .. (i - 1)
        end
      end
    end
    local values = { verifiers = verifiers, trainees = trainees }
    local eff = P.team_competence_effect
    local sev = (eff == "nc") and "general" or "serious"
    if verifiers == 0 then
      return fail { zh = "核查评价组只有实习核查员（" .. trainees .. " 名），实习核查员不计入（9.1）",
                    en = "the team has only trainees (" .. trainees .. "), who are not counted (9.1)",
                    evidence = { "/assessment/team" }, values = values, effect = eff, severity = sev }
    end
    if bad then
      values.unqualified = #bad
      return fail { zh = #bad .. " 名核查员既无 CCAA 审核员证书也无温室气体核查相关证书（4.2.1、9.1）",
                    en = #bad .. " verifier(s) hold neither a CCAA auditor certificate nor a GHG verifier certificate (4.2.1, 9.1)",
                    evidence = bad, values = values, effect = eff, severity = sev }
    end
    if unknown then
      return insufficient { zh = "部分核查员的资格未说明", en = "some verifiers' qualifications are not stated", evidence = unknown, values = values }
    end
    return pass { zh = verifiers .. " 名核查员均具备 4.2.1 资格" .. (trainees > 0 and ("；" .. trainees .. " 名实习核查员不计入") or ""),
                  en = verifiers .. " verifier(s), each qualified per 4.2.1" .. (trainees > 0 and ("; " .. trainees .. " trainee(s) not counted") or ""),
                  values = values }
  end,
}

-- 9.8.1 核查评价报告应包含的内容 (keys of footprint.report_sections, parameter report_sections)
rule {
  slug    = "report-content",
  clause  = "9.8.1",
  title   = { zh = "核查评价报告包含 9.8.1 规定的内容", en = "The verification report holds the contents 9.8.1 lists" },
  stages  = { "init" },
  severity = "general",
  effect  = "nc",
  params  = { "report_sections" },
  check   = function(c, f)
    local have = util.get(c, "footprint", "report_sections")
    if have == nil then
      return insufficient { zh = "未说明核查评价报告的内容", en = "the report's sections are not stated", evidence = { "/footprint/report_sections" } }
    end
    local set = util.keys_set(have)
    local sections = P.report_sections
    local missing = {}
    for _, k in ipairs(sections) do
      if not set[k] then missing[#missing + 1] = k end
    end
    if #missing > 0 then
      return fail { zh = "核查评价报告缺少 9.8.1 规定的内容：" .. table.concat(missing, ", "),
                    en = "the verification report lacks 9.8.1 contents: " .. table.concat(missing, ", "),
                    evidence = { "/footprint/report_sections" }, values = { missing = missing } }
    end
    local n_s = tostring(#sections)
    return pass { zh = "核查评价报告包含 9.8.1 规定的全部 " .. n_s .. " 项内容",
                  en = "the verification report holds all " .. n_s .. " contents 9.8.1 lists",
                  values = { sections = #have } }
  end,
}

-- 9.10.1.4 2) 温室气体排放相关绩效及变化情况, 4) 证实持续减少温室气体排放的情况;
-- 9.10.2.2 3) the same at recertification. The recomputed footprint is compared
-- with the previous result (history.previous_result, else initial_result), on
-- the recomputed value as computed, on exact decimals (lib.num): no rounding,
-- no tolerance. kgCO2e/t is converted by a power of ten.
local SHIFT = { ["tCO2e/t"] = 0, ["kgCO2e/t"] = -3 }

local function reduction(c, f, clause)
  local h = c.history or {}
  local prev, ptr = h.previous_result, "/history/previous_result"
  if prev == nil then prev, ptr = h.initial_result, "/history/initial_result" end
  if prev == nil or type(prev.value) ~= "number" then
    return insufficient { zh = "未说明上次（或初次）核查结果，无法确认排放绩效的变化", en = "no previous (or initial) result stated: the change in GHG performance cannot be shown",
                          evidence = { "/history/previous_result", "/history/initial_result" } }
  end
  if prev.unit == nil then   -- never guessed (t or kg per tonne differ by 1 000)
    return insufficient { zh = "未说明上次核查结果的单位", en = "unit of the previous result not stated", evidence = { ptr .. "/unit" } }
  end
  local shift = SHIFT[prev.unit]
  if shift == nil then
    return insufficient { zh = "上次核查结果的单位无法识别：" .. tostring(prev.unit), en = "unit of the previous result not recognised: " .. tostring(prev.unit),
                          evidence = { ptr .. "/unit" } }
  end
  local fp = f.fp
  if fp == nil or fp.per_unit == nil then
    return insufficient { zh = "本次碳足迹无法复算", en = "this round's footprint cannot be recomputed", evidence = { "/footprint" } }
  end
  local before = shift == 0 and prev.value or num.shift(prev.value, shift)
  local now = fp.per_unit
  local change = num.ratio_pct(now, before)
  local change_pct = tonumber(num.text(change, 2))   -- GB/T 8170, two decimals (display)
  local values = { previous = before, recomputed = now, change_pct = change_pct, compared_with = ptr }
  local metrics = { previous_result_tco2e_per_t = before, change_vs_previous_pct = change_pct }
  local now_t, before_t, ch_t = num.text(now, 4, before), num.text(before), num.text(change, 2, 0)
  if num.lt(now, before) then
    return pass { zh = string.format("复算碳足迹 %s tCO2e/t，低于上次结果 %s（%s %%），排放持续减少", now_t, before_t, ch_t),
                  en = string.format("recomputed footprint %s tCO2e/t, below the previous %s (%s %%): emissions keep decreasing", now_t, before_t, ch_t),
                  evidence = { ptr .. "/value" }, values = values, metrics = metrics }
  end
  return fail { zh = string.format("复算碳足迹 %s tCO2e/t 不低于上次结果 %s（+%s %%），未能证实持续减少温室气体排放（%s）", now_t, before_t, ch_t, clause),
                en = string.format("recomputed footprint %s tCO2e/t is not below the previous %s (+%s %%): a continued reduction is not shown (%s)", now_t, before_t, ch_t, clause),
                evidence = { ptr .. "/value", "/footprint/inventory" }, values = values, metrics = metrics,
                severity = P.no_reduction_severity }
end

rule {
  slug    = "surveillance-content",
  clause  = "9.10.1.4",
  title   = { zh = "监督核查关注温室气体排放绩效及变化，证实持续减少温室气体排放（9.10.1.4 2)、4)）",
              en = "Surveillance looks at GHG performance and its change and shows a continued reduction (9.10.1.4 2), 4))" },
  stages  = { "surv" },
  severity = "observation",
  effect  = "nc",
  params  = { "no_reduction_severity" },
  check   = function(c, f) return reduction(c, f, "9.10.1.4 4)") end,
}

rule {
  slug    = "recert-content",
  clause  = "9.10.2",
  title   = { zh = "再认证关注核查范围和边界、信息一致性，证实持续减少温室气体排放（9.10.2.2）",
              en = "Recertification reviews scope and boundary, consistency, and shows a continued reduction (9.10.2.2)" },
  stages  = { "recert" },
  severity = "observation",
  effect  = "nc",
  params  = { "no_reduction_severity" },
  check   = function(c, f)
    local b = util.get(c, "footprint", "boundary")
    if b == nil or b.scope == nil then
      return insufficient { zh = "新认证周期的核查范围和边界未说明（9.10.2.2 1)）", en = "the new cycle's scope and boundary are not stated (9.10.2.2 1))",
                            evidence = { "/footprint/boundary" } }
    end
    return reduction(c, f, "9.10.2.2 3)")
  end,
}
