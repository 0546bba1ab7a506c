-- NTE-GLA chapter 5 数据质量要求
-- 5.1 认证委托人要确保提供的绿电铝原料持有凭证、再生铝原料采购记录或流转记录、原料使用记录、
--     原料投入量的质量百分比等数据的真实性。认证机构对上述材料进行审核。
-- 5.2 检查组应审核企业提供的碳足迹数据质量: 数据准确性、数据代表性、模型一致性。

-- 5.1 当前持有凭证 / 7.1.2(5) 绿电铝原料当前持有凭证: the certificates must be held
-- now (gla.green_power_evidence_current). A grade computed from feed whose
-- evidence is missing or not current is published as provisional
-- (grade_status, decide.lua) and the finding says what the grade would be
-- without that feed (lib.gla.without_unproven: the unproven tonnage counted
-- as class C, parameter unproven_feed_class).
local function without_text(g, ub, ua)
  local w = lib.gla.without_unproven(g, ub, ua)
  if w == nil then return nil end
  if not w.ok then return "", "", "none" end
  local fmt_num = lib.util.fmt_num
  local moved = (ub and g.m_b_t or 0) + (ua and g.m_a_t or 0)
  local zh = string.format("未经证实的 %s t 原料按 C 类计，ω_c = %d %%：", fmt_num(moved), w.omega_c_pct)
  local en = string.format("with the unproven %s t counted as class C, ω_c = %d %%: ", fmt_num(moved), w.omega_c_pct)
  if w.code then
    zh = zh .. "类型代码为 " .. w.code
    en = en .. "the code would be " .. w.code
  else
    zh = zh .. string.format("大于 %d %%，无绿色低碳铝级别", P.omega_c_max_pct)
    en = en .. string.format("above %d %%, no GLA grade", P.omega_c_max_pct)
  end
  return zh, en, w.code or "none"
end

