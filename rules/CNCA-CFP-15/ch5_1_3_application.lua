-- CNCA-CFP-15 5.1 认证委托, 5.2 受理, 5.3 文件评审
local E = lib.electrolytic
local K = E.context{ pass = pass, fail = fail, insufficient = insufficient, na = na, info = info, P = P }
local NONE = {}

-- the documents of 5.1 by their own names and item numbers (messages)
local DOC_NAMES = {
  entrustment_letter = { item = "5.1 (1)", zh = "认证委托书", en = "entrustment letter" },
  business_licenses = { item = "5.1 (2)", zh = "认证委托人、生产者（制造商）、生产企业的营业执照复印件", en = "business licences of applicant, producer and factory" },
  entrustment_relationship_proof = { item = "5.1 (3)", zh = "委托关系证明", en = "proof of the entrustment relationship" },
  distribution_contract = { item = "5.1 (3)", zh = "经销商、进口商与生产者（制造商）签订的合同证明", en = "distributor's or importer's contract with the producer" },
  oem_odm_ip = { item = "5.1 (4)", zh = "OEM/ODM 的知识产权关系", en = "OEM/ODM intellectual-property relationship" },
  process_flow_chart = { item = "5.1 (5)", zh = "产品工艺流程图", en = "process flow chart" },
  org_chart = { item = "5.1 (6)", zh = "生产企业组织机构图", en = "organisation chart of the factory" },
  facility_list = { item = "5.1 (7)", zh = "主要生产设施清单、计量设备清单、投产日期及产能信息", en = "list of main facilities and metering equipment, commissioning dates and capacity" },
  product_info_and_material_list = { item = "5.1 (8)", zh = "产品基本信息表和关键原、辅材料备案清单（附件 1）", en = "product information table and key-material list (Annex 1)" },
  data_collection_list = { item = "5.1 (9)", zh = "产品碳足迹量化数据收集清单（附件 2）", en = "data-collection list (Annex 2)" },
  cfp_report = { item = "5.1 (10)", zh = "产品碳足迹量化结果或报告", en = "carbon-footprint result or report" },
  reduction_plan = { item = "5.1 (11)", zh = "产品降碳方案/计划（附件 3）", en = "product reduction plan (Annex 3)" },
  type_test_report = { item = "5.1 (12)", zh = "有效型式检验报告", en = "valid type-test report" },
  assurance_capability_docs = { item = "5.1 (13)", zh = "企业保证能力相关管理文件或目录", en = "assurance-capability management documents" },
  commitment_letter = { item = "5.1 (14)", zh = "符合认证委托条件的承诺（附件 4）", en = "commitment to the application conditions (Annex 4)" },
}
local DOCS_OPTS = { names = DOC_NAMES }

rule {
  slug = "docs-required", topic = "docs", clause = "5.1", stages = { "app", "init" }, severity = "general", effect = "supplement",
  title = { zh = "认证委托文件齐全：5.1 (1)(2)(5)–(9)(11)–(14)",
            en = "Application documents complete: 5.1 (1)(2)(5)–(9)(11)–(14)" },
  params = { "docs_required", "docs_per_site", "docs_cma_issuer" },
  check = function(c, f) return E.docs_required(K, c, f, DOCS_OPTS) end,
}

rule {
  slug = "docs-conditional", clause = "5.1", stages = { "app", "init" }, severity = "general", effect = "supplement",
  title = { zh = "适用时提供：委托关系证明、经销/进口合同、OEM/ODM 知识产权关系、碳足迹量化结果或报告",
            en = "Where applicable: entrustment relationship proof, distribution contract, OEM/ODM IP relation, CFP result or report" },
  check = function(c, f) return E.docs_conditional(K, c, f, DOCS_OPTS) end,
}

local ELIGIBILITY = { cert_zh = "产品碳足迹标识认证证书" }
rule {
  slug = "eligibility", clause = "5.2(1)", stages = "app", severity = "serious", effect = "refuse",
  title = { zh = "认证委托人符合委托条件（附件 4 承诺 (1)–(8)）",
            en = "Applicant meets the application conditions (Annex 4 commitment (1)–(8))" },
  params = { "mgmt_min_months", "bar_window_months", "revocation_bar_electrolytic_only" },
  check = function(c, f) return E.eligibility(K, c, f, ELIGIBILITY) end,
}

rule {
  slug = "falsified", clause = "5.2(3)", stages = "all", severity = "serious", effect = "refuse",
  title = { zh = "认证委托书或相关文件不存在弄虚作假行为",
            en = "No falsified application documents" },
  check = function(c, f) return E.falsified(K, c, f, NONE) end,
}

rule {
  slug = "uscc", clause = "5.3.3(1)", stages = "app", severity = "general", effect = "supplement",
  title = { zh = "组织机构合法性复核：统一社会信用代码有效",
            en = "Legal-entity review: unified social credit codes are valid" },
  check = function(c, f) return E.uscc(K, c, f, NONE) end,
}

rule {
  slug = "data-period", clause = "5.3.3(2)", stages = { "app", "init" }, severity = "general", effect = "supplement",
  title = { zh = "文件内容与相关数据的状态应为有效：数据合理且在数据统计周期范围内",
            en = "Documents and data valid: the data lie within a data period that has ended and is not stale" },
  params = { "data_period_max_age_months" },
  check = function(c, f) return E.data_period(K, c, f, NONE) end,
}

local MGMT = { owner = SCHEME .. "/5.2(1)/eligibility" }
rule {
  slug = "mgmt-3-months", clause = "5.3.3(3)", stages = { "app", "init" }, severity = "general", effect = "supplement",
  title = { zh = "企业保证能力管理制度已建立且运行满三个月",
            en = "Assurance-capability management system in operation for at least three months" },
  params = { "mgmt_min_months" },
  check = function(c, f) return E.mgmt_3_months(K, c, f, MGMT) end,
}

rule {
  slug = "doc-review-days", clause = "5.3.2", stages = { "app", "init" }, severity = "general", effect = "body",
  title = { zh = "文件评审人日数：一个单元 2 人日，最多不超过 4 人日",
            en = "Document-review person-days: 2 for one unit, never above 4" },
  params = { "doc_review_days_one_unit", "doc_review_max_days" },
  check = function(c, f) return E.doc_review_days(K, c, f, NONE) end,
}

rule {
  slug = "doc-review-conclusion", clause = "5.3.4", stages = "app", severity = "general", effect = "supplement",
  title = { zh = "文件评审结论：符合 / 基本符合 / 不符合要求",
            en = "Document-review conclusion: conforming / basically conforming / nonconforming" },
  check = function(c, f) return E.doc_review_conclusion(K, c, f, NONE) end,
}
