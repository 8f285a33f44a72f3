// loaddriver: load generator for tests/bench (run by hand, not part of ctest).
//
// Plain C++ on epoll, one thread, N persistent keep-alive connections. Every run is bounded by a
// request count AND a duration, and it only talks to loopback addresses: anything else is refused.
//
//   loaddriver run --url http://127.0.0.1:PORT/v1/messages --mode json|stream -c N -d SECONDS
//                  [-n MAX_REQUESTS] [--warmup SECONDS] [--body FILE] [-H 'Name: value']...
//                  [--expect-tokens N] [--timeout SECONDS] [--label TEXT] [--watch NAME=PID]...
//                  [--quickack]
//   loaddriver gen-body --kind openai|anthropic|claude-code --model MODEL [--stream]
//                  [--include-usage] [--size BYTES] --out FILE
//
// "run" prints one JSON line (flat object; times in ms): request latency percentiles and req/s,
// time to the first response byte (TTFB), to the first content token and to the end of the
// response, reads per response, and whether every response carried all content tokens "#1 " ..
// "#N " in order (the mock's marker; see mockupstream.cpp). --watch samples /proc/PID for CPU time
// and RSS while the load runs, so a harness gets the proxy's cost per request from the same run.
//
// "gen-body" writes request bodies: a minimal one per protocol, or a Claude-Code-shaped
// /v1/messages body (system blocks, a role:"system" message inside messages, 12 tools with JSON
// schemas, a long tool-use history) padded to exactly --size bytes.

#include "benchutil.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sstream>
#include <string>
#include <string_view>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

using Bench::iequals;
using Bench::jsonString;
using Bench::parseNumber;
using Bench::trim;

namespace {

using Clock = std::chrono::steady_clock;

constexpr int MaxConnections = 1024;
constexpr double MaxDurationS = 600;
constexpr size_t MaxHeadBytes = 64 * 1024;
constexpr size_t ErrorSnippetBytes = 200;
constexpr size_t TailBytes = 64;
constexpr auto SampleInterval = std::chrono::milliseconds(20);

double msBetween(Clock::time_point a, Clock::time_point b)
{
    return std::chrono::duration<double, std::milli>(b - a).count();
}

[[noreturn]] void die(const std::string &message, int code = 2)
{
    std::fprintf(stderr, "loaddriver: %s\n", message.c_str());
    std::exit(code);
}

// The value after the option at argv[*i] (which then points at the value); dies when there is none.
std::string optionValue(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc)
        die(std::string(argv[*i]) + " needs a value");
    ++*i;
    return argv[*i];
}

// ---------------------------------------------------------------- JSON output line

class JsonLine
{
public:
    JsonLine &field(std::string_view key, std::string_view value)
    {
        separator(key);
        m_text += jsonString(value);
        return *this;
    }
    JsonLine &field(std::string_view key, const char *value) { return field(key, std::string_view(value)); }
    JsonLine &field(std::string_view key, double value, int decimals = 3)
    {
        separator(key);
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.*f", decimals, std::isfinite(value) ? value : 0.0);
        m_text += buf;
        return *this;
    }
    JsonLine &field(std::string_view key, long long value)
    {
        separator(key);
        m_text += std::to_string(value);
        return *this;
    }
    JsonLine &field(std::string_view key, bool value)
    {
        separator(key);
        m_text += value ? "true" : "false";
        return *this;
    }
    std::string finish() const { return m_text + "}"; }

private:
    void separator(std::string_view key)
    {
        m_text += m_text.size() > 1 ? "," : "";
        m_text += jsonString(key);
        m_text += ':';
    }
    std::string m_text = "{";
};

// ---------------------------------------------------------------- loopback-only URL

struct Target
{
    sockaddr_in addr {};
    std::string hostHeader;
    std::string path;
};

Target parseUrl(const std::string &url)
{
    constexpr std::string_view scheme = "http://";
    if (url.compare(0, scheme.size(), scheme) != 0)
        die("only http:// URLs are supported: " + url);
    const std::string rest = url.substr(scheme.size());
    const size_t slash = rest.find('/');
    const std::string authority = rest.substr(0, slash);
    Target t;
    t.path = slash == std::string::npos ? "/" : rest.substr(slash);
    const size_t colon = authority.rfind(':');
    std::string host = authority.substr(0, colon);
    int port = 80;
    if (colon != std::string::npos && !parseNumber(std::string_view(authority).substr(colon + 1), &port))
        die("bad port in " + url);
    if (host == "localhost")
        host = "127.0.0.1";
    t.addr.sin_family = AF_INET;
    t.addr.sin_port = htons(uint16_t(port));
    // A benchmark that can be pointed at a real host would be a load generator against someone's
    // service; this one only ever loads the local machine.
    if (inet_pton(AF_INET, host.c_str(), &t.addr.sin_addr) != 1)
        die("the host must be a numeric IPv4 loopback address or localhost: " + url);
    if ((ntohl(t.addr.sin_addr.s_addr) >> 24) != 127)
        die("refusing a non-loopback address: " + url);
    if (port <= 0 || port > 65535)
        die("bad port in " + url);
    t.hostHeader = authority;
    return t;
}

// ---------------------------------------------------------------- /proc watchers

struct Watch
{
    std::string name;
    int pid = 0;
    long long ticksStart = 0;
    long long ticksEnd = 0;
    long long peakRssKb = 0;
    long long rssEndKb = 0;
    long long hwmEndKb = 0;
    bool alive = true;
};

long long procTicks(int pid)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const size_t paren = text.rfind(')'); // the command name may contain spaces
    if (paren == std::string::npos)
        return -1;
    std::istringstream fields(text.substr(paren + 2));
    std::string skip;
    long long utime = 0;
    long long stime = 0;
    // After "(comm) ": state(3) ... utime is field 14, stime 15 of the whole line.
    for (int i = 3; i < 14; ++i)
        fields >> skip;
    fields >> utime >> stime;
    return utime + stime;
}

long long procStatusKb(int pid, std::string_view key)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.compare(0, key.size(), key) == 0 && line.size() > key.size() && line[key.size()] == ':')
            return std::atoll(line.c_str() + key.size() + 1);
    }
    return -1;
}

