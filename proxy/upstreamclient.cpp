#include "upstreamclient.h"

#include "http1pool.h"
#include "logging.h"
#include "switchyard_version.h"
#include "urlpolicy.h"

#include <QHostAddress>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QThread>
#include <QTimerEvent>

namespace Switchyard {

namespace {

// Headers the caller may not dictate: the transport owns framing and connection management, and we
// pin the encoding (see the header comment). No "Expect: 100-continue" either: the body goes out
// with the head in one write.
bool isManagedHeader(QByteArrayView name)
{
    static constexpr const char *managed[] = {
        "host", "content-length", "connection", "keep-alive",      "proxy-connection", "transfer-encoding",
        "te",   "trailer",        "upgrade",    "accept-encoding", "expect",           "proxy-authorization"};
    for (const char *m : managed) {
        if (name.compare(QByteArrayView(m), Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && !QByteArrayView("!#$%&'*+-.^_`|~").contains(c))
            return false;
    }
    return true;
}

// A value with CR, LF or NUL would let a header value start a header (or a request) of its own.
bool isSafeValue(QByteArrayView value)
{
    for (const char c : value) {
        if (c == '\r' || c == '\n' || c == '\0')
            return false;
    }
    return true;
}

// Picks the connection route for url under policy: direct, a CONNECT tunnel or SOCKS5 set on the
// socket, or (plain http through an HTTP proxy) absolute-form requests sent to the proxy.
bool resolveTarget(const QUrl &url, const ProxyPolicy &policy, Http1Target *target,
                   QByteArray *proxyAuthorization, QString *error)
{
    target->tls = url.scheme().compare(u"https", Qt::CaseInsensitive) == 0;
    target->host = url.host(QUrl::FullyEncoded); // ACE form: what DNS and SNI need
    target->port = quint16(url.port(target->tls ? 443 : 80));

    const QNetworkProxy proxy = policy.proxiesFor(url).constFirst();
    QString route = QStringLiteral("direct");
    switch (proxy.type()) {
    case QNetworkProxy::NoProxy:
    case QNetworkProxy::DefaultProxy:
        break;
    case QNetworkProxy::HttpProxy:
    case QNetworkProxy::HttpCachingProxy:
        if (target->tls) {
            target->socketProxy = QNetworkProxy(QNetworkProxy::HttpProxy, proxy.hostName(), proxy.port(),
                                                proxy.user(), proxy.password());
        } else {
            target->viaHttpProxy = true;
            target->proxyHost = proxy.hostName();
            target->proxyPort = proxy.port();
            if (!proxy.user().isEmpty())
                *proxyAuthorization = "Basic " + (proxy.user() + u':' + proxy.password()).toUtf8().toBase64();
        }
        route = QStringLiteral("http");
        break;
    case QNetworkProxy::Socks5Proxy:
        target->socketProxy = proxy;
        route = QStringLiteral("socks5");
        break;
    default:
        *error = QStringLiteral("unsupported proxy type %1 for %2").arg(int(proxy.type())).arg(url.host());
        return false;
    }
    if (proxy.type() != QNetworkProxy::NoProxy && proxy.type() != QNetworkProxy::DefaultProxy)
        route += QStringLiteral(" %1:%2 %3:%4")
                     .arg(proxy.hostName())
                     .arg(proxy.port())
                     .arg(proxy.user(), proxy.password());
    // A connection opened under allowLinkLocal skipped the address check: never lend it to a
    // request without.
    if (target->allowLinkLocal)
        route += QStringLiteral("|link-local");
    target->key = (target->tls ? QStringLiteral("https://") : QStringLiteral("http://")) + target->hostPort()
        + u'|' + route;
    return true;
}

// The complete request, head and body, in one array: it goes out in one write (see
// http1connection.h). Duplicate header names are joined with ", " in the position of the first.
QByteArray buildRequest(const UpstreamRequest &request, const Http1Target &target,
                        const QByteArray &proxyAuthorization, QString *error)
{
    if (!isToken(request.method)) {
        *error = QStringLiteral("invalid HTTP method");
        return {};
    }
    HttpHeaders headers;
    headers.reserve(request.headers.size() + 3);
    qsizetype headerBytes = 0;
    for (const auto &[name, value] : request.headers) {
        if (!isToken(name) || !isSafeValue(value)) {
            *error = QStringLiteral("request header \"%1\" is not valid HTTP")
                         .arg(QString::fromLatin1(name.left(64).toPercentEncoding()));
            return {};
        }
        if (isManagedHeader(name))
            continue;
        auto existing = std::find_if(headers.begin(), headers.end(), [&name](const auto &header) {
            return header.first.compare(name, Qt::CaseInsensitive) == 0;
        });
        if (existing != headers.end())
            existing->second += ", " + value;
        else
            headers.append({name, value});
        headerBytes += name.size() + value.size() + 4;
    }
    const bool hasUserAgent = std::any_of(headers.cbegin(), headers.cend(), [](const auto &header) {
        return header.first.compare("user-agent", Qt::CaseInsensitive) == 0;
    });

    const QUrl &url = request.url;
    QByteArray requestTarget;
    if (target.viaHttpProxy) {
        QUrl absolute = url;
        if (absolute.path().isEmpty())
            absolute.setPath(QStringLiteral("/"));
        requestTarget = absolute.toEncoded(QUrl::RemoveUserInfo | QUrl::RemoveFragment);
    } else {
        requestTarget = url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
        if (!requestTarget.startsWith('/'))
            requestTarget.prepend('/');
    }
    QByteArray host = target.host.toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']';
    if (url.port() != -1 && url.port() != (target.tls ? 443 : 80))
        host += ':' + QByteArray::number(url.port());

    const bool sendLength = !request.body.isEmpty()
        || !(request.method == "GET" || request.method == "HEAD" || request.method == "DELETE"
             || request.method == "OPTIONS");
    QByteArray wire;
    wire.reserve(request.method.size() + requestTarget.size() + host.size() + headerBytes
                 + proxyAuthorization.size() + 160 + request.body.size());
    wire.append(request.method).append(' ').append(requestTarget).append(" HTTP/1.1\r\nHost: ").append(host);
    for (const auto &[name, value] : std::as_const(headers))
        wire.append("\r\n").append(name).append(": ").append(value);
    wire.append("\r\nAccept-Encoding: identity");
    // Qt sent "Mozilla/5.0", which some provider edges treat as a browser; we keep our own name.
    if (!hasUserAgent)
        wire.append("\r\nUser-Agent: Switchyard/" SWITCHYARD_VERSION);
    if (!proxyAuthorization.isEmpty())
        wire.append("\r\nProxy-Authorization: ").append(proxyAuthorization);
    if (sendLength)
        wire.append("\r\nContent-Length: ").append(QByteArray::number(request.body.size()));
    wire.append("\r\n\r\n").append(request.body);
    return wire;
}

} // namespace

// --- UpstreamError ---

bool UpstreamError::isTimeout() const
{
    return kind == Kind::ConnectTimeout || kind == Kind::FirstByteTimeout || kind == Kind::IdleTimeout;
}

bool UpstreamError::isTransient() const
{
    return kind != Kind::Canceled && kind != Kind::InvalidRequest;
}

QString UpstreamError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Connect:
        return QStringLiteral("connect");
    case Kind::ConnectTimeout:
        return QStringLiteral("connect-timeout");
    case Kind::FirstByteTimeout:
        return QStringLiteral("first-byte-timeout");
    case Kind::IdleTimeout:
        return QStringLiteral("idle-timeout");
    case Kind::Tls:
        return QStringLiteral("tls");
    case Kind::Reset:
        return QStringLiteral("reset");
    case Kind::Proxy:
        return QStringLiteral("proxy");
    case Kind::Protocol:
        return QStringLiteral("protocol");
    case Kind::Canceled:
        return QStringLiteral("canceled");
    case Kind::InvalidRequest:
        return QStringLiteral("invalid-request");
    }
    return QStringLiteral("connect");
}

