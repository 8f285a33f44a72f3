// mockupstream: a fast mock LLM upstream for tests/bench (run by hand, not part of ctest).
//
// Plain C++ on epoll, no Qt: the benchmark measures Switchyard against calling this server
// directly, so the mock must cost next to nothing per request and never be the bottleneck.
// It listens on 127.0.0.1 only and serves
//
//   POST /v1/chat/completions   OpenAI Chat Completions, JSON or SSE (stream_options.include_usage)
//   POST /v1/messages           Anthropic Messages, JSON or SSE (the full event grammar)
//   GET  /health                {"status":"ok"}
//   GET  /stats                 request counters (lets a harness check upstream requests per client one)
//
// The response shape travels in the model name so that it survives any proxy that forwards the
// model: "mock-c<chunks>-d<ms>-u<us>-l<ms>" (chunk count, delay between chunks in ms and/or us,
// latency before the response headers in ms); "mock-c100-d1" = 100 chunks, 1 ms apart. The same
// knobs are read from body fields (mock_chunks, mock_delay_ms, mock_delay_us, mock_latency_ms,
// mock_status) and from headers (x-mock-chunks, x-mock-delay-ms, x-mock-delay-us or
// x-mock-chunk-delay-us, x-mock-latency-ms, x-mock-status); headers win over body fields, body fields
// over the model name. These names match the shared peer harness's mock, so one model name means
// the same response in both harnesses.
//
// Content token i (1-based) is the text "#i ", so a client can verify that every token arrived, in
// order. Usage: input tokens = request body bytes / 4 (a stable stand-in), output tokens = chunks.
//
//   mockupstream [-p PORT] [-t THREADS]     PORT 0 (default) picks a free port
//
// Prints "mockupstream listening on 127.0.0.1:PORT" on stdout once it accepts connections.

#include "benchutil.h"

#include <queue>

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <simdjson.h>
#include <string>
#include <string_view>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <thread>
#include <unistd.h>
#include <unordered_map>
#include <vector>

using Bench::iequals;
using Bench::parseNumber;
using Bench::trim;

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::microseconds;

constexpr size_t MaxHeaderBytes = 64 * 1024;
constexpr size_t MaxBodyBytes = 64 * 1024 * 1024; // far above the 450 KB Claude Code case
constexpr int MaxChunks = 1000000;
constexpr int64_t MaxDelayUs = 10 * 1000 * 1000;
constexpr int64_t MaxLatencyUs = 60 * 1000 * 1000;
constexpr int DefaultChunks = 10;

struct Stats
{
    std::atomic<uint64_t> requests {0}; // POSTs to the two LLM endpoints
    std::atomic<uint64_t> openai {0};
    std::atomic<uint64_t> anthropic {0};
    std::atomic<uint64_t> streams {0};
    std::atomic<uint64_t> bytesIn {0}; // request bodies
    std::atomic<uint64_t> maxBody {0};
    std::atomic<uint64_t> badRequests {0};
    std::atomic<uint64_t> connections {0};
};

Stats g_stats;

std::atomic<uint64_t> g_nextId {1};

// ---------------------------------------------------------------- small string helpers

void appendInt(std::string &out, int64_t value)
{
    char buf[24];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, end);
}

// The model name is echoed into JSON; escape what JSON requires.
void appendJsonString(std::string &out, std::string_view s)
{
    out += '"';
    Bench::appendJsonEscaped(out, s);
    out += '"';
}

void appendToken(std::string &out, int i)
{
    out += '#';
    appendInt(out, i);
    out += ' ';
}

// ---------------------------------------------------------------- the request and its response

enum class Api
{
    OpenAI,
    Anthropic,
};

struct Knobs
{
    int64_t chunks = DefaultChunks;
    int64_t delayUs = 0;
    int64_t latencyUs = 0;
    int64_t status = 200;
};

void clampKnobs(Knobs *k)
{
    k->chunks = std::clamp<int64_t>(k->chunks, 0, MaxChunks);
    k->delayUs = std::clamp<int64_t>(k->delayUs, 0, MaxDelayUs);
    k->latencyUs = std::clamp<int64_t>(k->latencyUs, 0, MaxLatencyUs);
    if (k->status < 200 || k->status > 599)
        k->status = 200;
}

