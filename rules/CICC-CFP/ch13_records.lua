-- CICC-CFP chapter 13.7: record retention table.

rule {
  slug    = "records", topic = "record-retention",
  clause  = "13.7",
  title   = { zh = "记录保留期限：核查计划、内审、外审、纠正和预防措施、吊扣和取消证书等 3 年；外部投诉、申诉、公正委员会 6 年（13.7）",
              en = "Record retention: plans, audits, corrective actions, suspensions and withdrawals 3 years; external complaints, appeals and the impartiality committee 6 years (13.7)" },
  stages  = "all",
  info_only = true,
  params  = { "record_retention_years" },
  check   = function(c, f)
    return info { values = { retention_years = P.record_retention_years, complaints_appeals_years = 6 } }
  end,
}
