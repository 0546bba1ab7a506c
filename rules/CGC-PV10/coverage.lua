-- CGC-PV10: case data the inspection and the verification must cover
-- (issue 10 item 18), with the checks CNCA-CFP-15 / WPRZ-CFP-01 use
-- (lib.electrolytic.sites_covered, verification_onsite).
local E = lib.electrolytic
local K = E.context{ pass = pass, fail = fail, insufficient = insufficient, na = na, info = info, P = P }

local ONSITE = { field = "onsite", zh = "工厂保证能力检查", en = "factory assurance-capability inspection" }
rule {
  slug = "sites-covered", clause = "10.4.2.1", stages = "init", severity = "general", effect = "nc",
  title = { zh = "工厂保证能力检查覆盖被认证产品涉及的全部生产场所（第57段）", en = "The factory inspection covers every production site of the certified product (¶57)" },
  check = function(c, f) return E.sites_covered(K, c, f, ONSITE) end,
}

rule {
  slug = "verification-onsite", clause = "10.5.2", stages = "init", severity = "general", effect = "nc",
  title = { zh = "开展碳足迹现场核查（第66、67、69段）", en = "An onsite footprint verification takes place (¶66, ¶67, ¶69)" },
  check = function(c, f) return E.verification_onsite(K, c, f) end,
}

-- Annex 2 11.1 获证组织应及时通知认证机构重新进行产品碳足迹标识认证: a change
-- that makes the certification lapse (the change-trigger rule's reading,
-- lib.changes.scan) and that the holder did not notify (changes[].notified
-- false) is the holder's nonconformity; the lapse itself is decided by
-- change-trigger.
local LIMITS = { unplanned_pct = P.change_unplanned_pct, planned_pct = P.change_planned_pct,
                 duration_months = P.change_duration_months }
rule {
  slug = "change-notified", clause = "Annex 2 11.1", stages = { "chg", "surv" }, severity = "general", effect = "nc",
  title = { zh = "认证结果失效的变化由获证组织及时通知认证机构（附件2 11.1）", en = "The holder notifies the body of a change that makes the certification lapse (Annex 2 11.1)" },
  params = { "change_unplanned_pct", "change_planned_pct", "change_duration_months" },
  check = function(c, f)
    local hits = lib.changes.scan(c.changes, f.as_of, LIMITS)
    if hits == nil then return pass({ values = { triggering_changes = 0 } }) end
    local bad, unknown
    for i = 1, #hits do
      local n = hits[i].change.notified
      if n == false then bad = bad or {}; bad[#bad + 1] = hits[i].ptr .. "/notified"
      elseif n == nil then unknown = unknown or {}; unknown[#unknown + 1] = hits[i].ptr .. "/notified" end
    end
    if bad then
      return fail({ zh = "使认证结果失效的变化未通知认证机构：" .. table.concat(bad, ", "),
                    en = "changes that make the certification lapse were not notified to the body: " .. table.concat(bad, ", "), evidence = bad })
    end
    if unknown then
      return insufficient({ zh = "未说明获证组织是否通知了认证机构", en = "whether the holder notified the body is not stated", evidence = unknown })
    end
    return pass({ values = { triggering_changes = #hits } })
  end,
}
