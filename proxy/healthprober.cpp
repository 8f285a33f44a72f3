#include "healthprober.h"

#include "logging.h"
#include "urlpolicy.h"

#include <QTimerEvent>

#include <algorithm>
#include <simdjson.h>

namespace Switchyard {

namespace {

// The version Exchange sends when the client named none (protocols 1.8).
constexpr QByteArrayView anthropicVersion = "2023-06-01";

QString baseUrlOf(const Provider &provider, const Channel &channel)
{
    const QString override = channel.baseUrl.trimmed();
    return override.isEmpty() ? provider.baseUrl.trimmed() : override;
}

QByteArray defaultKey(const ConfigSnapshot &snapshot, const Channel &channel)
{
    for (const ChannelKey &key : channel.keys) {
        if (key.disabled)
            continue;
        const QByteArray secret = snapshot.secret(key.secretRef);
        if (!secret.isEmpty())
            return secret;
    }
    return {};
}

} // namespace

HealthProber::HealthProber(UpstreamClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
    qRegisterMetaType<ProbeResult>();
}

HealthProber::~HealthProber()
{
    for (Probe &probe : m_running) {
        if (probe.call)
            probe.call->abort(); // ends silently; the call deletes itself
    }
}

void HealthProber::setSnapshot(ConfigSnapshotPtr snapshot)
{
    m_snapshot = std::move(snapshot);
}

void HealthProber::setInterval(int ms)
{
    m_intervalMs = std::max(ms, 0);
    if (m_intervalMs > 0)
        m_timer.start(m_intervalMs, Qt::CoarseTimer, this);
    else
        m_timer.stop();
}

void HealthProber::setKeyProvider(KeyProvider provider)
{
    m_keyProvider = std::move(provider);
}

void HealthProber::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_timer.timerId()) {
        QObject::timerEvent(event);
        return;
    }
    probeNow();
}

bool HealthProber::isProbeable(Protocol protocol)
{
    return protocol == Protocol::Anthropic || protocol == Protocol::OpenAI;
}

QUrl HealthProber::modelsUrl(Protocol protocol, const QString &baseUrl)
{
    QString base = baseUrl.trimmed();
    while (base.endsWith(u'/'))
        base.chop(1);
    switch (protocol) {
    case Protocol::Anthropic:
        // Anthropic base URLs come both as "https://api.anthropic.com" and ".../v1".
        return QUrl(base
                    + (base.endsWith(QLatin1String("/v1")) ? QStringLiteral("/models")
                                                           : QStringLiteral("/v1/models")));
    case Protocol::OpenAI:
        return QUrl(base + QStringLiteral("/models")); // OpenAI base URLs include the version: http://host/v1
    case Protocol::Gemini:
    case Protocol::Responses:
        break;
    }
    return {};
}

UpstreamRequest HealthProber::probeRequest(const Provider &provider, const Channel &channel,
                                           const QByteArray &secret) const
{
    UpstreamRequest request;
    request.method = "GET";
    request.url = modelsUrl(provider.protocol, baseUrlOf(provider, channel));
    request.headers.append({QByteArray("Accept"), QByteArray("application/json")});
    if (provider.protocol == Protocol::Anthropic) {
        request.headers.append({QByteArray("anthropic-version"), anthropicVersion.toByteArray()});
        if (!secret.isEmpty())
            request.headers.append({QByteArray("x-api-key"), secret});
    } else if (!secret.isEmpty()) {
        request.headers.append({QByteArray("Authorization"), "Bearer " + secret});
    }
    request.connectTimeoutMs = m_timeoutMs;
    request.firstByteTimeoutMs = m_timeoutMs;
    request.idleTimeoutMs = m_timeoutMs;
    request.proxyUrl = channel.proxyUrl;
    request.noProxy = m_noProxy;
    request.allowLinkLocal = UrlPolicy::allowsLinkLocal(channel.options, provider.options);
    return request;
}

QStringList HealthProber::parseModelIds(const QByteArray &body)
{
    QStringList ids;
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(body.constData(), size_t(body.size())).get(root) != simdjson::SUCCESS)
        return ids;
    simdjson::dom::array data;
    if (root["data"].get(data) != simdjson::SUCCESS)
        return ids;
    for (const simdjson::dom::element item : data) {
        std::string_view id;
        if (item["id"].get(id) == simdjson::SUCCESS && !id.empty())
            ids.append(QString::fromUtf8(id.data(), qsizetype(id.size())));
    }
    return ids;
}

