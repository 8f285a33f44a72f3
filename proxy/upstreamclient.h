#pragma once

// Outbound HTTP(S) to the providers, used from the proxy thread only.
//
// Transport: our own HTTP/1.1 client (http1connection.h, http1pool.h) running in this thread, not
// QNetworkAccessManager. The benchmarks (tests/bench, findings 1 and 3) showed QNAM adding ~40 ms to
// every request body over 16 KB (two writes, no TCP_NODELAY, the tail waits for a delayed ACK),
// reading response headers one byte per read(), and costing as much CPU in its worker thread as the
// proxy thread itself. Here every request goes out in one write on a TCP_NODELAY socket, responses
// are parsed from whole reads, and no event crosses a thread.
//
// Connections: one request per keep-alive connection, pooled per (scheme, host, port, proxy). A
// request takes an idle connection of its origin or opens a new one, so parallel streams (Claude
// Code sub-agents) never queue behind each other; the only cap is a generous safety limit per origin
// (maxManagers(), 256), beyond which requests wait for a connection of that origin (covered by the
// first-byte timeout). Idle connections close after 30 s. A request sent on a reused connection
// that turns out to be dead before any response byte (the server closed it while idle) is sent once
// more on a fresh connection; nothing of it was answered, so that is safe.
//
// HTTP/1.1 only, also for https (ALPN "http/1.1"): one TLS connection per parallel stream instead
// of HTTP/2 multiplexing. UpstreamRequest::allowHttp2 and UpstreamCall::usedHttp2() remain for
// source compatibility and have no effect / are always false.
//
// Protocol-level behaviour chosen for a streaming proxy:
// - "Accept-Encoding: identity" always: bytes are passed through as they arrive.
// - Redirects are never followed: a 3xx is delivered as the response, so a POST with an API key is
//   never replayed to another host.
// - No cookies, no cache, no HSTS store: the call enforces its own timeouts (connect, first byte,
//   idle) with timers in the owning thread, classified as protocols.md §8 needs.
// - Proxies: HTTP CONNECT tunnels for https, absolute-form requests to the proxy for plain http (as
//   QNAM and curl do), SOCKS5 for both; loopback and noProxy hosts go direct (ProxyPolicy).
// - Destinations follow urlpolicy.h: the URL is checked in start(), and what a host name resolves to
//   when a direct connection is opened (a metadata or link-local answer fails as a connect error).

#include "http1connection.h"

#include <QBasicTimer>
#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QNetworkProxy>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <deque>
#include <memory>
#include <vector>

namespace Switchyard {

class Http1Pool;

// Response headers keep a repeated field as separate entries, in wire order.
using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

// Why an upstream call failed, coarse enough for the retry/failover policy (protocols.md §8).
struct UpstreamError
{
    enum class Kind
    {
        Connect, // refused, host not found, network unreachable
        ConnectTimeout, // TCP/TLS connect did not complete within connectTimeoutMs
        FirstByteTimeout, // connected (or still connecting) but no response headers within firstByteTimeoutMs
        IdleTimeout, // response started, then no byte for idleTimeoutMs
        Tls, // handshake or certificate failure
        Reset, // connection reset or closed before the response was complete
        Proxy, // the outbound proxy refused, failed or wants credentials
        Protocol, // malformed response
        Canceled, // aborted by Qt (our own abort() emits nothing)
        InvalidRequest, // the request itself was rejected before sending (bad URL, bad proxy URL)
    };

    Kind kind = Kind::Connect;
    QString message; // for logs and error bodies; never contains keys or proxy credentials
    // The QNetworkReply::NetworkError code that names the failure (ConnectionRefusedError,
    // SslHandshakeFailedError, ...); 0 when the failure is ours (timeouts, validation).
    int networkError = 0;
    bool afterHeaders = false; // response headers had been delivered (so the status was seen)
    qint64 bytesReceived = 0; // body bytes delivered before the failure

