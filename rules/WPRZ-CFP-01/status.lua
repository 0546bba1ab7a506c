-- WPRZ-CFP-01: certificate status at every stage after certification
-- (requirements.md rule 7, docs/library.md "The verdict order").
-- 9.1 / 10.2 证书有效期；11.5 认证资格的注销
-- A certificate past its valid_until, or stated expired / cancelled /
-- revoked, cannot be maintained: fail / cancel (注销). One library function
-- (lib.certificate.status, validity end by lib.certificate.validity_end).

local O = { clause_zh = "（10.2 有效期；11.5 注销）", clause_en = " (10.2 validity; 11.5 cancellation)",
            months = P.validity_max_years * 12, offset_days = P.validity_end_offset_days }

rule {
  slug = "certificate-status", clause = "11.5", stages = { "surv", "chg" },
  severity = "serious", effect = "cancel", decisive = true,
  title = { zh = "所持认证证书在有效期内且未被注销、撤销", en = "The certificate held is within its validity and not cancelled or revoked" },
  check = function(c, f) return lib.certificate.status(c, O) end,
}

-- 11.4.1 (2) 被“国家企业信用信息公示系统”和“信用中国”列入严重违法失信名单的 → 撤销
-- (requirements.md rule 6: eligibility facts are re-read after certification)
rule {
  slug = "dishonesty-revoke", clause = "11.4.1(2)", stages = { "surv", "chg" },
  severity = "serious", effect = "revoke",
  title = { zh = "获证组织未被列入严重违法失信名单（列入即撤销认证资格）", en = "The holder is not on a serious-dishonesty list (listing revokes the certification)" },
  check = function(c, f)
    local e = c.eligibility
    local v = e and e.dishonesty_listed
    if v == true then
      return fail({ zh = "获证组织被列入严重违法失信名单，撤销认证资格（11.4.1(2)）",
                    en = "the holder is on a serious-dishonesty list: the certification is revoked (11.4.1(2))",
                    evidence = { "/eligibility/dishonesty_listed" } })
    end
    if v == nil then
      return insufficient({ zh = "未说明获证组织是否被列入严重违法失信名单", en = "whether the holder is on a serious-dishonesty list is not stated",
                            evidence = { "/eligibility/dishonesty_listed" } })
    end
    return pass({ evidence = { "/eligibility/dishonesty_listed" } })
  end,
}