const Channel *HealthProber::probeable(qint64 channelId, const Provider **provider) const
{
    if (!m_snapshot)
        return nullptr;
    const Channel *channel = m_snapshot->config.channelById(channelId);
    if (!channel || !channel->enabled)
        return nullptr;
    const Provider *owner = m_snapshot->config.providerById(channel->providerId);
    if (!owner || !owner->enabled || !isProbeable(owner->protocol) || baseUrlOf(*owner, *channel).isEmpty())
        return nullptr;
    *provider = owner;
    return channel;
}

void HealthProber::probeNow()
{
    if (!m_snapshot)
        return;
    for (const Channel &channel : m_snapshot->config.channels) {
        const Provider *provider = nullptr;
        if (!probeable(channel.id, &provider) || m_running.contains(channel.id)
            || std::find(m_queue.begin(), m_queue.end(), channel.id) != m_queue.end())
            continue;
        m_queue.push_back(channel.id);
    }
    startNext();
}

void HealthProber::startNext()
{
    while (m_running.size() < maxInFlight && !m_queue.empty()) {
        const qint64 channelId = m_queue.front();
        m_queue.pop_front();
        const Provider *provider = nullptr;
        if (const Channel *channel = probeable(channelId, &provider))
            start(*provider, *channel);
    }
}

void HealthProber::start(const Provider &provider, const Channel &channel)
{
    const qint64 channelId = channel.id;
    Probe &probe = m_running[channelId];
    probe.result.channelId = channelId;
    probe.result.channelName = channel.name;

    const QByteArray secret = m_keyProvider ? m_keyProvider(channel) : defaultKey(*m_snapshot, channel);
    if (secret.isEmpty() && !channel.keys.isEmpty()) {
        // Every key is disabled (or its secret is missing): a request could only be refused, and a
        // 401 without a key would read as a rejected key.
        probe.result.error = QStringLiteral("no usable key");
        QMetaObject::invokeMethod(
            this, [this, channelId] { finish(channelId); }, Qt::QueuedConnection);
        return;
    }

    UpstreamCall *call = m_client->start(probeRequest(provider, channel, secret));
    probe.call = call;
    connect(call, &UpstreamCall::headersReceived, this,
            [this, channelId](int status, const HttpHeaders &) { onHeaders(channelId, status); });
    connect(call, &UpstreamCall::dataReceived, this,
            [this, channelId](const QByteArray &chunk) { onData(channelId, chunk); });
    connect(call, &UpstreamCall::finished, this, [this, channelId] { onFinished(channelId); });
    connect(call, &UpstreamCall::failed, this,
            [this, channelId](const UpstreamError &error) { onFailed(channelId, error); });
}

void HealthProber::onHeaders(qint64 channelId, int status)
{
    const auto it = m_running.find(channelId);
    if (it == m_running.end())
        return;
    it->result.status = status;
    it->result.latencyMs = it->call ? it->call->headersElapsedMs() : -1;
}

void HealthProber::onData(qint64 channelId, const QByteArray &chunk)
{
    const auto it = m_running.find(channelId);
    if (it == m_running.end() || it->result.status < 200 || it->result.status > 299)
        return; // an error body is not shown (it may echo part of the key)
    if (it->body.size() + chunk.size() > maxBodyBytes) {
        // The status already answered the question; a huge list is not worth reading on.
        it->body.clear();
        if (it->call)
            it->call->abort();
        it->result.ok = true;
        finish(channelId);
        return;
    }
    it->body.append(chunk);
}

void HealthProber::onFinished(qint64 channelId)
{
    const auto it = m_running.find(channelId);
    if (it == m_running.end())
        return;
    ProbeResult &result = it->result;
    if (result.status >= 200 && result.status <= 299) {
        result.ok = true;
        result.models = parseModelIds(it->body);
    } else if (result.status == 401 || result.status == 403) {
        result.keyRejected = true;
        result.error = QStringLiteral("key rejected (HTTP %1)").arg(result.status);
    } else {
        result.error = QStringLiteral("HTTP %1").arg(result.status);
    }
    finish(channelId);
}

void HealthProber::onFailed(qint64 channelId, const UpstreamError &error)
{
    const auto it = m_running.find(channelId);
    if (it == m_running.end())
        return;
    it->result.error = QStringLiteral("%1: %2").arg(UpstreamError::kindName(error.kind), error.message);
    finish(channelId);
}

void HealthProber::finish(qint64 channelId)
{
    const auto it = m_running.find(channelId);
    if (it == m_running.end())
        return;
    const ProbeResult result = it->result;
    m_running.erase(it);
    if (!result.ok)
        qCDebug(lcProxy) << "health probe" << result.channelName << "failed:" << result.error;
    startNext();
    Q_EMIT probed(result);
    if (m_running.isEmpty() && m_queue.empty())
        Q_EMIT roundFinished();
}

} // namespace Switchyard
