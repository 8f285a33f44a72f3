#include "engine.h"

#include "clientauth.h"
#include "exchange.h"
#include "httpfront.h"
#include "logging.h"
#include "modelsendpoint.h"
#include "proxyserver.h"
#include "tokenizer.h"
#include "upstreamclient.h"

#include <QDateTime>
#include <QThreadPool>

namespace Switchyard {

namespace {

using Method = QHttpServerRequest::Method;

const QByteArray modelsPath = QByteArrayLiteral("/v1/models");
const QByteArray modelPrefix = QByteArrayLiteral("/v1/models/");
const QByteArray modelRoute = QByteArrayLiteral("/v1/models/*");

int intSetting(const QVariantMap &settings, const char *key, int fallback)
{
    const QVariant value = settings.value(QLatin1String(key));
    bool ok = false;
    const int number = value.toInt(&ok);
    return ok && number >= 0 ? number : fallback;
}

bool boolSetting(const QVariantMap &settings, const char *key, bool fallback)
{
    const QVariant value = settings.value(QLatin1String(key));
    if (!value.isValid())
        return fallback;
    if (value.typeId() == QMetaType::Bool)
        return value.toBool();
    const QString text = value.toString().trimmed().toLower();
    if (text == u"false" || text == u"0" || text == u"no" || text == u"off")
        return false;
    if (text == u"true" || text == u"1" || text == u"yes" || text == u"on")
        return true;
    return fallback;
}

} // namespace

EngineSettings EngineSettings::fromSettings(const QVariantMap &settings)
{
    EngineSettings s;
    s.connectTimeoutMs = intSetting(settings, "proxy/connectTimeoutMs", s.connectTimeoutMs);
    s.firstByteTimeoutMs = intSetting(settings, "proxy/firstByteTimeoutMs", s.firstByteTimeoutMs);
    s.nonStreamTimeoutMs = intSetting(settings, "proxy/nonStreamTimeoutMs", s.nonStreamTimeoutMs);
    s.idleTimeoutMs = intSetting(settings, "proxy/idleTimeoutMs", s.idleTimeoutMs);
    s.pingIntervalMs = intSetting(settings, "proxy/pingIntervalMs", s.pingIntervalMs);
    s.retryAfterCapMs = intSetting(settings, "proxy/retryAfterCapMs", s.retryAfterCapMs);
    s.routeHeader = boolSetting(settings, "proxy/routeHeader", s.routeHeader);
    s.localTokenCount = boolSetting(settings, "proxy/localTokenCount", s.localTokenCount);
    s.openAIReasoningContent =
        boolSetting(settings, "proxy/openaiReasoningContent", s.openAIReasoningContent);
    return s;
}

Engine::Engine(ProxyServer *server)
    : QObject(server)
    , m_server(server)
    , m_upstream(new UpstreamClient(this))
    , m_router(std::make_unique<Router>())
{
}

Engine::~Engine()
{
    // Exchanges first: they abort their upstream calls while the upstream client still exists.
    const QSet<Exchange *> exchanges = m_exchanges;
    m_exchanges.clear();
    qDeleteAll(exchanges);
}

void Engine::setRouter(std::unique_ptr<Router> router)
{
    if (router)
        m_router = std::move(router);
}

void Engine::registerRoutes(HttpFront *front)
{
    const auto exchange = [this](Exchange::Kind kind) {
        return [this, kind](const QHttpServerRequest &request, std::unique_ptr<ResponseStream> stream) {
            startExchange(int(kind), request, std::move(stream));
        };
    };
    front->route(Method::Post, "/v1/messages", exchange(Exchange::Kind::Messages));
    front->route(Method::Post, "/v1/messages/count_tokens", exchange(Exchange::Kind::CountTokens));
    front->route(Method::Post, "/v1/chat/completions", exchange(Exchange::Kind::ChatCompletions));
    front->route(Method::Get, modelsPath,
                 [this](const QHttpServerRequest &request, std::unique_ptr<ResponseStream> stream) {
                     serveModels(request, std::move(stream), false);
                 });
    front->route(Method::Get, modelRoute,
                 [this](const QHttpServerRequest &request, std::unique_ptr<ResponseStream> stream) {
                     serveModels(request, std::move(stream), true);
                 });
}

void Engine::mapRoutePath(RequestContext &context)
{
    if (context.path.startsWith(modelPrefix) && context.path.size() > modelPrefix.size())
        context.path = modelRoute;
}

void Engine::warmUp()
{
    QThreadPool::globalInstance()->start([] {
        QElapsedTimer clock;
        clock.start();
        const bool valid = Tokenizer::o200k().isValid();
        qCDebug(lcProxy) << "o200k tokenizer loaded in" << clock.elapsed() << "ms, valid:" << valid;
    });
}

void Engine::startExchange(int kind, const QHttpServerRequest &request,
                           std::unique_ptr<ResponseStream> stream)
{
    auto *exchange = new Exchange(this, Exchange::Kind(kind), request, std::move(stream));
    m_exchanges.insert(exchange);
    connect(exchange, &Exchange::done, this, [this, exchange] {
        m_exchanges.remove(exchange);
        exchange->deleteLater();
    });
    exchange->start();
}

void Engine::serveModels(const QHttpServerRequest &request, std::unique_ptr<ResponseStream> stream,
                         bool single)
{
    const QByteArray xApiKey = HttpCompat::requestHeader(request, QByteArrayLiteral("x-api-key"));
    const QByteArray version = HttpCompat::requestHeader(request, QByteArrayLiteral("anthropic-version"));
    const bool anthropic = ModelsEndpoint::wantsAnthropicShape(xApiKey, version);
    const ErrorStyle style = anthropic ? ErrorStyle::Anthropic : ErrorStyle::OpenAI;
    ConfigSnapshotPtr snapshot = stream->context().snapshot;
    if (!snapshot)
        snapshot = std::make_shared<const ConfigSnapshot>();

    const AuthResult auth = ClientAuth::check(
        snapshot->config, xApiKey, HttpCompat::requestHeader(request, QByteArrayLiteral("authorization")),
        request.remoteAddress());
    if (!auth.ok()) {
        ClientError::send(*stream, style, auth.httpStatus(), auth.message);
        return;
    }
    QStringList ids = Router::availableModels(snapshot->config);
    ids.removeIf([&auth](const QString &id) { return !ClientAuth::allowsModel(auth.key, id); });

    static const HttpHeaderList json = {{"Content-Type", "application/json"}};
    if (!single) {
        stream->sendComplete(200, json,
                             anthropic ? ModelsEndpoint::anthropicList(ids, request.query())
                                       : ModelsEndpoint::openAIList(ids));
        return;
    }
    // The id is everything after /v1/models/ (ids may contain '/', e.g. "openai/gpt-4o").
    const QByteArray path = HttpFront::normalisePath(request.url().path(QUrl::FullyEncoded).toUtf8());
    const QString id = QUrl::fromPercentEncoding(path.mid(modelPrefix.size()));
    if (!ids.contains(id)) {
        ClientError::send(*stream, style, 404, QStringLiteral("Model %1 not found.").arg(id));
        return;
    }
    stream->sendComplete(200, json,
                         anthropic ? ModelsEndpoint::anthropicModel(id) : ModelsEndpoint::openAIModel(id));
}

Engine::KeyChoice Engine::pickKey(const ConfigSnapshot &snapshot, const Channel &channel)
{
    KeyChoice choice;
    if (channel.keys.isEmpty())
        return choice; // a local model: no auth at all
    QList<const ChannelKey *> usable;
    for (const ChannelKey &key : channel.keys) {
        if (!key.disabled && !snapshot.secret(key.secretRef).isEmpty())
            usable.append(&key);
    }
    if (usable.isEmpty()) {
        choice.usable = false;
        return choice;
    }
    quint64 &cursor = m_keyCursor[channel.name];
    choice.key = usable.at(qsizetype(cursor++ % quint64(usable.size())));
    choice.secret = snapshot.secret(choice.key->secretRef);
    return choice;
}

void Engine::coolDown(const Channel &channel, qint64 ms)
{
    const qint64 until = QDateTime::currentMSecsSinceEpoch() + ms;
    qint64 &current = m_coolDownUntil[channel.name];
    current = std::max(current, until);
    qCInfo(lcProxy).noquote()
        << QStringLiteral("channel %1 cools down for %2 s").arg(channel.name).arg(ms / 1000);
}

bool Engine::isCoolingDown(const Channel &channel) const
{
    const auto it = m_coolDownUntil.constFind(channel.name);
    return it != m_coolDownUntil.cend() && it.value() > QDateTime::currentMSecsSinceEpoch();
}

void Engine::recordUsage(const UsageRecord &record)
{
    m_server->recordUsage(record);
}

} // namespace Switchyard
