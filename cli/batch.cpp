// `cfpcheck batch`: pre-screens many cases. Input: JSON Lines (one case per
// line) from a file or stdin, or a folder of case files. Output: one
// cfpresult/1 line per input, in input order (or as finished with
// --unordered). A bad case becomes an error line; the run never stops.
//
// Threads: one reader, N workers (each with its own Evaluator over the one
// shared Catalog), the writer on the main thread. A window of at most
// `window` inputs is in flight between reader and writer, so memory stays flat
// however long the input is.
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/program_options.hpp>

#include "cfpcheck/cfpcheck.hpp"
#include "cfpcheck/report.hpp"
#include "cli_common.hpp"
#include "i18n.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;
using cfp::json;

namespace cfpcli {
namespace {

enum Exit { kOk = 0, kVerdictFail = 1, kRejected = 2, kPack = 3 };

struct Job {
  std::uint64_t seq = 0;
  long line = 0;          // 1-based line of the JSONL input (0 for folder input)
  std::string file;       // folder input: the file
  std::string text;
  bool oversize = false;  // the line was longer than the case-size limit (text dropped)
  std::size_t size = 0;
  std::string unreadable;  // folder input: why the file could not be read
};

struct Done {
  std::uint64_t seq = 0;
  std::string out;  // the line without '\n'
  int code = kOk;   // 0 ok, 1 fail verdict, 2 rejected, 3 pack error
  std::size_t size = 0;  // input bytes held in the window
  std::vector<std::pair<std::string, std::string>> verdicts;
};

// The reader's queue of inputs for the workers (multi-consumer). No bound of
// its own: the Window bounds what is in flight. push wakes a worker only
// when one sleeps.
class JobQueue {
 public:
  void push(Job v) {
    std::lock_guard lk(m_);
    q_.push_back(std::move(v));
    if (sleepers_ > 0) cv_.notify_one();
  }
  std::optional<Job> pop() {
    std::unique_lock lk(m_);
    while (q_.empty() && !closed_) {
      ++sleepers_;
      cv_.wait(lk);
      --sleepers_;
    }
    if (q_.empty()) return std::nullopt;
    Job v = std::move(q_.front());
    q_.pop_front();
    return v;
  }
  void close() {
    std::lock_guard lk(m_);
    closed_ = true;
    cv_.notify_all();
  }

 private:
  std::deque<Job> q_;
  bool closed_ = false;
  int sleepers_ = 0;
  std::mutex m_;
  std::condition_variable cv_;
};

// The workers' finished cases for the writer (one consumer), bounded by the
// Window. Each finished case wakes a sleeping writer, which then takes all
// that is there at once.
// (Waking the writer only per batch of cases, or when a worker runs out of
// input, cut the process's context switches tenfold, but on a machine shared
// with other CPU-bound processes the workers then got less CPU: fewer cases
// per second, at --jobs 2 by a third; see the commit message.)
class DoneQueue {
 public:
  void push(Done v) {
    std::lock_guard lk(m_);
    q_.push_back(std::move(v));
    if (sleeping_) cv_.notify_one();
  }
  void close() {
    std::lock_guard lk(m_);
    closed_ = true;
    cv_.notify_one();
  }
  // Moves every waiting case into `out` (empty on entry); false at the end.
  // Runs `before_wait` (the writer flushes its output) before it sleeps.
  template <class F>
  bool pop_all(std::vector<Done>& out, F&& before_wait) {
    std::unique_lock lk(m_);
    auto ready = [&] { return closed_ || !q_.empty(); };
    if (!ready()) {
      lk.unlock();
      before_wait();
      lk.lock();
      sleeping_ = true;
      cv_.wait(lk, ready);
      sleeping_ = false;
    }
    if (q_.empty()) return false;  // closed and drained
    out.swap(q_);
    return true;
  }

 private:
  std::vector<Done> q_;
  bool closed_ = false, sleeping_ = false;
  std::mutex m_;
  std::condition_variable cv_;
};

// The in-flight window: at most `n` inputs and (unless one input alone is
// larger) `bytes` bytes of case text between reader and writer. The writer
// releases what it wrote at once; the reader is woken only when it waits.
class Window {
 public:
  Window(std::size_t n, std::size_t bytes) : n_(n), cap_(bytes) {}
  void acquire(std::size_t size) {
    std::unique_lock lk(m_);
    if (!fits(size)) {
      waiting_ = true;
      cv_.wait(lk, [&] { return fits(size); });
      waiting_ = false;
    }
    --n_;
    used_ += size;
  }
  void release(std::size_t count, std::size_t size) {
    if (count == 0) return;
    std::lock_guard lk(m_);
    n_ += count;
    used_ -= size;
    if (waiting_) cv_.notify_one();
  }

