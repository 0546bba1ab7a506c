-- NTE-GLA chapter 6 绿色低碳铝计算方法
-- 6.1 A 类 再生铝原料; B 类 原铝（绿电铝原料）; C 类 原铝（非绿电铝原料）.
-- 6.2 入炉原料中 A、B、C 类投入量的质量百分比之和视为 100 %; 优选级 (Ultra) 仅添加 A 和/或 B;
--     普通级 (Normal) ω_c 不大于 30 %; ω 按公式 (1)–(3) 计算，计算结果表示到个位;
--     铝材料不包括中间合金、成分添加剂及熔剂等辅助材料;
--     类型代码 = 字母前缀 (U-GLA / N-GLA) + ω_a + "." + ω_b, 示例 U-GLA100.0, N-GLA40.48.
-- Shares, grade and code come from lib.gla (one implementation; interpretations.md
-- "NTE-GLA shares and code").

local FEED_EVIDENCE = { "/gla/recycled_t", "/gla/green_primary_t", "/gla/other_primary_t" }

local gla_for_case = lib.gla.for_case   -- (read once at load: the library is read-only data)
local function GLA(c, f)
  return gla_for_case(c, f, P.omega_c_max_pct, P.code_second_share)
end

-- stage group: app / init / surv / chg
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

rule {
  slug     = "shares",
  clause   = "6.2",
  title    = { zh = "A/B/C 类入炉原料质量百分比 ω_a、ω_b、ω_c（修约到个位）",
               en = "Feed shares ω_a, ω_b, ω_c of class A/B/C (rounded to integers)" },
  stages   = "all",
  severity = "general",
  effect   = "metric",
  decisive = true,
  params   = { "omega_c_max_pct" },
  check    = function(c, f)
    local g = GLA(c, f)
    if not g.ok then
      local e = g.error
      if e.code == "gla.absent" or e.code == "gla.missing" then
        return insufficient { zh = e.zh, en = e.en, evidence = e.ptrs }
      end
      return fail { zh = e.zh, en = e.en, evidence = e.ptrs, values = { total_t = g.total_t } }
    end
    local fmt_num = lib.util.fmt_num
    local rz, re = lib.gla.rounding_note(g)
    -- each figure read from the (read-only) facts and printed once, for both languages
    local wa, wb, wc, total = g.omega_a_pct, g.omega_b_pct, g.omega_c_pct, g.total_t
    local ma, mb, mc, mt = fmt_num(g.m_a_t), fmt_num(g.m_b_t), fmt_num(g.m_c_t), fmt_num(total)
    return pass {
      zh = string.format("A/B/C 类投入 %s / %s / %s t（合计 %s t，辅助材料不计入）：ω_a = %d %%，ω_b = %d %%，ω_c = %d %%",
                         ma, mb, mc, mt, wa, wb, wc) .. (rz and ("；" .. rz) or ""),
      en = string.format("class A/B/C feed %s / %s / %s t (total %s t, auxiliaries excluded): ω_a = %d %%, ω_b = %d %%, ω_c = %d %%",
                         ma, mb, mc, mt, wa, wb, wc) .. (re and ("; " .. re) or ""),
      evidence = FEED_EVIDENCE,
      values   = { omega_a_pct = wa, omega_b_pct = wb, omega_c_pct = wc,
                   omega_a_exact_pct = g.omega_a_exact, omega_b_exact_pct = g.omega_b_exact,
                   omega_c_exact_pct = g.omega_c_exact, total_t = total },
      metrics  = { omega_a_pct = wa, omega_b_pct = wb, omega_c_pct = wc, gla_feed_total_t = total },
    }
  end,
}

rule {
  slug     = "grade",
  clause   = "6.2",
  title    = { zh = "绿色低碳铝级别：优选级（无 C 类）或普通级（ω_c ≤ 30 %）",
               en = "GLA grade: Ultra (no class C) or Normal (ω_c ≤ 30 %)" },
  stages   = "all",
  severity = "serious",
  effect   = "refuse",
  decisive = true,
  params   = { "omega_c_max_pct" },
  check    = function(c, f)
    local g = GLA(c, f)
    if not g.ok then
      return insufficient { zh = "原料数据不完整或有误，无法判定级别：" .. g.error.zh,
                            en = "feed data missing or wrong, no grade can be determined: " .. g.error.en,
                            evidence = g.error.ptrs }
    end
    if g.grade == "ultra" then
      return pass { zh = "优选级（Ultra）：C 类投入量为 0，仅有 A 类和/或 B 类原料",
                    en = "Ultra: the class C feed is 0 t, only class A and/or B feed",
                    evidence = { "/gla/other_primary_t" },
                    values = { grade = "ultra", omega_c_pct = g.omega_c_pct, limit_pct = P.omega_c_max_pct } }
    end
    if g.grade == "normal" then
      local fmt_num = lib.util.fmt_num
      local exact = g.omega_c_exact ~= math.floor(g.omega_c_exact)
      return pass { zh = string.format("普通级（Normal）：ω_c = %d %%%s，不大于 %d %%", g.omega_c_pct,
                                       exact and ("（修约前 " .. fmt_num(g.omega_c_exact) .. " %，GB/T 8170 修约到个位）") or "",
                                       P.omega_c_max_pct),
                    en = string.format("Normal: ω_c = %d %%%s, not above %d %%", g.omega_c_pct,
                                       exact and (" (unrounded " .. fmt_num(g.omega_c_exact) .. " %, rounded to an integer by GB/T 8170)") or "",
                                       P.omega_c_max_pct),
                    evidence = { "/gla/other_primary_t" },
                    values = { grade = "normal", omega_c_pct = g.omega_c_pct,
                               omega_c_exact_pct = g.omega_c_exact, limit_pct = P.omega_c_max_pct } }
    end
    local sg = stage_group(c, f)
    local eff = (sg == "surv" or sg == "chg") and "suspend" or "refuse"
    local wc, xc, limit = g.omega_c_pct, g.omega_c_exact, P.omega_c_max_pct
    local xc_text = lib.util.fmt_num(xc)
    return fail {
      zh = string.format("ω_c = %d %%（修约前 %s %%，GB/T 8170 四舍六入五成双）大于 %d %%，不满足普通级条件，无绿色低碳铝级别（6.2）",
                         wc, xc_text, limit),
      en = string.format("ω_c = %d %% (unrounded %s %%, GB/T 8170 half to even) is above %d %%: no GLA grade (6.2)",
                         wc, xc_text, limit),
      evidence = FEED_EVIDENCE,
      effect   = eff,
      values   = { grade = "none", omega_c_pct = wc, omega_c_exact_pct = xc, limit_pct = limit },
    }
  end,
}

