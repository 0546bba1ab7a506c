-- NTE-GLA chapter 5 数据质量要求
-- 5.1 认证委托人要确保提供的绿电铝原料持有凭证、再生铝原料采购记录或流转记录、原料使用记录、
--     原料投入量的质量百分比等数据的真实性。认证机构对上述材料进行审核。
-- 5.2 检查组应审核企业提供的碳足迹数据质量: 数据准确性、数据代表性、模型一致性。

rule {
  slug     = "feed-evidence",
  clause   = "5.1",
  title    = { zh = "绿电铝持有凭证、再生铝采购/流转记录、原料使用记录齐备",
               en = "Green-power certificates, recycled purchase/transfer records and feed usage records held" },
  stages   = "all",
  severity = "general",
  effect   = "supplement",
  check    = function(c, f)
    local g = c.gla
    if g == nil then
      return insufficient { zh = "未提供绿色低碳铝原料数据 (gla)", en = "no GLA feed data (gla) stated", evidence = { "/gla" } }
    end
    local missing, unknown
    local function need(field, zh, en)
      local v = g[field]
      if v == true then return end
      if v == nil then
        unknown = unknown or {}
        unknown[#unknown + 1] = "/gla/" .. field
      else
        missing = missing or { ptrs = {}, zh = {}, en = {} }
        missing.ptrs[#missing.ptrs + 1] = "/gla/" .. field
        missing.zh[#missing.zh + 1] = zh
        missing.en[#missing.en + 1] = en
      end
    end
    -- green-power certificates only matter for class B feed, recycled records for class A
    local mb, ma = g.green_primary_t, g.recycled_t
    if type(mb) ~= "number" or mb > 0 then need("green_power_evidence", "绿电铝原料持有凭证", "green-power certificates") end
    if type(ma) ~= "number" or ma > 0 then need("recycled_records", "再生铝原料采购记录或流转记录", "recycled purchase or transfer records") end
    need("usage_records", "原料使用记录（出入库及使用）", "feed usage and in/out records")
    if missing then
      return fail {
        zh = "缺少原料证据（5.1）：" .. table.concat(missing.zh, "、"),
        en = "feed evidence not held (5.1): " .. table.concat(missing.en, ", "),
        evidence = missing.ptrs,
      }
    end
    if unknown then
      return insufficient { zh = "未说明原料证据是否具备", en = "not stated whether the feed evidence is held", evidence = unknown }
    end
    return pass { evidence = { "/gla" } }
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
        zh = table.concat(zh, "；") .. "（5.2；判定口径：每行至少“一般”，参数 cf_dq_worst_level）",
        en = table.concat(en, "; ") .. " (5.2; reading: every line at least fair, parameter cf_dq_worst_level)",
        evidence = ptrs,
        values = { lines_below = below, boundary_scope = scope, life_cycle = lc },
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
    return pass {
      zh = "各清单行数据质量至少为“一般”，系统边界与产品生命周期一致",
      en = "every inventory line rated at least fair; boundary consistent with the product life cycle",
      evidence = { "/footprint/inventory" },
      values = { good = qc.good or 0, fair = qc.fair or 0 },
    }
  end,
}