// "mock-c100-d1-u500-l20-s529": segments after the first '-' each start with a letter.
void knobsFromModel(std::string_view model, Knobs *k)
{
    if (model.substr(0, 4) != "mock")
        return;
    int64_t delayMs = -1;
    int64_t delayUs = -1;
    size_t pos = model.find('-');
    while (pos != std::string_view::npos) {
        const size_t next = model.find('-', pos + 1);
        const std::string_view seg =
            model.substr(pos + 1, next == std::string_view::npos ? next : next - pos - 1);
        int64_t value = 0;
        if (seg.size() >= 2 && parseNumber(seg.substr(1), &value)) {
            switch (seg[0]) {
            case 'c':
                k->chunks = value;
                break;
            case 'd':
                delayMs = value;
                break;
            case 'u':
                delayUs = value;
                break;
            case 'l':
                k->latencyUs = value * 1000;
                break;
            case 's':
                k->status = value;
                break;
            default:
                break;
            }
        }
        pos = next;
    }
    if (delayMs >= 0 || delayUs >= 0)
        k->delayUs = std::max<int64_t>(delayMs, 0) * 1000 + std::max<int64_t>(delayUs, 0);
}

struct Request
{
    std::string method;
    std::string path; // without the query
    bool keepAlive = true;
    // Header values the mock cares about (x-mock-*), as they came.
    std::vector<std::pair<std::string, std::string>> mockHeaders;
};

struct BodyFields
{
    std::string model = "mock";
    bool stream = false;
    bool includeUsage = false;
    bool valid = true;
    std::string error;
};

// Reads only the top-level fields the mock needs; simdjson skips the rest (the messages of a
// 450 KB body) without building anything.
BodyFields parseBody(simdjson::ondemand::parser &parser, std::vector<char> &scratch, std::string_view body,
                     Knobs *knobs)
{
    BodyFields fields;
    scratch.resize(body.size() + simdjson::SIMDJSON_PADDING);
    std::memcpy(scratch.data(), body.data(), body.size());
    auto fail = [&fields](const char *what) {
        fields.valid = false;
        fields.error = what;
        return fields;
    };
    simdjson::ondemand::document doc;
    if (parser.iterate(scratch.data(), body.size(), scratch.size()).get(doc))
        return fail("body is not JSON");
    simdjson::ondemand::object object;
    if (doc.get_object().get(object))
        return fail("body is not a JSON object");
    Knobs fromBody;
    bool delayMsSet = false;
    bool delayUsSet = false;
    int64_t delayMs = 0;
    int64_t delayUs = 0;
    bool chunksSet = false;
    bool latencySet = false;
    bool statusSet = false;
    for (auto field : object) {
        std::string_view key;
        if (field.unescaped_key().get(key))
            return fail("bad key");
        simdjson::ondemand::value value;
        if (field.value().get(value))
            return fail("bad value");
        if (key == "model") {
            std::string_view model;
            if (value.get_string().get(model))
                return fail("model is not a string");
            fields.model = model;
        } else if (key == "stream") {
            bool stream = false;
            if (value.get_bool().get(stream))
                return fail("stream is not a boolean");
            fields.stream = stream;
        } else if (key == "stream_options") {
            simdjson::ondemand::object options;
            if (value.get_object().get(options))
                return fail("stream_options is not an object");
            for (auto option : options) {
                std::string_view optionKey;
                if (option.unescaped_key().get(optionKey))
                    return fail("bad key");
                if (optionKey == "include_usage") {
                    bool include = false;
                    if (option.value().get_bool().get(include))
                        return fail("include_usage is not a boolean");
                    fields.includeUsage = include;
                }
            }
        } else if (key == "mock_chunks") {
            chunksSet = !value.get_int64().get(fromBody.chunks);
        } else if (key == "mock_delay_ms") {
            delayMsSet = !value.get_int64().get(delayMs);
        } else if (key == "mock_delay_us") {
            delayUsSet = !value.get_int64().get(delayUs);
        } else if (key == "mock_latency_ms") {
            int64_t ms = 0;
            latencySet = !value.get_int64().get(ms);
            fromBody.latencyUs = ms * 1000;
        } else if (key == "mock_status") {
            statusSet = !value.get_int64().get(fromBody.status);
        }
    }
    knobsFromModel(fields.model, knobs);
    if (chunksSet)
        knobs->chunks = fromBody.chunks;
    if (delayMsSet || delayUsSet)
        knobs->delayUs = delayMs * 1000 + delayUs;
    if (latencySet)
        knobs->latencyUs = fromBody.latencyUs;
    if (statusSet)
        knobs->status = fromBody.status;
    return fields;
}