// ---------------------------------------------------------------- HTTP response parsing

// Counts the mock's content tokens "#<i> " in the decoded body, across read boundaries.
struct TokenScanner
{
    long long count = 0;
    long long last = 0;
    bool inOrder = true;
    bool firstSeen = false;
    int state = 0; // 0 idle, 1 after '#', 2 in the digits
    long long value = 0;

    // Returns true when this call completed the first token.
    bool feed(const char *p, size_t n)
    {
        const bool hadFirst = firstSeen;
        for (size_t i = 0; i < n; ++i) {
            const char c = p[i];
            if (c == '#') {
                state = 1;
                value = 0;
            } else if (state >= 1 && c >= '0' && c <= '9') {
                state = 2;
                value = value * 10 + (c - '0');
            } else {
                if (state == 2 && c == ' ') {
                    ++count;
                    if (value != last + 1)
                        inOrder = false;
                    last = value;
                    firstSeen = true;
                }
                state = 0;
            }
        }
        return firstSeen && !hadFirst;
    }
};

struct Response
{
    enum class Stage
    {
        Head,
        Length,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        UntilClose,
        Done,
    };
    Stage stage = Stage::Head;
    std::string head;
    int status = 0;
    bool keepAlive = true;
    bool eventStream = false;
    size_t remaining = 0;
    std::string line; // chunk size or trailer line being collected
    size_t bodyBytes = 0;
    std::string snippet; // start of the body, for error messages
    std::string tail; // end of the body, for the stream terminator check
    TokenScanner tokens;
    int reads = 0;
    bool firstToken = false; // set by feed() when the first token completed in that call

    void reset() { *this = Response(); }
};

// Feeds received bytes; returns false on a protocol error (message in *error).
bool feedResponse(Response &r, const char *p, size_t n, std::string *error)
{
    auto body = [&r](const char *data, size_t len) {
        if (len == 0)
            return;
        if (r.snippet.size() < ErrorSnippetBytes)
            r.snippet.append(data, std::min(len, ErrorSnippetBytes - r.snippet.size()));
        r.tail.append(data, len);
        if (r.tail.size() > TailBytes)
            r.tail.erase(0, r.tail.size() - TailBytes);
        r.bodyBytes += len;
        if (r.tokens.feed(data, len))
            r.firstToken = true;
    };
    // A sized body, chunk data and the CRLF after each chunk: up to r.remaining bytes are taken
    // (passed to body() unless they are framing); true once all of them arrived.
    auto consume = [&](bool isBody) {
        const size_t take = std::min(n, r.remaining);
        if (isBody)
            body(p, take);
        p += take;
        n -= take;
        r.remaining -= take;
        return r.remaining == 0;
    };
    while (n > 0 && r.stage != Response::Stage::Done) {
        switch (r.stage) {
        case Response::Stage::Head: {
            const size_t before = r.head.size();
            r.head.append(p, n);
            const size_t end = r.head.find("\r\n\r\n");
            if (end == std::string::npos) {
                if (r.head.size() > MaxHeadBytes) {
                    *error = "response head too large";
                    return false;
                }
                return true;
            }
            const size_t used = end + 4 - before;
            p += used;
            n -= used;
            r.head.resize(end);
            const std::string_view head(r.head);
            // "HTTP/1.1 200 OK"
            if (head.size() < 12 || head.compare(0, 5, "HTTP/") != 0
                || !parseNumber(head.substr(9, 3), &r.status)) {
                *error = "bad status line";
                return false;
            }
            r.keepAlive = head.compare(0, 8, "HTTP/1.0") != 0;
            bool chunked = false;
            long long length = -1;
            size_t pos = head.find("\r\n");
            while (pos != std::string_view::npos && pos < head.size()) {
                pos += 2;
                size_t lineEnd = head.find("\r\n", pos);
                const std::string_view line =
                    head.substr(pos, lineEnd == std::string_view::npos ? lineEnd : lineEnd - pos);
                pos = lineEnd;
                const size_t colon = line.find(':');
                if (colon == std::string_view::npos)
                    continue;
                const std::string_view name = trim(line.substr(0, colon));
                const std::string_view value = trim(line.substr(colon + 1));
                if (iequals(name, "content-length"))
                    parseNumber(value, &length);
                else if (iequals(name, "transfer-encoding"))
                    chunked = value.find("chunked") != std::string_view::npos;
                else if (iequals(name, "connection"))
                    r.keepAlive = !iequals(value, "close");
                else if (iequals(name, "content-type"))
                    r.eventStream = value.find("text/event-stream") != std::string_view::npos;
            }
            if (r.status >= 100 && r.status < 200) { // 100 Continue: the real response follows
                r.head.clear();
                continue;
            }
            if (chunked) {
                r.stage = Response::Stage::ChunkSize;
            } else if (length >= 0) {
                r.remaining = size_t(length);
                r.stage = length == 0 ? Response::Stage::Done : Response::Stage::Length;
            } else {
                r.stage = Response::Stage::UntilClose;
                r.keepAlive = false;
            }
            break;
        }
        case Response::Stage::Length:
            if (consume(true))
                r.stage = Response::Stage::Done;
            break;
        case Response::Stage::ChunkSize:
        case Response::Stage::Trailers: {
            const char *nl = static_cast<const char *>(std::memchr(p, '\n', n));
            const size_t take = nl ? size_t(nl - p) + 1 : n;
            r.line.append(p, take);
            p += take;
            n -= take;
            if (!nl) {
                if (r.line.size() > 1024) {
                    *error = "bad chunk header";
                    return false;
                }
                break;
            }
            const std::string_view line = trim(std::string_view(r.line).substr(0, r.line.size() - 1));
            if (r.stage == Response::Stage::Trailers) {
                if (line.empty())
                    r.stage = Response::Stage::Done;
                r.line.clear();
                break;
            }
            size_t size = 0;
            if (!parseNumber(line.substr(0, line.find(';')), &size, 16)) {
                *error = "bad chunk size";
                return false;
            }
            r.line.clear();
            if (size == 0) {
                r.stage = Response::Stage::Trailers;
            } else {
                r.remaining = size;
                r.stage = Response::Stage::ChunkData;
            }
            break;
        }
        case Response::Stage::ChunkData:
            if (consume(true)) {
                r.stage = Response::Stage::ChunkDataEnd;
                r.remaining = 2; // CRLF after the data
            }
            break;
        case Response::Stage::ChunkDataEnd:
            if (consume(false))
                r.stage = Response::Stage::ChunkSize;
            break;
        case Response::Stage::UntilClose:
            body(p, n);
            n = 0;
            break;
        case Response::Stage::Done:
            break;
        }
    }
    if (n > 0) {
        *error = "bytes after the end of the response (pipelining is not used)";
        return false;
    }
    return true;
}

