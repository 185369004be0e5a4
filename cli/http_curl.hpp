#pragma once
// A streaming HTTP client over libcurl's multi interface: many POST requests on
// one thread, at most `concurrency` in flight, each reporting what it sees with
// a steady-clock timestamp (ms). No parsing here: the listener feeds the probe
// core's RequestAccumulator.
//
// A request's clock starts when its transfer starts (DNS, connect, TLS and the
// request itself included, as a user sees them), never while it waits for a
// free concurrency slot.
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace w2t::cli::http {

// Milliseconds on std::chrono::steady_clock.
double now_ms();

struct Request {
    std::string url;
    std::vector<std::string> headers;  // "Name: value"; may hold an API key: never printed
    std::string body;                  // sent as a POST
};

struct Limits {
    double connect_timeout_ms = 10'000;
    double total_timeout_ms = 120'000;  // from the transfer's start to its end
    double idle_timeout_ms = 30'000;    // no byte (header or body) for this long
};

// Called in this order: started once; headers once (final status, after any
// 1xx); chunk for every body read; then exactly one of finished, timed_out, failed.
struct Listener {
    std::function<void(double at_ms)> started;
    std::function<void(int status, double at_ms)> headers;
    std::function<void(double at_ms, std::string_view bytes)> chunk;
    std::function<void(double at_ms)> finished;
    std::function<void(double at_ms, std::string reason)> timed_out;
    std::function<void(double at_ms, std::string message)> failed;
    // Time from the start until the request could be sent (connect + TLS), when known.
    std::function<void(double pretransfer_ms)> connected;
    // After the transfer: whether it had to open a new connection (a cold
    // request: connect/TLS inside its times) or reused one (warm).
    std::function<void(bool new_connection)> connection;
};

struct Job {
    Request request;
    Listener listener;
    // Open-loop arrivals: not started before this now_ms() time (0 = as soon as a
    // slot is free). Jobs still start in order and never above `concurrency`.
    double not_before_ms = 0;
};

// Runs every job in order, at most `concurrency` at once. `done` (optional) is
// called after each job's final callback. Returns an error only when libcurl
// itself cannot be set up; request failures go to each job's listener.
std::optional<std::string> run(std::vector<Job>& jobs, std::size_t concurrency, const Limits& limits,
                               const std::function<void(std::size_t index)>& done = {});

}  // namespace w2t::cli::http