void knobsFromHeaders(const Request &request, Knobs *k)
{
    int64_t delayMs = -1;
    int64_t delayUs = -1;
    for (const auto &[name, text] : request.mockHeaders) {
        int64_t value = 0;
        if (!parseNumber(text, &value))
            continue;
        if (name == "x-mock-chunks")
            k->chunks = value;
        else if (name == "x-mock-delay-ms")
            delayMs = value;
        else if (name == "x-mock-delay-us" || name == "x-mock-chunk-delay-us")
            delayUs = value;
        else if (name == "x-mock-latency-ms")
            k->latencyUs = value * 1000;
        else if (name == "x-mock-status")
            k->status = value;
    }
    if (delayMs >= 0 || delayUs >= 0)
        k->delayUs = std::max<int64_t>(delayMs, 0) * 1000 + std::max<int64_t>(delayUs, 0);
}

const char *reasonPhrase(int64_t status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 413:
        return "Payload Too Large";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    case 529:
        return "Overloaded";
    default:
        return "Status";
    }
}

void appendStatusLine(std::string &out, int64_t status)
{
    out += "HTTP/1.1 ";
    appendInt(out, status);
    out += ' ';
    out += reasonPhrase(status);
    out += "\r\n";
}

void appendJsonResponse(std::string &out, int64_t status, std::string_view body, bool keepAlive)
{
    appendStatusLine(out, status);
    out += "Content-Type: application/json\r\nContent-Length: ";
    appendInt(out, int64_t(body.size()));
    out += keepAlive ? "\r\nConnection: keep-alive\r\n\r\n" : "\r\nConnection: close\r\n\r\n";
    out += body;
}

// Everything the response of one LLM request needs, fixed when the request is parsed.
struct Reply
{
    Api api = Api::OpenAI;
    bool stream = false;
    bool includeUsage = false;
    Knobs knobs;
    std::string id;
    std::string model;
    int64_t inputTokens = 0;
    int nextChunk = 1; // streaming: the next content token to send
    Clock::time_point streamStart; // token i is due at streamStart + (i - 1) * delay
};

std::string errorBody(const Reply &r)
{
    std::string body;
    if (r.api == Api::Anthropic) {
        body = R"({"type":"error","error":{"type":")";
        body += r.knobs.status == 529 ? "overloaded_error"
            : r.knobs.status == 429   ? "rate_limit_error"
                                      : "api_error";
        body += R"(","message":"mock status )";
    } else {
        body = R"({"error":{"type":"mock_error","code":null,"param":null,"message":"mock status )";
    }
    appendInt(body, r.knobs.status);
    body += "\"}}";
    return body;
}

// "usage":{...} of an OpenAI response, for the whole body and the stream's usage chunk alike.
void appendOpenAIUsage(std::string &out, const Reply &r)
{
    out += R"("usage":{"prompt_tokens":)";
    appendInt(out, r.inputTokens);
    out += R"(,"completion_tokens":)";
    appendInt(out, r.knobs.chunks);
    out += R"(,"total_tokens":)";
    appendInt(out, r.inputTokens + r.knobs.chunks);
    out += '}';
}

std::string completeBody(const Reply &r)
{
    std::string text;
    text.reserve(size_t(r.knobs.chunks) * 6);
    for (int i = 1; i <= r.knobs.chunks; ++i)
        appendToken(text, i);
    std::string body;
    body.reserve(text.size() + 400);
    if (r.api == Api::OpenAI) {
        body += R"({"id":)";
        appendJsonString(body, r.id);
        body += R"(,"object":"chat.completion","created":1700000000,"model":)";
        appendJsonString(body, r.model);
        body += R"(,"choices":[{"index":0,"message":{"role":"assistant","content":")";
        body += text;
        body += R"("},"finish_reason":"stop"}],)";
        appendOpenAIUsage(body, r);
        body += "}";
    } else {
        body += R"({"id":)";
        appendJsonString(body, r.id);
        body += R"(,"type":"message","role":"assistant","model":)";
        appendJsonString(body, r.model);
        body += R"(,"content":[{"type":"text","text":")";
        body += text;
        body += R"("}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":)";
        appendInt(body, r.inputTokens);
        body += R"(,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":)";
        appendInt(body, r.knobs.chunks);
        body += "}}";
    }
    return body;
}

// ---- SSE events. Each write of a stream is one HTTP chunk holding one or more events.

void openAiChunkPrefix(std::string &out, const Reply &r)
{
    out += R"(data: {"id":)";
    appendJsonString(out, r.id);
    out += R"(,"object":"chat.completion.chunk","created":1700000000,"model":)";
    appendJsonString(out, r.model);
    out += R"(,"choices":[{"index":0,"delta":)";
}

void openAiChunkSuffix(std::string &out, const Reply &r, const char *finishReason)
{
    out += R"(,"finish_reason":)";
    out += finishReason;
    out += "}]";
    if (r.includeUsage)
        out += R"(,"usage":null)"; // as OpenAI does on every chunk but the last when usage is requested
    out += "}\n\n";
}