// ---------------------------------------------------------------- the load run

struct Options
{
    std::string url;
    std::string mode = "json";
    int connections = 1;
    double durationS = 10;
    long long maxRequests = 10000000;
    double warmupS = 0;
    double timeoutS = 10;
    long long expectTokens = 0;
    std::string bodyFile;
    std::vector<std::string> headers;
    std::string label;
    std::vector<Watch> watches;
    bool quickAck = false;
};

struct Connection
{
    enum class State
    {
        Closed,
        Connecting,
        Sending,
        Receiving,
    };
    int fd = -1;
    State state = State::Closed;
    size_t sent = 0;
    bool measured = false; // this request started in the measured phase
    Clock::time_point start;
    Clock::time_point firstByte;
    Clock::time_point firstToken;
    bool hasFirstByte = false;
    bool hasFirstToken = false;
    Clock::time_point retryAt;
    Response response;
};

struct Samples
{
    std::vector<double> total;
    std::vector<double> ttfb;
    std::vector<double> firstToken;
    long long ok = 0;
    long long errors = 0; // transport errors, timeouts, HTTP status != 200
    long long incomplete = 0; // 200 but tokens missing or out of order, or no stream terminator
    long long reads = 0;
    long long bytes = 0;
    std::string firstError;

    void error(std::string what)
    {
        ++errors;
        if (firstError.empty())
            firstError = std::move(what);
    }
};

double percentile(std::vector<double> &v, double p)
{
    if (v.empty())
        return 0;
    // Nearest rank: the smallest value with at least p % of the samples at or below it.
    const size_t rank = size_t(std::ceil(p / 100.0 * double(v.size())));
    const size_t index = std::min(v.size() - 1, rank == 0 ? 0 : rank - 1);
    std::nth_element(v.begin(), v.begin() + long(index), v.end());
    return v[index];
}

class Driver
{
public:
    explicit Driver(const Options &options)
        : m_options(options)
        , m_target(parseUrl(options.url))
    {
    }

    int run();

private:
    void buildRequest();
    void connect(Connection &c, Clock::time_point now);
    void startRequest(Connection &c, Clock::time_point now);
    void sendMore(Connection &c, Clock::time_point now);
    void receive(Connection &c, Clock::time_point now);
    void complete(Connection &c, Clock::time_point now);
    void fail(Connection &c, Clock::time_point now, const std::string &why);
    void closeConnection(Connection &c);
    void setEvents(Connection &c, uint32_t events);
    bool mayStart() const;

    const Options &m_options;
    Target m_target;
    std::string m_request;
    int m_epoll = -1;
    std::vector<Connection> m_connections;
    Samples m_samples;
    Clock::time_point m_measureStart;
    Clock::time_point m_deadline; // no new requests after this
    Clock::time_point m_lastCompletion;
    bool m_measuring = false;
    long long m_issued = 0; // measured requests started
    rusage m_usageStart {};
};

void Driver::buildRequest()
{
    std::string body;
    if (!m_options.bodyFile.empty()) {
        std::ifstream in(m_options.bodyFile, std::ios::binary);
        if (!in)
            die("cannot read " + m_options.bodyFile);
        body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    const bool post = !m_options.bodyFile.empty();
    m_request = post ? "POST " : "GET ";
    m_request += m_target.path + " HTTP/1.1\r\nHost: " + m_target.hostHeader + "\r\n";
    bool hasContentType = false;
    for (const std::string &h : m_options.headers) {
        if (h.find(':') == std::string::npos || h.find_first_of("\r\n") != std::string::npos)
            die("bad header (expected 'Name: value'): " + h);
        if (iequals(trim(std::string_view(h).substr(0, h.find(':'))), "content-type"))
            hasContentType = true;
        m_request += h + "\r\n";
    }
    if (post) {
        if (!hasContentType)
            m_request += "Content-Type: application/json\r\n";
        m_request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    m_request += "\r\n";
    m_request += body;
}

void Driver::setEvents(Connection &c, uint32_t events)
{
    epoll_event ev {};
    ev.events = events;
    ev.data.u32 = uint32_t(&c - m_connections.data());
    epoll_ctl(m_epoll, EPOLL_CTL_MOD, c.fd, &ev);
}

void Driver::connect(Connection &c, Clock::time_point now)
{
    c.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c.fd < 0)
        die(std::string("socket: ") + std::strerror(errno), 1);
    const int one = 1;
    setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    epoll_event ev {};
    ev.events = EPOLLOUT;
    ev.data.u32 = uint32_t(&c - m_connections.data());
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, c.fd, &ev);
    c.state = Connection::State::Connecting;
    c.start = now; // connect time is bounded by the request timeout too
    if (::connect(c.fd, reinterpret_cast<const sockaddr *>(&m_target.addr), sizeof m_target.addr) < 0
        && errno != EINPROGRESS) {
        const std::string why = std::string("connect: ") + std::strerror(errno);
        closeConnection(c);
        if (m_measuring)
            m_samples.error(why);
        c.retryAt = now + std::chrono::milliseconds(20);
    }
}

bool Driver::mayStart() const
{
    return !m_measuring || (m_issued < m_options.maxRequests && Clock::now() < m_deadline);
}

void Driver::startRequest(Connection &c, Clock::time_point now)
{
    if (!mayStart()) {
        setEvents(c, EPOLLIN); // idle: only notice a close
        c.state = Connection::State::Receiving;
        c.measured = false;
        c.start = Clock::time_point::max();
        return;
    }
    c.measured = m_measuring;
    if (c.measured)
        ++m_issued;
    c.sent = 0;
    c.hasFirstByte = false;
    c.hasFirstToken = false;
    c.response.reset();
    c.start = now;
    c.state = Connection::State::Sending;
    sendMore(c, now);
}