 private:
  bool fits(std::size_t size) const { return n_ > 0 && (used_ == 0 || used_ + size <= cap_); }
  std::size_t n_, cap_, used_ = 0;
  bool waiting_ = false;
  std::mutex m_;
  std::condition_variable cv_;
};

// Reads lines of at most `limit` bytes; longer lines are skipped to their end
// and reported as oversize (never held in memory).
class LineReader {
 public:
  LineReader(std::FILE* f, std::size_t limit) : fd_(fileno(f)), limit_(limit), buf_(1 << 16) {}
  // Returns false at end of input.
  bool next(std::string& line, bool& oversize, std::size_t& size) {
    line.clear();
    oversize = false;
    size = 0;
    bool any = false;
    for (;;) {
      if (pos_ == end_) {
        // read(2), not fread: from a pipe it returns what has arrived, so a
        // line is handed on as soon as its newline is in (fread would wait
        // for a full buffer or the end of input)
        ssize_t got;
        do got = ::read(fd_, buf_.data(), buf_.size());
        while (got < 0 && errno == EINTR);
        end_ = got > 0 ? static_cast<std::size_t>(got) : 0;  // an error ends the input, as fread's did
        pos_ = 0;
        bytes_ += end_;
        if (end_ == 0) return any;
      }
      any = true;
      const char* start = buf_.data() + pos_;
      const char* nl = static_cast<const char*>(std::memchr(start, '\n', end_ - pos_));
      std::size_t n = nl ? static_cast<std::size_t>(nl - start) : end_ - pos_;
      size += n;
      if (!oversize) {
        if (line.size() + n > limit_) {
          oversize = true;
          line.clear();
          line.shrink_to_fit();
        } else {
          line.append(start, n);
        }
      }
      pos_ += n + (nl ? 1 : 0);
      if (nl) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return true;
      }
    }
  }
  std::uint64_t bytes_read() const { return bytes_; }

