#include "upstreamclient.h"

#include "logging.h"
#include "switchyard_version.h"

#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkProxyFactory>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QThread>
#include <QTimer>

#include <climits>

namespace Switchyard {

namespace {

// Headers the caller may not dictate: QNAM owns framing and connection management, and we pin the
// encoding (see the header comment).
bool isManagedHeader(const QByteArray &name)
{
    static const QByteArrayList managed = {
        "host", "content-length", "connection", "keep-alive",     "proxy-connection", "transfer-encoding",
        "te",   "trailer",        "upgrade",    "accept-encoding"};
    for (const QByteArray &m : managed) {
        if (name.compare(m, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QString originKey(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    return scheme + QStringLiteral("://") + url.host().toLower() + QLatin1Char(':')
        + QString::number(url.port(scheme == u"https" ? 443 : 80));
}

// QNAM errors that only report the HTTP status of a response that otherwise arrived fine.
bool isHttpStatusError(QNetworkReply::NetworkError error)
{
    const int code = int(error);
    if (error == QNetworkReply::ContentReSendError)
        return false; // Qt had to resend the request and could not: a transport failure
    return (code >= 201 && code <= 299) || (code >= 401 && code <= 499)
        || error == QNetworkReply::ProtocolInvalidOperationError; // Qt's name for HTTP 400
}

// Qt's error strings can embed the full URL, and some providers (Gemini) carry the API key in the
// query. Remove the query and user info wherever the URL appears.
QString redactUrl(QString message, const QUrl &url)
{
    const QString safe = url.toString(QUrl::RemoveQuery | QUrl::RemoveUserInfo);
    for (const QString &form : {url.toString(), url.toString(QUrl::FullyEncoded), url.toDisplayString()}) {
        if (!form.isEmpty())
            message.replace(form, safe);
    }
    if (url.hasQuery())
        message.replace(url.query(QUrl::FullyEncoded), QStringLiteral("…"));
    return message;
}

UpstreamError::Kind classify(QNetworkReply::NetworkError error, bool afterHeaders)
{
    using K = UpstreamError::Kind;
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::BackgroundRequestNotAllowedError:
        return K::Connect;
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::ContentReSendError:
        return K::Reset;
    case QNetworkReply::TimeoutError:
        return afterHeaders ? K::IdleTimeout : K::FirstByteTimeout;
    case QNetworkReply::OperationCanceledError:
        return K::Canceled;
    case QNetworkReply::SslHandshakeFailedError:
        return K::Tls;
    case QNetworkReply::TooManyRedirectsError:
    case QNetworkReply::InsecureRedirectError:
    case QNetworkReply::ProtocolUnknownError:
    case QNetworkReply::ProtocolInvalidOperationError:
    case QNetworkReply::ProtocolFailure:
        return K::Protocol;
    default:
        break;
    }
    if (error >= QNetworkReply::ProxyConnectionRefusedError && error <= QNetworkReply::UnknownProxyError)
        return K::Proxy;
    return afterHeaders ? K::Reset : K::Connect;
}

class PolicyProxyFactory : public QNetworkProxyFactory
{
public:
    explicit PolicyProxyFactory(ProxyPolicy policy)
        : m_policy(std::move(policy))
    {
    }

    QList<QNetworkProxy> queryProxy(const QNetworkProxyQuery &query) override
    {
        return m_policy.proxiesFor(query.url());
    }

private:
    const ProxyPolicy m_policy;
};

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

ProxyPolicy ProxyPolicy::parse(const QString &proxyUrl, const QStringList &noProxy, QString *error)
{
    ProxyPolicy policy;
    // Entries may arrive as one "a, b c" string (the no_proxy environment convention).
    static const QRegularExpression separators(QStringLiteral("[,\\s]+"));
    for (const QString &entry : noProxy)
        policy.noProxy += entry.toLower().split(separators, Qt::SkipEmptyParts);

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
    QString host = hostName.toLower();
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    while (host.endsWith(u'.'))
        host.chop(1);
    if (host == u"localhost" || host.endsWith(u".localhost"))
        return true;
    QHostAddress address;
    const bool isAddress = address.setAddress(host);
    if (isAddress && address.isLoopback())
        return true;

    for (const QString &rawEntry : noProxy) {
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
    QList<QNetworkProxy> system = QNetworkProxyFactory::systemProxyForQuery(QNetworkProxyQuery(target));
    if (system.isEmpty())
        system.append(QNetworkProxy(QNetworkProxy::NoProxy));
    return system;
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
    , m_connectTimer(new QTimer(this))
    , m_phaseTimer(new QTimer(this))
{
    m_clock.start();
    m_connectTimer->setSingleShot(true);
    m_phaseTimer->setSingleShot(true);
    connect(m_connectTimer, &QTimer::timeout, this, [this] {
        fail(makeError(UpstreamError::Kind::ConnectTimeout,
                       QStringLiteral("could not connect to %1:%2 within %3 ms")
                           .arg(m_url.host())
                           .arg(m_url.port(m_url.scheme() == u"https" ? 443 : 80))
                           .arg(m_connectTimeoutMs)));
    });
    connect(m_phaseTimer, &QTimer::timeout, this, &UpstreamCall::onTimeout);
}

UpstreamCall::~UpstreamCall()
{
    // Deleted without ending (e.g. by its parent): still give the pool slot back and stop Qt.
    end();
}

void UpstreamCall::attach(QNetworkReply *reply, QNetworkAccessManager *manager, const QString &origin)
{
    m_reply = reply;
    m_manager = manager;
    m_origin = origin;
    connect(reply, &QNetworkReply::socketStartedConnecting, this, &UpstreamCall::onSocketStartedConnecting);
    // Any of these proves the socket (and TLS) is up; which of them Qt emits differs between
    // HTTP/1.1 and HTTP/2, so listen to all. A request reusing a connection never starts the timer.
    connect(reply, &QNetworkReply::requestSent, this, &UpstreamCall::onConnected);
    connect(reply, &QNetworkReply::encrypted, this, &UpstreamCall::onConnected);
    connect(reply, &QNetworkReply::uploadProgress, this, [this](qint64 sent, qint64) {
        if (sent > 0)
            onConnected();
    });
    connect(reply, &QNetworkReply::metaDataChanged, this, &UpstreamCall::onMetaData);
    connect(reply, &QNetworkReply::readyRead, this, &UpstreamCall::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &UpstreamCall::onFinished);
    if (m_firstByteTimeoutMs > 0)
        m_phaseTimer->start(m_firstByteTimeoutMs);
}

void UpstreamCall::failLater(UpstreamError::Kind kind, const QString &message)
{
    // Queued so that the caller can connect to failed() after start() returned.
    QMetaObject::invokeMethod(
        this, [this, error = makeError(kind, message)] { fail(error); }, Qt::QueuedConnection);
}

void UpstreamCall::abort()
{
    end();
}

void UpstreamCall::onSocketStartedConnecting()
{
    // Queueing inside QNAM (pool full) and DNS are covered by the first-byte timeout; this one
    // only measures the TCP + TLS (+ proxy) handshake of a new socket.
    if (m_connectTimeoutMs > 0)
        m_connectTimer->start(m_connectTimeoutMs);
}

void UpstreamCall::onConnected()
{
    m_connectTimer->stop();
}

void UpstreamCall::onMetaData()
{
    if (!m_headersEmitted && m_reply
        && m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid())
        emitHeaders();
}

void UpstreamCall::onReadyRead()
{
    onMetaData();
    if (!m_ended && m_headersEmitted)
        readBody();
}

void UpstreamCall::onFinished()
{
    if (m_ended || !m_reply)
        return;
    const QNetworkReply::NetworkError error = m_reply->error();
    const bool gotResponse = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid();
    if (gotResponse && !m_headersEmitted)
        emitHeaders();
    // Bytes that arrived before a failure are still real output: hand them over first.
    if (!m_ended && m_headersEmitted)
        readBody();
    if (m_ended)
        return;
    if (gotResponse && (error == QNetworkReply::NoError || isHttpStatusError(error))) {
        end();
        Q_EMIT finished();
        return;
    }
    fail(makeError(classify(error, m_headersEmitted), redactUrl(m_reply->errorString(), m_url), int(error)));
}

void UpstreamCall::onTimeout()
{
    if (m_headersEmitted) {
        fail(makeError(UpstreamError::Kind::IdleTimeout,
                       QStringLiteral("no data from %1 for %2 ms").arg(m_url.host()).arg(m_idleTimeoutMs)));
    } else {
        fail(makeError(UpstreamError::Kind::FirstByteTimeout,
                       QStringLiteral("no response headers from %1 within %2 ms")
                           .arg(m_url.host())
                           .arg(m_firstByteTimeoutMs)));
    }
}

void UpstreamCall::emitHeaders()
{
    m_headersEmitted = true;
    m_headersAtMs = m_clock.elapsed();
    m_status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    m_usedHttp2 = m_reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool();
    m_connectTimer->stop();
    if (m_idleTimeoutMs > 0)
        m_phaseTimer->start(m_idleTimeoutMs);
    else
        m_phaseTimer->stop();
    Q_EMIT headersReceived(m_status, m_reply->rawHeaderPairs());
}

void UpstreamCall::readBody()
{
    const QByteArray chunk = m_reply->readAll();
    if (chunk.isEmpty())
        return;
    if (m_firstByteAtMs < 0)
        m_firstByteAtMs = m_clock.elapsed();
    m_bytesReceived += chunk.size();
    if (m_idleTimeoutMs > 0)
        m_phaseTimer->start(m_idleTimeoutMs);
    Q_EMIT dataReceived(chunk);
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
    m_connectTimer->stop();
    m_phaseTimer->stop();
    if (m_reply) {
        // Disconnect first: abort() emits finished() synchronously.
        m_reply->disconnect(this);
        if (!m_reply->isFinished())
            m_reply->abort(); // closes the upstream socket (HTTP/1.1) or resets the stream (HTTP/2)
        m_reply->deleteLater();
        m_reply.clear();
    }
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

struct UpstreamClient::Manager
{
    QNetworkAccessManager *nam = nullptr;
    QString policyKey;
    QHash<QString, int> inFlight; // origin -> requests
    int total = 0;
    QElapsedTimer idleSince; // valid while total == 0
};

UpstreamClient::UpstreamClient(QObject *parent)
    : QObject(parent)
    , m_trimTimer(new QTimer(this))
{
    qRegisterMetaType<UpstreamError>();
    qRegisterMetaType<HttpHeaders>();
    // Each manager holds a Qt HTTP thread and its keep-alive sockets: give them back after a burst.
    m_trimTimer->setInterval(60 * 1000);
    connect(m_trimTimer, &QTimer::timeout, this, [this] { trimIdleManagers(5 * 60 * 1000); });
    m_trimTimer->start();
}

UpstreamClient::~UpstreamClient()
{
    const QList<UpstreamCall *> running = m_calls.values();
    for (UpstreamCall *call : running)
        call->abort();
}

int UpstreamClient::managerCount() const
{
    return int(m_managers.size());
}

void UpstreamClient::setMaxManagers(int count)
{
    m_maxManagers = std::max(1, count);
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
    if (!error.isEmpty()) {
        call->failLater(UpstreamError::Kind::InvalidRequest, error);
        return call;
    }

    QNetworkRequest qreq(request.url);
    const bool https = request.url.scheme().compare(u"https", Qt::CaseInsensitive) == 0;
    qreq.setAttribute(QNetworkRequest::Http2AllowedAttribute, https && request.allowHttp2);
    qreq.setAttribute(QNetworkRequest::Http2CleartextAllowedAttribute, false);
    qreq.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    qreq.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    qreq.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    qreq.setAttribute(QNetworkRequest::AuthenticationReuseAttribute, QNetworkRequest::Manual);
    qreq.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    qreq.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    qreq.setTransferTimeout(0);
    for (const auto &[name, value] : request.headers) {
        if (isManagedHeader(name))
            continue;
        const QByteArray existing = qreq.rawHeader(name);
        qreq.setRawHeader(name, existing.isEmpty() ? value : existing + ", " + value);
    }
    qreq.setRawHeader("Accept-Encoding", "identity");
    // Qt would send "Mozilla/5.0", which some provider edges treat as a browser.
    if (!qreq.hasRawHeader("User-Agent"))
        qreq.setRawHeader("User-Agent", QByteArrayLiteral("Switchyard/" SWITCHYARD_VERSION));

    const QString origin = originKey(request.url);
    QNetworkAccessManager *manager = acquire(policy, origin);
    const bool noBody = request.body.isEmpty()
        && (request.method == "GET" || request.method == "HEAD" || request.method == "DELETE");
    QNetworkReply *reply = noBody ? manager->sendCustomRequest(qreq, request.method)
                                  : manager->sendCustomRequest(qreq, request.method, request.body);
    call->attach(reply, manager, origin);
    return call;
}

QNetworkAccessManager *UpstreamClient::acquire(const ProxyPolicy &policy, const QString &origin)
{
    const QString key = policy.key();
    Manager *best = nullptr;
    int bestLoad = INT_MAX;
    for (const auto &manager : m_managers) {
        if (manager->policyKey != key)
            continue;
        const int load = manager->inFlight.value(origin);
        if (load < bestLoad) {
            best = manager.get();
            bestLoad = load;
        }
    }

    const bool saturated = best && bestLoad >= connectionsPerManager;
    if (saturated && managerCount() >= m_maxManagers)
        trimIdleManagers(0); // make room from managers idle under another proxy policy
    if (!best || (saturated && managerCount() < m_maxManagers)) {
        auto manager = std::make_unique<Manager>();
        manager->nam = new QNetworkAccessManager(this);
        manager->nam->setProxyFactory(new PolicyProxyFactory(policy));
        manager->nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
        manager->nam->setStrictTransportSecurityEnabled(false);
        manager->nam->setAutoDeleteReplies(false);
        manager->nam->setTransferTimeout(0);
        manager->policyKey = key;
        best = manager.get();
        m_managers.push_back(std::move(manager));
        qCDebug(lcProxy) << "upstream pool: manager" << managerCount() << "created for" << origin;
    } else if (saturated && !m_warnedPoolFull) {
        m_warnedPoolFull = true;
        qCWarning(lcProxy).noquote()
            << QStringLiteral("upstream pool full (%1 managers): further parallel requests queue inside Qt")
                   .arg(m_maxManagers);
    }
    ++best->inFlight[origin];
    ++best->total;
    return best->nam;
}

void UpstreamClient::release(UpstreamCall *call)
{
    m_calls.remove(call);
    if (!call->m_manager)
        return;
    for (const auto &manager : m_managers) {
        if (manager->nam != call->m_manager)
            continue;
        auto it = manager->inFlight.find(call->m_origin);
        if (it != manager->inFlight.end() && --it.value() <= 0)
            manager->inFlight.erase(it);
        if (--manager->total == 0)
            manager->idleSince.start();
        break;
    }
    call->m_manager = nullptr;
}

int UpstreamClient::trimIdleManagers(qint64 idleMs)
{
    QSet<QString> kept;
    int released = 0;
    // The first manager of each policy is the one most likely to hold warm connections: keep it.
    for (auto it = m_managers.begin(); it != m_managers.end();) {
        Manager &manager = **it;
        const bool idle =
            manager.total == 0 && manager.idleSince.isValid() && manager.idleSince.elapsed() >= idleMs;
        if (!kept.contains(manager.policyKey)) {
            kept.insert(manager.policyKey);
            ++it;
            continue;
        }
        if (!idle) {
            ++it;
            continue;
        }
        manager.nam->deleteLater();
        it = m_managers.erase(it);
        ++released;
    }
    if (released > 0)
        m_warnedPoolFull = false;
    return released;
}

bool UpstreamClient::validateUpstreamUrl(const QUrl &url, bool allowLinkLocal, QString *error)
{
    const auto reject = [&](const QString &why) {
        if (error)
            *error = QStringLiteral("upstream URL %1: %2")
                         .arg(url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery), why);
        return false;
    };
    if (!url.isValid() || url.isRelative())
        return reject(QStringLiteral("not a valid absolute URL"));
    const QString scheme = url.scheme().toLower();
    if (scheme != u"http" && scheme != u"https")
        return reject(QStringLiteral("only http and https are supported"));
    QString host = url.host().toLower();
    while (host.endsWith(u'.'))
        host.chop(1);
    if (host.isEmpty())
        return reject(QStringLiteral("no host"));
    if (!url.userInfo().isEmpty())
        return reject(QStringLiteral("user:password in the URL is not allowed; store keys as channel keys"));

    if (host == u"metadata.google.internal" && !allowLinkLocal)
        return reject(QStringLiteral("cloud metadata endpoint"));
    QHostAddress address;
    if (!address.setAddress(host))
        return true; // a name: not resolved here (resolution may change anyway)
    bool mapped = false;
    const quint32 v4 = address.toIPv4Address(&mapped);
    if (mapped)
        address = QHostAddress(v4); // ::ffff:169.254.169.254 is 169.254.169.254
    if (address.isEqual(QHostAddress::AnyIPv4) || address.isEqual(QHostAddress::AnyIPv6))
        return reject(QStringLiteral("unspecified address"));
    if (address.isLoopback() || allowLinkLocal)
        return true;
    if (address.isEqual(QHostAddress(QStringLiteral("169.254.169.254")))
        || address.isEqual(QHostAddress(QStringLiteral("fd00:ec2::254"))))
        return reject(QStringLiteral("cloud metadata address"));
    if (address.isLinkLocal())
        return reject(QStringLiteral("link-local address"));
    return true;
}

} // namespace Switchyard