void Driver::sendMore(Connection &c, Clock::time_point now)
{
    switch (Bench::sendPending(c.fd, m_request.data(), m_request.size(), &c.sent)) {
    case Bench::SendResult::Done:
        break;
    case Bench::SendResult::WouldBlock:
        setEvents(c, EPOLLIN | EPOLLOUT);
        return;
    case Bench::SendResult::Failed:
        fail(c, now, std::string("send: ") + std::strerror(errno));
        return;
    }
    c.state = Connection::State::Receiving;
    setEvents(c, EPOLLIN);
}

void Driver::receive(Connection &c, Clock::time_point now)
{
    char buf[65536];
    for (;;) {
        const ssize_t n = recv(c.fd, buf, sizeof buf, 0);
        if (n > 0) {
            const Clock::time_point t = Clock::now();
            if (c.start == Clock::time_point::max()) {
                closeConnection(c); // bytes nobody asked for
                return;
            }
            if (!c.hasFirstByte) {
                c.hasFirstByte = true;
                c.firstByte = t;
            }
            ++c.response.reads;
            if (m_options.quickAck) {
                // Diagnostic: ACK at once instead of the kernel's delayed ACK. If a proxy's latency
                // drops with this, it is waiting on ACKs (Nagle's algorithm on its side).
                const int one = 1;
                setsockopt(c.fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
            }
            std::string error;
            c.response.firstToken = false;
            if (!feedResponse(c.response, buf, size_t(n), &error)) {
                fail(c, t, error);
                return;
            }
            if (c.response.firstToken && !c.hasFirstToken) {
                c.hasFirstToken = true;
                c.firstToken = t;
            }
            if (c.response.stage == Response::Stage::Done) {
                complete(c, t);
                return;
            }
            continue;
        }
        if (n == 0) {
            if (c.response.stage == Response::Stage::UntilClose) {
                c.response.stage = Response::Stage::Done;
                complete(c, now);
            } else if (c.start == Clock::time_point::max() || c.response.head.empty()) {
                // The server closed an idle keep-alive connection: reconnect quietly, unless a
                // request was sent and nothing came back.
                const bool lost = c.start != Clock::time_point::max() && c.sent > 0;
                if (lost)
                    fail(c, now, "connection closed before the response");
                else
                    closeConnection(c);
            } else {
                fail(c, now, "connection closed mid-response");
            }
            return;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return;
        if (errno == EINTR)
            continue;
        fail(c, now, std::string("recv: ") + std::strerror(errno));
        return;
    }
}

void Driver::complete(Connection &c, Clock::time_point now)
{
    Response &r = c.response;
    if (c.measured) {
        m_lastCompletion = now;
        m_samples.reads += r.reads;
        m_samples.bytes += (long long)r.bodyBytes;
        if (r.status != 200) {
            std::string why = "HTTP " + std::to_string(r.status) + ": " + r.snippet;
            m_samples.error(why);
        } else {
            const bool tokensOk =
                m_options.expectTokens == 0 || (r.tokens.count == m_options.expectTokens && r.tokens.inOrder);
            const bool streamOk = m_options.mode != "stream"
                || (r.eventStream
                    && (r.tail.find("[DONE]") != std::string::npos
                        || r.tail.find("message_stop") != std::string::npos));
            if (tokensOk && streamOk) {
                ++m_samples.ok;
            } else {
                ++m_samples.incomplete;
                if (m_samples.firstError.empty())
                    m_samples.firstError = "incomplete: " + std::to_string(r.tokens.count) + " tokens"
                        + (r.tokens.inOrder ? "" : " out of order")
                        + (streamOk ? "" : ", no stream terminator") + "; body starts: " + r.snippet;
            }
            // Latency counts every 200, complete or not; the incomplete count says how many were bad.
            m_samples.total.push_back(msBetween(c.start, now));
            m_samples.ttfb.push_back(msBetween(c.start, c.hasFirstByte ? c.firstByte : now));
            if (c.hasFirstToken)
                m_samples.firstToken.push_back(msBetween(c.start, c.firstToken));
        }
    }
    if (!r.keepAlive) {
        closeConnection(c);
        c.retryAt = now;
        return;
    }
    startRequest(c, now);
}

void Driver::fail(Connection &c, Clock::time_point now, const std::string &why)
{
    // A connection that cannot be (re)established during the measured phase is an error too.
    if (c.measured || (m_measuring && c.state == Connection::State::Connecting)) {
        m_samples.error(why);
        m_lastCompletion = now;
    }
    closeConnection(c);
    c.retryAt = now + std::chrono::milliseconds(20); // a refusing server must not turn this into a spin
}

void Driver::closeConnection(Connection &c)
{
    if (c.fd >= 0) {
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, c.fd, nullptr);
        ::close(c.fd);
    }
    c.fd = -1;
    c.state = Connection::State::Closed;
    c.measured = false;
}

int Driver::run()
{
    buildRequest();
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    m_connections.resize(size_t(m_options.connections));
    std::vector<Watch> watches = m_options.watches;
    const Clock::time_point begin = Clock::now();
    for (Connection &c : m_connections)
        connect(c, begin);

    const auto warmupEnd =
        begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(m_options.warmupS));
    const auto timeout =
        std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(m_options.timeoutS));
    bool warmup = m_options.warmupS > 0;
    if (!warmup) {
        m_measuring = true;
        m_measureStart = begin;
        m_deadline = begin
            + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(m_options.durationS));
        getrusage(RUSAGE_SELF, &m_usageStart);
        for (Watch &w : watches)
            w.ticksStart = procTicks(w.pid);
    }
    Clock::time_point nextSample = begin;
    // Hard stop: the run can never outlive its duration plus warmup plus one request timeout.
    const Clock::time_point hardStop = begin
        + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
            m_options.warmupS + m_options.durationS + m_options.timeoutS + 1));

    epoll_event events[MaxConnections];
    for (;;) {
        Clock::time_point now = Clock::now();
        if (warmup && now >= warmupEnd) {
            warmup = false;
            m_measuring = true;
            m_measureStart = now;
            m_deadline = now
                + std::chrono::duration_cast<Clock::duration>(
                             std::chrono::duration<double>(m_options.durationS));
            getrusage(RUSAGE_SELF, &m_usageStart);
            for (Watch &w : watches)
                w.ticksStart = procTicks(w.pid);
            // Requests still running from the warmup are not measured (they keep measured=false).
        }
        if (m_measuring && now >= nextSample) {
            nextSample = now + SampleInterval;
            for (Watch &w : watches) {
                const long long rss = procStatusKb(w.pid, "VmRSS");
                if (rss < 0)
                    w.alive = false;
                w.peakRssKb = std::max(w.peakRssKb, rss);
            }
        }
        // Timeouts, idle connections that may start again, reconnects.
        bool busy = false;
        for (Connection &c : m_connections) {
            if (c.state == Connection::State::Closed) {
                if (mayStart() && now >= c.retryAt)
                    connect(c, now);
            } else if (c.start != Clock::time_point::max() && now - c.start > timeout) {
                fail(c, now,
                     c.state == Connection::State::Connecting ? "connect timeout" : "request timeout");
            } else if (c.start == Clock::time_point::max() && mayStart()) {
                startRequest(c, now);
            }
            if (c.state != Connection::State::Closed && c.start != Clock::time_point::max())
                busy = true;
        }
        if (m_measuring && !mayStart() && !busy)
            break; // every measured request has finished
        if (now >= hardStop)
            break;

        const int n = epoll_wait(m_epoll, events, MaxConnections, 5);
        if (n < 0 && errno != EINTR)
            die(std::string("epoll_wait: ") + std::strerror(errno), 1);
        now = Clock::now();
        for (int i = 0; i < n; ++i) {
            Connection &c = m_connections[events[i].data.u32];
            if (c.fd < 0)
                continue;
            if (c.state == Connection::State::Connecting) {
                int err = 0;
                socklen_t len = sizeof err;
                getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
                if (err != 0) {
                    fail(c, now, std::string("connect: ") + std::strerror(err));
                    continue;
                }
                startRequest(c, now);
                continue;
            }
            if ((events[i].events & EPOLLOUT) && c.state == Connection::State::Sending)
                sendMore(c, now);
            if (c.fd >= 0 && (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
                receive(c, now);
        }
    }
    const Clock::time_point end = Clock::now();
    for (Watch &w : watches) {
        w.ticksEnd = procTicks(w.pid);
        w.rssEndKb = procStatusKb(w.pid, "VmRSS");
        w.hwmEndKb = procStatusKb(w.pid, "VmHWM");
    }
    rusage usageEnd {};
    getrusage(RUSAGE_SELF, &usageEnd);
    for (Connection &c : m_connections)
        closeConnection(c);

    const long long unfinished = m_issued - m_samples.ok - m_samples.errors - m_samples.incomplete;
    const Clock::time_point stop = m_lastCompletion > m_measureStart ? m_lastCompletion : end;
    const double elapsedS = std::max(1e-9, std::chrono::duration<double>(stop - m_measureStart).count());
    const long long answered = m_samples.ok + m_samples.incomplete;
    const auto cpuS = [](const rusage &a, const rusage &b) {
        const auto s = [](const timeval &t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
        return s(b.ru_utime) - s(a.ru_utime) + s(b.ru_stime) - s(a.ru_stime);
    };
    const double clockTicks = double(sysconf(_SC_CLK_TCK));

    JsonLine out;
    out.field("label", m_options.label)
        .field("mode", m_options.mode)
        .field("url", m_options.url)
        .field("conc", (long long)m_options.connections)
        .field("duration_s", elapsedS)
        .field("requests", (long long)m_issued)
        .field("ok", m_samples.ok)
        .field("incomplete", m_samples.incomplete)
        .field("errors", m_samples.errors + std::max(0LL, unfinished))
        .field("rps", double(answered) / elapsedS, 1)
        .field("p50_ms", percentile(m_samples.total, 50))
        .field("p90_ms", percentile(m_samples.total, 90))
        .field("p99_ms", percentile(m_samples.total, 99))
        .field("max_ms", percentile(m_samples.total, 100))
        .field("ttfb_p50_ms", percentile(m_samples.ttfb, 50))
        .field("ttfb_p99_ms", percentile(m_samples.ttfb, 99))
        .field("first_token_p50_ms", percentile(m_samples.firstToken, 50))
        .field("first_token_p99_ms", percentile(m_samples.firstToken, 99))
        .field("reads_per_resp", answered ? double(m_samples.reads) / double(answered) : 0.0, 1)
        .field("bytes_per_resp", answered ? m_samples.bytes / answered : 0LL)
        .field("request_bytes", (long long)m_request.size())
        .field("client_cpu_cores", cpuS(m_usageStart, usageEnd) / elapsedS);
    for (const Watch &w : watches) {
        const double cpu =
            w.ticksStart >= 0 && w.ticksEnd >= 0 ? double(w.ticksEnd - w.ticksStart) / clockTicks : 0;
        out.field(w.name + "_cpu_cores", cpu / elapsedS)
            .field(w.name + "_cpu_us_per_req", answered ? cpu * 1e6 / double(answered) : 0.0, 1)
            .field(w.name + "_peak_rss_kb", w.peakRssKb)
            .field(w.name + "_rss_end_kb", w.rssEndKb)
            .field(w.name + "_hwm_kb", w.hwmEndKb)
            .field(w.name + "_alive", w.alive && w.ticksEnd >= 0);
    }
    out.field("first_error", m_samples.firstError);
    std::printf("%s\n", out.finish().c_str());
    std::fflush(stdout);
    return m_samples.ok > 0 ? 0 : 1;
}

// ---------------------------------------------------------------- request bodies

// Deterministic filler prose: ASCII without quotes, backslashes or '#', so one character is one
// byte of JSON and it can never look like a content token.
std::string filler(size_t bytes)
{
    static constexpr std::string_view unit =
        "The proxy reads the request, picks a channel, rewrites the body for the upstream and streams "
        "the answer back while it counts tokens. ";
    std::string out;
    out.reserve(bytes);
    while (out.size() < bytes)
        out.append(unit.substr(0, std::min(unit.size(), bytes - out.size())));
    return out;
}

std::string minimalBody(const std::string &kind, const std::string &model, bool stream, bool includeUsage,
                        size_t size)
{
    const auto build = [&](const std::string &system) {
        std::string body = "{\"model\":" + jsonString(model);
        if (kind == "anthropic") {
            body += ",\"max_tokens\":1024,\"system\":" + jsonString(system)
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}]";
        } else {
            body += ",\"messages\":[{\"role\":\"system\",\"content\":" + jsonString(system)
                + "},{\"role\":\"user\",\"content\":\"Say hello.\"}]";
            if (stream && includeUsage)
                body += ",\"stream_options\":{\"include_usage\":true}";
        }
        body += stream ? ",\"stream\":true}" : ",\"stream\":false}";
        return body;
    };
    const std::string system = "You are a benchmark assistant.";
    const std::string base = build(system);
    if (size <= base.size())
        return base;
    return build(system + " " + filler(size - base.size() - 1));
}

