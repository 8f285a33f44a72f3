#pragma once

// Outbound HTTP(S) to the providers, used from the proxy thread only.
//
// Why a pool of QNetworkAccessManagers: one QNAM opens at most 6 HTTP/1.1 connections per
// (host, port, TLS, proxy) and queues every further request inside Qt until one of those finishes.
// A streamed LLM answer keeps its connection for minutes, so the 7th parallel Claude Code sub-agent
// would wait for someone else's answer to end. UpstreamClient therefore hands each request to the
// manager with the fewest requests in flight to that origin and creates another manager once all
// of them carry 6. Each manager also costs one Qt HTTP worker thread, so the pool is capped
// (maxManagers(), 64 = 384 parallel streams per origin) and managers idle for a while are released.
//
// HTTP/2: Qt 6 defaults QNetworkRequest::Http2AllowedAttribute to true, which only matters for
// https (ALPN); cleartext h2c needs Http2CleartextAllowedAttribute, which we leave off because no
// provider speaks h2c and the Upgrade dance costs a round trip. For https we keep HTTP/2 allowed: one
// TLS connection then multiplexes streams (fewer handshakes to the same provider). The pool still
// counts 6 requests per manager, because whether ALPN picked h2 is only known after the first
// response; the cost is one extra connection per 6 streams. UpstreamRequest::allowHttp2 turns it off
// for an upstream whose h2 implementation misbehaves.
//
// Protocol-level behaviour chosen for a streaming proxy:
// - "Accept-Encoding: identity" always: bytes are passed through as they arrive, and Qt would
//   otherwise buffer compressed SSE to decompress it.
// - Redirects are never followed (ManualRedirectPolicy): a 3xx is delivered as the response, so a
//   POST with an API key is never replayed to another host.
// - No cookies, no cache, no HSTS store, no Qt transfer timeout: the call enforces its own timeouts
//   (connect, first byte, idle) with timers in the owning thread, classified as protocols.md §8 needs.

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

#include <memory>
#include <vector>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace Switchyard {

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
    int networkError = 0; // QNetworkReply::NetworkError, 0 when the failure is ours (timeouts, validation)
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
    int connectTimeoutMs = 10000; // from "socket starts connecting" to "request written"
    int firstByteTimeoutMs = 60000; // from start() to response headers
    int idleTimeoutMs = 120000; // between two reads once headers arrived
    QString proxyUrl; // "" or "system", "none", http://, https:// (treated as http), socks5://, socks5h://
    QStringList noProxy; // hosts that skip the proxy, see ProxyPolicy
    bool allowLinkLocal = false; // see UpstreamClient::validateUpstreamUrl
    bool allowHttp2 = true; // only has an effect for https
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
        System, // QNetworkProxyFactory::systemProxyForQuery (env http_proxy/https_proxy/no_proxy on Linux)
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

    bool bypasses(const QString &host) const;
    // What QNAM should use for target (never empty; [NoProxy] for direct).
    QList<QNetworkProxy> proxiesFor(const QUrl &target) const;
    // Identifies managers that can share this policy (contains credentials: keep it in memory only).
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
class UpstreamCall : public QObject
{
    Q_OBJECT

public:
    ~UpstreamCall() override;

    void abort();

    const QUrl &url() const { return m_url; }
    int status() const { return m_status; } // 0 until headers arrived
    qint64 bytesReceived() const { return m_bytesReceived; }
    bool isRunning() const { return !m_ended; }
    bool usedHttp2() const { return m_usedHttp2; }
    // Milliseconds since start(); -1 until the event happened. TTFT uses firstByteElapsedMs().
    qint64 headersElapsedMs() const { return m_headersAtMs; }
    qint64 firstByteElapsedMs() const { return m_firstByteAtMs; }
    qint64 elapsedMs() const { return m_clock.elapsed(); }

Q_SIGNALS:
    void headersReceived(int status, const Switchyard::HttpHeaders &headers);
    void dataReceived(const QByteArray &chunk); // body bytes as Qt hands them over, never re-buffered
    void finished();
    void failed(const Switchyard::UpstreamError &error);

private:
    friend class UpstreamClient;

    UpstreamCall(UpstreamClient *client, const UpstreamRequest &request);
    void attach(QNetworkReply *reply, QNetworkAccessManager *manager, const QString &origin);
    void failLater(UpstreamError::Kind kind, const QString &message);

    void onSocketStartedConnecting();
    void onConnected();
    void onMetaData();
    void onReadyRead();
    void onFinished();
    void onTimeout();

    void emitHeaders();
    void readBody();
    void fail(UpstreamError error);
    void end(); // stops timers, detaches the reply, releases the slot, schedules deletion
    UpstreamError makeError(UpstreamError::Kind kind, const QString &message, int networkError = 0) const;

    UpstreamClient *m_client;
    QUrl m_url;
    int m_connectTimeoutMs;
    int m_firstByteTimeoutMs;
    int m_idleTimeoutMs;
    QPointer<QNetworkReply> m_reply;
    QNetworkAccessManager *m_manager = nullptr; // the pool slot this call counts against
    QString m_origin;
    QTimer *m_connectTimer;
    QTimer *m_phaseTimer; // first-byte timeout until headers, idle timeout afterwards
    QElapsedTimer m_clock;
    qint64 m_headersAtMs = -1;
    qint64 m_firstByteAtMs = -1;
    qint64 m_bytesReceived = 0;
    int m_status = 0;
    bool m_headersEmitted = false;
    bool m_usedHttp2 = false;
    bool m_ended = false;
};

class UpstreamClient : public QObject
{
    Q_OBJECT

public:
    // Requests to one origin that one manager carries before another manager is created: Qt's
    // per-host HTTP/1.1 connection limit.
    static constexpr int connectionsPerManager = 6;

    explicit UpstreamClient(QObject *parent = nullptr);
    ~UpstreamClient() override; // aborts running calls silently

    // Must be called in the thread this object lives in (managers are created there).
    UpstreamCall *start(const UpstreamRequest &request);

    int inFlight() const { return int(m_calls.size()); }
    int managerCount() const;
    int maxManagers() const { return m_maxManagers; }
    void setMaxManagers(int count); // beyond it requests queue inside the least loaded manager

    // Releases managers without requests in flight that have been idle for at least idleMs, keeping
    // one per proxy policy so keep-alive connections survive. Runs by itself every minute with
    // 5 minutes; returns the number released.
    int trimIdleManagers(qint64 idleMs);

    // Base URL check for config and router: http/https only, a host, no user:password; refuses the
    // unspecified address, link-local (169.254.0.0/16, fe80::/10) and cloud metadata endpoints
    // (169.254.169.254, fd00:ec2::254, metadata.google.internal) unless allowLinkLocal. Loopback
    // and private ranges are allowed (local models, LAN gateways). Names are not resolved here.
    static bool validateUpstreamUrl(const QUrl &url, bool allowLinkLocal, QString *error = nullptr);

private:
    friend class UpstreamCall;
    struct Manager;

    QNetworkAccessManager *acquire(const ProxyPolicy &policy, const QString &origin);
    void release(UpstreamCall *call);

    std::vector<std::unique_ptr<Manager>> m_managers;
    QTimer *m_trimTimer;
    QSet<UpstreamCall *> m_calls;
    int m_maxManagers = 64;
    bool m_warnedPoolFull = false;
};

} // namespace Switchyard

Q_DECLARE_METATYPE(Switchyard::UpstreamError)