rule {
  slug     = "code",
  clause   = "6.2",
  title    = { zh = "绿色低碳铝类型代码（U-GLA / N-GLA + ω_a.ω_b）", en = "GLA type code (U-GLA / N-GLA + ω_a.ω_b)" },
  stages   = "all",
  severity = "general",
  effect   = "metric",
  params   = { "code_second_share", "omega_c_max_pct" },
  check    = function(c, f)
    local g = GLA(c, f)
    if not g.ok then
      return insufficient { zh = "无法计算原料百分比，不能形成类型代码", en = "shares cannot be computed, so no code",
                            evidence = g.error.ptrs }
    end
    if not g.code then
      return fail { zh = "无绿色低碳铝级别，不能形成类型代码", en = "no GLA grade, so no type code",
                    evidence = FEED_EVIDENCE, values = { code = "none", omega_c_pct = g.omega_c_pct } }
    end
    local second = (P.code_second_share == "omega_c") and "ω_c" or "ω_b"
    local second_v = (P.code_second_share == "omega_c") and g.omega_c_pct or g.omega_b_pct
    return pass {
      zh = string.format("类型代码 %s：%s，ω_a = %d，%s = %d（小数点后为 %s；示例 2 的 \"ω_c=48 %%\" 按 ω_b = 48 理解）",
                         g.code, g.prefix == "U-GLA" and "优选级前缀 U-GLA" or "普通级前缀 N-GLA", g.omega_a_pct, second, second_v, second),
      en = string.format("type code %s: prefix %s, ω_a = %d, %s = %d (%s after the point; Example 2's \"ω_c=48 %%\" read as ω_b = 48)",
                         g.code, g.prefix, g.omega_a_pct, second, second_v, second),
      evidence = FEED_EVIDENCE,
      values = { code = g.code, prefix = g.prefix, omega_a_pct = g.omega_a_pct, omega_b_pct = g.omega_b_pct,
                 reading = "code_second_share=" .. tostring(P.code_second_share) },
    }
  end,
}

rule {
  slug     = "claimed-code",
  clause   = "6.2",
  title    = { zh = "申请的类型代码与计算结果一致", en = "Claimed GLA code equals the computed code" },
  stages   = "all",
  severity = "general",
  effect   = "nc",
  params   = { "code_second_share", "omega_c_max_pct" },
  check    = function(c, f)
    local claimed = c.gla and c.gla.claimed_code
    if claimed == nil then
      return insufficient { zh = "未声明申请的类型代码", en = "no claimed code stated", evidence = { "/gla/claimed_code" } }
    end
    local g = GLA(c, f)
    if not g.ok then
      return insufficient { zh = "无法计算原料百分比，不能核对申请代码", en = "shares cannot be computed; the claimed code cannot be checked",
                            evidence = g.error.ptrs }
    end
    if claimed ~= g.code then
      local computed = g.code or "无级别"
      local rz, re = lib.gla.rounding_note(g)
      return fail {
        zh = "申请代码 " .. tostring(claimed) .. " 与按原料投入量计算的代码 " .. computed .. " 不一致（6.2）"
             .. (rz and ("；" .. rz) or ""),
        en = "claimed " .. tostring(claimed) .. " but the feed gives " .. (g.code or "no grade") .. " (6.2)"
             .. (re and ("; " .. re) or ""),
        evidence = { "/gla/claimed_code", "/gla/recycled_t", "/gla/green_primary_t", "/gla/other_primary_t" },
        values = { claimed = tostring(claimed), computed = g.code or "none",
                   omega_a_exact_pct = g.omega_a_exact, omega_b_exact_pct = g.omega_b_exact, omega_c_exact_pct = g.omega_c_exact,
                   printed_sum_pct = g.omega_a_pct + g.omega_b_pct + g.omega_c_pct },
      }
    end
    return pass { zh = "申请代码 " .. claimed .. " 与按原料投入量计算的代码一致",
                  en = "the claimed code " .. claimed .. " is the code the feed gives",
                  evidence = { "/gla/claimed_code" }, values = { claimed = claimed, computed = g.code } }
  end,
}