 private:
  int fd_;
  std::size_t limit_;
  std::vector<char> buf_;
  std::size_t pos_ = 0, end_ = 0;
  std::uint64_t bytes_ = 0;
};

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r") == std::string::npos; }

// Where a result line came from: `"line": N` (JSON Lines input) or
// `"file": "…"` (folder input), appended to the result's `case` object. The
// writer's key order is fixed (format, engine, case, results) and a quote
// inside a string is always escaped, so the first `},"results":[` closes the
// `case` object.
void add_provenance(std::string& out, long line, const std::string& file) {
  static constexpr std::string_view kEnd = R"(},"results":[)";
  const auto at = out.find(kEnd);
  if (at == std::string::npos) return;
  std::string add;
  if (line) add = ",\"line\":" + std::to_string(line);
  else if (!file.empty()) add = ",\"file\":" + json(file).dump(-1, ' ', false, json::error_handler_t::replace);
  out.insert(at, add);
}

// The case id of a rejected line, when its text parses far enough to show one.
std::optional<std::string> case_id_of(const std::string& text) {
  if (text.empty() || text.size() > (std::size_t(64) << 20)) return std::nullopt;
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  auto it = j.find("case_id");
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::string fmt_duration(double s) {
  char b[32];
  if (s < 60) std::snprintf(b, sizeof b, "%.0fs", s);
  else if (s < 3600) std::snprintf(b, sizeof b, "%dm%02ds", int(s) / 60, int(s) % 60);
  else std::snprintf(b, sizeof b, "%dh%02dm", int(s) / 3600, (int(s) % 3600) / 60);
  return b;
}

long peak_rss_kb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

}  // namespace

int cmd_batch(const std::vector<std::string>& args, const char* argv0) {
  EngineOptions eng;
  std::string input, out_file, fail_on = "fail", lang;
  std::vector<std::string> schemes;
  unsigned jobs = 0;
  bool unordered = false, quiet = false, only_problems = false;
  po::options_description desc = options_box();
  desc.add_options()("help,h", L("show this help", "显示本帮助"));
  eng.add_to(desc);
  desc.add_options()("input", po::value(&input),
                     L("JSONL file, folder of case files, or - for stdin (default)", "JSONL 文件、案例文件夹，或 -（标准输入，默认）"))(
      "out,o", po::value(&out_file), L("write result lines here (default: stdout)", "结果行写到此文件（默认：标准输出）"))(
      "jobs,j", po::value(&jobs), L("worker threads (default: the number of cores)", "工作线程数（默认：CPU 核数）"))(
      "unordered", po::bool_switch(&unordered),
      L("write results as they finish, not in input order", "按完成先后输出结果，而不按输入顺序"))(
      "scheme,s", po::value(&schemes)->composing(), L("only this scheme (repeatable)", "只用此认证方案（可重复）"))(
      "only-problems", po::bool_switch(&only_problems), L("leave out passing and info findings (still counted)", "略去通过的和提示性的检查结果（仍计入计数）"))(
      "fail-on", po::value(&fail_on),
      L("exit 1 when a verdict is: fail (default); conditional (fail or conditional); insufficient (also "
        "insufficient_data); never: exit 0 whatever the verdicts",
        "在某个结论为以下情况时以 1 退出：fail（默认，不通过）；conditional（不通过或有条件通过）；"
        "insufficient（再加上数据不足）；never：无论结论如何都以 0 退出"))(
      "lang", po::value(&lang),
      L("zh | en: the language of messages and the summary (the result lines are JSON)",
        "zh | en：提示信息和汇总的语言（结果行为 JSON，不翻译）"))(
      "quiet,q", po::bool_switch(&quiet), L("no progress bar and no summary", "不显示进度条和汇总"));
  po::positional_options_description pos;
  pos.add("input", 1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(desc).positional(pos).run(), vm);
  if (vm.count("help")) {
    std::cout << L("usage: cfpcheck batch [FILE.jsonl | DIR | -] [--out FILE] [--jobs N] [--unordered]\n\n"
                   "Evaluates many cases: one case per line of a JSON Lines file (or stdin), or every *.json\n"
                   "file of a folder (sorted by name). Writes exactly one line per input line (blank lines\n"
                   "included): a cfpresult/1 whose \"case\" carries the input's \"line\" (or \"file\"), or for\n"
                   "a bad case {\"case\": {\"id\": …, \"line\": N}, \"error\": {...}} (the id when the line\n"
                   "parsed far enough to show one); the run goes on.\n"
                   "Exit status: the worst of 3 (rule-pack error), 2 (rejected case), 1 (a verdict --fail-on\n"
                   "counts: fail by default), 0.\n\n",
                   "用法：cfpcheck batch [FILE.jsonl | DIR | -] [--out FILE] [--jobs N] [--unordered]\n\n"
                   "批量评价案例：JSON Lines 文件（或标准输入）的每行一个案例，或文件夹中的每个 *.json 文件\n"
                   "（按文件名排序）。每个输入行（包括空行）恰好输出一行：一个 cfpresult/1，其 \"case\" 带有\n"
                   "输入的 \"line\"（或 \"file\"）；案例有误时输出 {\"case\": {\"id\": …, \"line\": N}, \"error\": {...}}\n"
                   "（能解析出编号时带 id）；运行不会中断。\n"
                   "退出状态：取以下最严重者：3（规则包错误）、2（案例被拒收）、1（有 --fail-on 所计的结论，\n"
                   "默认为不通过）、0。\n\n")
              << desc << "\n";
    return kOk;
  }
  po::notify(vm);
  if (lang.empty()) lang = message_lang();
  auto one_of = [](const char* option, const std::string& value, std::initializer_list<const char*> allowed) {
    std::string list;
    for (const char* a : allowed) {
      if (value == a) return true;
      list += std::string(list.empty() ? "" : ", ") + a;
    }
    if (zh())
      std::cerr << "cfpcheck batch: --" << option << " 的取值 '" << value << "' 无效，应为以下之一：" << list << "\n";
    else
      std::cerr << "cfpcheck batch: --" << option << " '" << value << "' is not one of: " << list << "\n";
    return false;
  };
  if (!one_of("fail-on", fail_on, {"fail", "conditional", "insufficient", "never"}) || !one_of("lang", lang, {"zh", "en"}))
    return kRejected;
  // --fail-on: the verdicts that exit 1 (as eval and compare, cli/main.cpp verdict_exit)
  const bool fail_conditional = fail_on == "conditional" || fail_on == "insufficient";
  const bool fail_insufficient = fail_on == "insufficient";
  auto counts_as_failure = [&](const cfp::EvalSummary& sum) {
    if (fail_on == "never") return false;
    if (sum.any_fail) return true;
    for (const auto& [scheme, verdict] : sum.verdicts)
      if ((fail_conditional && verdict == "conditional") || (fail_insufficient && verdict == "insufficient_data")) return true;
    return false;
  };
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  if (jobs > 256) jobs = 256;

  auto catalog = cfp::Catalog::load(eng.paths(argv0), eng.limits());  // PackError → exit 3 in main
  const std::size_t limit = catalog->limits().max_case_bytes;
  // an unknown --scheme is a bad invocation, not one error line per case
  for (const auto& id : schemes)
    if (!catalog->find_pack(id)) {
      std::string known;
      for (const auto& p : catalog->packs()) known += (known.empty() ? "" : ", ") + p.id;
      if (zh())
        std::cerr << "cfpcheck batch: 未知的认证方案 '" << id << "'（已安装：" << known << "）\n";
      else
        std::cerr << "cfpcheck batch: unknown scheme '" << id << "' (installed: " << known << ")\n";
      return kRejected;
    }

  // ---- input
  std::FILE* in = nullptr;
  std::vector<fs::path> files;
  bool folder = false;
  std::uint64_t total_bytes = 0;
  if (input.empty() || input == "-") {
    in = stdin;
  } else if (fs::is_directory(input)) {
    folder = true;
    for (const auto& e : fs::directory_iterator(input))
      if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
  } else {
    in = std::fopen(input.c_str(), "rb");
    if (!in) {
      std::cerr << "cfpcheck batch: " << L("cannot read ", "无法读取 ") << input << "\n";
      return kRejected;
    }
    std::error_code ec;
    total_bytes = fs::file_size(input, ec);
    if (ec) total_bytes = 0;
  }

  // ---- output
  std::FILE* out = stdout;
  if (!out_file.empty() && out_file != "-") {
    out = std::fopen(out_file.c_str(), "wb");
    if (!out) {
      std::cerr << "cfpcheck batch: " << L("cannot write ", "无法写入 ") << out_file << "\n";
      return kRejected;
    }
  }
  static char outbuf[1 << 16];
  std::setvbuf(out, outbuf, _IOFBF, sizeof outbuf);

  cfp::EvalOptions opt;
  opt.schemes = schemes;
  opt.only_problems = only_problems;

  const std::size_t window = std::max<std::size_t>(64, jobs * 32);
  JobQueue todo;
  DoneQueue done;
  Window slots(window, std::size_t(64) << 20);  // ≤ 64 MiB of case text in flight
  std::atomic<std::uint64_t> read_bytes{0};
  std::atomic<bool> input_done{false};
  std::atomic<std::uint64_t> read_count{0};

  // reader
  std::thread reader([&] {
    std::uint64_t seq = 0;
    if (folder) {
      for (const auto& f : files) {
        Job j;
        j.seq = seq++;
        j.file = f.generic_string();
        // a regular file only, and at most limit + 1 bytes of it
        std::string why;
        if (!cfp::read_regular_file(f, limit, j.text, why)) {
          j.unreadable = why;
          j.text.clear();
        } else if (j.text.size() > limit) {
          j.oversize = true;
          j.size = j.text.size();
          j.text.clear();
          j.text.shrink_to_fit();
        } else {
          j.size = j.text.size();
        }
        slots.acquire(j.text.size());
        read_count.fetch_add(1, std::memory_order_relaxed);
        todo.push(std::move(j));
      }
    } else {
      LineReader lr(in, limit);
      std::string line;
      bool over = false;
      std::size_t size = 0;
      long lineno = 0;
      while (lr.next(line, over, size)) {
        ++lineno;
        read_bytes.store(lr.bytes_read(), std::memory_order_relaxed);
        // A blank line is still an input line: it gets its own error line, so
        // every input line has exactly one output line.
        Job j;
        j.seq = seq++;
        j.line = lineno;
        j.oversize = over;
        j.size = size;
        j.text = std::move(line);
        line = std::string();
        // lines tend to be alike: room for one like the last, instead of
        // growing the string from nothing (a 25 KB line: 12 reallocations)
        line.reserve(j.text.size());
        slots.acquire(j.text.size());
        read_count.fetch_add(1, std::memory_order_relaxed);
        todo.push(std::move(j));
      }
    }
    input_done = true;
    todo.close();
  });

  // workers
  std::atomic<int> workers_left{static_cast<int>(jobs)};
  std::vector<std::thread> workers;
  std::mutex fatal_m;
  std::string fatal;
  for (unsigned w = 0; w < jobs; ++w) {
    workers.emplace_back([&] {
      std::unique_ptr<cfp::Evaluator> ev;
      try {
        ev = std::make_unique<cfp::Evaluator>(catalog);
      } catch (const std::exception& e) {
        std::lock_guard lk(fatal_m);
        fatal = e.what();
      }
      cfp::EvalSummary sum;
      while (auto j = todo.pop()) {
        Done d;
        d.seq = j->seq;
        d.size = j->text.size();
        auto error_line = [&](const json& err) {
          json o;
          o["case"] = json::object();
          if (auto id = case_id_of(j->text)) o["case"]["id"] = *id;
          if (j->line) o["case"]["line"] = j->line;
          if (!j->file.empty()) o["case"]["file"] = j->file;
          o["error"] = err;
          return o.dump(-1, ' ', false, json::error_handler_t::replace);
        };
        try {
          if (!ev) throw cfp::PackError("engine", "", "runtime", "no evaluator: " + fatal);
          if (!j->unreadable.empty())
            throw cfp::CaseRejected({cfp::CaseIssue{"", "a readable regular file", j->file,
                                                    "cannot read case file " + j->file + ": " + j->unreadable, 0, 0}});
          if (j->oversize)
            throw cfp::CaseRejected({cfp::CaseIssue{"", "at most " + std::to_string(limit) + " bytes",
                                                    std::to_string(j->size) + " bytes", "case file too large", 0, 0}});
          if (blank(j->text))
            throw cfp::CaseRejected({cfp::CaseIssue{"", "one case (a JSON object) per line", "an empty line",
                                                    "empty input line: no case to evaluate", 0, 0}});
          d.out = ev->evaluate_text(j->text, opt, &sum);
          add_provenance(d.out, j->line, j->file);
          d.code = counts_as_failure(sum) ? kVerdictFail : kOk;
          d.verdicts = std::move(sum.verdicts);  // after counts_as_failure(sum); evaluate_text fills sum afresh
        } catch (const cfp::CaseRejected& e) {
          d.out = error_line(e.to_json());
          d.code = kRejected;
        } catch (const cfp::PackError& e) {
          d.out = error_line(e.to_json());
          d.code = kPack;
        } catch (const std::exception& e) {
          d.out = error_line(json{{"kind", "engine"}, {"message", e.what()}});
          d.code = kPack;
        }
        done.push(std::move(d));
      }
      if (--workers_left == 0) done.close();
    });
  }

  // writer (this thread) + progress
  const bool progress = !quiet && isatty(STDERR_FILENO) == 1;
  const auto t0 = std::chrono::steady_clock::now();
  auto last_draw = t0;
  std::uint64_t next_seq = 0, written = 0, errors = 0, rejected = 0, pack_errors = 0;
  int worst = kOk;
  std::map<std::string, std::map<std::string, std::uint64_t>> verdicts;  // scheme -> verdict -> n
  std::map<std::uint64_t, Done> pending;
  std::size_t freed = 0, freed_bytes = 0;  // window slots to give back after this batch
  auto emit = [&](Done& d) {
    std::fwrite(d.out.data(), 1, d.out.size(), out);
    std::fputc('\n', out);
    ++written;
    if (d.code > worst) worst = d.code;
    if (d.code == kRejected) ++rejected, ++errors;
    if (d.code == kPack) ++pack_errors, ++errors;
    for (const auto& [s, v] : d.verdicts) ++verdicts[s][v];
    ++freed;
    freed_bytes += d.size;
  };
  auto draw = [&](bool final) {
    auto now = std::chrono::steady_clock::now();
    if (!final && now - last_draw < std::chrono::milliseconds(200)) return;
    last_draw = now;
    double el = std::chrono::duration<double>(now - t0).count();
    double rate = el > 0 ? written / el : 0;
    std::string eta = "?";
    double frac = -1;
    if (folder && !files.empty()) frac = double(written) / files.size();
    else if (total_bytes > 0 && read_count > 0)
      frac = (double(read_bytes.load()) / total_bytes) * (double(written) / double(read_count.load()));
    if (frac > 0) eta = fmt_duration(el / frac - el);
    char buf[200];
    if (frac >= 0) {
      int w = 30, fill = static_cast<int>(std::min(1.0, frac) * w);
      std::string bar(fill, '#');
      bar.resize(w, '.');
      std::snprintf(buf, sizeof buf, L("\r[%s] %3.0f%% %llu cases, %llu errors, %.0f cases/s, ETA %s   ",
                                       "\r[%s] %3.0f%% %llu 个案例，%llu 个错误，每秒 %.0f 个，预计还需 %s   "), bar.c_str(),
                    std::min(1.0, frac) * 100, (unsigned long long)written, (unsigned long long)errors, rate, eta.c_str());
    } else {
      std::snprintf(buf, sizeof buf, L("\r%llu cases, %llu errors, %.0f cases/s   ", "\r%llu 个案例，%llu 个错误，每秒 %.0f 个   "),
                    (unsigned long long)written,
                    (unsigned long long)errors, rate);
    }
    std::fputs(buf, stderr);
    if (final) std::fputs("\n", stderr);
  };
  // Input that can keep us waiting (stdin from a pipe, a terminal, a socket):
  // the writer flushes what it wrote before it sleeps, so that a pipeline
  // that sends a line and waits for its answer gets it at once. From a file
  // the output stays block-buffered (a flush per case would be a write(2)
  // per case).
  bool may_stall = false;
  if (in == stdin) {
    struct stat st{};
    may_stall = fstat(fileno(stdin), &st) != 0 || !S_ISREG(st.st_mode);
  }
  auto flush = [&] {
    if (may_stall) std::fflush(out);
  };
  std::vector<Done> batch;
  while (done.pop_all(batch, flush)) {
    for (Done& d : batch) {
      if (unordered) {
        emit(d);
      } else {
        const std::uint64_t seq = d.seq;
        if (seq == next_seq && pending.empty()) {  // the usual case: no detour through the map
          emit(d);
          ++next_seq;
          continue;
        }
        pending.emplace(seq, std::move(d));
        for (auto it = pending.begin(); it != pending.end() && it->first == next_seq; it = pending.begin()) {
          emit(it->second);
          pending.erase(it);
          ++next_seq;
        }
      }
    }
    batch.clear();
    slots.release(freed, freed_bytes);
    freed = freed_bytes = 0;
    if (progress) draw(false);
  }
  reader.join();
  for (auto& t : workers) t.join();
  std::fflush(out);
  bool write_failed = std::ferror(out) != 0;
  if (out != stdout) std::fclose(out);
  if (in && in != stdin) std::fclose(in);
  if (progress) draw(true);

  double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (!quiet) {
    std::fprintf(stderr,
                 L("cfpcheck batch: %llu cases in %.2fs (%.0f cases/s, %u jobs), %llu errors (%llu rejected, %llu pack)\n",
                   "cfpcheck batch: %llu 个案例，用时 %.2f 秒（每秒 %.0f 个，%u 个线程），%llu 个错误（%llu 个案例被拒收，%llu 个规则包错误）\n"),
                 (unsigned long long)written, el, el > 0 ? written / el : 0.0, jobs, (unsigned long long)errors,
                 (unsigned long long)rejected, (unsigned long long)pack_errors);
    for (const auto& [s, m] : verdicts) {
      std::string line = "  " + s + ":";
      for (const char* v : {"pass", "conditional", "fail", "not_applicable", "insufficient_data"})
        if (auto it = m.find(v); it != m.end())
          line += (zh() ? (line.back() == ':' ? " " : "，") + cfp::vocab(v, "zh") : " " + std::string(v)) + " " +
                  std::to_string(it->second);
      for (const auto& [v, n] : m)
        if (v != "pass" && v != "conditional" && v != "fail" && v != "not_applicable" && v != "insufficient_data")
          line += " " + v + " " + std::to_string(n);
      std::fprintf(stderr, "%s\n", line.c_str());
    }
    std::fprintf(stderr, L("  peak RSS %.1f MB\n", "  内存峰值（RSS）%.1f MB\n"), peak_rss_kb() / 1024.0);
  }
  if (write_failed) {
    std::cerr << "cfpcheck batch: " << L("writing the results failed\n", "写入结果失败\n");
    return kRejected;
  }
  return worst;
}

}  // namespace cfpcli