    bool isTimeout() const;
    // §8: everything except a rejected request and a cancellation may be retried on the same
    // upstream and failed over (whether that is still possible after the commit point is the
    // caller's call).
    bool isTransient() const;
    static QString kindName(Kind kind); // "connect", "connect-timeout", "first-byte-timeout", ...
};

struct UpstreamRequest
{
    QUrl url;
    QByteArray method = "POST";
    HttpHeaders headers; // hop-by-hop headers, Host, Content-Length and Accept-Encoding are replaced;
                         // User-Agent defaults to "Switchyard/<version>"
    QByteArray body;
    int connectTimeoutMs = 10000; // a new connection: DNS, TCP, proxy and TLS, until the request goes out
    int firstByteTimeoutMs = 60000; // from start() to response headers
    int idleTimeoutMs = 120000; // between two reads once headers arrived
    QString proxyUrl; // "" or "system", "none", http://, https:// (treated as http), socks5://, socks5h://
    QStringList noProxy; // hosts that skip the proxy, see ProxyPolicy
    // Permit link-local and cloud metadata destinations (urlpolicy.h), checked on the URL here and
    // on the resolved addresses of every new direct connection. Set from the channel or provider
    // option "allowLinkLocal" (UrlPolicy::allowsLinkLocal).
    bool allowLinkLocal = false;
    bool allowHttp2 = true; // no effect: the transport speaks HTTP/1.1 only (see the top of this file)
};

// Which proxy a request takes. Pure value type so the rules can be unit-tested.
//
// noProxy entries (curl/no_proxy semantics): "*" = every host; "example.com" or ".example.com" =
// that host and its subdomains; an IP literal; a CIDR subnet such as "10.0.0.0/8". Loopback
// (localhost, 127.0.0.0/8, ::1) always skips the proxy.
struct ProxyPolicy
{
    enum class Mode
    {
        System, // QNetworkProxyFactory::systemProxyForQuery (libproxy or the environment's http_proxy,
                // https_proxy), except hosts in noProxy or in the NO_PROXY / no_proxy variables
        None,
        Explicit,
    };

    Mode mode = Mode::System;
    QNetworkProxy proxy; // Explicit only
    QStringList noProxy;

    // An https:// proxy URL is accepted but spoken to in plain HTTP: Qt has no TLS-to-proxy support
    // (the tunnelled traffic to an https upstream is still TLS end to end). Returns Mode::System
    // with *error set when the URL is unusable.
    static ProxyPolicy parse(const QString &proxyUrl, const QStringList &noProxy, QString *error = nullptr);

    // Loopback or an entry of noProxy. (The environment's NO_PROXY/no_proxy counts too, in System
    // mode only: proxiesFor checks it.)
    bool bypasses(const QString &host) const;
    // Whether host matches one of entries (already split and lower-case); loopback: whether
    // loopback hosts match regardless.
    static bool matchesNoProxy(const QString &host, const QStringList &entries, bool loopback);
    // The entries of the NO_PROXY and no_proxy environment variables.
    static QStringList environmentNoProxy();
    // The proxies for target, first choice first (never empty; [NoProxy] for direct).
    QList<QNetworkProxy> proxiesFor(const QUrl &target) const;
    // Identifies equal policies (contains credentials: keep it in memory only).
    QString key() const;
};

class UpstreamClient;

// One request in flight. Created by UpstreamClient::start(); signals are always emitted later from
// the event loop, never from inside start(), so connecting after start() is safe.
//
// Exactly one of finished() / failed() ends a call, unless abort() is called first, which ends it
// silently: the caller already knows (typically its own client disconnected). The call deletes
// itself with deleteLater() after ending, so hold it in a QPointer if you keep it.
//
// An HTTP error status (4xx/5xx) is not a failure: headersReceived(status) + body + finished().
class UpstreamCall : public QObject, private Http1Listener
{
    Q_OBJECT

public:
    ~UpstreamCall() override;

    void abort();

    const QUrl &url() const { return m_url; }
    int status() const { return m_status; } // 0 until headers arrived
    qint64 bytesReceived() const { return m_bytesReceived; }
    bool isRunning() const { return !m_ended; }
    bool usedHttp2() const { return false; } // HTTP/1.1 only
    // Milliseconds since start(); -1 until the event happened. TTFT uses firstByteElapsedMs().
    qint64 headersElapsedMs() const { return m_headersAtMs; }
    qint64 firstByteElapsedMs() const { return m_firstByteAtMs; }
    qint64 elapsedMs() const { return m_clock.elapsed(); }

Q_SIGNALS:
    void headersReceived(int status, const Switchyard::HttpHeaders &headers);
    void dataReceived(const QByteArray &chunk); // decoded body bytes as they arrive, never re-buffered
    void finished();
    void failed(const Switchyard::UpstreamError &error);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    friend class UpstreamClient;

