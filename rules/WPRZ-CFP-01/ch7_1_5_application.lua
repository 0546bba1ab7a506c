-- WPRZ-CFP-01 7.1 认证申请, 7.2 申请评审, 7.3.4 拒绝申请, 7.5 文件评审
local E = lib.electrolytic
local K = E.context{ pass = pass, fail = fail, insufficient = insufficient, na = na, info = info, P = P }
local NONE = {}

-- the documents of 7.1.3 by their own names and item numbers (messages)
local DOC_NAMES = {
  entrustment_letter = { item = "7.1.3 (1)", zh = "认证委托书", en = "entrustment letter" },
  business_licenses = { item = "7.1.3 (2)", zh = "法律地位的证明性文件及行政许可文件、资质证书", en = "proof of legal status, licences and qualifications" },
  entrustment_relationship_proof = { item = "7.1.3 (3)", zh = "委托关系证明", en = "proof of the entrustment relationship" },
  distribution_contract = { item = "7.1.3 (3)", zh = "经销商、进口商与生产者（制造商）签订的合同证明", en = "distributor's or importer's contract with the producer" },
  oem_odm_ip = { item = "7.1.3 (4)", zh = "OEM/ODM 的知识产权关系", en = "OEM/ODM intellectual-property relationship" },
  process_flow_chart = { item = "7.1.3 (5)", zh = "产品工艺流程图", en = "process flow chart" },
  org_chart = { item = "7.1.3 (6)", zh = "生产企业组织架构图", en = "organisation chart of the factory" },
  facility_list = { item = "7.1.3 (7)", zh = "主要生产设施清单、计量设备清单、投产日期及产能信息", en = "list of main facilities and metering equipment, commissioning dates and capacity" },
  product_info_and_material_list = { item = "7.1.3 (8)", zh = "产品基本信息、关键原、辅材料备案清单", en = "product information and key-material list" },
  data_collection_list = { item = "7.1.3 (9)", zh = "碳足迹量化数据收集清单", en = "data-collection list" },
  cfp_report = { item = "7.1.3 (10)", zh = "碳足迹量化结果或报告", en = "carbon-footprint result or report" },
  reduction_plan = { item = "7.1.3 (11)", zh = "产品降碳方案/计划", en = "product reduction plan" },
  type_test_report = { item = "7.1.3 (12)", zh = "符合产品标准要求的有效型式检验报告", en = "valid type-test report" },
  assurance_capability_docs = { item = "7.1.3 (13)", zh = "《企业保证能力要求》的相关管理文件或目录", en = "assurance-capability management documents" },
  commitment_letter = { item = "7.1.3 (14)", zh = "符合性承诺", en = "commitment to the application conditions" },
}
local DOCS_OPTS = { names = DOC_NAMES }
local dates = lib.dates
local day = E.day

-- 7.1.2 (7) is the same defect as 11.5.3 revocation-bar: that rule judges it
local ELIGIBILITY = { cert_zh = "电解铝的碳足迹产品认证证书", revocation_rule = SCHEME .. "/11.5.3/revocation-bar" }
rule {
  slug = "eligibility", clause = "7.1.2", stages = "app", severity = "serious", effect = "refuse",
  title = { zh = "认证委托人具备申请条件 7.1.2 (1)–(8)", en = "Applicant meets the conditions of 7.1.2 (1)–(8)" },
  params = { "mgmt_min_months", "bar_window_months" },
  check = function(c, f) return E.eligibility(K, c, f, ELIGIBILITY) end,
}

rule {
  slug = "docs-required", topic = "docs", clause = "7.1.3", stages = { "app", "init" }, severity = "general", effect = "supplement",
  title = { zh = "申请文件齐全：7.1.3 (1)(2)(5)–(9)(11)–(14)", en = "Application documents complete: 7.1.3 (1)(2)(5)–(9)(11)–(14)" },
  params = { "docs_required", "docs_per_site", "docs_cma_issuer" },
  check = function(c, f) return E.docs_required(K, c, f, DOCS_OPTS) end,
}