void anthropicEvent(std::string &out, std::string_view name, std::string_view json)
{
    out += "event: ";
    out += name;
    out += "\ndata: ";
    out += json;
    out += "\n\n";
}

void streamPreamble(std::string &out, const Reply &r)
{
    if (r.api == Api::OpenAI) {
        openAiChunkPrefix(out, r);
        out += R"({"role":"assistant","content":""})";
        openAiChunkSuffix(out, r, "null");
        return;
    }
    std::string start = R"({"type":"message_start","message":{"id":)";
    appendJsonString(start, r.id);
    start += R"(,"type":"message","role":"assistant","model":)";
    appendJsonString(start, r.model);
    start += R"(,"content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":)";
    appendInt(start, r.inputTokens);
    start += R"(,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}})";
    anthropicEvent(out, "message_start", start);
    if (r.knobs.chunks > 0)
        anthropicEvent(
            out, "content_block_start",
            R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})");
    anthropicEvent(out, "ping", R"({"type":"ping"})");
}

void streamToken(std::string &out, const Reply &r, int i)
{
    if (r.api == Api::OpenAI) {
        openAiChunkPrefix(out, r);
        out += R"({"content":")";
        appendToken(out, i);
        out += "\"}";
        openAiChunkSuffix(out, r, "null");
        return;
    }
    out += "event: content_block_delta\ndata: "
           R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":")";
    appendToken(out, i);
    out += "\"}}\n\n";
}

void streamTail(std::string &out, const Reply &r)
{
    if (r.api == Api::OpenAI) {
        openAiChunkPrefix(out, r);
        out += "{}";
        openAiChunkSuffix(out, r, R"("stop")");
        if (r.includeUsage) {
            out += R"(data: {"id":)";
            appendJsonString(out, r.id);
            out += R"(,"object":"chat.completion.chunk","created":1700000000,"model":)";
            appendJsonString(out, r.model);
            out += R"(,"choices":[],)";
            appendOpenAIUsage(out, r);
            out += "}\n\n";
        }
        out += "data: [DONE]\n\n";
        return;
    }
    if (r.knobs.chunks > 0)
        anthropicEvent(out, "content_block_stop", R"({"type":"content_block_stop","index":0})");
    std::string delta =
        R"({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":)";
    appendInt(delta, r.knobs.chunks);
    delta += "}}";
    anthropicEvent(out, "message_delta", delta);
    anthropicEvent(out, "message_stop", R"({"type":"message_stop"})");
}

void appendHttpChunk(std::string &out, std::string_view data)
{
    char size[20];
    const int n = std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    out.append(size, size_t(n));
    out += data;
    out += "\r\n";
}

// ---------------------------------------------------------------- connections and the event loop

struct Connection
{
    int fd = -1;
    uint64_t generation = 0;
    std::string in;
    std::string out;
    size_t outPos = 0;
    bool wantWrite = false; // EPOLLOUT registered
    bool closeAfterFlush = false;
    bool busy = false; // a response is in progress: later pipelined requests wait
    bool keepAlive = true;
    bool sentContinue = false;
    bool headersSent = false;
    Reply reply;
};

struct Timer
{
    Clock::time_point when;
    int fd;
    uint64_t generation;
    bool operator>(const Timer &other) const { return when > other.when; }
};

class Worker
{
public:
    explicit Worker(int listenFd)
        : m_listenFd(listenFd)
    {
    }

    void run();

private:
    void accept();
    void onReadable(Connection &c);
    void onTimer();
    void armTimer();
    void schedule(Connection &c, Clock::time_point when);
    void processInput(Connection &c);
    void startReply(Connection &c, const Request &request, std::string_view body);
    void advance(Connection &c); // latency over or next chunk due
    void finishReply(Connection &c);
    void flush(Connection &c);
    void setWantWrite(Connection &c, bool want);
    void close(Connection &c);
    void sendStats(Connection &c, bool keepAlive);

    int m_listenFd;
    int m_epoll = -1;
    int m_timerFd = -1;
    std::unordered_map<int, std::unique_ptr<Connection>> m_connections;
    std::priority_queue<Timer, std::vector<Timer>, std::greater<>> m_timers;
    Clock::time_point m_armedFor = Clock::time_point::max();
    simdjson::ondemand::parser m_parser;
    std::vector<char> m_scratch;
    std::string m_event; // scratch for one SSE write
    uint64_t m_generation = 0;
};

