// libcurl multi-interface transport for `w2t probe` (see http_curl.hpp).
#include "http_curl.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <poll.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/epoll.h>
#endif
#include <algorithm>

#include <curl/curl.h>

namespace w2t::cli::http {
namespace {

struct Transfer {
    Job* job = nullptr;
    std::size_t index = 0;
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;
    char errbuf[CURL_ERROR_SIZE] = {};
    Limits limits;
    double start_ms = 0;
    double last_byte_ms = 0;
    bool headers_reported = false;
    std::string abort_reason;  // set when we give up (idle or total timeout)

    ~Transfer() {
        if (easy) curl_easy_cleanup(easy);
        if (headers) curl_slist_free_all(headers);
    }

    void report_headers(double at) {
        if (headers_reported) return;
        long code = 0;
        curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &code);
        if (code >= 100 && code < 200) return;  // 100 Continue etc.: the real status follows
        headers_reported = true;
        if (job->listener.headers) job->listener.headers(static_cast<int>(code), at);
    }

    // The reason to give up now, or "".
    std::string overdue(double at) const {
        if (at - start_ms >= limits.total_timeout_ms) {
            char buf[96];
            std::snprintf(buf, sizeof buf, "no end of stream within %.3g s (--timeout-s)",
                          limits.total_timeout_ms / 1000.0);
            return buf;
        }
        if (at - last_byte_ms >= limits.idle_timeout_ms) {
            char buf[96];
            std::snprintf(buf, sizeof buf, "no data for %.3g s (--idle-timeout-s)", limits.idle_timeout_ms / 1000.0);
            return buf;
        }
        return {};
    }
};

size_t on_header(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const double at = now_ms();
    t->last_byte_ms = at;
    const std::string_view line(data, size * count);
    if (line == "\r\n" || line == "\n") t->report_headers(at);
    return size * count;
}

size_t on_write(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const double at = now_ms();
    t->last_byte_ms = at;
    t->report_headers(at);
    if (t->job->listener.chunk) t->job->listener.chunk(at, std::string_view(data, size * count));
    return size * count;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto* t = static_cast<Transfer*>(user);
    std::string why = t->overdue(now_ms());
    if (why.empty()) return 0;
    if (t->abort_reason.empty()) t->abort_reason = std::move(why);
    return 1;  // abort: CURLE_ABORTED_BY_CALLBACK
}

// The sockets curl wants watched (curl's socket interface): with it curl acts only on
// the transfers whose sockets are ready, instead of visiting every transfer and
// polling every socket on each wake-up (at 256 streams that scan was most of the
// client's CPU: docs/performance.md).
struct SocketWatch {
    std::unordered_map<curl_socket_t, int> wanted;  // socket -> CURL_POLL_IN/OUT/INOUT
    double timer_due_ms = -1;                        // when curl wants a timeout action; -1 = none
#ifdef __linux__
    int epoll_fd = -1;
    ~SocketWatch() {
        if (epoll_fd >= 0) close(epoll_fd);
    }
#endif

    void set(curl_socket_t s, int what) {
#ifdef __linux__
        epoll_event ev{};
        ev.events = ((what & CURL_POLL_IN) ? EPOLLIN : 0u) | ((what & CURL_POLL_OUT) ? EPOLLOUT : 0u);
        ev.data.fd = s;
        const bool known = wanted.count(s) > 0;
        if (epoll_ctl(epoll_fd, known ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, s, &ev) != 0)
            epoll_ctl(epoll_fd, known ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, s, &ev);  // fd reused behind our back
#endif
        wanted[s] = what;
    }
    void remove(curl_socket_t s) {
#ifdef __linux__
        epoll_ctl(epoll_fd, EPOLL_CTL_DEL, s, nullptr);  // may already be closed: fine
#endif
        wanted.erase(s);
    }

