// `cfpcheck serve`: the engine as a stateless HTTP/1.1 service (Boost.Beast).
//
//   POST /v1/evaluate[?scheme=S&scheme=T&only_problems=1]   case in, cfpresult/1 out
//   POST /v1/compare[?scheme=...]                            the same + "comparison" (as `compare --format json`)
//   POST /v1/validate                                        format and types only, no rule runs
//   GET  /v1/schemes                                         installed packs
//   GET  /v1/schemes/{id}/rules                              one pack's rules, in pack order
//   GET  /v1/rules/{id}                                      one rule (ids contain slashes)
//   GET  /  and POST /v1/report, GET /v1/catalog, /v1/examples   the page (cli/serve_web.cpp)
//   GET  /healthz                                            liveness + pack generation
//   GET  /metrics                                            Prometheus text format
//   GET  /openapi.json                                       OpenAPI 3 description of all of these
//
// Every GET route also answers HEAD. A wrong method is 405 with `Allow`; an
// unknown query parameter or value is 400 (kind "query"); a rule-pack failure
// is 500 (the server's packs are at fault, not the case). Every response
// carries `X-Request-Id` (the client's, when it sent a sane one), which also
// appears in the log line of that request and in error bodies.
//
// Threads: `--io-threads` run the network (accept, read, write); a fixed pool
// of `--workers` threads evaluates, each with its own Evaluator. Evaluation
// requests wait in a bounded queue; when it is full the answer is 503 at once.
// SIGHUP loads and checks a new Catalog; on success it replaces the old one
// atomically (each worker switches between two requests, so in-flight
// requests finish on the old packs); on failure the error is logged and the
// old packs stay. SIGINT/SIGTERM stop the service.
#include <utility>  // before asio: awaitable.hpp needs std::exchange
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/program_options.hpp>
#include <spdlog/spdlog.h>

#include "cfpcheck/cfpcheck.hpp"
#include "cfpcheck/report.hpp"
#include "cli_common.hpp"

namespace cfp {
extern const char* const kOpenApiJson;  // cli/openapi.json (engine/embed.cmake)
}

namespace po = boost::program_options;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using cfp::json;

