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
      return pass { zh = "未列出变化", en = "no changes listed", values = { changes = 0 } }
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
    return pass { zh = #chs .. " 项变化均未使碳足迹在持续超过 3 个月的情况下增加到失效界限", en = #chs .. " change(s), none raising the footprint to the lapse limit for more than 3 months",
                  values = { changes = #chs } }
  end,
}

-- ¶96 证书变更申请 / Annex 2 11.2 及时通知认证机构 / Annex 2 13 认证产品的变更应
-- 得到认证机构批准后方可实施. Per change: not notified (notified false) → NC;
-- implemented (started_on ≤ as_of) with no approval, or approved after it
-- started → NC; whether it was applied for or approved not stated →
-- insufficient (decisive at stage change: a change is never approved on
-- facts the case does not state).
rule {
  slug    = "change-approval",
  clause  = "14.3",
  title   = { zh = "证书变更应提出变更申请，认证产品的变更经本机构批准后方可实施（第96–98段，附件2第11.2、13条）",
              en = "A change needs a change application, and the body's approval before it is implemented (¶96–¶98, Annex 2 11.2 and 13)" },
  stages  = { "chg", "surv" },
  severity = "general",
  effect  = "nc",
  params  = { "change_unapproved_severity" },
  check   = function(c, f)
    local chs = c.changes
    if chs == nil or #chs == 0 then
      return pass { zh = "未列出变更", en = "no changes listed", values = { changes = 0 } }
    end
    local hits = lib.changes.scan(chs, f.as_of, CHANGE_LIMITS)
    local zh, en, ev, gaps, n_bad = {}, {}, {}, {}, 0
    for i, ch in ipairs(chs) do
      local before = #ev
      local base = "/changes/" .. (i - 1)
      local name = ch.description ~= nil and ("变更“" .. tostring(ch.description) .. "”") or ("变更 " .. i)
      local name_en = ch.description ~= nil and ("change '" .. tostring(ch.description) .. "'") or ("change " .. i)
      local st, ap, ok = dates.day(ch.started_on), dates.day(ch.approved_on), dates.day(ch.applied_on)
      -- a change that makes the certification lapse: change-notified owns its notification
      local lapsing = false
      for _, h in ipairs(hits or {}) do if h.change == ch then lapsing = true end end
      if ch.notified == false and ok == nil and not lapsing then
        zh[#zh + 1] = name .. "未向本机构提出变更申请或通知（第96段、附件2第11.2条）"
        en[#en + 1] = name_en .. " was neither applied for nor notified to the body (¶96, Annex 2 11.2)"
        ev[#ev + 1] = base .. "/notified"
      end
      if st ~= nil and f.as_of ~= nil and st <= f.as_of then
        if ap ~= nil and ap > st then
          zh[#zh + 1] = name .. "于 " .. ch.started_on .. " 实施，晚于此日的 " .. ch.approved_on .. " 才获批准（附件2第13条：批准后方可实施）"
          en[#en + 1] = name_en .. " was implemented on " .. ch.started_on .. ", before its approval on " .. ch.approved_on .. " (Annex 2 13: approval first)"
          ev[#ev + 1] = base .. "/approved_on"
        elseif ap == nil and ch.notified == false then
          local months = dates.full_months_between(st, f.as_of)
          zh[#zh + 1] = name .. "自 " .. ch.started_on .. " 起未经批准实施，已满 " .. tostring(months) .. " 个月（附件2第13条）"
          en[#en + 1] = name_en .. " has run without approval since " .. ch.started_on .. ", " .. tostring(months) .. " full month(s) (Annex 2 13)"
          ev[#ev + 1] = base .. "/started_on"
        elseif ap == nil then
          gaps[#gaps + 1] = base .. "/approved_on"
        end
      elseif ch.notified == nil and ok == nil and ap == nil then
        gaps[#gaps + 1] = base .. "/applied_on"
      end
      if #ev > before then n_bad = n_bad + 1 end
    end
    if #ev > 0 then
      return fail { severity = P.change_unapproved_severity,
                    zh = table.concat(zh, "；") .. "；变更不能批准，待补充检查、核查和复核后确定（第97段）",
                    en = table.concat(en, "; ") .. "; the change cannot be approved until a supplementary inspection, verification and review (¶97)",
                    evidence = ev, values = { changes = #chs, unapproved = n_bad } }
    end
    if #gaps > 0 then
      return insufficient { zh = "变更是否已申请并在实施前获得批准未说明（changes[].applied_on / approved_on / notified）",
                            en = "whether each change was applied for and approved before it was implemented is not stated (changes[].applied_on / approved_on / notified)",
                            evidence = gaps }
    end
    return pass { zh = #chs .. " 项变更均已申请，实施前已获批准或尚未实施", en = #chs .. " change(s) applied for, approved before implementation or not yet implemented",
                  values = { changes = #chs } }
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
    return info { zh = "记录保存期应至少 " .. P.record_retention_years .. " 年，且能获得前次检查后的记录：现场检查时核对（案例中无此数据）",
                  en = "records kept at least " .. P.record_retention_years .. " years, including those since the last inspection: checked on site (not in the case)",
                  values = { retention_years = P.record_retention_years } }
  end,
}