    // Waits up to `wait_ms` for ready sockets; calls `ready(socket, CURL_CSELECT_* flags)`.
    template <class Ready>
    void wait(int wait_ms, Ready&& ready) {
#ifdef __linux__
        epoll_event events[256];
        const int n = epoll_wait(epoll_fd, events, 256, wait_ms);
        for (int i = 0; i < n; ++i) {
            int flags = 0;
            if (events[i].events & EPOLLIN) flags |= CURL_CSELECT_IN;
            if (events[i].events & EPOLLOUT) flags |= CURL_CSELECT_OUT;
            if (events[i].events & (EPOLLERR | EPOLLHUP)) flags |= CURL_CSELECT_ERR;
            ready(static_cast<curl_socket_t>(events[i].data.fd), flags);
        }
#else
        std::vector<pollfd> fds;
        fds.reserve(wanted.size());
        for (const auto& [s, what] : wanted)
            fds.push_back(pollfd{s, static_cast<short>(((what & CURL_POLL_IN) ? POLLIN : 0) |
                                                       ((what & CURL_POLL_OUT) ? POLLOUT : 0)),
                                 0});
        if (poll(fds.data(), static_cast<nfds_t>(fds.size()), wait_ms) <= 0) return;
        for (const pollfd& p : fds) {
            if (!p.revents) continue;
            int flags = 0;
            if (p.revents & POLLIN) flags |= CURL_CSELECT_IN;
            if (p.revents & POLLOUT) flags |= CURL_CSELECT_OUT;
            if (p.revents & (POLLERR | POLLHUP | POLLNVAL)) flags |= CURL_CSELECT_ERR;
            ready(p.fd, flags);
        }
#endif
    }
};

int on_socket(CURL*, curl_socket_t s, int what, void* user, void*) {
    auto* watch = static_cast<SocketWatch*>(user);
    if (what == CURL_POLL_REMOVE) watch->remove(s);
    else watch->set(s, what);
    return 0;
}

int on_timer(CURLM*, long timeout_ms, void* user) {
    auto* watch = static_cast<SocketWatch*>(user);
    watch->timer_due_ms = timeout_ms < 0 ? -1 : now_ms() + static_cast<double>(timeout_ms);
    return 0;
}

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::unique_ptr<Transfer> make_transfer(Job& job, std::size_t index, const Limits& limits) {
    auto t = std::make_unique<Transfer>();
    t->job = &job;
    t->index = index;
    t->limits = limits;
    t->easy = curl_easy_init();
    if (!t->easy) return nullptr;
    CURL* e = t->easy;
    for (const std::string& h : job.request.headers) t->headers = curl_slist_append(t->headers, h.c_str());
    t->headers = curl_slist_append(t->headers, "Expect:");  // no 100-continue round trip
    curl_easy_setopt(e, CURLOPT_URL, job.request.url.c_str());
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
    curl_easy_setopt(e, CURLOPT_POST, 1L);
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, job.request.body.data());
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(job.request.body.size()));
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_write);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
    curl_easy_setopt(e, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(e, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(e, CURLOPT_XFERINFODATA, t.get());
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
    curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect is an answer, not followed with the key
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::ceil(limits.connect_timeout_ms)));
    // curl's own total limit, a little after ours so our message wins.
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(std::ceil(limits.total_timeout_ms)) + 1000L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "w2t-probe/0.1 (libcurl)");
    return t;
}

}  // namespace

double now_ms() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