    UpstreamCall(UpstreamClient *client, const UpstreamRequest &request);
    void failLater(UpstreamError::Kind kind, const QString &message);
    void attach(Http1Connection *connection, bool reused);

    void http1Connected() override;
    void http1Headers(int status, const HttpHeaders &headers) override;
    void http1Data(const QByteArray &chunk) override;
    void http1Complete() override;
    void http1Failed(const UpstreamError &error, bool staleReuse) override;

    void fail(UpstreamError error);
    void end(); // stops timers, closes an unfinished connection, releases the call, schedules deletion
    UpstreamError makeError(UpstreamError::Kind kind, const QString &message, int networkError = 0) const;

    UpstreamClient *m_client;
    QUrl m_url;
    Http1Target m_target;
    QByteArray m_wire; // the whole request; kept until the response starts, for the stale-connection retry
    Http1Connection *m_connection = nullptr;
    int m_connectTimeoutMs;
    int m_firstByteTimeoutMs;
    int m_idleTimeoutMs;
    QBasicTimer m_connectTimer;
    QBasicTimer m_phaseTimer; // first-byte timeout until headers, idle timeout afterwards
    QElapsedTimer m_clock;
    qint64 m_headersAtMs = -1;
    qint64 m_firstByteAtMs = -1;
    qint64 m_lastDataAtMs = 0; // the idle timer is re-armed lazily from here, not on every chunk
    qint64 m_bytesReceived = 0;
    int m_status = 0;
    bool m_headRequest = false;
    bool m_headersEmitted = false;
    bool m_reused = false; // the current connection served earlier requests
    bool m_retried = false; // the one stale-connection retry is used up
    bool m_waiting = false; // queued at the per-origin cap
    bool m_ended = false;
};

class UpstreamClient : public QObject
{
    Q_OBJECT

public:
    // Legacy: QNAM's per-host limit, which the pool of managers was built around. The HTTP/1.1
    // transport has no such limit; nothing uses this any more.
    static constexpr int connectionsPerManager = 6;

    explicit UpstreamClient(QObject *parent = nullptr);
    ~UpstreamClient() override; // aborts running calls silently

    // Must be called in the thread this object lives in (the sockets are created there).
    UpstreamCall *start(const UpstreamRequest &request);

    int inFlight() const { return int(m_calls.size()); }

    // Connection pool statistics and limits. The names predate the HTTP/1.1 transport, when the
    // pool consisted of QNetworkAccessManagers:
    // - managerCount(): open upstream connections (connecting, busy and idle keep-alive);
    int managerCount() const { return connectionCount(); }
    // - maxManagers(): the safety cap of connections per origin (and proxy); beyond it requests wait
    //   for a connection of that origin to free up;
    int maxManagers() const;
    void setMaxManagers(int count);
    // - trimIdleManagers(): closes keep-alive connections idle for at least idleMs, returns how many.
    //   The pool also closes them by itself after idleConnectionTimeoutMs().
    int trimIdleManagers(qint64 idleMs);

    int connectionCount() const;
    int idleConnectionCount() const;
    int idleConnectionTimeoutMs() const;
    void setIdleConnectionTimeoutMs(int ms);
    Http1Pool *connectionPool() const { return m_pool; } // TLS settings, diagnostics, tests

    // Forwards to UrlPolicy::validateUpstreamUrl (urlpolicy.h), where the rules live.
    static bool validateUpstreamUrl(const QUrl &url, bool allowLinkLocal, QString *error = nullptr);

private:
    friend class UpstreamCall;

    // Sends the call on an idle or a new connection of its origin, or queues it at the cap.
    void dispatch(UpstreamCall *call, bool freshConnection);
    void onSlotAvailable(const QString &key);
    void release(UpstreamCall *call);

    Http1Pool *m_pool;
    QSet<UpstreamCall *> m_calls;
    QHash<QString, std::deque<UpstreamCall *>> m_waiting; // per pool key, at the cap
    bool m_warnedPoolFull = false;
};

} // namespace Switchyard

Q_DECLARE_METATYPE(Switchyard::UpstreamError)