rule {
  slug = "docs-conditional", clause = "7.1.3", stages = { "app", "init" }, severity = "general", effect = "supplement",
  title = { zh = "适用时提供：委托关系证明/经销、进口合同，OEM/ODM 知识产权关系，碳足迹量化结果或报告",
            en = "Where applicable: entrustment proof or distribution contract, OEM/ODM IP relation, CFP result or report" },
  check = function(c, f) return E.docs_conditional(K, c, f, DOCS_OPTS) end,
}

rule {
  slug = "new-client-initial", clause = "7.2.3", stages = "app", info_only = true,
  title = { zh = "新的认证委托人按初次认证开展，无论是否持有其他机构的有效证书",
            en = "A new client is certified as an initial certification, whatever other certificate it holds" },
  check = function(c, f)
    local cert = c.certificate
    if cert and cert.scheme ~= nil and cert.scheme ~= SCHEME then
      return info({ zh = "委托人持有其他证书（" .. tostring(cert.scheme) .. "），本机构仍按初次认证开展",
                    en = "the client holds another certificate (" .. tostring(cert.scheme) .. "); WPRZ still runs an initial certification",
                    evidence = { "/certificate/scheme" } })
    end
    return info({ zh = "新委托人按初次认证开展", en = "a new client is certified as an initial certification" })
  end,
}

rule {
  slug = "acceptance-notice", clause = "7.2.4", stages = "app", severity = "general", effect = "body",
  title = { zh = "符合性评审通过后 3 个工作日内发出书面受理通知", en = "Written acceptance notice within 3 working days of passing the review" },
  params = { "acceptance_notice_working_days" },
  check = function(c, f)
    local ad = c.eligibility and c.eligibility.application_dates
    local from = ad and day(ad.documents_complete_on)
    if from == nil then
      return insufficient({ zh = "未说明申请材料齐全（评审通过）日期", en = "date the documents were complete (review passed) not stated",
                            evidence = { "/eligibility/application_dates/documents_complete_on" } })
    end
    local n = P.acceptance_notice_working_days
    local acc = day(ad.accepted_on)
    -- fast path: working days never exceed calendar days
    if acc ~= nil and acc - from <= n then return pass() end
    local deadline, missing = dates.add_working_days(from, n)
    if acc == nil then
      if f.as_of and f.as_of > deadline then
        return fail({ zh = "评审通过后 " .. n .. " 个工作日内（至 " .. dates.format(deadline) .. "）未发出受理通知",
                      en = "no acceptance notice within " .. n .. " working days of the review (by " .. dates.format(deadline) .. ")",
                      evidence = { "/eligibility/application_dates/accepted_on" } })
      end
      return na({ zh = "尚未受理，期限至 " .. dates.format(deadline), en = "not yet accepted; due by " .. dates.format(deadline) })
    end
    if acc > deadline then
      local note = dates.missing_note(missing)
      return fail({ zh = "受理通知 " .. ad.accepted_on .. " 晚于评审通过后第 " .. n .. " 个工作日 " .. dates.format(deadline) .. (note and ("；" .. note.zh) or ""),
                    en = "acceptance notice on " .. ad.accepted_on .. ", after the " .. n .. "th working day " .. dates.format(deadline) .. (note and ("; " .. note.en) or ""),
                    evidence = { "/eligibility/application_dates/accepted_on" },
                    values = { deadline = dates.format(deadline), accepted_on = ad.accepted_on } })
    end
    return pass()
  end,
}

rule {
  slug = "falsified", clause = "7.3.4(2)", stages = "all", severity = "serious", effect = "refuse",
  title = { zh = "申请材料不存在造假（7.3.4(2)；获证后 11.4.1(7) 撤销）",
            en = "No falsified application material (7.3.4(2); after certification 11.4.1(7) revokes)" },
  check = function(c, f) return E.falsified(K, c, f, NONE) end,
}