void Worker::run()
{
    m_epoll = epoll_create1(EPOLL_CLOEXEC);
    m_timerFd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (m_epoll < 0 || m_timerFd < 0) {
        std::perror("mockupstream: epoll/timerfd");
        std::exit(1);
    }
    epoll_event ev {};
    // Several workers wait on one listening socket; EPOLLEXCLUSIVE wakes only one per connection.
    ev.events = EPOLLIN | EPOLLEXCLUSIVE;
    ev.data.fd = m_listenFd;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_listenFd, &ev);
    ev.events = EPOLLIN;
    ev.data.fd = m_timerFd;
    epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_timerFd, &ev);

    epoll_event events[256];
    for (;;) {
        const int n = epoll_wait(m_epoll, events, 256, -1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            std::perror("mockupstream: epoll_wait");
            std::exit(1);
        }
        for (int i = 0; i < n; ++i) {
            const int fd = events[i].data.fd;
            if (fd == m_listenFd) {
                accept();
                continue;
            }
            if (fd == m_timerFd) {
                onTimer();
                continue;
            }
            const auto it = m_connections.find(fd);
            if (it == m_connections.end())
                continue;
            Connection &c = *it->second;
            if (events[i].events & (EPOLLHUP | EPOLLERR)) {
                close(c);
                continue;
            }
            if (events[i].events & EPOLLOUT) {
                flush(c);
                if (m_connections.find(fd) == m_connections.end())
                    continue;
            }
            if (events[i].events & EPOLLIN)
                onReadable(c);
        }
    }
}

void Worker::accept()
{
    for (;;) {
        const int fd = accept4(m_listenFd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return; // EAGAIN: another worker took it, or the backlog is empty
        // Streams are many small writes; Nagle would hold them back behind delayed ACKs.
        const int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        auto c = std::make_unique<Connection>();
        c->fd = fd;
        c->generation = ++m_generation;
        epoll_event ev {};
        ev.events = EPOLLIN | EPOLLRDHUP;
        ev.data.fd = fd;
        epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &ev);
        m_connections[fd] = std::move(c);
        g_stats.connections.fetch_add(1, std::memory_order_relaxed);
    }
}

