// A small open-loop HTTP load generator for `cfpcheck serve` (loopback only).
//
//   cfpload HOST PORT PATH CASE.json RATE SECONDS [CONNECTIONS]
//
// Sends POST PATH with the case as body at RATE requests/s for SECONDS,
// spread over CONNECTIONS keep-alive connections (default 8). Latency is
// measured from each request's *scheduled* time, so a stalled server is not
// hidden (no coordinated omission). Prints sent, ok, non-200 by status,
// achieved rate and latency p50/p90/p99/max in ms, as one JSON line.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  if (argc < 7) {
    std::fprintf(stderr, "usage: cfpload HOST PORT PATH CASE.json RATE SECONDS [CONNECTIONS]\n");
    return 2;
  }
  std::string host = argv[1], port = argv[2], path = argv[3];
  std::ifstream in(argv[4], std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string body = ss.str();
  const double rate = std::atof(argv[5]);
  const double seconds = std::atof(argv[6]);
  const int conns = argc > 7 ? std::atoi(argv[7]) : 8;
  if (host != "127.0.0.1" && host != "localhost" && host != "::1") {
    std::fprintf(stderr, "cfpload: loopback only\n");
    return 2;
  }
  const long total = static_cast<long>(rate * seconds);
  const auto start = Clock::now() + std::chrono::milliseconds(200);
  std::atomic<long> next{0};
  std::mutex m;
  std::vector<double> lat;
  std::map<int, long> status;
  long errors = 0;
  std::vector<std::thread> ts;
  for (int c = 0; c < conns; ++c) {
    ts.emplace_back([&] {
      asio::io_context ioc;
      tcp::resolver res(ioc);
      beast::tcp_stream stream(ioc);
      bool connected = false;
      std::vector<double> my;
      std::map<int, long> my_status;
      long my_err = 0;
      for (;;) {
        long i = next.fetch_add(1);
        if (i >= total) break;
        auto when = start + std::chrono::nanoseconds(static_cast<long long>(i * 1e9 / rate));
        std::this_thread::sleep_until(when);
        try {
          if (!connected) {
            stream.connect(res.resolve(host, port));
            connected = true;
          }
          http::request<http::string_body> req{http::verb::post, path, 11};
          req.set(http::field::host, host);
          req.set(http::field::content_type, "application/json");
          req.keep_alive(true);
          req.body() = body;
          req.prepare_payload();
          http::write(stream, req);
          beast::flat_buffer buf;
          http::response<http::string_body> r;
          http::read(stream, buf, r);
          my.push_back(std::chrono::duration<double, std::milli>(Clock::now() - when).count());
          ++my_status[r.result_int()];
          if (!r.keep_alive()) {
            beast::error_code ec;
            stream.socket().close(ec);
            connected = false;
          }
        } catch (const std::exception&) {
          ++my_err;
          beast::error_code ec;
          stream.socket().close(ec);
          connected = false;
        }
      }
      std::lock_guard lk(m);
      lat.insert(lat.end(), my.begin(), my.end());
      for (auto [k, v] : my_status) status[k] += v;
      errors += my_err;
    });
  }
  for (auto& t : ts) t.join();
  double el = std::chrono::duration<double>(Clock::now() - start).count();
  std::sort(lat.begin(), lat.end());
  auto pct = [&](double p) { return lat.empty() ? 0.0 : lat[std::min(lat.size() - 1, static_cast<size_t>(p * lat.size()))]; };
  std::string st;
  for (auto [k, v] : status) st += (st.empty() ? "" : ",") + std::string("\"") + std::to_string(k) + "\":" + std::to_string(v);
  std::printf("{\"sent\":%ld,\"answered\":%zu,\"errors\":%ld,\"status\":{%s},\"rate\":%.1f,\"p50_ms\":%.2f,\"p90_ms\":%.2f,"
              "\"p99_ms\":%.2f,\"max_ms\":%.2f}\n",
              total, lat.size(), errors, st.c_str(), lat.size() / el, pct(0.50), pct(0.90), pct(0.99),
              lat.empty() ? 0.0 : lat.back());
  return 0;
}
