-- CGC-PV10 Annex 2 (产品碳足迹标识认证工厂保证能力检查要求): 11.1 lapse on
-- change, 2.3 record retention.

local util = lib.util
local dates = lib.dates
local fmt = util.fmt_num

-- Annex 2 11.1 thresholds for lib.changes (parameters; 以上 ≥, 超过 >)
local CHANGE_LIMITS = { unplanned_pct = P.change_unplanned_pct, planned_pct = P.change_planned_pct,
                        duration_months = P.change_duration_months }

rule {
  slug    = "change-trigger",
  clause  = "Annex 2 11.1",
  title   = { zh = "计划外变化使碳足迹增加 10 % 以上或计划内变化增加 5 % 以上，且持续超过三个月：认证结果即时失效，重新认证（附件2 11.1）",
              en = "An unplanned change raising the footprint ≥ 10 % or a planned one ≥ 5 %, lasting > 3 months: the certification lapses; re-certify (Annex 2 11.1)" },
  stages  = { "chg", "surv" },
  severity = "serious",
  effect  = "reassess",
  params  = { "change_unplanned_pct", "change_planned_pct", "change_duration_months" },
  check   = function(c, f)
    local chs = c.changes
    if chs == nil or #chs == 0 then
      return pass { values = { changes = 0 } }
    end
    local hits, miss = lib.changes.scan(chs, f.as_of, CHANGE_LIMITS)
    local hit, zh, en = nil, nil, nil
    if hits then
      hit, zh, en = {}, {}, {}
      for k, h in ipairs(hits) do
        local ch, inc, limit = h.change, h.change.cf_increase_pct, h.limit
        hit[k] = h.ptr .. "/cf_increase_pct"
        zh[k] = (ch.planned and "计划内" or "计划外") .. "变化 +" .. fmt(inc) .. " %（≥ " .. fmt(limit) .. " %），持续超过 " .. P.change_duration_months .. " 个月"
        en[k] = (ch.planned and "planned" or "unplanned") .. " change +" .. fmt(inc) .. " % (≥ " .. fmt(limit) .. " %) lasting more than " .. P.change_duration_months .. " months"
      end
    end
    if hit then
      return fail { zh = "认证结果即时失效，应重新进行产品碳足迹标识认证（附件2 11.1；10%以上、5%以上含本数，持续超过三个月不含）：" .. table.concat(zh, "；"),
                    en = "the certification lapses and must be redone (Annex 2 11.1; 以上 includes 10 % and 5 %, 超过 excludes 3 months): " .. table.concat(en, "; "),
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
  slug    = "record-retention",
  clause  = "Annex 2 2.3",
  title   = { zh = "与认证相关的记录保存期至少不低于 3 年（附件2 2.3）",
              en = "Records related to the certification kept at least 3 years (Annex 2 2.3)" },
  stages  = "all",
  info_only = true,
  params  = { "record_retention_years" },
  check   = function(c, f)
    return info { values = { retention_years = P.record_retention_years } }
  end,
}