void Worker::onReadable(Connection &c)
{
    char buf[65536];
    for (;;) {
        const ssize_t n = recv(c.fd, buf, sizeof buf, 0);
        if (n > 0) {
            c.in.append(buf, size_t(n));
            if (size_t(n) < sizeof buf)
                break;
            continue;
        }
        if (n == 0) {
            close(c); // the client is done; a half-sent response has no reader left
            return;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            break;
        if (errno == EINTR)
            continue;
        close(c);
        return;
    }
    processInput(c);
}

// Parses as many complete requests as are buffered (one at a time: the next waits for the reply).
void Worker::processInput(Connection &c)
{
    while (!c.busy && !c.closeAfterFlush) {
        const size_t headerEnd = c.in.find("\r\n\r\n");
        if (headerEnd == std::string::npos) {
            if (c.in.size() > MaxHeaderBytes) {
                appendJsonResponse(c.out, 400, R"({"error":"header too large"})", false);
                c.closeAfterFlush = true;
                flush(c);
            }
            return;
        }
        const std::string_view head(c.in.data(), headerEnd);
        Request request;
        const size_t lineEnd = head.find("\r\n");
        const std::string_view requestLine = head.substr(0, lineEnd);
        const size_t sp1 = requestLine.find(' ');
        const size_t sp2 = requestLine.rfind(' ');
        if (sp1 == std::string_view::npos || sp2 <= sp1) {
            appendJsonResponse(c.out, 400, R"({"error":"bad request line"})", false);
            c.closeAfterFlush = true;
            flush(c);
            return;
        }
        request.method = requestLine.substr(0, sp1);
        std::string_view target = requestLine.substr(sp1 + 1, sp2 - sp1 - 1);
        request.path = target.substr(0, target.find('?'));
        const bool http10 = requestLine.substr(sp2 + 1) == "HTTP/1.0";
        request.keepAlive = !http10;

        int64_t contentLength = 0;
        bool chunked = false;
        bool expectContinue = false;
        size_t pos = lineEnd == std::string_view::npos ? head.size() : lineEnd + 2;
        while (pos < head.size()) {
            size_t end = head.find("\r\n", pos);
            if (end == std::string_view::npos)
                end = head.size();
            const std::string_view line = head.substr(pos, end - pos);
            pos = end + 2;
            const size_t colon = line.find(':');
            if (colon == std::string_view::npos)
                continue;
            const std::string_view name = trim(line.substr(0, colon));
            const std::string_view value = trim(line.substr(colon + 1));
            if (iequals(name, "content-length")) {
                if (!parseNumber(value, &contentLength) || contentLength < 0)
                    contentLength = -1;
            } else if (iequals(name, "transfer-encoding")) {
                chunked = value.find("chunked") != std::string_view::npos;
            } else if (iequals(name, "connection")) {
                if (iequals(value, "close"))
                    request.keepAlive = false;
                else if (iequals(value, "keep-alive"))
                    request.keepAlive = true;
            } else if (iequals(name, "expect")) {
                expectContinue = iequals(value, "100-continue");
            } else if (name.size() > 7 && iequals(name.substr(0, 7), "x-mock-")) {
                std::string lower(name);
                std::transform(lower.begin(), lower.end(), lower.begin(),
                               [](unsigned char ch) { return char(std::tolower(ch)); });
                request.mockHeaders.emplace_back(std::move(lower), std::string(value));
            }
        }
        if (contentLength < 0 || size_t(contentLength) > MaxBodyBytes) {
            appendJsonResponse(c.out, contentLength < 0 ? 400 : 413, R"({"error":"bad or too large body"})",
                               false);
            c.closeAfterFlush = true;
            flush(c);
            return;
        }

        const size_t bodyStart = headerEnd + 4;
        std::string body; // only filled for chunked requests (de-chunked copy)
        size_t consumed = 0;
        if (chunked) {
            // Request bodies from HTTP clients are rarely chunked, but a proxy may stream one.
            size_t p = bodyStart;
            bool complete = false;
            for (;;) {
                const size_t sizeEnd = c.in.find("\r\n", p);
                if (sizeEnd == std::string::npos)
                    break;
                int64_t size = 0;
                const std::string_view sizeText(c.in.data() + p, sizeEnd - p);
                if (!parseNumber(sizeText.substr(0, sizeText.find(';')), &size, 16) || size < 0
                    || body.size() + size_t(size) > MaxBodyBytes) {
                    appendJsonResponse(c.out, 400, R"({"error":"bad chunked body"})", false);
                    c.closeAfterFlush = true;
                    flush(c);
                    return;
                }
                if (size == 0) {
                    const size_t trailerEnd = c.in.find("\r\n\r\n", sizeEnd);
                    const bool noTrailers = c.in.compare(sizeEnd, 4, "\r\n\r\n") == 0;
                    if (!noTrailers && trailerEnd == std::string::npos)
                        break;
                    consumed = (noTrailers ? sizeEnd : trailerEnd) + 4;
                    complete = true;
                    break;
                }
                if (c.in.size() < sizeEnd + 2 + size_t(size) + 2)
                    break;
                body.append(c.in, sizeEnd + 2, size_t(size));
                p = sizeEnd + 2 + size_t(size) + 2;
            }
            if (!complete)
                return; // wait for more
        } else {
            if (c.in.size() - bodyStart < size_t(contentLength)) {
                if (expectContinue && !c.sentContinue) {
                    c.sentContinue = true;
                    c.out += "HTTP/1.1 100 Continue\r\n\r\n";
                    flush(c);
                }
                return;
            }
            consumed = bodyStart + size_t(contentLength);
        }
        c.sentContinue = false;
        const std::string_view bodyView = chunked
            ? std::string_view(body)
            : std::string_view(c.in.data() + bodyStart, size_t(contentLength));
        c.keepAlive = request.keepAlive;
        const int fd = c.fd;
        // The body view points into c.in, which nothing touches until the reply has been started.
        startReply(c, request, bodyView);
        if (m_connections.find(fd) == m_connections.end())
            return;
        c.in.erase(0, consumed);
    }
}

void Worker::sendStats(Connection &c, bool keepAlive)
{
    // One table, so that a new counter cannot be added to Stats without its name here.
    const std::pair<const char *, const std::atomic<uint64_t> &> counters[] = {
        {"requests", g_stats.requests},        {"openai", g_stats.openai},
        {"anthropic", g_stats.anthropic},      {"streams", g_stats.streams},
        {"bad_requests", g_stats.badRequests}, {"bytes_in", g_stats.bytesIn},
        {"max_body", g_stats.maxBody},         {"connections", g_stats.connections},
    };
    std::string body = "{";
    for (const auto &[name, counter] : counters) {
        if (body.size() > 1)
            body += ',';
        body += '"';
        body += name;
        body += "\":";
        appendInt(body, int64_t(counter.load()));
    }
    body += "}";
    appendJsonResponse(c.out, 200, body, keepAlive);
}

void Worker::startReply(Connection &c, const Request &request, std::string_view body)
{
    const bool isPost = request.method == "POST";
    Api api;
    if (isPost && request.path == "/v1/chat/completions") {
        api = Api::OpenAI;
    } else if (isPost && request.path == "/v1/messages") {
        api = Api::Anthropic;
    } else {
        if (request.method == "GET" && request.path == "/health")
            appendJsonResponse(c.out, 200, R"({"status":"ok"})", c.keepAlive);
        else if (request.method == "GET" && request.path == "/stats")
            sendStats(c, c.keepAlive);
        else
            appendJsonResponse(c.out, 404, R"({"error":"not found"})", c.keepAlive);
        c.closeAfterFlush = !c.keepAlive;
        flush(c);
        return;
    }

    Knobs knobs;
    const BodyFields fields = parseBody(m_parser, m_scratch, body, &knobs);
    g_stats.requests.fetch_add(1, std::memory_order_relaxed);
    (api == Api::OpenAI ? g_stats.openai : g_stats.anthropic).fetch_add(1, std::memory_order_relaxed);
    g_stats.bytesIn.fetch_add(body.size(), std::memory_order_relaxed);
    uint64_t seen = g_stats.maxBody.load(std::memory_order_relaxed);
    while (body.size() > seen && !g_stats.maxBody.compare_exchange_weak(seen, body.size())) { }
    if (!fields.valid) {
        g_stats.badRequests.fetch_add(1, std::memory_order_relaxed);
        std::string error = R"({"error":{"type":"invalid_request_error","message":)";
        appendJsonString(error, fields.error);
        error += "}}";
        appendJsonResponse(c.out, 400, error, c.keepAlive);
        c.closeAfterFlush = !c.keepAlive;
        flush(c);
        return;
    }
    knobsFromHeaders(request, &knobs);
    clampKnobs(&knobs);
    if (fields.stream)
        g_stats.streams.fetch_add(1, std::memory_order_relaxed);

    Reply &r = c.reply;
    r = Reply();
    r.api = api;
    r.stream = fields.stream;
    r.includeUsage = fields.includeUsage;
    r.knobs = knobs;
    r.model = fields.model;
    r.inputTokens = int64_t(body.size() / 4);
    const uint64_t serial = g_nextId.fetch_add(1, std::memory_order_relaxed);
    r.id = api == Api::OpenAI ? "chatcmpl-mock-" : "msg_mock_";
    r.id += std::to_string(serial);
    c.busy = true;
    c.headersSent = false;
    if (knobs.latencyUs > 0)
        schedule(c, Clock::now() + microseconds(knobs.latencyUs));
    else
        advance(c);
}

void Worker::advance(Connection &c)
{
    Reply &r = c.reply;
    if (r.knobs.status != 200) {
        appendJsonResponse(c.out, r.knobs.status, errorBody(r), c.keepAlive);
        finishReply(c);
        return;
    }
    if (!r.stream) {
        appendJsonResponse(c.out, 200, completeBody(r), c.keepAlive);
        finishReply(c);
        return;
    }
    m_event.clear();
    if (!c.headersSent) {
        c.headersSent = true;
        c.out += "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                 "Transfer-Encoding: chunked\r\n";
        c.out += c.keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
        streamPreamble(m_event, r);
        r.streamStart = Clock::now();
    }
    // Without a delay the whole stream is one write (the "burst" case); with one, each token is its
    // own write so a client can see whether a proxy forwards chunks as they come.
    const int last =
        r.knobs.delayUs > 0 ? std::min<int>(r.nextChunk, int(r.knobs.chunks)) : int(r.knobs.chunks);
    for (; r.nextChunk <= last; ++r.nextChunk)
        streamToken(m_event, r, r.nextChunk);
    const bool done = r.nextChunk > r.knobs.chunks;
    if (done)
        streamTail(m_event, r);
    appendHttpChunk(c.out, m_event);
    if (done) {
        c.out += "0\r\n\r\n";
        finishReply(c);
        return;
    }
    // Due times count from the start of the stream, so a late wakeup does not push every later
    // token back (a loaded machine would otherwise stretch a 99 ms stream well beyond that).
    schedule(c, r.streamStart + microseconds(r.knobs.delayUs * (r.nextChunk - 1)));
    flush(c);
}

// A pipelined request that is already buffered is picked up by processInput()'s loop, or by
// onTimer() when the reply ended there.
void Worker::finishReply(Connection &c)
{
    c.busy = false;
    c.closeAfterFlush = !c.keepAlive;
    flush(c);
}

void Worker::schedule(Connection &c, Clock::time_point when)
{
    m_timers.push(Timer {when, c.fd, c.generation});
    armTimer();
}

void Worker::armTimer()
{
    if (m_timers.empty())
        return;
    const Clock::time_point when = m_timers.top().when;
    if (when >= m_armedFor)
        return;
    m_armedFor = when;
    // steady_clock is CLOCK_MONOTONIC on Linux, so its epoch is the timerfd's.
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(when.time_since_epoch()).count();
    itimerspec spec {};
    spec.it_value.tv_sec = std::max<int64_t>(ns / 1000000000, 0);
    spec.it_value.tv_nsec = ns % 1000000000;
    if (spec.it_value.tv_sec == 0 && spec.it_value.tv_nsec == 0)
        spec.it_value.tv_nsec = 1; // zero would disarm
    timerfd_settime(m_timerFd, TFD_TIMER_ABSTIME, &spec, nullptr);
}

void Worker::onTimer()
{
    uint64_t expirations = 0;
    [[maybe_unused]] const ssize_t n = read(m_timerFd, &expirations, sizeof expirations);
    m_armedFor = Clock::time_point::max();
    const Clock::time_point now = Clock::now();
    while (!m_timers.empty() && m_timers.top().when <= now) {
        const Timer timer = m_timers.top();
        m_timers.pop();
        const auto it = m_connections.find(timer.fd);
        if (it == m_connections.end() || it->second->generation != timer.generation || !it->second->busy)
            continue; // the connection went away meanwhile
        advance(*it->second);
        const auto still = m_connections.find(timer.fd);
        if (still != m_connections.end() && !still->second->busy && !still->second->in.empty())
            processInput(*still->second);
    }
    armTimer();
}

// EPOLLOUT only while output is pending, so that an idle connection does not wake the loop.
void Worker::setWantWrite(Connection &c, bool want)
{
    if (c.wantWrite == want)
        return;
    c.wantWrite = want;
    epoll_event ev {};
    ev.events = want ? EPOLLIN | EPOLLOUT | EPOLLRDHUP : EPOLLIN | EPOLLRDHUP;
    ev.data.fd = c.fd;
    epoll_ctl(m_epoll, EPOLL_CTL_MOD, c.fd, &ev);
}

void Worker::flush(Connection &c)
{
    switch (Bench::sendPending(c.fd, c.out.data(), c.out.size(), &c.outPos)) {
    case Bench::SendResult::Done:
        break;
    case Bench::SendResult::WouldBlock:
        setWantWrite(c, true);
        return;
    case Bench::SendResult::Failed:
        close(c);
        return;
    }
    c.out.clear();
    c.outPos = 0;
    setWantWrite(c, false);
    if (c.closeAfterFlush && !c.busy)
        close(c);
}

void Worker::close(Connection &c)
{
    const int fd = c.fd;
    epoll_ctl(m_epoll, EPOLL_CTL_DEL, fd, nullptr);
    ::close(fd);
    m_connections.erase(fd); // destroys c
}

int listenOn(int port)
{
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    const int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr {};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(uint16_t(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK); // loopback only, always
    if (bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) < 0 || listen(fd, 4096) < 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

void usage()
{
    std::fprintf(stderr,
                 "usage: mockupstream [-p PORT] [-t THREADS]\n"
                 "  -p PORT     port on 127.0.0.1 (0 = any free port; default 0)\n"
                 "  -t THREADS  event-loop threads (1 or 2 is plenty; default 1)\n");
}

} // namespace

int main(int argc, char **argv)
{
    int port = 0;
    int threads = 1;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        int64_t value = 0;
        if ((arg == "-p" || arg == "-t") && i + 1 < argc && parseNumber(argv[i + 1], &value)) {
            (arg == "-p" ? port : threads) = int(value);
            ++i;
        } else {
            usage();
            return arg == "-h" || arg == "--help" ? 0 : 2;
        }
    }
    if (port < 0 || port > 65535 || threads < 1 || threads > 16) {
        usage();
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    const int listenFd = listenOn(port);
    if (listenFd < 0) {
        std::fprintf(stderr, "mockupstream: cannot listen on 127.0.0.1:%d: %s\n", port, std::strerror(errno));
        return 1;
    }
    sockaddr_in bound {};
    socklen_t len = sizeof bound;
    getsockname(listenFd, reinterpret_cast<sockaddr *>(&bound), &len);
    std::printf("mockupstream listening on 127.0.0.1:%d\n", ntohs(bound.sin_port));
    std::fflush(stdout);

    std::vector<std::thread> workers;
    for (int i = 1; i < threads; ++i)
        workers.emplace_back([listenFd] { Worker(listenFd).run(); });
    Worker(listenFd).run(); // never returns; SIGTERM ends the process
    return 0;
}