namespace cfpcli {
namespace {

using Clock = std::chrono::steady_clock;

// ---- metrics --------------------------------------------------------------------

class Metrics {
 public:
  static constexpr double kBuckets[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
  void request(const std::string& route, int status, double seconds, const std::string& kind = {}) {
    std::lock_guard lk(m_);
    ++requests_[{route, status}];
    auto& h = latency_[route];
    if (h.counts.empty()) h.counts.assign(std::size(kBuckets), 0);
    for (std::size_t i = 0; i < std::size(kBuckets); ++i)
      if (seconds <= kBuckets[i]) ++h.counts[i];
    ++h.n;
    h.sum += seconds;
    if (status >= 400) ++errors_[kind.empty() ? error_kind(status) : kind];
  }
  void verdicts(const std::vector<std::pair<std::string, std::string>>& v) {
    std::lock_guard lk(m_);
    for (const auto& [s, x] : v) ++verdicts_[{s, x}];
  }
  void reload(bool ok) {
    std::lock_guard lk(m_);
    ++reloads_[ok ? "ok" : "failed"];
  }
  std::string render(int queue_depth, int queue_cap, int workers, std::uint64_t generation, const cfp::Catalog& cat) {
    std::lock_guard lk(m_);
    std::string o;
    char b[512];
    std::snprintf(b, sizeof b,
                  "# HELP cfpcheck_build_info The running engine (value always 1).\n# TYPE cfpcheck_build_info gauge\n"
                  "cfpcheck_build_info{version=\"%s\"} 1\n",
                  cfp::engine_version());
    o += b;
    o += "# HELP cfpcheck_pack_info The rule packs in service (value always 1).\n# TYPE cfpcheck_pack_info gauge\n";
    for (const auto& p : cat.packs()) {
      std::snprintf(b, sizeof b, "cfpcheck_pack_info{pack=\"%s\",version=\"%s\",sha256=\"%s\"} 1\n", label(p.id).c_str(),
                    label(p.version).c_str(), label(p.sha256).c_str());
      o += b;
    }
    o += "# HELP cfpcheck_requests_total HTTP requests by route and status.\n# TYPE cfpcheck_requests_total counter\n";
    for (const auto& [k, n] : requests_) {
      std::snprintf(b, sizeof b, "cfpcheck_requests_total{route=\"%s\",status=\"%d\"} %llu\n", k.first.c_str(), k.second,
                    (unsigned long long)n);
      o += b;
    }
    o += "# HELP cfpcheck_request_duration_seconds Time from a complete request to its response.\n"
         "# TYPE cfpcheck_request_duration_seconds histogram\n";
    for (const auto& [route, h] : latency_) {
      for (std::size_t i = 0; i < std::size(kBuckets); ++i) {
        std::snprintf(b, sizeof b, "cfpcheck_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n", route.c_str(),
                      kBuckets[i], (unsigned long long)h.counts[i]);
        o += b;
      }
      std::snprintf(b, sizeof b,
                    "cfpcheck_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n"
                    "cfpcheck_request_duration_seconds_sum{route=\"%s\"} %.6f\n"
                    "cfpcheck_request_duration_seconds_count{route=\"%s\"} %llu\n",
                    route.c_str(), (unsigned long long)h.n, route.c_str(), h.sum, route.c_str(), (unsigned long long)h.n);
      o += b;
    }
    o += "# HELP cfpcheck_errors_total Error responses by kind.\n# TYPE cfpcheck_errors_total counter\n";
    for (const auto& [k, n] : errors_) {
      std::snprintf(b, sizeof b, "cfpcheck_errors_total{kind=\"%s\"} %llu\n", k.c_str(), (unsigned long long)n);
      o += b;
    }
    o += "# HELP cfpcheck_verdicts_total Verdicts given by /v1/evaluate and /v1/compare, by scheme.\n"
         "# TYPE cfpcheck_verdicts_total counter\n";
    for (const auto& [k, n] : verdicts_) {
      std::snprintf(b, sizeof b, "cfpcheck_verdicts_total{scheme=\"%s\",verdict=\"%s\"} %llu\n", k.first.c_str(),
                    k.second.c_str(), (unsigned long long)n);
      o += b;
    }
    o += "# HELP cfpcheck_reloads_total Pack reloads (SIGHUP) by outcome.\n# TYPE cfpcheck_reloads_total counter\n";
    for (const char* k : {"ok", "failed"}) {
      std::snprintf(b, sizeof b, "cfpcheck_reloads_total{outcome=\"%s\"} %llu\n", k, (unsigned long long)reloads_[k]);
      o += b;
    }
    auto gauge = [&](const char* name, const char* help, const std::string& value) {
      o += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " gauge\n" + name + " " + value + "\n";
    };
    gauge("cfpcheck_queue_depth", "Evaluation requests waiting for a worker.", std::to_string(queue_depth));
    gauge("cfpcheck_queue_capacity", "Requests that may wait before the answer is 503.", std::to_string(queue_cap));
    gauge("cfpcheck_workers", "Evaluation threads, each with its own Lua state.", std::to_string(workers));
    gauge("cfpcheck_pack_generation", "Pack generation in service (1 at start, +1 per accepted reload).",
          std::to_string(generation));
    return o;
  }

 private:
  // A Prometheus label value: backslash, quote and newline escaped.
  static std::string label(const std::string& v) {
    std::string o;
    for (char c : v) {
      if (c == '\\' || c == '"') o += '\\', o += c;
      else if (c == '\n') o += "\\n";
      else o += c;
    }
    return o;
  }
  static std::string error_kind(int status) {
    switch (status) {
      case 400: return "bad_case";
      case 404: return "not_found";
      case 405: return "method";
      case 408: return "timeout";
      case 413: return "too_large";
      case 415: return "content_type";
      case 503: return "overloaded";
      default: return status >= 500 ? "internal" : "client";
    }
  }
  struct Hist {
    std::vector<std::uint64_t> counts;
    std::uint64_t n = 0;
    double sum = 0;
  };
  std::mutex m_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Hist> latency_;
  std::map<std::string, std::uint64_t> errors_;
  std::map<std::pair<std::string, std::string>, std::uint64_t> verdicts_;
  std::map<std::string, std::uint64_t> reloads_;
};

// ---- the current packs ---------------------------------------------------------------

class Packs {
 public:
  explicit Packs(std::shared_ptr<const cfp::Catalog> c) : cat_(std::move(c)) {}
  std::pair<std::shared_ptr<const cfp::Catalog>, std::uint64_t> get() const {
    std::lock_guard lk(m_);
    return {cat_, gen_};
  }
  void set(std::shared_ptr<const cfp::Catalog> c) {
    std::lock_guard lk(m_);
    cat_ = std::move(c);
    ++gen_;
  }
  std::uint64_t generation() const {
    std::lock_guard lk(m_);
    return gen_;
  }

 private:
  mutable std::mutex m_;
  std::shared_ptr<const cfp::Catalog> cat_;
  std::uint64_t gen_ = 1;
};

// ---- the worker pool ---------------------------------------------------------------------

struct Reply {
  Reply(int s = 200, std::string b = {}, std::string ct = "application/json")
      : status(s), body(std::move(b)), content_type(std::move(ct)) {}
  int status;
  std::string body;
  std::string content_type;
  std::string kind;   // error kind for the metrics (default: from the status)
  std::string allow;  // 405: the methods the route takes
};

struct Task {
  std::function<Reply(cfp::Evaluator&)> work;
  std::function<void(Reply)> done;  // called on the worker thread
};

class Pool {
 public:
  Pool(Packs& packs, unsigned n, std::size_t cap) : packs_(packs), cap_(cap), busy_(n) {
    for (auto& b : busy_) b.store(0);
    for (unsigned i = 0; i < n; ++i) threads_.emplace_back([this, i] { run(i); });
  }
  ~Pool() { stop(); }
  // Workers busy on one request for longer than `limit` (wedged: an
  // evaluation ends at its budget or deadline long before).
  int wedged(std::chrono::milliseconds limit) const {
    const std::int64_t now = now_ms();
    int n = 0;
    for (const auto& b : busy_) {
      std::int64_t since = b.load();
      if (since && now - since > limit.count()) ++n;
    }
    return n;
  }
  // Stops taking work and waits for the workers, at most `grace`; false
  // when some are still busy then (the caller exits without them).
  bool stop_within(std::chrono::milliseconds grace) {
    {
      std::lock_guard lk(m_);
      stopping_ = true;
      q_.clear();  // queued requests are dropped (their connections close)
      cv_.notify_all();
    }
    std::unique_lock lk(m_);
    if (!exit_cv_.wait_for(lk, grace, [&] { return exited_ == threads_.size(); })) return false;
    lk.unlock();
    for (auto& t : threads_)
      if (t.joinable()) t.join();
    return true;
  }
  void detach_all() {
    for (auto& t : threads_)
      if (t.joinable()) t.detach();
  }
  bool submit(Task t) {  // false: queue full
    std::lock_guard lk(m_);
    if (q_.size() >= cap_ || stopping_) return false;
    q_.push_back(std::move(t));
    cv_.notify_one();
    return true;
  }
  void stop() {
    {
      std::lock_guard lk(m_);
      stopping_ = true;
      cv_.notify_all();
    }
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }
  int depth() {
    std::lock_guard lk(m_);
    return static_cast<int>(q_.size());
  }
  int capacity() const { return static_cast<int>(cap_); }
  int size() const { return static_cast<int>(threads_.size()); }

