// `cfpcheck serve`: the engine as a stateless HTTP/1.1 service (Boost.Beast).
//
//   POST /v1/evaluate[?scheme=S&scheme=T&only_problems=1]   case in, cfpresult/1 out
//   POST /v1/compare[?scheme=...]                            the schemes side by side
//   GET  /v1/schemes                                         installed packs
//   GET  /v1/rules/{id}                                      one rule (ids contain slashes)
//   GET  /healthz                                            liveness + pack generation
//   GET  /metrics                                            Prometheus text format
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
  void request(const std::string& route, int status, double seconds) {
    std::lock_guard lk(m_);
    ++requests_[{route, status}];
    auto& h = latency_[route];
    if (h.counts.empty()) h.counts.assign(std::size(kBuckets), 0);
    for (std::size_t i = 0; i < std::size(kBuckets); ++i)
      if (seconds <= kBuckets[i]) ++h.counts[i];
    ++h.n;
    h.sum += seconds;
    if (status >= 400) ++errors_[error_kind(status)];
  }
  void verdicts(const std::vector<std::pair<std::string, std::string>>& v) {
    std::lock_guard lk(m_);
    for (const auto& [s, x] : v) ++verdicts_[{s, x}];
  }
  void reload(bool ok) {
    std::lock_guard lk(m_);
    ++reloads_[ok ? "ok" : "failed"];
  }
  std::string render(int queue_depth, int queue_cap, int workers, std::uint64_t generation) {
    std::lock_guard lk(m_);
    std::string o;
    char b[256];
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
    o += "# HELP cfpcheck_verdicts_total Verdicts given, by scheme.\n# TYPE cfpcheck_verdicts_total counter\n";
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
    std::snprintf(b, sizeof b,
                  "# TYPE cfpcheck_queue_depth gauge\ncfpcheck_queue_depth %d\n"
                  "# TYPE cfpcheck_queue_capacity gauge\ncfpcheck_queue_capacity %d\n"
                  "# TYPE cfpcheck_workers gauge\ncfpcheck_workers %d\n"
                  "# TYPE cfpcheck_pack_generation gauge\ncfpcheck_pack_generation %llu\n",
                  queue_depth, queue_cap, workers, (unsigned long long)generation);
    o += b;
    return o;
  }

 private:
  static std::string error_kind(int status) {
    switch (status) {
      case 400: return "bad_case";
      case 404: return "not_found";
      case 405: return "method";
      case 408: return "timeout";
      case 413: return "too_large";
      case 415: return "content_type";
      case 422: return "pack";
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
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
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
        r.body = json{{"error", {{"kind", "engine"}, {"message", e.what()}}}}.dump();
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
  return Reply{status, json{{"error", e}}.dump(-1, ' ', false, json::error_handler_t::replace)};
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
          {"effect", r.effect},   {"scope", r.scope},       {"info_only", r.info_only}, {"decisive", r.decisive},
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
  bool keep_alive_ = false;
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
    const bool get = req.method() == http::verb::get;
    const bool post = req.method() == http::verb::post;
    auto method_not_allowed = [&](const char* allow) {
      Reply r = json_error(405, "method", std::string("use ") + allow);
      return send(std::move(r));
    };

    if (path == "/healthz") {
      route_ = "/healthz";
      if (!get) return method_not_allowed("GET");
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
      if (!get) return method_not_allowed("GET");
      return send(Reply{200, srv_.metrics.render(srv_.pool.depth(), srv_.pool.capacity(), srv_.pool.size(), srv_.packs.generation()),
                        "text/plain; version=0.0.4"});
    }
    if (path == "/v1/schemes") {
      route_ = "/v1/schemes";
      if (!get) return method_not_allowed("GET");
      auto [cat, gen] = srv_.packs.get();
      json out = json::array();
      for (const auto& p : cat->packs())
        out.push_back({{"id", p.id}, {"document", p.document}, {"issuer", p.issuer}, {"version", p.version},
                       {"effective", p.effective}, {"rules", p.rules.size()}, {"sha256", p.sha256}});
      return send(Reply{200, out.dump(-1, ' ', false, json::error_handler_t::replace)});
    }
    if (path.rfind("/v1/rules/", 0) == 0) {
      route_ = "/v1/rules";
      if (!get) return method_not_allowed("GET");
      std::string id = url_decode(path.substr(std::string_view("/v1/rules/").size()));
      auto [cat, gen] = srv_.packs.get();
      const cfp::PackInfo* p = nullptr;
      const cfp::RuleInfo* r = cat->find_rule(id, &p);
      if (!r) return send(json_error(404, "not_found", "no rule '" + id + "'"));
      return send(Reply{200, rule_json(*p, *r).dump(-1, ' ', false, json::error_handler_t::replace)});
    }
    if (path == "/v1/evaluate" || path == "/v1/compare") {
      const bool compare = path == "/v1/compare";
      route_ = std::string(path);
      if (!post) return method_not_allowed("POST");
      std::string ct(req[http::field::content_type]);
      std::transform(ct.begin(), ct.end(), ct.begin(), [](unsigned char c) { return std::tolower(c); });
      if (ct.rfind("application/json", 0) != 0 && ct.rfind("application/cfpcase+json", 0) != 0)
        return send(json_error(415, "content_type", "send the case as Content-Type: application/json"));
      cfp::EvalOptions opt;
      for (const auto& [k, v] : query_params(query)) {
        if (k == "scheme") opt.schemes.push_back(v);
        else if (k == "only_problems") opt.only_problems = v.empty() || v == "1" || v == "true";
      }
      auto body = std::make_shared<std::string>(std::move(req.body()));
      auto self = shared_from_this();
      Metrics& metrics = srv_.metrics;
      Task t;
      t.work = [body, opt, compare, &metrics](cfp::Evaluator& ev) -> Reply {
        try {
          if (compare) {
            cfp::Case c = cfp::load_case(*body, ev.catalog());
            json result = ev.evaluate(c, opt);
            json cmp = cfp::compare_summary(result);
            json out{{"case", result["case"]}, {"schemes", cmp["schemes"]}, {"disagreements", cmp["disagreements"]}};
            return Reply{200, out.dump(-1, ' ', false, json::error_handler_t::replace)};
          }
          cfp::EvalSummary sum;
          std::string line = ev.evaluate_text(*body, opt, &sum);
          metrics.verdicts(sum.verdicts);
          return Reply{200, std::move(line)};
        } catch (const cfp::CaseRejected& e) {
          return Reply{400, json{{"error", e.to_json()}}.dump(-1, ' ', false, json::error_handler_t::replace)};
        } catch (const cfp::PackError& e) {
          spdlog::warn("pack error: {}", e.what());
          return Reply{422, json{{"error", e.to_json()}}.dump(-1, ' ', false, json::error_handler_t::replace)};
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
    send(json_error(404, "not_found", "no such endpoint: " + std::string(path)));
  }

  void send(Reply r) {
    auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(r.status), version_);
    res->set(http::field::server, std::string("cfpcheck/") + cfp::engine_version());
    res->set(http::field::content_type, r.content_type);
    if (r.status == 503) res->set(http::field::retry_after, "1");
    res->keep_alive(keep_alive_);
    res->body() = std::move(r.body);
    if (res->body().empty() || res->body().back() != '\n') res->body().push_back('\n');
    res->prepare_payload();
    double secs = std::chrono::duration<double>(Clock::now() - t0_).count();
    srv_.metrics.request(route_, r.status, secs);
    if (r.status >= 500) spdlog::warn("{} -> {}", route_, r.status);
    else spdlog::debug("{} -> {} in {:.2f} ms", route_, r.status, secs * 1000);
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
  po::options_description desc("options");
  desc.add_options()("help,h", "show this help");
  eng.add_to(desc);
  desc.add_options()("bind", po::value(&bind), "address to listen on (default 127.0.0.1)")(
      "port,p", po::value(&port), "TCP port (default 8080; 0 = any free port, printed on stderr)")(
      "workers,w", po::value(&workers), "evaluation threads, each with its own Lua state (default: cores)")(
      "io-threads", po::value(&io_threads), "network threads (default 1)")(
      "queue", po::value(&queue), "requests that may wait for a worker before 503 (default 16 per worker)")(
      "max-body-bytes", po::value(&cfg.max_body), "request body limit → 413 (default: the case-size limit, 8 MiB)")(
      "read-timeout-ms", po::value(&cfg.read_timeout_ms), "time to receive a whole request (default 10000)")(
      "wedged-ms", po::value(&cfg.wedged_ms),
      "GET /healthz answers 503 while a worker has been on one request longer (default: 2 x deadline x (packs + 1), at least 10000)")(
      "shutdown-grace-ms", po::value(&cfg.shutdown_grace_ms),
      "SIGTERM/SIGINT: wait this long for busy workers, then exit anyway (default 10000)")(
      "log-level", po::value(&log_level), "trace | debug | info | warn | error (default info)");
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(desc).run(), vm);
  if (vm.count("help")) {
    std::cout << "usage: cfpcheck serve [--bind ADDR] [--port N] [--workers N]\n\n"
                 "Serves POST /v1/evaluate, POST /v1/compare, GET /v1/schemes, GET /v1/rules/{id}, GET /healthz,\n"
                 "GET /metrics. SIGHUP reloads the packs (a broken pack is rejected and the old ones stay);\n"
                 "SIGINT/SIGTERM stop. See docs/deploy.md.\n\n"
              << desc << "\n";
    return 0;
  }
  po::notify(vm);
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