rule {
  slug     = "feed-evidence",
  clause   = "5.1",
  title    = { zh = "绿电铝当前持有凭证、再生铝采购/流转记录、原料使用记录齐备",
               en = "Current green-power certificates, recycled purchase/transfer records and feed usage records held" },
  stages   = "all",
  severity = "general",
  effect   = "supplement",
  params   = { "unproven_feed_class", "omega_c_max_pct" },
  check    = function(c, f)
    local g = c.gla
    if g == nil then
      return insufficient { zh = "未提供绿色低碳铝原料数据 (gla)", en = "no GLA feed data (gla) stated", evidence = { "/gla" } }
    end
    local missing, unknown
    local unproven_b, unproven_a = false, false
    local function need(field, zh, en, cls)
      local v = g[field]
      if v == true then return end
      if cls == "B" then unproven_b = true elseif cls == "A" then unproven_a = true end
      if v == nil then
        unknown = unknown or { ptrs = {}, zh = {}, en = {} }
        unknown.ptrs[#unknown.ptrs + 1] = "/gla/" .. field
        unknown.zh[#unknown.zh + 1] = zh
        unknown.en[#unknown.en + 1] = en
      else
        missing = missing or { ptrs = {}, zh = {}, en = {} }
        missing.ptrs[#missing.ptrs + 1] = "/gla/" .. field
        missing.zh[#missing.zh + 1] = zh
        missing.en[#missing.en + 1] = en
      end
    end
    -- green-power certificates only matter for class B feed, recycled records for class A
    local mb, ma = g.green_primary_t, g.recycled_t
    local held = {}
    if type(mb) ~= "number" or mb > 0 then
      need("green_power_evidence", "绿电铝原料持有凭证", "green-power certificates", "B")
      if g.green_power_evidence == true then
        need("green_power_evidence_current", "绿电铝原料凭证为当前持有（未转让、注销或过期）",
             "green-power certificates currently held (not transferred, cancelled or expired)", "B")
        if g.green_power_evidence_current == true then held[#held + 1] = "B" end
      end
    end
    if type(ma) ~= "number" or ma > 0 then
      need("recycled_records", "再生铝原料采购记录或流转记录", "recycled purchase or transfer records", "A")
      if g.recycled_records == true then held[#held + 1] = "A" end
    end
    need("usage_records", "原料使用记录（出入库及使用）", "feed usage and in/out records")
    local values = {}
    local wz, we
    if missing or unknown then
      local gg = lib.gla.for_case(c, f, P.omega_c_max_pct, P.code_second_share)
      if gg.ok and gg.code then
        local code_without
        wz, we, code_without = without_text(gg, unproven_b, unproven_a)
        if wz then
          values.grade_status = "provisional"
          values.code = gg.code
          values.code_without_unproven_feed = code_without
        end
      end
    end
    local function tail(zh)
      if not wz then return "" end
      if zh then return "；计算代码 " .. values.code .. " 仅为暂定：" .. wz end
      return "; the computed code " .. values.code .. " is provisional: " .. we
    end
    if missing then
      local ev = missing.ptrs
      if unknown then for i = 1, #unknown.ptrs do ev[#ev + 1] = unknown.ptrs[i] end end
      values.missing = missing.ptrs
      return fail {
        zh = "缺少原料证据（5.1）：" .. table.concat(missing.zh, "、") .. tail(true),
        en = "feed evidence not held (5.1): " .. table.concat(missing.en, ", ") .. tail(false),
        evidence = ev, values = values,
      }
    end
    if unknown then
      values.not_stated = unknown.ptrs
      return insufficient { zh = "未说明原料证据是否具备：" .. table.concat(unknown.zh, "、") .. tail(true),
                            en = "not stated whether the feed evidence is held: " .. table.concat(unknown.en, ", ") .. tail(false),
                            evidence = unknown.ptrs, values = values }
    end
    local zh, en = {}, {}
    for _, k in ipairs(held) do
      if k == "B" then zh[#zh + 1] = "当前持有的绿电铝凭证"; en[#en + 1] = "current green-power certificates"
      else zh[#zh + 1] = "再生铝采购或流转记录"; en[#en + 1] = "recycled purchase or transfer records" end
    end
    zh[#zh + 1] = "原料使用记录"; en[#en + 1] = "feed usage records"
    return pass { zh = "已具备：" .. table.concat(zh, "、"), en = "held: " .. table.concat(en, ", "),
                  evidence = { "/gla" }, values = { grade_status = "established" } }
  end,
}

rule {
  slug     = "cf-data-quality", topic = "data-quality",
  clause   = "5.2",
  title    = { zh = "碳足迹数据质量：准确性、代表性、模型一致性",
               en = "Footprint data quality: accuracy, representativeness, model consistency" },
  stages   = "all",
  severity = "general",
  effect   = "nc",
  params   = { "cf_dq_worst_level" },
  check    = function(c, f)
    local fp = f.fp
    if fp == nil or not fp.present then
      return insufficient { zh = "未提供碳足迹数据 (footprint)", en = "no footprint data stated", evidence = { "/footprint" } }
    end
    -- model consistency: the study's boundary scope is the product's life cycle
    local scope = c.footprint.boundary and c.footprint.boundary.scope
    local lc = c.product and c.product.life_cycle
    local inconsistent = scope ~= nil and lc ~= nil and scope ~= lc
    -- accuracy and representativeness: every line rated at least fair (WPRZ 7.7.4.7 table)
    local qc = fp.quality_counts or {}
    local worst = P.cf_dq_worst_level
    local below = 0
    if worst < 2 then below = below + (qc.fair or 0) end
    if worst < 3 then below = below + (qc.poor or 0) end
    if worst < 4 then below = below + (qc.unusable or 0) end
    if below > 0 or inconsistent then
      local ptrs, ids = {}, {}
      if inconsistent then ptrs[1] = "/footprint/boundary/scope" end
      if below > 0 then
        for _, ln in ipairs(fp.lines) do
          local lv = ln.quality and ln.quality.level
          if lv and lv > worst then
            ptrs[#ptrs + 1] = ln.ptr
            ids[#ids + 1] = ln.line.id or ln.ptr
          end
        end
      end
      local zh, en = {}, {}
      if below > 0 then
        zh[#zh + 1] = "数据质量评级低于“一般”的清单行：" .. table.concat(ids, ", ")
        en[#en + 1] = "inventory lines rated below fair: " .. table.concat(ids, ", ")
      end
      if inconsistent then
        zh[#zh + 1] = "系统边界 " .. tostring(scope) .. " 与产品生命周期 " .. tostring(lc) .. " 不一致（模型一致性）"
        en[#en + 1] = "boundary scope " .. tostring(scope) .. " differs from the product life cycle " .. tostring(lc) .. " (model consistency)"
      end
      return fail {
        zh = table.concat(zh, "；") .. "（5.2；判定口径：每行至少“一般”）",
        en = table.concat(en, "; ") .. " (5.2; reading: every line at least fair)",
        evidence = ptrs,
        values = { lines_below = below, boundary_scope = scope, life_cycle = lc, worst_level_allowed = worst },
      }
    end
    if (qc.unrated or 0) > 0 then
      local ptrs = {}
      for _, ln in ipairs(fp.lines) do
        if ln.quality == nil or ln.quality.level == nil then ptrs[#ptrs + 1] = ln.ptr end
      end
      return insufficient { zh = "部分清单行未给出完整的数据质量指标", en = "some inventory lines lack data-quality indicators",
                            evidence = ptrs, values = { lines_unrated = qc.unrated } }
    end
    local both = scope ~= nil and lc ~= nil
    return pass {
      zh = string.format("%d 条清单行数据质量至少为“一般”（好 %d、一般 %d）；", fp.line_count or 0, qc.good or 0, qc.fair or 0) ..
           (both and ("系统边界 " .. tostring(scope) .. " 与产品生命周期一致") or "系统边界或产品生命周期未说明，模型一致性未核对"),
      en = string.format("%d inventory line(s) rated at least fair (good %d, fair %d); ", fp.line_count or 0, qc.good or 0, qc.fair or 0) ..
           (both and ("boundary " .. tostring(scope) .. " consistent with the product life cycle") or "boundary or product life cycle not stated: model consistency not checked"),
      evidence = { "/footprint/inventory" },
      values = { good = qc.good or 0, fair = qc.fair or 0 },
    }
  end,
}
