#!/usr/bin/env python3
"""The report and serve's page in a real browser (headless Chromium over CDP).

    run.py report|pdf|serve --cfpcheck BIN --source SRC --out DIR

report  a generated report: verdicts, one finding's evidence value, the
        language switch (Chinese first), hostile case strings stay text, no
        console errors, no request but the file itself
pdf     the report printed to PDF: A4, page count, page numbers, the findings
        and the reviewer's block found by pdftotext
serve   `cfpcheck serve`'s page: pick and submit the smelter example, wait for
        the result, open a rule's explanation, the catalogue, download the
        report (same bytes as `cfpcheck report`), submit a broken case and see
        its line and column marked

Exits 77 (ctest SKIP_RETURN_CODE: reported as skipped, not passed) when
Chromium (or, for pdf, pdftotext/pdfinfo) is not installed. Screenshots, PDFs
and downloads are kept in DIR (under the build folder) as CI artifacts.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402

FAILS = []
CHECKS = [0]


def check(cond, what):
    CHECKS[0] += 1
    if not cond:
        FAILS.append(what)
        print("FAIL:", what, flush=True)


def skip(why):
    print("SKIP:", why, flush=True)
    sys.exit(cdp.SKIP)


def make_report(args, case, out, *extra):
    r = subprocess.run([args.cfpcheck, "report", case, "-o", out] + list(extra), capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stderr)
        raise SystemExit("cfpcheck report %s failed (%d)" % (case, r.returncode))
    return out


def embedded(html_path):
    html = open(html_path, encoding="utf-8").read()
    m = re.search(r'<script type="application/json" id="cfp-data">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


def ptr_get(doc, ptr):
    cur = doc
    for part in ptr.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        cur = cur[int(part)] if isinstance(cur, list) else cur[part]
    return cur


def no_errors(page, what, expected=None):
    """No console error, but those `expected` matches (e.g. the network log line of a 400 we asked for)."""
    errs = [e for e in page.console_errors() if not (expected and re.search(expected, e))]
    check(not errs, "%s: no console errors (got %s)" % (what, errs))


# ---- report -------------------------------------------------------------------

def test_report(args, browser):
    src = args.source
    smelter = make_report(args, os.path.join(src, "data/examples/smelter-ingot-initial.json"),
                          os.path.join(args.out, "report-smelter.html"))
    data = embedded(smelter)
    kase = json.load(open(os.path.join(src, "data/examples/smelter-ingot-initial.json"), encoding="utf-8"))
    page = browser.new_page()
    page.send("Emulation.setDeviceMetricsOverride", {"width": 1200, "height": 900, "deviceScaleFactor": 1, "mobile": False})
    url = "file://" + os.path.abspath(smelter)
    page.goto(url)
    page.wait_for("document.querySelectorAll('section.scheme').length > 0", what="report drawn")

    # Chinese first
    check(page.eval("document.querySelector('h1').textContent") == "产品碳足迹认证核查报告", "opens in Chinese")
    check(page.eval("document.documentElement.lang") == "zh-CN", "html lang zh-CN")
    check(page.eval("[...document.querySelectorAll('.lang-switch button')].map(b => b.textContent).join('|')") == "中文|English",
          "language switch: Chinese first")

    # verdicts: every scheme's verdict on the page is the result's; and the
    # smelter's known outcomes (tests/cli/run.sh derives them from the documents)
    shown = page.eval("Object.fromEntries([...document.querySelectorAll('section.scheme')].map(s => "
                      "[s.dataset.scheme, s.querySelector('.verdict').dataset.verdict]))")
    want = {r["scheme"]: r["verdict"] for r in data["result"]["results"]}
    check(shown == want, "verdicts on the page %s == result %s" % (shown, want))
    check(shown.get("NTE-GLA") == "fail" and shown.get("CNCA-CFP-15") == "pass" and shown.get("CGC-PV10") == "not_applicable",
          "smelter: NTE-GLA fail, CNCA-CFP-15 pass, CGC-PV10 not applicable (got %s)" % shown)
    actions = page.eval("Object.fromEntries([...document.querySelectorAll('section.scheme')].map(s => "
                        "[s.dataset.scheme, (s.querySelector('.action')||{}).dataset?.action || null]))")
    check(actions.get("CNCA-CFP-15") == "certify_after_correction", "CNCA-CFP-15 action certify_after_correction (got %s)" % actions.get("CNCA-CFP-15"))
    check(page.eval("document.querySelector('#s-NTE-GLA .verdict').textContent") == "不通过（fail）", "NTE-GLA verdict in Chinese")

    # failures first: NTE-GLA's first finding card is a fail
    first = page.eval("document.querySelector('#s-NTE-GLA article.finding').className")
    check("st-fail" in first, "NTE-GLA: failures first (first card: %s)" % first)

    # one finding's evidence values: the first NTE-GLA fail finding with
    # evidence; beside each pointer the page shows the case file's own value
    nte = [r for r in data["result"]["results"] if r["scheme"] == "NTE-GLA"][0]
    idx, f = next((i, f) for i, f in enumerate(nte["findings"]) if f["status"] == "fail" and f["evidence"])
    rows = page.eval("(() => { const a = document.getElementById('f-NTE-GLA-%d'); if (!a) return null;"
                     " return [...a.querySelectorAll('table.evidence tbody tr')].map(tr => [tr.cells[0].textContent, tr.cells[1].textContent]); })()" % idx)

    def as_text(v):
        if isinstance(v, (dict, list)):
            return json.dumps(v, ensure_ascii=False, separators=(",", ":"))
        return "true" if v is True else "false" if v is False else str(v)
    want_rows = [[p, as_text(ptr_get(kase, p))] for p in f["evidence"]]
    check(rows == want_rows, "evidence of %s: page shows %s, the case has %s" % (f["rule"], rows, want_rows))
    check(any(r[1] not in ("0", "") for r in want_rows), "a telling evidence value among %s" % want_rows)
    print("evidence checked: %s %s" % (f["rule"], rows))
    shown_val = rows

    # decided_by links to the finding
    href = page.eval("document.querySelector('#s-NTE-GLA .decided-by a').getAttribute('href')")
    check(href and page.eval("!!document.getElementById(%s)" % json.dumps(href[1:])), "decided_by links to a finding (%s)" % href)

    # charts: process, stage, GLA and cut-off pictures are drawn
    check(page.eval("document.querySelectorAll('#charts svg.chart').length") >= 4, "four charts drawn")
    check(page.eval("[...document.querySelectorAll('#charts text.limit-lbl')].some(t => t.textContent.includes('30'))"), "the 30 % line")

    page.screenshot(os.path.join(args.out, "report-smelter-zh.png"))

    # switch to English and back
    page.eval("document.querySelector('.lang-switch button[data-lang=en]').click()")
    check(page.eval("document.querySelector('h1').textContent") == "Product carbon footprint certification check", "switched to English")
    check(page.eval("document.querySelector('#s-NTE-GLA .verdict').textContent") == "fail", "NTE-GLA verdict in English")
    check(page.eval("document.documentElement.lang") == "en", "html lang en")
    rows_en = page.eval("[...document.querySelectorAll('#f-NTE-GLA-%d table.evidence tbody tr')].map(tr => [tr.cells[0].textContent, tr.cells[1].textContent])" % idx)
    check(rows_en == shown_val, "evidence values unchanged in English")
    page.screenshot(os.path.join(args.out, "report-smelter-en.png"), full=False)
    page.eval("document.querySelector('.lang-switch button[data-lang=zh]').click()")
    check(page.eval("document.querySelector('h1').textContent") == "产品碳足迹认证核查报告", "switched back to Chinese")

    no_errors(page, "smelter report")
    reqs = page.requests()
    check(all(u == url for u in reqs), "no request but the file itself (got %s)" % reqs)

    # --lang en opens in English
    caster = make_report(args, os.path.join(src, "data/examples/caster-billet-gla.json"),
                         os.path.join(args.out, "report-caster-en.html"), "--lang", "en")
    page2 = browser.new_page()
    page2.goto("file://" + os.path.abspath(caster))
    page2.wait_for("document.querySelectorAll('section.scheme').length > 0", what="caster report drawn")
    check(page2.eval("document.querySelector('h1').textContent") == "Product carbon footprint certification check", "--lang en opens in English")
    grade = page2.eval("document.querySelector('#s-NTE-GLA .grade-code').textContent")
    check(grade == "N-GLA40.48", "caster grade N-GLA40.48 shown (got %s)" % grade)
    no_errors(page2, "caster report")

    # hostile strings: markup in the case stays text
    hostile = make_report(args, os.path.join(src, "tests/web/hostile-strings.json"), os.path.join(args.out, "report-hostile.html"))
    page3 = browser.new_page()
    page3.goto("file://" + os.path.abspath(hostile))
    page3.wait_for("document.querySelectorAll('section.scheme').length > 0", what="hostile report drawn")
    time.sleep(0.3)
    check(page3.eval("typeof window.__pwned") == "undefined", "hostile: no injected script ran")
    check(page3.eval("document.querySelectorAll('img, iframe, object, embed').length") == 0, "hostile: no injected element")
    check(page3.eval("document.querySelectorAll('script').length") == 2, "hostile: still two scripts")
    check(page3.eval("document.title") == "X</title><script>window.__pwned=1</script> — cfpcheck", "hostile: title is the text")
    check(page3.eval("document.querySelector('#record').textContent.includes('<img src=x onerror=\"window.__pwned=2\">申请人 & Co')"),
          "hostile: the applicant's name shown as text")
    check(not page3.dialogs(), "hostile: no dialog")
    no_errors(page3, "hostile report")


# ---- pdf ------------------------------------------------------------------------

def test_pdf(args, browser):
    for tool in ("pdftotext", "pdfinfo"):
        if not shutil.which(tool):
            skip(tool + " not installed (Debian: poppler-utils)")
    src = args.source
    html = make_report(args, os.path.join(src, "data/examples/smelter-ingot-initial.json"),
                       os.path.join(args.out, "report-smelter.html"))
    data = embedded(html)
    page = browser.new_page()
    page.goto("file://" + os.path.abspath(html))
    page.wait_for("document.querySelectorAll('section.scheme').length > 0", what="report drawn")
    pdf = os.path.join(args.out, "report-smelter.pdf")
    page.pdf(pdf)
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    size = re.search(r"^Page size:\s+(.*)$", info, re.M).group(1)
    print("pdf: %d pages, %s" % (pages, size))
    check("A4" in size, "A4 pages (got %s)" % size)
    # one section per scheme starts a page: at least 1 + 5 pages, and not absurdly many
    nschemes = len(data["result"]["results"])
    check(nschemes + 1 <= pages <= 60, "page count %d within [%d, 60]" % (pages, nschemes + 1))
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True).stdout
    open(os.path.join(args.out, "report-smelter.txt"), "w", encoding="utf-8").write(text)
    per_page = text.split("\f")
    check("1 / %d" % pages in per_page[0], "page number 1 / %d on page 1" % pages)
    check("%d / %d" % (pages, pages) in per_page[pages - 1], "page number %d / %d on the last page" % (pages, pages))
    flat = re.sub(r"\s+", "", text)
    fails = [f for r in data["result"]["results"] for f in r["findings"] if f["status"] == "fail"]
    check(fails, "the smelter has failing findings to look for")
    for f in fails:
        check(f["rule"] in flat, "pdftotext finds the failing finding %s" % f["rule"])
        check(re.sub(r"\s+", "", f["title"]["zh"])[:12] in flat, "pdftotext finds the title of %s" % f["rule"])
    check("EX-SMELTER-2026-001" in flat, "pdftotext finds the case id")
    check("签字" in flat and "审核人员姓名" in flat, "pdftotext finds the reviewer's block")
    no_errors(page, "printing")


# ---- serve ---------------------------------------------------------------------

def start_serve(args, log):
    proc = subprocess.Popen([args.cfpcheck, "serve", "--port", "0", "--workers", "1",
                             "--rules", os.path.join(args.source, "rules"), "--data", os.path.join(args.source, "data")],
                            stdout=log, stderr=log)
    for _ in range(300):
        time.sleep(0.1)
        m = re.search(r"listening on http://127\.0\.0\.1:(\d+)", open(log.name, encoding="utf-8", errors="replace").read())
        if m:
            return proc, int(m.group(1))
        if proc.poll() is not None:
            break
    proc.kill()
    raise SystemExit("serve did not start:\n" + open(log.name).read())


def test_serve(args, browser):
    src = args.source
    log = open(os.path.join(args.out, "serve.log"), "w")
    proc, port = start_serve(args, log)
    base = "http://127.0.0.1:%d" % port
    try:
        page = browser.new_page()
        page.send("Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 1000, "deviceScaleFactor": 1, "mobile": False})
        dl = os.path.join(args.out, "downloads")
        shutil.rmtree(dl, ignore_errors=True)
        os.makedirs(dl)
        browser.send("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": os.path.abspath(dl), "eventsEnabled": True})
        page.goto(base + "/")
        page.wait_for("document.querySelectorAll('#example option').length >= 3", what="examples listed")
        page.wait_for("document.querySelectorAll('#schemes input').length >= 5", what="schemes listed")
        check(page.eval("document.querySelector('#tab-check').textContent") == "核查案例", "page opens in Chinese")

        # pick the smelter example, submit, wait for the result
        page.eval("(() => { const s = document.getElementById('example'); s.value = 'smelter-ingot-initial.json'; })()")
        page.eval("document.getElementById('load-example').click()")
        page.wait_for("document.getElementById('case-text').value.includes('EX-SMELTER-2026-001')", what="example loaded")
        page.eval("document.getElementById('evaluate').click()")
        page.wait_for("document.querySelectorAll('#report section.scheme').length === 5", what="result drawn")
        shown = page.eval("Object.fromEntries([...document.querySelectorAll('#report section.scheme')].map(s => "
                          "[s.dataset.scheme, s.querySelector('.verdict').dataset.verdict]))")
        check(shown.get("NTE-GLA") == "fail" and shown.get("CNCA-CFP-15") == "pass", "serve page: smelter verdicts (got %s)" % shown)
        check(page.eval("document.querySelectorAll('#report .lang-switch').length") == 0, "the page's own language switch only")
        page.screenshot(os.path.join(args.out, "serve-result.png"), full=False)

        # a rule's explanation
        page.eval("document.querySelector('#s-NTE-GLA button.rule-link[data-rule=\"NTE-GLA/6.2/grade\"]').click()")
        page.wait_for("!document.getElementById('explain').hidden && !!document.getElementById('explain-file')", what="explanation shown")
        clause = page.eval("document.getElementById('explain-clause').textContent")
        where = page.eval("document.getElementById('explain-file').textContent")
        params = page.eval("document.getElementById('explain').textContent")
        check(clause == "NTE-GLA § 6.2", "explain: clause (got %s)" % clause)
        check(re.fullmatch(r"(.*/)?rules/NTE-GLA/ch6_grade\.lua:\d+", where or ""), "explain: file and line (got %s)" % where)
        check("omega_c_max_pct" in params and "不大于 30 %" in params, "explain: the parameter and its reading")
        page.screenshot(os.path.join(args.out, "serve-explain.png"), full=False)
        page.eval("document.getElementById('explain-close').click()")

        # download the report: the same bytes as `cfpcheck report`
        mark = len(browser.events)
        page.eval("document.getElementById('dl-html').click()")
        done = browser.wait_event("Browser.downloadProgress", since=mark, timeout=30,
                                  pred=lambda p: p.get("state") in ("completed", "canceled"))
        check(done["params"]["state"] == "completed", "report download completed")
        files = [f for f in os.listdir(dl) if f.endswith(".report.html")]
        check(files == ["EX-SMELTER-2026-001.report.html"], "downloaded report named after the case (got %s)" % files)
        if files:
            cli = make_report(args, os.path.join(src, "data/examples/smelter-ingot-initial.json"),
                              os.path.join(args.out, "report-smelter-cli.html"))
            check(open(os.path.join(dl, files[0]), "rb").read() == open(cli, "rb").read(),
                  "downloaded report == cfpcheck report, byte for byte")
        mark = len(browser.events)
        page.eval("document.getElementById('dl-json').click()")
        browser.wait_event("Browser.downloadProgress", since=mark, timeout=30, pred=lambda p: p.get("state") == "completed")
        rj = os.path.join(dl, "EX-SMELTER-2026-001.result.json")
        check(os.path.exists(rj) and json.load(open(rj, encoding="utf-8"))["format"] == "cfpresult/1", "result JSON downloaded")

        # the catalogue
        page.eval("document.getElementById('tab-catalog').click()")
        page.wait_for("document.querySelectorAll('#view-catalog table.catalog tbody tr').length > 0", what="catalogue drawn")
        schemes = json.loads(subprocess.run([args.cfpcheck, "schemes", "--format", "json", "--rules", os.path.join(src, "rules"),
                                             "--data", os.path.join(src, "data")], capture_output=True, text=True).stdout)
        rows = page.eval("document.querySelectorAll('#view-catalog table.catalog tbody tr').length")
        check(rows == sum(s["rules"] for s in schemes), "catalogue lists every rule (%d rows, %d rules)" % (rows, sum(s["rules"] for s in schemes)))
        first = page.eval("[...document.querySelectorAll('#cat-NTE-GLA table.catalog tbody tr td:first-child')].map(t => t.textContent)")
        check(len(first) > 5 and first == sorted(first, key=lambda c: ([int(x) for x in re.findall(r"\d+", c)], c)),
              "catalogue by clause (got %s)" % first)
        page.screenshot(os.path.join(args.out, "serve-catalogue.png"), full=False)
        page.eval("document.querySelector('#cat-NTE-GLA button.rule-link').click()")
        page.wait_for("!document.getElementById('explain').hidden && !!document.getElementById('explain-file')", what="explanation from the catalogue")
        page.eval("document.getElementById('explain-close').click()")
        page.eval("document.getElementById('tab-check').click()")

        # a broken case: line and column marked
        broken = '{\n  "format": "cfpcase/1",\n  "case_id": "BROKEN" oops\n}\n'
        page.eval("document.getElementById('case-text').value = %s" % json.dumps(broken))
        page.eval("document.getElementById('evaluate').click()")
        page.wait_for("!!document.querySelector('#problems li')", what="problems listed")
        lc = page.eval("(() => { const s = document.querySelector('#problems .linecol'); return s ? [s.dataset.line, s.dataset.column, s.textContent] : null; })()")
        check(lc is not None and lc[0] == "3" and lc[1] == "23", "broken case: line 3, column 23 (got %s)" % lc)
        check(lc is not None and lc[2] == "行 3，列 23", "broken case: shown as 行 3，列 23 (got %s)" % (lc and lc[2]))
        mark_txt = page.eval("(() => { const m = document.querySelector('#source .err-line[data-line=\"3\"] mark.err-char'); return m ? m.textContent : null; })()")
        check(mark_txt == "o", "the character at line 3, column 23 is marked (got %r)" % mark_txt)
        sel = page.eval("(() => { const t = document.getElementById('case-text'); return [t.selectionStart, t.selectionEnd]; })()")
        want_off = len('{\n  "format": "cfpcase/1",\n') + 22
        check(sel == [want_off, want_off + 1], "the text box selects line 3, column 23 (got %s, want %d)" % (sel, want_off))
        check(page.eval("document.querySelectorAll('#report').length") == 0, "no report drawn for a rejected case")
        page.screenshot(os.path.join(args.out, "serve-broken.png"), full=False)

        # a case with several type problems: each with its pointer
        bad = json.load(open(os.path.join(src, "data/examples/caster-billet-gla.json"), encoding="utf-8"))
        bad["as_of"] = 20260211
        bad["stage"] = "nonsense"
        page.eval("document.getElementById('case-text').value = %s" % json.dumps(json.dumps(bad, ensure_ascii=False, indent=2)))
        page.eval("document.getElementById('evaluate').click()")
        page.wait_for("!!document.querySelector('#problems li') && document.querySelector('#problems').textContent.includes('/as_of')",
                      what="type problems listed")
        ptrs = page.eval("[...document.querySelectorAll('#problems code.ptr')].map(c => c.textContent)")
        check("/as_of" in ptrs and "/stage" in ptrs, "every problem with its pointer (got %s)" % ptrs)

        # English
        page.eval("document.querySelector('.app-head .lang-switch button[data-lang=en]').click()")
        check(page.eval("document.querySelector('#tab-check').textContent") == "Check a case", "page switches to English")

        # the two broken cases were answered 400 on purpose; Chromium logs that as a failed load
        no_errors(page, "serve page", expected=r"^log \(network\): Failed to load resource: the server responded with a status of 400 \(Bad Request\) %s/v1/report\?" % re.escape(base))
        check(len([e for e in page.console_errors() if "status of 400" in e]) == 2, "exactly the two rejected cases answered 400")
        reqs = page.requests()
        outside = [u for u in reqs if not (u.startswith(base + "/") or u.startswith("blob:") or u.startswith("data:"))]
        check(not outside, "no request outside the server (got %s)" % outside)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["report", "pdf", "serve"])
    ap.add_argument("--cfpcheck", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    binary = cdp.find_chromium()
    if not binary:
        skip("no Chromium found (Debian: apt-get install chromium; or set CFPCHECK_CHROMIUM)")
    os.makedirs(args.out, exist_ok=True)
    browser = cdp.Browser(binary)
    t0 = time.time()
    try:
        {"report": test_report, "pdf": test_pdf, "serve": test_serve}[args.mode](args, browser)
    finally:
        browser.close()
    print("browser %s: %d checks, %d failed, %.1f s (artifacts in %s)" % (args.mode, CHECKS[0], len(FAILS), time.time() - t0, args.out))
    sys.exit(1 if FAILS else 0)


if __name__ == "__main__":
    main()