rule {
  slug = "doc-review-15-days", clause = "7.5.1", stages = "init", severity = "general", effect = "body",
  title = { zh = "签订合同并收到资料后 15 个工作日内完成文件评审",
            en = "Document review completed within 15 working days of contract and documents" },
  params = { "doc_review_working_days" },
  check = function(c, f)
    local ad = c.eligibility and c.eligibility.application_dates
    local a, b = ad and day(ad.accepted_on), ad and day(ad.documents_complete_on)
    local from = a
    if b and (from == nil or b > from) then from = b end
    local dr = c.assessment and c.assessment.document_review
    local done = dr and day(dr.completed_on)
    if from == nil or done == nil then
      return insufficient({ zh = "未说明合同签订（受理）日期或文件评审完成日期", en = "contract (acceptance) date or document-review completion date not stated",
                            evidence = { "/eligibility/application_dates/accepted_on", "/assessment/document_review/completed_on" } })
    end
    local n = P.doc_review_working_days
    if done - from <= n then return pass() end   -- working days never exceed calendar days
    local ok, missing = dates.within_working_days(from, done, n)
    if not ok then
      local used = dates.working_days_between(from, done)
      local note = dates.missing_note(missing)
      return fail({ zh = "文件评审用了 " .. used .. " 个工作日（自 " .. dates.format(from) .. " 至 " .. dr.completed_on .. "），超过 " .. n .. " 个工作日" .. (note and ("；" .. note.zh) or ""),
                    en = "document review took " .. used .. " working days (" .. dates.format(from) .. " to " .. dr.completed_on .. "), more than " .. n .. (note and ("; " .. note.en) or ""),
                    evidence = { "/assessment/document_review/completed_on" }, values = { working_days = used, limit = n } })
    end
    return pass()
  end,
}

rule {
  slug = "uscc", clause = "7.5.3(1)", stages = "app", severity = "general", effect = "supplement",
  title = { zh = "组织机构合法性复核：统一社会信用代码有效", en = "Legal-entity review: unified social credit codes are valid" },
  check = function(c, f) return E.uscc(K, c, f, NONE) end,
}

rule {
  slug = "data-period", clause = "7.5.3(2)", stages = { "app", "init" }, severity = "general", effect = "supplement",
  title = { zh = "文件资料、相关数据的有效性：数据在有效的数据统计周期内",
            en = "Documents and data valid: the data lie within a data period that has ended and is not stale" },
  params = { "data_period_max_age_months" },
  check = function(c, f) return E.data_period(K, c, f, NONE) end,
}

local MGMT = { owner = SCHEME .. "/7.1.2/eligibility" }
rule {
  slug = "mgmt-3-months", clause = "7.5.3(3)", stages = { "app", "init" }, severity = "general", effect = "supplement",
  title = { zh = "生产企业已建立符合《企业保证能力要求》的管理制度且运行满三个月",
            en = "Assurance-capability management system in operation for at least three months" },
  params = { "mgmt_min_months" },
  check = function(c, f) return E.mgmt_3_months(K, c, f, MGMT) end,
}

rule {
  slug = "doc-review-days", clause = "7.5.2", stages = { "app", "init" }, severity = "general", effect = "body",
  title = { zh = "文件评审人日数：一个单元 2 人日，最多不超过 4 人日", en = "Document-review person-days: 2 for one unit, never above 4" },
  params = { "doc_review_days_one_unit", "doc_review_max_days" },
  check = function(c, f) return E.doc_review_days(K, c, f, NONE) end,
}

rule {
  slug = "doc-review-conclusion", clause = "7.5.4", stages = "app", severity = "general", effect = "supplement",
  title = { zh = "文件评审结论：符合 / 基本符合 / 不符合要求", en = "Document-review conclusion: conforming / basically conforming / nonconforming" },
  check = function(c, f) return E.doc_review_conclusion(K, c, f, NONE) end,
}