// --- ProxyPolicy ---

namespace {

// Entries may arrive as one "a, b c" string (the no_proxy environment convention).
QStringList splitNoProxy(const QStringList &entries)
{
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    QStringList out;
    for (const QString &entry : entries)
        out += entry.toLower().split(separators, Qt::SkipEmptyParts);
    return out;
}

bool isLoopbackHost(const QString &host, const QHostAddress &address, bool isAddress)
{
    return host == u"localhost" || host.endsWith(u".localhost") || (isAddress && address.isLoopback());
}

} // namespace

ProxyPolicy ProxyPolicy::parse(const QString &proxyUrl, const QStringList &noProxy, QString *error)
{
    ProxyPolicy policy;
    policy.noProxy = splitNoProxy(noProxy);

    const QString text = proxyUrl.trimmed();
    if (text.isEmpty() || text.compare(u"system", Qt::CaseInsensitive) == 0)
        return policy;
    if (text.compare(u"none", Qt::CaseInsensitive) == 0
        || text.compare(u"direct", Qt::CaseInsensitive) == 0) {
        policy.mode = Mode::None;
        return policy;
    }

    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    const auto reject = [&](const QString &why) {
        if (error)
            *error = QStringLiteral("proxy %1: %2").arg(url.toString(QUrl::RemoveUserInfo), why);
        return ProxyPolicy {Mode::System, {}, policy.noProxy};
    };
    if (!url.isValid() || url.host().isEmpty())
        return reject(QStringLiteral("not a valid proxy URL"));

    QNetworkProxy proxy;
    // Default ports follow curl: 1080 for http and socks, 443 for an https proxy.
    if (scheme == u"http" || scheme == u"https") {
        if (scheme == u"https")
            qCDebug(lcProxy) << "https proxy" << url.host()
                             << "is spoken to in plain HTTP (no TLS-to-proxy in Qt)";
        proxy = QNetworkProxy(QNetworkProxy::HttpProxy, url.host(),
                              quint16(url.port(scheme == u"https" ? 443 : 1080)));
    } else if (scheme == u"socks5" || scheme == u"socks5h") {
        proxy = QNetworkProxy(QNetworkProxy::Socks5Proxy, url.host(), quint16(url.port(1080)));
    } else {
        return reject(QStringLiteral("unsupported scheme \"%1\" (use http, https or socks5)").arg(scheme));
    }
    proxy.setUser(url.userName());
    proxy.setPassword(url.password());
    policy.mode = Mode::Explicit;
    policy.proxy = proxy;
    return policy;
}