std::optional<std::string> run(std::vector<Job>& jobs, std::size_t concurrency, const Limits& limits,
                               const std::function<void(std::size_t)>& done) {
    if (jobs.empty()) return std::nullopt;
    if (concurrency == 0) concurrency = 1;
    global_init();
    CURLM* multi = curl_multi_init();
    if (!multi) return std::string("cannot initialise libcurl");
    SocketWatch watch;
#ifdef __linux__
    watch.epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    if (watch.epoll_fd < 0) {
        curl_multi_cleanup(multi);
        return std::string("cannot create an epoll instance");
    }
#endif
    curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, on_socket);
    curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, &watch);
    curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, on_timer);
    curl_multi_setopt(multi, CURLMOPT_TIMERDATA, &watch);

    std::vector<std::unique_ptr<Transfer>> active;
    std::size_t next = 0;

    auto finish = [&](Transfer* t, CURLcode rc, double at) {
        const Listener& l = t->job->listener;
        curl_off_t pre_us = 0;
        if (curl_easy_getinfo(t->easy, CURLINFO_PRETRANSFER_TIME_T, &pre_us) == CURLE_OK && pre_us > 0 &&
            l.connected)
            l.connected(static_cast<double>(pre_us) / 1000.0);
        long new_connections = 0;
        if (l.connection && curl_easy_getinfo(t->easy, CURLINFO_NUM_CONNECTS, &new_connections) == CURLE_OK)
            l.connection(new_connections > 0);
        if (!t->abort_reason.empty()) {
            if (l.timed_out) l.timed_out(at, t->abort_reason);
        } else if (rc == CURLE_OK) {
            t->report_headers(at);
            if (l.finished) l.finished(at);
        } else if (rc == CURLE_OPERATION_TIMEDOUT) {
            if (l.timed_out) l.timed_out(at, t->errbuf[0] ? t->errbuf : curl_easy_strerror(rc));
        } else {
            std::string msg = curl_easy_strerror(rc);
            if (t->errbuf[0]) msg += std::string(": ") + t->errbuf;
            if (l.failed) l.failed(at, msg);
        }
        curl_multi_remove_handle(multi, t->easy);
        const std::size_t index = t->index;
        for (auto it = active.begin(); it != active.end(); ++it)
            if (it->get() == t) {
                active.erase(it);
                break;
            }
        if (done) done(index);
    };

    auto start_more = [&] {
        while (active.size() < concurrency && next < jobs.size()) {
            if (jobs[next].not_before_ms > 0 && jobs[next].not_before_ms > now_ms()) break;  // not yet arrived
            const std::size_t index = next++;
            auto t = make_transfer(jobs[index], index, limits);
            if (!t) {
                const double at = now_ms();
                if (jobs[index].listener.started) jobs[index].listener.started(at);
                if (jobs[index].listener.failed) jobs[index].listener.failed(at, "cannot create a curl handle");
                if (done) done(index);
                continue;
            }
            // The clock starts here, when the transfer is handed to curl, which
            // starts it on the next socket action below (curl asks for a timeout of 0).
            t->start_ms = t->last_byte_ms = now_ms();
            if (t->job->listener.started) t->job->listener.started(t->start_ms);
            curl_multi_add_handle(multi, t->easy);
            active.push_back(std::move(t));
        }
    };

    int running = 0;
    auto read_finished = [&] {
        int left = 0;
        while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
            if (msg->msg != CURLMSG_DONE) continue;
            Transfer* t = nullptr;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&t));
            if (t) finish(t, msg->data.result, now_ms());
        }
    };
    start_more();
    while (!active.empty() || next < jobs.size()) {
        // Sleep until a socket is ready, curl's timer is due, the next arrival is due,
        // or 20 ms (our own deadlines), whichever is first.
        double now = now_ms();
        double wake = now + 20;
        if (watch.timer_due_ms >= 0) wake = std::min(wake, watch.timer_due_ms);
        if (next < jobs.size() && active.size() < concurrency && jobs[next].not_before_ms > 0)
            wake = std::min(wake, jobs[next].not_before_ms);
        const int wait_ms = wake <= now ? 0 : static_cast<int>(std::ceil(wake - now));
        if (active.empty()) {
            if (wake > now) std::this_thread::sleep_for(std::chrono::microseconds(static_cast<long>((wake - now) * 1000.0)));
        } else {
            watch.wait(wait_ms, [&](curl_socket_t s, int flags) { curl_multi_socket_action(multi, s, flags, &running); });
        }
        if (watch.timer_due_ms >= 0 && now_ms() >= watch.timer_due_ms) {
            watch.timer_due_ms = -1;  // curl sets a new one from inside the call if it needs one
            curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running);
        }
        read_finished();
        // Deadlines, even when curl does not call the progress function in time.
        const double at = now_ms();
        for (std::size_t i = 0; i < active.size();) {
            Transfer* t = active[i].get();
            std::string why = t->overdue(at);
            if (why.empty()) {
                ++i;
                continue;
            }
            if (t->abort_reason.empty()) t->abort_reason = std::move(why);
            finish(t, CURLE_ABORTED_BY_CALLBACK, at);  // erases active[i]
        }
        start_more();
    }
    curl_multi_cleanup(multi);
    return std::nullopt;
}

}  // namespace w2t::cli::http