struct Tool
{
    const char *name;
    const char *purpose;
    const char *properties; // JSON object of the input_schema properties
    const char *required; // JSON array
};

// Twelve tools shaped like the ones a coding agent sends: every schema is draft 2020-12 with
// additionalProperties false, and the descriptions are long usage notes.
constexpr Tool AgentTools[] = {
    {"Agent", "Starts a sub-agent that works on a delegated task in its own context and reports back.",
     R"({"description":{"type":"string","description":"Three to five words naming the task"},"prompt":{"type":"string","description":"The full task for the agent"},"subagent_type":{"type":"string","description":"Which kind of agent to start"}})",
     R"(["description","prompt","subagent_type"])"},
    {"Bash",
     "Runs a shell command in a persistent session, with an optional timeout, and returns its output.",
     R"({"command":{"type":"string","description":"The command to run"},"timeout":{"type":"number","description":"Timeout in milliseconds, at most 600000"},"description":{"type":"string","description":"What the command does, in a few words"},"run_in_background":{"type":"boolean","description":"Run without waiting for the result"}})",
     R"(["command"])"},
    {"Edit",
     "Replaces an exact string in a file with another string; the old string must be unique unless "
     "replace_all is set.",
     R"({"file_path":{"type":"string","description":"Absolute path of the file"},"old_string":{"type":"string","description":"The text to replace"},"new_string":{"type":"string","description":"The replacement text"},"replace_all":{"type":"boolean","default":false,"description":"Replace every occurrence"}})",
     R"(["file_path","old_string","new_string"])"},
    {"ListAgents", "Lists the agents that are running or finished in this session, with their state.",
     R"({"include_finished":{"type":"boolean","description":"Also list agents that are done"}})", "[]"},
    {"Read",
     "Reads a file from the local filesystem, optionally a window of lines, and returns it with line "
     "numbers.",
     R"({"file_path":{"type":"string","description":"Absolute path of the file to read"},"offset":{"type":"number","description":"First line to read"},"limit":{"type":"number","description":"How many lines to read"}})",
     R"(["file_path"])"},
    {"ReportFindings", "Reports structured findings of a review back to the user in one message.",
     R"({"findings":{"type":"array","items":{"type":"object","properties":{"file":{"type":"string"},"line":{"type":"integer"},"severity":{"type":"string","enum":["info","warning","error"]},"message":{"type":"string"}},"required":["file","message"],"additionalProperties":false}},"summary":{"type":"string"}})",
     R"(["findings"])"},
    {"ScheduleWakeup",
     "Asks to be woken up later to check on a long-running job instead of polling in a loop.",
     R"({"delay_seconds":{"type":"integer","minimum":1,"maximum":3600},"reason":{"type":"string"}})",
     R"(["delay_seconds","reason"])"},
    {"Skill", "Runs one of the installed skills by name with optional arguments.",
     R"({"skill":{"type":"string","description":"The skill name"},"args":{"type":"string","description":"Arguments for the skill"}})",
     R"(["skill"])"},
    {"ToolSearch", "Searches the deferred tools by keyword and loads the matching ones into this session.",
     R"({"query":{"type":"string","description":"Keywords or select:<name>"},"max_results":{"type":"integer","default":5}})",
     R"(["query"])"},
    {"Workflow", "Tracks a multi-step plan: adds, updates and completes the steps of the current task.",
     R"({"todos":{"type":"array","items":{"type":"object","properties":{"content":{"type":"string","minLength":1},"status":{"type":"string","enum":["pending","in_progress","completed"]},"activeForm":{"type":"string","minLength":1}},"required":["content","status","activeForm"],"additionalProperties":false}}})",
     R"(["todos"])"},
    {"DeferredToolPlaceholder", nullptr, nullptr, nullptr},
    {"Write",
     "Writes a file to the local filesystem, replacing it if it exists; read a file before overwriting it.",
     R"({"file_path":{"type":"string","description":"Absolute path of the file to write"},"content":{"type":"string","description":"The content to write"}})",
     R"(["file_path","content"])"},
};