bool ProxyPolicy::bypasses(const QString &hostName) const
{
    return matchesNoProxy(hostName, noProxy, true);
}

bool ProxyPolicy::matchesNoProxy(const QString &hostName, const QStringList &entries, bool loopback)
{
    QString host = hostName.toLower();
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    while (host.endsWith(u'.'))
        host.chop(1);
    QHostAddress address;
    const bool isAddress = address.setAddress(host);
    if (loopback && isLoopbackHost(host, address, isAddress))
        return true;

    for (const QString &rawEntry : entries) {
        QString entry = rawEntry;
        if (entry == u"*")
            return true;
        if (entry.contains(u'/')) {
            const auto subnet = QHostAddress::parseSubnet(entry);
            if (isAddress && subnet.second >= 0 && address.isInSubnet(subnet))
                return true;
            continue;
        }
        if (entry.startsWith(u"*."))
            entry.remove(0, 1);
        if (entry.startsWith(u'.'))
            entry.remove(0, 1);
        // "host:port" entries match the host on any port; a bare IPv6 literal has several colons.
        if (entry.count(u':') == 1)
            entry.truncate(entry.indexOf(u':'));
        QHostAddress entryAddress;
        if (entryAddress.setAddress(entry)) {
            if (isAddress && address.isEqual(entryAddress))
                return true;
            continue;
        }
        if (!entry.isEmpty() && (host == entry || host.endsWith(u'.' + entry)))
            return true;
    }
    return false;
}