 private:
  static std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
  }
  void run(unsigned me) {
    run_loop(me);
    std::lock_guard lk(m_);
    ++exited_;
    exit_cv_.notify_all();
  }
  void run_loop(unsigned me) {
    std::unique_ptr<cfp::Evaluator> ev;
    std::uint64_t gen = 0;
    for (;;) {
      Task t;
      {
        std::unique_lock lk(m_);
        cv_.wait(lk, [&] { return stopping_ || !q_.empty(); });
        if (q_.empty()) return;
        t = std::move(q_.front());
        q_.pop_front();
      }
      busy_[me].store(std::max<std::int64_t>(1, now_ms()));
      struct Idle {
        std::atomic<std::int64_t>& b;
        ~Idle() { b.store(0); }
      } idle{busy_[me]};
      Reply r;
      try {
        auto [cat, g] = packs_.get();
        if (!ev || g != gen) {  // new packs since the last request: switch now
          ev.reset();
          ev = std::make_unique<cfp::Evaluator>(cat);
          gen = g;
        }
        r = t.work(*ev);
      } catch (const std::exception& e) {
        r.status = 500;
        r.kind = "internal";
        r.body = json{{"error", {{"kind", "engine"}, {"message", e.what()}}}}.dump(-1, ' ', false, json::error_handler_t::replace);
      }
      t.done(std::move(r));
    }
  }
  Packs& packs_;
  std::size_t cap_;
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<Task> q_;
  bool stopping_ = false;
  std::vector<std::atomic<std::int64_t>> busy_;  // per worker: steady ms since it took its request, 0 idle
  std::condition_variable exit_cv_;
  std::size_t exited_ = 0;
  std::vector<std::thread> threads_;
};

// ---- request handling ----------------------------------------------------------------------

struct Config {
  std::size_t max_body = 8u << 20;
  int read_timeout_ms = 10000;
  int wedged_ms = 0;          // a worker busy longer is reported by /healthz (503)
  int shutdown_grace_ms = 0;  // SIGTERM: wait this long for busy workers, then exit
};

struct Server {
  Packs& packs;
  Pool& pool;
  Metrics& metrics;
  Config cfg;
};

Reply json_error(int status, const std::string& kind, const std::string& message, json extra = nullptr) {
  json e{{"kind", kind}, {"message", message}};
  if (!extra.is_null()) e = std::move(extra);
  Reply r{status, json{{"error", e}}.dump(-1, ' ', false, json::error_handler_t::replace)};
  r.kind = kind == "case" ? "bad_case" : kind;
  return r;
}

std::vector<std::pair<std::string, std::string>> query_params(std::string_view q);

// cli/openapi.json, compiled in (engine/embed.cmake).
const std::string& openapi_document() {
  static const std::string doc = [] {
    std::string d = json::parse(cfp::kOpenApiJson).dump(-1, ' ', false, json::error_handler_t::replace);
    const std::string marker = "@VERSION@";
    if (auto at = d.find(marker); at != std::string::npos) d.replace(at, marker.size(), cfp::engine_version());
    return d;
  }();
  return doc;
}

// The nearest of `names` to `word` (edit distance), for "did you mean".
std::string nearest(const std::string& word, const std::vector<std::string>& names) {
  std::string best;
  std::size_t best_d = std::string::npos;
  for (const auto& n : names) {
    std::vector<std::size_t> d(n.size() + 1);
    for (std::size_t j = 0; j <= n.size(); ++j) d[j] = j;
    for (std::size_t i = 1; i <= word.size(); ++i) {
      std::size_t prev = d[0];
      d[0] = i;
      for (std::size_t j = 1; j <= n.size(); ++j) {
        std::size_t cur = d[j];
        d[j] = std::min({d[j] + 1, d[j - 1] + 1, prev + (word[i - 1] == n[j - 1] ? 0 : 1)});
        prev = cur;
      }
    }
    if (d[n.size()] < best_d) best_d = d[n.size()], best = n;
  }
  return best_d <= std::max<std::size_t>(2, word.size() / 3) ? best : std::string();
}

// A client's X-Request-Id is kept when it is 1-64 characters of [A-Za-z0-9._:-];
// otherwise the server makes one (start time + counter: unique per process run).
std::string request_id(std::string_view given) {
  static const std::string prefix = [] {
    char b[24];
    std::snprintf(b, sizeof b, "%llx", (unsigned long long)std::chrono::system_clock::now().time_since_epoch().count());
    return std::string(b);
  }();
  static std::atomic<std::uint64_t> seq{0};
  const bool sane = !given.empty() && given.size() <= 64 &&
                    std::all_of(given.begin(), given.end(), [](unsigned char c) {
                      return std::isalnum(c) || c == '.' || c == '_' || c == ':' || c == '-';
                    });
  if (sane) return std::string(given);
  return prefix + "-" + std::to_string(++seq);
}

// The query of an evaluation route: `scheme` (repeatable, must be installed)
// and `only_problems` (1/true/0/false, or bare). Anything else is a 400.
std::optional<Reply> parse_eval_query(std::string_view query, const cfp::Catalog& cat, cfp::EvalOptions& opt) {
  static const std::vector<std::string> kKnown = {"scheme", "only_problems"};
  for (const auto& [k, v] : query_params(query)) {
    if (k == "scheme") {
      bool found = false;
      std::vector<std::string> ids;
      for (const auto& p : cat.packs()) {
        ids.push_back(p.id);
        found = found || p.id == v;
      }
      if (!found) {
        std::string list;
        for (const auto& id : ids) list += (list.empty() ? "" : ", ") + id;
        std::string hint = nearest(v, ids);
        return json_error(400, "query",
                          "unknown scheme '" + v + "'" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)") +
                              "; installed: " + list,
                          json{{"kind", "query"}, {"parameter", "scheme"}, {"value", v},
                               {"message", "unknown scheme '" + v + "'" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)") +
                                               "; installed: " + list}});
      }
      opt.schemes.push_back(v);
    } else if (k == "only_problems") {
      if (v.empty() || v == "1" || v == "true") opt.only_problems = true;
      else if (v == "0" || v == "false") opt.only_problems = false;
      else
        return json_error(400, "query", "only_problems takes 1, true, 0 or false, not '" + v + "'",
                          json{{"kind", "query"}, {"parameter", "only_problems"}, {"value", v},
                               {"message", "only_problems takes 1, true, 0 or false, not '" + v + "'"}});
    } else {
      std::string hint = nearest(k, kKnown);
      std::string msg = "unknown query parameter '" + k + "'" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)") +
                        "; this route takes scheme and only_problems";
      return json_error(400, "query", msg, json{{"kind", "query"}, {"parameter", k}, {"message", msg}});
    }
  }
  return std::nullopt;
}