std::string usageNotes(std::string_view topic, int count)
{
    static constexpr std::string_view notes[] = {
        "Prefer this tool over running an equivalent shell command, because the result is structured.",
        "Paths are always absolute; relative paths are resolved against nothing and fail.",
        "When several independent calls are needed, make them in the same turn so they run in parallel.",
        "Never guess at a result: if the output is truncated, ask again with a narrower window.",
        "Quote arguments that contain spaces, and keep each call small enough to review.",
        "Report errors to the user as they are; do not retry the same failing call in a loop.",
        "Large outputs are cut at 30000 characters; say so when the answer depends on the rest.",
        "Do not use this tool to talk to the user; write plain text in the reply instead.",
    };
    std::string out = "\n\nUsage notes for ";
    out += topic;
    out += ":\n";
    for (int i = 0; i < count; ++i) {
        out += " - ";
        out += notes[size_t(i) % std::size(notes)];
        out += '\n';
    }
    return out;
}

std::string toolsJson()
{
    std::string out = "[";
    int i = 0;
    for (const Tool &tool : AgentTools) {
        if (i++)
            out += ',';
        if (!tool.purpose) {
            out += R"({"name":")";
            out += tool.name;
            out +=
                R"(","description":"Reserved placeholder that keeps deferred tool loading active; never call it.",)"
                R"("input_schema":{"type":"object","properties":{}},"defer_loading":true})";
            continue;
        }
        out += R"({"name":")";
        out += tool.name;
        out += R"(","description":)";
        out += jsonString(std::string(tool.purpose) + usageNotes(tool.name, 6 + i % 7));
        out +=
            R"(,"input_schema":{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":)";
        out += tool.properties;
        out += R"(,"required":)";
        out += tool.required;
        out += R"(,"additionalProperties":false}})";
    }
    return out + "]";
}