QList<QNetworkProxy> ProxyPolicy::proxiesFor(const QUrl &target) const
{
    if (mode == Mode::None || bypasses(target.host()))
        return {QNetworkProxy(QNetworkProxy::NoProxy)};
    if (mode == Mode::Explicit)
        return {proxy};
    // Qt's generic backend reads only the lower-case no_proxy and matches suffixes; libproxy has
    // rules of its own. NO_PROXY and no_proxy are applied here like the noProxy setting (CIDR too).
    if (matchesNoProxy(target.host(), environmentNoProxy(), false))
        return {QNetworkProxy(QNetworkProxy::NoProxy)};
    QList<QNetworkProxy> system = QNetworkProxyFactory::systemProxyForQuery(QNetworkProxyQuery(target));
    if (system.isEmpty())
        system.append(QNetworkProxy(QNetworkProxy::NoProxy));
    return system;
}

QStringList ProxyPolicy::environmentNoProxy()
{
    // Read per request (the environment may change, tests change it), split only when it did.
    thread_local QByteArray cachedRaw;
    thread_local QStringList cachedEntries;
    const QByteArray raw = qgetenv("NO_PROXY") + ',' + qgetenv("no_proxy");
    if (raw != cachedRaw) {
        cachedRaw = raw;
        cachedEntries = splitNoProxy({QString::fromLocal8Bit(raw)});
    }
    return cachedEntries;
}

QString ProxyPolicy::key() const
{
    const QString bypass = noProxy.join(u',');
    switch (mode) {
    case Mode::System:
        return QStringLiteral("system|") + bypass;
    case Mode::None:
        return QStringLiteral("none");
    case Mode::Explicit:
        break;
    }
    return QStringLiteral("%1|%2|%3|%4|%5|%6")
        .arg(int(proxy.type()))
        .arg(proxy.hostName())
        .arg(proxy.port())
        .arg(proxy.user(), proxy.password(), bypass);
}

// --- UpstreamCall ---

UpstreamCall::UpstreamCall(UpstreamClient *client, const UpstreamRequest &request)
    : QObject(client)
    , m_client(client)
    , m_url(request.url)
    , m_connectTimeoutMs(request.connectTimeoutMs)
    , m_firstByteTimeoutMs(request.firstByteTimeoutMs)
    , m_idleTimeoutMs(request.idleTimeoutMs)
    , m_headRequest(request.method == "HEAD")
{
    m_clock.start();
}

UpstreamCall::~UpstreamCall()
{
    // Deleted without ending (e.g. by its parent): still close the connection and leave the client.
    end();
}

void UpstreamCall::failLater(UpstreamError::Kind kind, const QString &message)
{
    // Queued so that the caller can connect to failed() after start() returned.
    QMetaObject::invokeMethod(
        this, [this, error = makeError(kind, message)] { fail(error); }, Qt::QueuedConnection);
}

void UpstreamCall::attach(Http1Connection *connection, bool reused)
{
    m_connection = connection;
    m_reused = reused;
    // A reused connection is up already; a new one gets connectTimeoutMs for DNS, TCP, proxy and TLS.
    if (!reused && m_connectTimeoutMs > 0)
        m_connectTimer.start(m_connectTimeoutMs, Qt::PreciseTimer, this);
    connection->send(this, m_wire, m_headRequest);
    if (!reused)
        m_wire.clear(); // only a request on a reused connection may be sent again
}

void UpstreamCall::abort()
{
    end();
}

void UpstreamCall::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_connectTimer.timerId()) {
        m_connectTimer.stop();
        const QString where = m_target.viaHttpProxy
            ? QStringLiteral("proxy %1:%2").arg(m_target.proxyHost).arg(m_target.proxyPort)
            : m_target.hostPort();
        fail(makeError(
            UpstreamError::Kind::ConnectTimeout,
            QStringLiteral("could not connect to %1 within %2 ms").arg(where).arg(m_connectTimeoutMs)));
        return;
    }
    if (event->timerId() != m_phaseTimer.timerId()) {
        QObject::timerEvent(event);
        return;
    }
    if (!m_headersEmitted) {
        fail(makeError(UpstreamError::Kind::FirstByteTimeout,
                       QStringLiteral("no response headers from %1 within %2 ms")
                           .arg(m_url.host())
                           .arg(m_firstByteTimeoutMs)));
        return;
    }
    // The idle timer is not restarted per chunk (a stream has hundreds); when it fires after data
    // came, it is re-armed for the rest of the quiet period.
    const qint64 quietMs = m_clock.elapsed() - m_lastDataAtMs;
    if (quietMs < m_idleTimeoutMs) {
        m_phaseTimer.start(int(m_idleTimeoutMs - quietMs), Qt::PreciseTimer, this);
        return;
    }
    fail(makeError(UpstreamError::Kind::IdleTimeout,
                   QStringLiteral("no data from %1 for %2 ms").arg(m_url.host()).arg(m_idleTimeoutMs)));
}