std::string url_decode(std::string_view s) {
  std::string o;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') o += ' ';
    else if (s[i] == '%' && i + 2 < s.size() && std::isxdigit((unsigned char)s[i + 1]) && std::isxdigit((unsigned char)s[i + 2])) {
      o += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else o += s[i];
  }
  return o;
}

std::vector<std::pair<std::string, std::string>> query_params(std::string_view q) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!q.empty()) {
    auto amp = q.find('&');
    std::string_view kv = q.substr(0, amp);
    auto eq = kv.find('=');
    out.emplace_back(url_decode(kv.substr(0, eq)), eq == std::string_view::npos ? "" : url_decode(kv.substr(eq + 1)));
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
  return out;
}

json rule_json(const cfp::PackInfo& p, const cfp::RuleInfo& r) {
  json params = json::array();
  for (const auto& name : r.params)
    for (const auto& pi : p.params)
      if (pi.name == name) params.push_back({{"name", pi.name}, {"value", pi.value}, {"clause", pi.clause}, {"doc", pi.doc}});
  return {{"id", r.id},           {"scheme", p.id},         {"pack_version", p.version}, {"slug", r.slug},
          {"topic", r.topic},     {"clause", r.clause},     {"title", {{"zh", r.title_zh}, {"en", r.title_en}}},
          {"file", r.file},       {"line", r.line},         {"stages", r.stages},       {"severity", r.severity},
          {"effect", r.effect},   {"party", r.party},       {"scope", r.scope},       {"info_only", r.info_only}, {"decisive", r.decisive},
          {"params", params}};
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket s, Server& srv) : stream_(std::move(s)), srv_(srv) {}
  void start() { read(); }

 private:
  beast::tcp_stream stream_;
  beast::flat_buffer buf_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Server& srv_;
  Clock::time_point t0_;
  std::string route_;
  std::string request_id_;
  bool keep_alive_ = false;
  bool head_ = false;  // a HEAD request: headers only
  unsigned version_ = 11;

  void read() {
    parser_.emplace();
    parser_->body_limit(srv_.cfg.max_body);
    parser_->header_limit(16 * 1024);
    stream_.expires_after(std::chrono::milliseconds(srv_.cfg.read_timeout_ms));
    http::async_read_header(stream_, buf_, *parser_, beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  // After the header: refuse a too-large body at once, and answer
  // `Expect: 100-continue` (curl sends it for bodies over 1 KiB and would
  // otherwise wait a second) before reading the body.
  void on_header(beast::error_code ec, std::size_t n) {
    if (ec) return on_read(ec, n);
    const auto& hdr = parser_->get();
    request_id_ = request_id(std::string_view(hdr["X-Request-Id"].data(), hdr["X-Request-Id"].size()));
    head_ = false;
    if (auto len = parser_->content_length(); len && *len > srv_.cfg.max_body) {
      t0_ = Clock::now();
      route_ = "other";
      keep_alive_ = false;
      version_ = parser_->get().version();
      return send(json_error(413, "too_large", "request body larger than " + std::to_string(srv_.cfg.max_body) + " bytes"));
    }
    auto self = shared_from_this();
    if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
      auto cont = std::make_shared<http::response<http::empty_body>>(http::status::continue_, parser_->get().version());
      http::async_write(stream_, *cont, [self, cont](beast::error_code ec2, std::size_t) {
        if (ec2) return self->close();
        http::async_read(self->stream_, self->buf_, *self->parser_, beast::bind_front_handler(&Session::on_read, self));
      });
      return;
    }
    http::async_read(stream_, buf_, *parser_, beast::bind_front_handler(&Session::on_read, self));
  }

  void on_read(beast::error_code ec, std::size_t) {
    t0_ = Clock::now();
    if (request_id_.empty()) request_id_ = request_id({});
    if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset) return close();
    if (ec == beast::error::timeout) return close();  // idle or slow client: drop the connection
    if (ec == http::error::body_limit) {
      route_ = "other";
      keep_alive_ = false;
      return send(json_error(413, "too_large", "request body larger than " + std::to_string(srv_.cfg.max_body) + " bytes"));
    }
    if (ec) {
      route_ = "other";
      keep_alive_ = false;
      return send(json_error(400, "http", "malformed HTTP request: " + ec.message()));
    }
    stream_.expires_never();
    handle(parser_->release());
  }

  void handle(http::request<http::string_body> req) {
    keep_alive_ = req.keep_alive();
    version_ = req.version();
    std::string_view target(req.target().data(), req.target().size());
    std::string_view path = target.substr(0, target.find('?'));
    std::string_view query = path.size() < target.size() ? target.substr(path.size() + 1) : std::string_view();
    head_ = req.method() == http::verb::head;
    const bool get = req.method() == http::verb::get || head_;
    const bool post = req.method() == http::verb::post;
    auto method_not_allowed = [&](const char* allow) {
      Reply r = json_error(405, "method", std::string(req.method_string()) + " is not allowed here; use " + allow);
      r.allow = allow;
      return send(std::move(r));
    };
    // GET routes take no query parameters: a stray one is a client's mistake.
    auto no_query = [&]() -> bool {
      if (query.empty()) return true;
      auto params = query_params(query);
      std::string msg = "this route takes no query parameters (got '" + params.front().first + "')";
      send(json_error(400, "query", msg, json{{"kind", "query"}, {"parameter", params.front().first}, {"message", msg}}));
      return false;
    };
    constexpr std::string_view kRules = "/v1/rules/", kSchemes = "/v1/schemes/";

    if (path == "/healthz") {
      route_ = "/healthz";
      if (!get) return method_not_allowed("GET, HEAD");
      if (!no_query()) return;
      auto [cat, gen] = srv_.packs.get();
      json packs = json::array();
      for (const auto& p : cat->packs()) packs.push_back({{"id", p.id}, {"version", p.version}, {"sha256", p.sha256}});
      // a worker stuck on one request far past every budget is not healthy
      const int wedged = srv_.pool.wedged(std::chrono::milliseconds(srv_.cfg.wedged_ms));
      if (wedged > 0)
        return send(Reply{503, json{{"status", "wedged"}, {"wedged_workers", wedged}, {"workers", srv_.pool.size()},
                                    {"generation", gen}, {"packs", packs}}.dump()});
      return send(Reply{200, json{{"status", "ok"}, {"generation", gen}, {"packs", packs}}.dump()});
    }
    if (path == "/metrics") {
      route_ = "/metrics";
      if (!get) return method_not_allowed("GET, HEAD");
      if (!no_query()) return;
      auto [cat, gen] = srv_.packs.get();
      return send(Reply{200, srv_.metrics.render(srv_.pool.depth(), srv_.pool.capacity(), srv_.pool.size(), gen, *cat),
                        "text/plain; version=0.0.4"});
    }
    if (path == "/openapi.json") {
      route_ = "/openapi.json";
      if (!get) return method_not_allowed("GET, HEAD");
      if (!no_query()) return;
      return send(Reply{200, openapi_document()});
    }
    if (path == "/v1/schemes") {
      route_ = "/v1/schemes";
      if (!get) return method_not_allowed("GET, HEAD");
      if (!no_query()) return;
      auto [cat, gen] = srv_.packs.get();
      json out = json::array();
      for (const auto& p : cat->packs())
        out.push_back({{"id", p.id}, {"document", p.document}, {"issuer", p.issuer}, {"version", p.version},
                       {"effective", p.effective}, {"rules", p.rules.size()}, {"sha256", p.sha256}});
      return send(Reply{200, out.dump(-1, ' ', false, json::error_handler_t::replace)});
    }
    if (path.rfind(kSchemes, 0) == 0) {
      route_ = "/v1/schemes/{id}/rules";
      std::string_view rest = path.substr(kSchemes.size());
      constexpr std::string_view kTail = "/rules";
      if (rest.size() <= kTail.size() || rest.substr(rest.size() - kTail.size()) != kTail)
        return send(json_error(404, "not_found", "no such endpoint: " + std::string(path) + " (GET /v1/schemes/{id}/rules)"));
      if (!get) return method_not_allowed("GET, HEAD");
      if (!no_query()) return;
      std::string id = url_decode(rest.substr(0, rest.size() - kTail.size()));
      auto [cat, gen] = srv_.packs.get();
      for (const auto& p : cat->packs()) {
        if (p.id != id) continue;
        json rules = json::array();
        for (const auto& r : p.rules) rules.push_back(rule_json(p, r));
        json out{{"scheme", p.id}, {"version", p.version}, {"sha256", p.sha256}, {"rules", rules}};
        return send(Reply{200, out.dump(-1, ' ', false, json::error_handler_t::replace)});
      }
      return send(json_error(404, "not_found", "no scheme '" + id + "'"));
    }
    if (path.rfind(kRules, 0) == 0) {
      route_ = "/v1/rules";
      if (!get) return method_not_allowed("GET, HEAD");
      if (!no_query()) return;
      std::string id = url_decode(path.substr(kRules.size()));
      auto [cat, gen] = srv_.packs.get();
      const cfp::PackInfo* p = nullptr;
      const cfp::RuleInfo* r = cat->find_rule(id, &p);
      if (!r) return send(json_error(404, "not_found", "no rule '" + id + "'"));
      return send(Reply{200, rule_json(*p, *r).dump(-1, ' ', false, json::error_handler_t::replace)});
    }
    if (is_web_get(path)) {  // the page and what it reads (cli/serve_web.cpp)
      route_ = path == "/" || path == "/index.html" ? "/" : path.rfind("/v1/examples", 0) == 0 ? "/v1/examples" : std::string(path);
      if (!get) return method_not_allowed("GET, HEAD");
      if (!no_query()) return;
      auto [cat, gen] = srv_.packs.get();
      WebReply w = web_get(path, *cat);
      return send(Reply{w.status, std::move(w.body), std::move(w.content_type)});
    }
    if (path == "/v1/evaluate" || path == "/v1/compare" || path == "/v1/validate" || path == "/v1/report") {
      const bool compare = path == "/v1/compare", validate = path == "/v1/validate", report = path == "/v1/report";
      route_ = std::string(path);
      if (!post) return method_not_allowed("POST");
      std::string ct(req[http::field::content_type]);
      std::transform(ct.begin(), ct.end(), ct.begin(), [](unsigned char c) { return std::tolower(c); });
      if (ct.rfind("application/json", 0) != 0 && ct.rfind("application/cfpcase+json", 0) != 0)
        return send(json_error(415, "content_type", "send the case as Content-Type: application/json"));
      cfp::EvalOptions opt;
      auto [cat, gen] = srv_.packs.get();
      std::string lang = "zh";
      bool html = true;
      if (validate) {
        if (!no_query()) return;
      } else {
        std::string_view q = query;
        std::string rest;
        if (report) {  // lang and format are the report's own; the rest as for evaluate
          auto bad = web_report_query(query, lang, html, rest);
          if (!bad.empty()) return send(json_error(400, "query", bad, json{{"kind", "query"}, {"message", bad}}));
          q = rest;
        }
        if (auto bad = parse_eval_query(q, *cat, opt)) return send(std::move(*bad));
      }
      auto body = std::make_shared<std::string>(std::move(req.body()));
      auto self = shared_from_this();
      Metrics& metrics = srv_.metrics;
      Task t;
      t.work = [body, opt, compare, validate, report, lang, html, &metrics, rid = request_id_](cfp::Evaluator& ev) -> Reply {
        try {
          if (report) {
            std::vector<std::pair<std::string, std::string>> verdicts;
            WebReply w = web_report(ev, *body, opt, lang, html, &verdicts);
            metrics.verdicts(verdicts);
            return Reply{w.status, std::move(w.body), std::move(w.content_type)};
          }
          if (validate) {
            cfp::Case c = cfp::load_case(*body, ev.catalog());
            return Reply{200, json{{"valid", true}, {"case_id", c.id}, {"stage", c.stage}, {"as_of", c.as_of}}.dump(
                                  -1, ' ', false, json::error_handler_t::replace)};
          }
          if (compare) {
            cfp::Case c = cfp::load_case(*body, ev.catalog());
            json result = ev.evaluate(c, opt);
            std::vector<std::pair<std::string, std::string>> v;
            for (const auto& r : result["results"]) v.emplace_back(r.value("scheme", ""), r.value("verdict", ""));
            metrics.verdicts(v);
            result["comparison"] = cfp::compare_summary(result);  // as `compare --format json`
            return Reply{200, result.dump(-1, ' ', false, json::error_handler_t::replace)};
          }
          cfp::EvalSummary sum;
          std::string line = ev.evaluate_text(*body, opt, &sum);
          metrics.verdicts(sum.verdicts);
          return Reply{200, std::move(line)};
        } catch (const cfp::CaseRejected& e) {
          json out{{"error", e.to_json()}};
          if (validate) out["valid"] = false;
          Reply r{400, out.dump(-1, ' ', false, json::error_handler_t::replace)};
          r.kind = "bad_case";
          return r;
        } catch (const cfp::PackError& e) {
          // The server's packs failed, not the client's case: a server error.
          spdlog::warn("pack error: {} id={}", e.what(), rid);
          Reply r{500, json{{"error", e.to_json()}}.dump(-1, ' ', false, json::error_handler_t::replace)};
          r.kind = "pack";
          return r;
        }
      };
      t.done = [self](Reply r) {
        asio::post(self->stream_.get_executor(), [self, r = std::move(r)]() mutable { self->send(std::move(r)); });
      };
      if (!srv_.pool.submit(std::move(t)))
        return send(json_error(503, "overloaded", "the evaluation queue is full; retry later"));
      return;
    }
    route_ = "other";
    send(json_error(404, "not_found", "no such endpoint: " + std::string(path) + " (GET /openapi.json lists them)"));
  }

  void send(Reply r) {
    if (request_id_.empty()) request_id_ = request_id({});
    if (r.status >= 400 && r.content_type == "application/json") {
      // error bodies name the request, so a client's report can be found in the log
      json j = json::parse(r.body, nullptr, false);
      if (j.is_object()) {
        j["request_id"] = request_id_;
        r.body = j.dump(-1, ' ', false, json::error_handler_t::replace);
      }
    }
    auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(r.status), version_);
    res->set(http::field::server, std::string("cfpcheck/") + cfp::engine_version());
    res->set(http::field::content_type, r.content_type);
    res->set("X-Request-Id", request_id_);
    if (!r.allow.empty()) res->set(http::field::allow, r.allow);
    if (r.status == 503) res->set(http::field::retry_after, "1");
    res->keep_alive(keep_alive_);
    res->body() = std::move(r.body);
    if (res->body().empty() || res->body().back() != '\n') res->body().push_back('\n');
    res->prepare_payload();
    if (head_) res->body().clear();  // HEAD: the GET's headers (Content-Length included), no body
    double secs = std::chrono::duration<double>(Clock::now() - t0_).count();
    srv_.metrics.request(route_, r.status, secs, r.kind);
    if (r.status >= 500) spdlog::warn("{} -> {} id={}", route_, r.status, request_id_);
    else spdlog::debug("{} -> {} in {:.2f} ms id={}", route_, r.status, secs * 1000, request_id_);
    request_id_.clear();
    stream_.expires_after(std::chrono::seconds(30));
    http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
      if (ec || !res->keep_alive()) return self->close();
      self->read();
    });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(asio::io_context& ioc, tcp::endpoint ep, Server& srv) : ioc_(ioc), acc_(asio::make_strand(ioc)), srv_(srv) {
    acc_.open(ep.protocol());
    acc_.set_option(asio::socket_base::reuse_address(true));
    acc_.bind(ep);
    acc_.listen(asio::socket_base::max_listen_connections);
  }
  void start() { accept(); }
  tcp::endpoint local() const { return acc_.local_endpoint(); }
  void stop() {
    beast::error_code ec;
    acc_.close(ec);
  }

 private:
  asio::io_context& ioc_;
  tcp::acceptor acc_;
  Server& srv_;
  void accept() {
    acc_.async_accept(asio::make_strand(ioc_), [self = shared_from_this()](beast::error_code ec, tcp::socket s) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec) {
        s.set_option(tcp::no_delay(true), ec);
        std::make_shared<Session>(std::move(s), self->srv_)->start();
      }
      self->accept();
    });
  }
};

}  // namespace

