#pragma once

// Small text helpers shared by the bench tools (mockupstream, loaddriver, tokenizer_bench): plain
// C++ without Qt, so the epoll tools stay Qt-free. One copy, so that the HTTP parsing and the JSON
// the tools write cannot drift apart between them.

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <string>
#include <string_view>
#include <sys/socket.h>
#include <system_error>
#include <type_traits>

namespace Bench {

// ASCII case-insensitive comparison (HTTP header names and tokens).
inline bool iequals(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x))
                   == std::tolower(static_cast<unsigned char>(y));
           });
}

// Strips the optional white space around an HTTP header value (and a line's trailing CR).
inline std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

// The whole of s (surrounding white space aside) as a number; false for empty or trailing text.
template<typename T>
bool parseNumber(std::string_view s, T *out, int base = 10)
{
    s = trim(s);
    std::from_chars_result r;
    if constexpr (std::is_floating_point_v<T>)
        r = std::from_chars(s.data(), s.data() + s.size(), *out);
    else
        r = std::from_chars(s.data(), s.data() + s.size(), *out, base);
    return r.ec == std::errc() && r.ptr == s.data() + s.size() && !s.empty();
}

// The inside of a JSON string literal for s (no quotes).
inline void appendJsonEscaped(std::string &out, std::string_view s)
{
    for (const char c : s) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char esc[8];
                std::snprintf(esc, sizeof esc, "\\u%04x", c);
                out += esc;
            } else {
                out += c;
            }
        }
    }
}

// s as a quoted JSON string.
inline std::string jsonString(std::string_view s)
{
    std::string out = "\"";
    appendJsonEscaped(out, s);
    out += '"';
    return out;
}

enum class SendResult
{
    Done, // everything is written
    WouldBlock, // the socket buffer is full: wait for EPOLLOUT
    Failed, // errno says why
};

// Writes data[*sent, size) to a non-blocking socket, retrying after EINTR; *sent advances by what
// was written.
inline SendResult sendPending(int fd, const char *data, size_t size, size_t *sent)
{
    while (*sent < size) {
        const ssize_t n = ::send(fd, data + *sent, size - *sent, MSG_NOSIGNAL);
        if (n > 0) {
            *sent += size_t(n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return SendResult::WouldBlock;
        return SendResult::Failed;
    }
    return SendResult::Done;
}

} // namespace Bench