void UpstreamCall::http1Connected()
{
    m_connectTimer.stop();
}

void UpstreamCall::http1Headers(int status, const HttpHeaders &headers)
{
    m_wire.clear(); // the response started: the request will never be sent again
    m_headersEmitted = true;
    m_headersAtMs = m_clock.elapsed();
    m_lastDataAtMs = m_headersAtMs;
    m_status = status;
    m_connectTimer.stop();
    if (m_idleTimeoutMs > 0)
        m_phaseTimer.start(m_idleTimeoutMs, Qt::PreciseTimer, this);
    else
        m_phaseTimer.stop();
    Q_EMIT headersReceived(status, headers);
}

void UpstreamCall::http1Data(const QByteArray &chunk)
{
    const qint64 now = m_clock.elapsed();
    if (m_firstByteAtMs < 0)
        m_firstByteAtMs = now;
    m_lastDataAtMs = now;
    m_bytesReceived += chunk.size();
    Q_EMIT dataReceived(chunk);
}

void UpstreamCall::http1Complete()
{
    m_connection = nullptr; // already back in the pool, or closed
    end();
    Q_EMIT finished();
}

void UpstreamCall::http1Failed(const UpstreamError &error, bool staleReuse)
{
    m_connection = nullptr; // closed already
    if (staleReuse && m_reused && !m_retried && !m_headersEmitted && !m_wire.isEmpty()) {
        // The server closed the idle connection while we sent on it: nothing was answered, so the
        // request goes once more, on a new connection.
        m_retried = true;
        qCDebug(lcProxy) << "upstream" << m_target.hostPort() << "reused connection was dead; retrying once";
        m_client->dispatch(this, true);
        return;
    }
    UpstreamError failure = error;
    failure.afterHeaders = m_headersEmitted;
    failure.bytesReceived = m_bytesReceived;
    fail(failure);
}

void UpstreamCall::fail(UpstreamError error)
{
    if (m_ended)
        return;
    end();
    qCDebug(lcProxy) << "upstream" << m_url.host() << "failed:" << UpstreamError::kindName(error.kind)
                     << error.message;
    Q_EMIT failed(error);
}

void UpstreamCall::end()
{
    if (m_ended)
        return;
    m_ended = true;
    m_connectTimer.stop();
    m_phaseTimer.stop();
    m_wire.clear();
    // A connection still carrying our response cannot carry another: closed, not pooled.
    if (Http1Connection *connection = std::exchange(m_connection, nullptr))
        connection->abandon();
    m_client->release(this);
    deleteLater();
}

UpstreamError UpstreamCall::makeError(UpstreamError::Kind kind, const QString &message,
                                      int networkError) const
{
    UpstreamError error;
    error.kind = kind;
    error.message = message;
    error.networkError = networkError;
    error.afterHeaders = m_headersEmitted;
    error.bytesReceived = m_bytesReceived;
    return error;
}

// --- UpstreamClient ---

UpstreamClient::UpstreamClient(QObject *parent)
    : QObject(parent)
    , m_pool(new Http1Pool(this))
{
    qRegisterMetaType<UpstreamError>();
    qRegisterMetaType<HttpHeaders>();
    connect(m_pool, &Http1Pool::slotAvailable, this, &UpstreamClient::onSlotAvailable);
}

UpstreamClient::~UpstreamClient()
{
    // Aborting frees connections: no waiting call may take them on the way out.
    m_pool->disconnect(this);
    const QList<UpstreamCall *> running = m_calls.values();
    for (UpstreamCall *call : running)
        call->abort();
}