// A tool result: a source file as the Read tool shows it (line numbers, tabs, quotes, a little
// non-ASCII), which exercises every JSON escape a real history carries.
std::string fileListing(int turn, int lines)
{
    std::string text;
    for (int line = 1; line <= lines; ++line) {
        char number[16];
        std::snprintf(number, sizeof number, "%6d\t", line);
        text += number;
        switch ((line + turn) % 6) {
        case 0:
            text += "void Handler" + std::to_string(turn) + "::onChunk(const QByteArray &data)";
            break;
        case 1:
            text += "{";
            break;
        case 2:
            text += "    if (data.size() > m_limit) // \"too large\" \xe2\x86\x92 reject";
            break;
        case 3:
            text +=
                "        return fail(QStringLiteral(\"chunk %1 exceeds %2\").arg(data.size()).arg(m_limit));";
            break;
        case 4:
            text += "    m_buffer.append(data); // \xe6\xb5\x81\xe5\xbc\x8f\xe5\x93\x8d\xe5\xba\x94 "
                    "(streaming reply)";
            break;
        default:
            text += "}";
            break;
        }
        text += '\n';
    }
    return text;
}

std::string historyTurn(int turn)
{
    static constexpr const char *toolNames[] = {"Read", "Bash", "Edit", "Read", "Write"};
    const std::string name = toolNames[turn % 5];
    const std::string id = "toolu_bench_" + std::to_string(100000 + turn);
    std::string input;
    if (name == "Bash")
        input =
            R"({"command":"cmake --build build --target switchyard -j2 2>&1 | tail -20","description":"Build the app"})";
    else if (name == "Edit")
        input = R"({"file_path":"/home/dev/switchyard/proxy/handler)" + std::to_string(turn)
            + R"(.cpp","old_string":"m_buffer.append(data);","new_string":"m_buffer.append(data);\n    ++m_chunks;"})";
    else if (name == "Write")
        input = R"({"file_path":"/home/dev/switchyard/notes/step)" + std::to_string(turn)
            + R"(.md","content":"Step done: the handler now counts chunks.\n"})";
    else
        input = R"({"file_path":"/home/dev/switchyard/proxy/handler)" + std::to_string(turn) + R"(.cpp"})";

    std::string out = R"(,{"role":"assistant","content":[{"type":"thinking","thinking":)";
    out +=
        jsonString("The user wants the streaming path fixed. Step " + std::to_string(turn)
                   + ": look at the handler, check how chunks are buffered, then change the smallest thing "
                     "that makes the test pass. I should not touch the codec.");
    out += R"(,"signature":")";
    for (int i = 0; i < 4; ++i)
        out += "EqQBCkYIBxgCKkB3mGV0ZXN0LXNpZ25hdHVyZS1mb3ItYmVuY2htYXJr";
    out += R"("},{"type":"text","text":)";
    out += jsonString("Let me look at step " + std::to_string(turn) + ".");
    out += R"(},{"type":"tool_use","id":")" + id + R"(","name":")" + name + R"(","input":)" + input + "}]}";
    out += R"(,{"role":"user","content":[{"tool_use_id":")" + id + R"(","type":"tool_result","content":)";
    out += jsonString(fileListing(turn, 40 + turn % 20));
    out += "}]}";
    return out;
}

// A /v1/messages body shaped like Claude Code's (protocols.md Appendix C.3): keys in its wire
// order, three system blocks, a role:"system" message inside messages, 12 tools, thinking and
// context_management, and a long tool-use history; the last tool result is padded so the body is
// exactly `size` bytes.
std::string claudeCodeBody(const std::string &model, bool stream, size_t size)
{
    std::string head = "{\"model\":" + jsonString(model) + ",\"messages\":[";
    head += R"({"role":"user","content":[{"type":"text","text":)";
    head +=
        jsonString("<system-reminder>\nAs you answer the user's questions, you can use the following "
                   "context: the repository is a C++20 Qt 6 project built with CMake.\n</system-reminder>\n");
    head +=
        R"(},{"type":"text","text":"Fix the streaming handler so that chunks are counted, then run the tests."}]})";
    head += R"(,{"role":"system","content":[{"type":"text","text":)";
    head +=
        jsonString("# Environment\nYou have been invoked in the following environment:\n - Primary working "
                   "directory: /home/dev/switchyard\n - Is a git repository: true\n - Platform: linux\n"
                   " - Shell: bash\n"
                   + usageNotes("the environment", 60));
    head += R"(,"cache_control":{"type":"ephemeral"}}],"output_config":{"effort":"medium"}})";

    const std::string toolUseId = "toolu_bench_final";
    std::string lastTurn =
        R"(,{"role":"assistant","content":[{"type":"text","text":"Reading the last file."},)"
        R"({"type":"tool_use","id":")"
        + toolUseId + R"(","name":"Read","input":{"file_path":"/home/dev/switchyard/proxy/big.log"}}]})";
    lastTurn += R"(,{"role":"user","content":[{"tool_use_id":")" + toolUseId
        + R"(","type":"tool_result","content":")";
    // ... filler goes here ...
    std::string tail = R"(","cache_control":{"type":"ephemeral"}}]}])";
    tail +=
        R"(,"system":[{"type":"text","text":"x-anthropic-billing-header: cc_version=2.1.330.1f4; cc_entrypoint=sdk-cli;"},)";
    tail +=
        R"({"type":"text","text":"You are a coding agent running in a terminal.","cache_control":{"type":"ephemeral"}},)";
    tail += R"({"type":"text","text":)";
    tail += jsonString("\nYou are an agent working with the user on a software project.\n"
                       + usageNotes("the session", 70));
    tail += R"(,"cache_control":{"type":"ephemeral"}}])";
    tail += ",\"tools\":" + toolsJson();
    tail += R"(,"metadata":{"user_id":)";
    tail += jsonString(
        R"({"device_id":"3f9a0c4e5d6b7a8f9e0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d9c0b1a2f","account_uuid":"","session_id":"86dc367d-fef4-4fd4-8c48-0c93fd732bad"})");
    tail += R"(},"max_tokens":32000,"thinking":{"type":"adaptive","display":"omitted"})";
    tail += R"(,"context_management":{"edits":[{"type":"clear_thinking_20251015","keep":"all"}]})";
    tail += R"(,"output_config":{"effort":"medium"},"stream":)";
    tail += stream ? "true}" : "false}";

    std::string history;
    const size_t fixed = head.size() + lastTurn.size() + tail.size();
    for (int turn = 1; size > 0; ++turn) {
        const std::string next = historyTurn(turn);
        if (fixed + history.size() + next.size() + 256 > size)
            break;
        history += next;
    }
    const size_t used = fixed + history.size();
    const size_t pad = size > used ? size - used : 0;
    return head + history + lastTurn + filler(pad) + tail;
}