int cmd_serve(const std::vector<std::string>& args, const char* argv0) {
  EngineOptions eng;
  std::string bind = "127.0.0.1", log_level = "info";
  unsigned short port = 8080;
  unsigned workers = 0, io_threads = 1;
  std::size_t queue = 0;
  Config cfg;
  std::string lang;
  po::options_description desc = options_box();
  desc.add_options()("help,h", L("show this help", "显示本帮助"));
  eng.add_to(desc);
  desc.add_options()("bind", po::value(&bind), L("address to listen on (default 127.0.0.1)", "监听地址（默认 127.0.0.1）"))(
      "port,p", po::value(&port),
      L("TCP port (default 8080; 0 = any free port, printed on stderr)", "TCP 端口（默认 8080；0 = 任一空闲端口，在 stderr 上输出）"))(
      "workers,w", po::value(&workers),
      L("evaluation threads, each with its own Lua state (default: cores)", "评价线程数，每个线程有自己的 Lua 状态（默认：CPU 核数）"))(
      "io-threads", po::value(&io_threads), L("network threads (default 1)", "网络线程数（默认 1）"))(
      "queue", po::value(&queue),
      L("requests that may wait for a worker before 503 (default 16 per worker)", "可排队等待工作线程的请求数，超出则答 503（默认每个工作线程 16 个）"))(
      "max-body-bytes", po::value(&cfg.max_body),
      L("request body limit → 413 (default: the case-size limit, 8 MiB)", "请求体上限，超出答 413（默认：案例大小上限 8 MiB）"))(
      "read-timeout-ms", po::value(&cfg.read_timeout_ms),
      L("time to receive a whole request (default 10000)", "接收一个完整请求的时限（默认 10000）"))(
      "wedged-ms", po::value(&cfg.wedged_ms),
      L("GET /healthz answers 503 while a worker has been on one request longer (default: 2 x deadline x (packs + 1), at least 10000)",
        "某个工作线程处理一个请求超过此时长时，GET /healthz 答 503（默认：2 × 时限 × (规则包数 + 1)，至少 10000）"))(
      "shutdown-grace-ms", po::value(&cfg.shutdown_grace_ms),
      L("SIGTERM/SIGINT: wait this long for busy workers, then exit anyway (default 10000)",
        "收到 SIGTERM/SIGINT 后等待忙碌的工作线程这么久，然后退出（默认 10000）"))(
      "log-level", po::value(&log_level),
      L("trace | debug | info | warn | error (default info)", "trace | debug | info | warn | error（默认 info）"))(
      "lang", po::value(&lang), L("zh | en: the language of this help and of the start-up errors (the log is English)",
                                  "zh | en：本帮助和启动错误的语言（日志为英文）"));
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(desc).run(), vm);
  if (vm.count("help")) {
    std::cout << L("usage: cfpcheck serve [--bind ADDR] [--port N] [--workers N]\n\n"
                   "Serves POST /v1/evaluate, POST /v1/compare, POST /v1/validate, GET /v1/schemes,\n"
                   "GET /v1/schemes/{id}/rules, GET /v1/rules/{id}, GET /healthz, GET /metrics and\n"
                   "GET /openapi.json (which describes them all). Every response carries X-Request-Id.\n"
                   "SIGHUP reloads the packs (a broken pack is rejected and the old ones stay);\n"
                   "SIGINT/SIGTERM stop. See docs/deploy.md.\n\n",
                   "用法：cfpcheck serve [--bind ADDR] [--port N] [--workers N]\n\n"
                   "提供 POST /v1/evaluate、POST /v1/compare、POST /v1/validate、GET /v1/schemes、\n"
                   "GET /v1/schemes/{id}/rules、GET /v1/rules/{id}、GET /healthz、GET /metrics 和\n"
                   "GET /openapi.json（描述以上全部接口）。每个响应都带 X-Request-Id。\n"
                   "SIGHUP 重新加载规则包（有错误的规则包被拒绝，原有的继续使用）；\n"
                   "SIGINT/SIGTERM 停止服务。见 docs/deploy.md。\n\n")
              << desc << "\n";
    return 0;
  }
  po::notify(vm);
  for (auto [name, value, allowed] :
       {std::tuple<const char*, const std::string&, std::vector<std::string>>{"log-level", log_level, {"trace", "debug", "info", "warn", "error"}},
        {"lang", lang.empty() ? message_lang() : lang, {"zh", "en"}}}) {
    if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) continue;
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    if (zh())
      std::cerr << "cfpcheck serve: --" << name << " 的取值 '" << value << "' 无效，应为以下之一：" << list << "\n";
    else
      std::cerr << "cfpcheck serve: --" << name << " '" << value << "' is not one of: " << list << "\n";
    return 2;
  }
  spdlog::set_level(spdlog::level::from_str(log_level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ serve: %v");
  if (workers == 0) workers = std::max(1u, std::thread::hardware_concurrency());
  if (io_threads == 0) io_threads = 1;
  if (queue == 0) queue = 16 * workers;
  const cfp::Paths paths = eng.paths(argv0);
  const cfp::Limits limits = eng.limits();
  if (!vm.count("max-body-bytes")) cfg.max_body = limits.max_case_bytes;

  auto catalog = cfp::Catalog::load(paths, limits);  // PackError → exit 3
  if (cfg.wedged_ms <= 0) {
    const long per_pack = limits.deadline_ms > 0 ? limits.deadline_ms : 2000;
    cfg.wedged_ms = static_cast<int>(std::max<long>(10000, 2 * per_pack * static_cast<long>(catalog->packs().size() + 1)));
  }
  if (cfg.shutdown_grace_ms <= 0) cfg.shutdown_grace_ms = 10000;
  Packs packs(catalog);
  Metrics metrics;
  Pool pool(packs, workers, queue);
  Server srv{packs, pool, metrics, cfg};

  asio::io_context ioc(static_cast<int>(io_threads));
  std::shared_ptr<Listener> listener;
  try {
    listener = std::make_shared<Listener>(ioc, tcp::endpoint(asio::ip::make_address(bind), port), srv);
  } catch (const std::exception& e) {
    spdlog::error("cannot listen on {}:{}: {}", bind, port, e.what());
    return 2;
  }
  listener->start();
  auto ep = listener->local();
  spdlog::info("listening on http://{}:{} ({} workers, queue {}, {} packs)", ep.address().to_string(), ep.port(), workers,
               queue, catalog->packs().size());

  // SIGHUP: reload on a thread of its own (loading compiles every pack).
  std::mutex reload_m;
  std::thread reloader;
  std::atomic<bool> reloading{false};
  asio::signal_set hup(ioc, SIGHUP);
  std::function<void()> wait_hup = [&] {
    hup.async_wait([&](beast::error_code ec, int) {
      if (ec) return;
      if (!reloading.exchange(true)) {
        std::lock_guard lk(reload_m);
        if (reloader.joinable()) reloader.join();
        reloader = std::thread([&] {
          spdlog::info("SIGHUP: reloading packs from {}", paths.rules.string());
          try {
            auto fresh = cfp::Catalog::load(paths, limits);
            cfp::Evaluator check(fresh);  // compiles once more in a full state
            packs.set(fresh);
            metrics.reload(true);
            spdlog::info("reloaded: generation {} ({} packs)", packs.generation(), fresh->packs().size());
          } catch (const std::exception& e) {
            metrics.reload(false);
            spdlog::error("reload rejected, keeping the current packs: {}", e.what());
          }
          reloading = false;
        });
      }
      wait_hup();
    });
  };
  wait_hup();
  asio::signal_set stop(ioc, SIGINT, SIGTERM);
  stop.async_wait([&](beast::error_code, int sig) {
    spdlog::info("signal {}: stopping", sig);
    listener->stop();
    hup.cancel();
    ioc.stop();
  });

  std::vector<std::thread> io;
  for (unsigned i = 1; i < io_threads; ++i) io.emplace_back([&] { ioc.run(); });
  ioc.run();
  for (auto& t : io) t.join();
  // Bounded: a worker stuck in one call must not keep the process alive.
  const auto grace = std::chrono::milliseconds(cfg.shutdown_grace_ms);
  const auto t_stop = std::chrono::steady_clock::now();
  if (!pool.stop_within(grace)) {
    spdlog::error("stopping: {} worker(s) still busy after {} ms; exiting without them", pool.wedged(std::chrono::milliseconds(0)),
                  cfg.shutdown_grace_ms);
    spdlog::shutdown();
    pool.detach_all();
    std::_Exit(1);
  }
  while (reloading && std::chrono::steady_clock::now() - t_stop < grace)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (reloading) {
    spdlog::error("stopping: a pack reload is still running after {} ms; exiting without it", cfg.shutdown_grace_ms);
    spdlog::shutdown();
    std::_Exit(1);
  }
  {
    std::lock_guard lk(reload_m);
    if (reloader.joinable()) reloader.join();
  }
  spdlog::info("stopped");
  return 0;
}

}  // namespace cfpcli