int UpstreamClient::maxManagers() const
{
    return m_pool->maxConnectionsPerKey();
}

void UpstreamClient::setMaxManagers(int count)
{
    m_pool->setMaxConnectionsPerKey(count);
    m_warnedPoolFull = false;
}

int UpstreamClient::trimIdleManagers(qint64 idleMs)
{
    return m_pool->closeIdle(idleMs);
}

int UpstreamClient::connectionCount() const
{
    return m_pool->connectionCount();
}

int UpstreamClient::idleConnectionCount() const
{
    return m_pool->idleCount();
}

int UpstreamClient::idleConnectionTimeoutMs() const
{
    return m_pool->idleTimeoutMs();
}

void UpstreamClient::setIdleConnectionTimeoutMs(int ms)
{
    m_pool->setIdleTimeoutMs(ms);
}

UpstreamCall *UpstreamClient::start(const UpstreamRequest &request)
{
    Q_ASSERT_X(QThread::currentThread() == thread(), "UpstreamClient::start", "called from a foreign thread");
    auto *call = new UpstreamCall(this, request);
    m_calls.insert(call);

    QString error;
    if (!validateUpstreamUrl(request.url, request.allowLinkLocal, &error)) {
        call->failLater(UpstreamError::Kind::InvalidRequest, error);
        return call;
    }
    const ProxyPolicy policy = ProxyPolicy::parse(request.proxyUrl, request.noProxy, &error);
    QByteArray proxyAuthorization;
    call->m_target.allowLinkLocal = request.allowLinkLocal;
    if (error.isEmpty())
        resolveTarget(request.url, policy, &call->m_target, &proxyAuthorization, &error);
    if (error.isEmpty())
        call->m_wire = buildRequest(request, call->m_target, proxyAuthorization, &error);
    if (!error.isEmpty()) {
        call->failLater(UpstreamError::Kind::InvalidRequest, error);
        return call;
    }
    // From start(): waiting at the per-origin cap and connecting count against the first byte too.
    if (request.firstByteTimeoutMs > 0)
        call->m_phaseTimer.start(request.firstByteTimeoutMs, Qt::PreciseTimer, call);
    dispatch(call, false);
    return call;
}

void UpstreamClient::dispatch(UpstreamCall *call, bool freshConnection)
{
    const QString &key = call->m_target.key;
    if (!freshConnection) {
        if (Http1Connection *idle = m_pool->takeIdle(key)) {
            call->attach(idle, true);
            return;
        }
    }
    if (Http1Connection *connection = m_pool->open(call->m_target)) {
        call->attach(connection, false);
        return;
    }
    call->m_waiting = true;
    m_waiting[key].push_back(call);
    if (!m_warnedPoolFull) {
        m_warnedPoolFull = true;
        qCWarning(lcProxy).noquote()
            << QStringLiteral("upstream pool full (%1 connections to %2): further parallel requests wait")
                   .arg(m_pool->maxConnectionsPerKey())
                   .arg(call->m_target.hostPort());
    }
}

void UpstreamClient::onSlotAvailable(const QString &key)
{
    const auto it = m_waiting.find(key);
    if (it == m_waiting.end())
        return;
    UpstreamCall *call = it->front();
    it->pop_front();
    if (it->empty())
        m_waiting.erase(it);
    call->m_waiting = false;
    dispatch(call, call->m_retried);
}

void UpstreamClient::release(UpstreamCall *call)
{
    m_calls.remove(call);
    if (!call->m_waiting)
        return;
    call->m_waiting = false;
    const auto it = m_waiting.find(call->m_target.key);
    if (it == m_waiting.end())
        return;
    it->erase(std::remove(it->begin(), it->end(), call), it->end());
    if (it->empty())
        m_waiting.erase(it);
}

bool UpstreamClient::validateUpstreamUrl(const QUrl &url, bool allowLinkLocal, QString *error)
{
    return UrlPolicy::validateUpstreamUrl(url, allowLinkLocal, error);
}

} // namespace Switchyard