void writeFile(const std::string &path, const std::string &data)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << data;
    if (!out)
        die("cannot write " + path, 1);
}

void usage()
{
    std::fprintf(
        stderr,
        "usage:\n"
        "  loaddriver run --url http://127.0.0.1:PORT/PATH [--mode json|stream] [-c CONNS] [-d SECONDS]\n"
        "                 [-n MAX_REQUESTS] [--warmup SECONDS] [--body FILE] [-H 'Name: value']...\n"
        "                 [--expect-tokens N] [--timeout SECONDS] [--label TEXT] [--watch NAME=PID]...\n"
        "                 [--quickack]\n"
        "  loaddriver gen-body --kind openai|anthropic|claude-code --model MODEL [--stream]\n"
        "                 [--include-usage] [--size BYTES] --out FILE\n");
}

int runCommand(int argc, char **argv)
{
    Options o;
    for (int i = 2; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const auto value = [&] { return optionValue(argc, argv, &i); };
        const auto number = [&](auto *out) {
            const std::string text = value();
            if (!parseNumber(text, out))
                die(std::string(arg) + ": not a number: " + text);
        };
        if (arg == "--url")
            o.url = value();
        else if (arg == "--mode")
            o.mode = value();
        else if (arg == "-c" || arg == "--conc")
            number(&o.connections);
        else if (arg == "-d" || arg == "--duration")
            number(&o.durationS);
        else if (arg == "-n" || arg == "--requests")
            number(&o.maxRequests);
        else if (arg == "--warmup")
            number(&o.warmupS);
        else if (arg == "--timeout")
            number(&o.timeoutS);
        else if (arg == "--expect-tokens")
            number(&o.expectTokens);
        else if (arg == "--body")
            o.bodyFile = value();
        else if (arg == "-H" || arg == "--header")
            o.headers.push_back(value());
        else if (arg == "--label")
            o.label = value();
        else if (arg == "--quickack")
            o.quickAck = true;
        else if (arg == "--watch") {
            const std::string spec = value();
            const size_t eq = spec.find('=');
            Watch w;
            if (eq == std::string::npos || !parseNumber(std::string_view(spec).substr(eq + 1), &w.pid)
                || w.pid <= 0)
                die("--watch expects NAME=PID, got " + spec);
            w.name = spec.substr(0, eq);
            o.watches.push_back(w);
        } else {
            usage();
            die("unknown option " + std::string(arg));
        }
    }
    if (o.url.empty())
        die("--url is required");
    if (o.mode != "json" && o.mode != "stream")
        die("--mode is json or stream");
    if (o.connections < 1 || o.connections > MaxConnections)
        die("-c must be 1.." + std::to_string(MaxConnections));
    if (!(o.durationS > 0 && o.durationS <= MaxDurationS) || !(o.warmupS >= 0 && o.warmupS <= MaxDurationS))
        die("-d must be in (0, 600] and --warmup in [0, 600] seconds");
    if (!(o.timeoutS > 0 && o.timeoutS <= 120) || o.maxRequests < 1)
        die("--timeout must be in (0, 120] seconds and -n at least 1");
    Driver driver(o);
    return driver.run();
}

int genBodyCommand(int argc, char **argv)
{
    std::string kind;
    std::string model;
    std::string out;
    bool stream = false;
    bool includeUsage = false;
    size_t size = 0;
    for (int i = 2; i < argc; ++i) {
        const std::string_view arg = argv[i];
        const auto value = [&] { return optionValue(argc, argv, &i); };
        if (arg == "--kind")
            kind = value();
        else if (arg == "--model")
            model = value();
        else if (arg == "--out")
            out = value();
        else if (arg == "--stream")
            stream = true;
        else if (arg == "--include-usage")
            includeUsage = true;
        else if (arg == "--size") {
            const std::string text = value();
            if (!parseNumber(text, &size) || size > 64 * 1024 * 1024)
                die("--size: expected bytes up to 64 MiB, got " + text);
        } else {
            usage();
            die("unknown option " + std::string(arg));
        }
    }
    if (model.empty() || out.empty())
        die("--model and --out are required");
    std::string body;
    if (kind == "claude-code")
        body = claudeCodeBody(model, stream, size);
    else if (kind == "openai" || kind == "anthropic")
        body = minimalBody(kind, model, stream, includeUsage, size);
    else
        die("--kind is openai, anthropic or claude-code");
    writeFile(out, body);
    std::printf("%s: %zu bytes\n", out.c_str(), body.size());
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);
    const std::string_view command = argc > 1 ? argv[1] : "";
    if (command == "run")
        return runCommand(argc, argv);
    if (command == "gen-body")
        return genBodyCommand(argc, argv);
    usage();
    return command == "-h" || command == "--help" ? 0 : 2;
}
