#include "adminapi.h"

#include "adminauth.h"
#include "adminjson.h"
#include "adminqueries.h"
#include "appcontroller.h"
#include "applogging.h"
#include "clientkeys.h"
#include "httpfront.h"
#include "keyrotation.h"
#include "proxyhost.h"
#include "proxyserver.h"
#include "secretstore.h"
#include "storage.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QThread>

#include <atomic>
#include <unordered_map>

namespace Switchyard {

namespace {

using Method = QHttpServerRequest::Method;

const QByteArray AdminPrefix = QByteArrayLiteral("/admin");
const QString ChannelKeyKind = QStringLiteral("channel-key");

const HttpHeaderList &jsonHeaders()
{
    // Answers may carry a freshly created client key: nothing may keep a copy.
    static const HttpHeaderList headers {
        {QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json")},
        {QByteArrayLiteral("cache-control"), QByteArrayLiteral("no-store")}};
    return headers;
}

AdminReply reply(const QJsonObject &object, int status = 200)
{
    return {status, QJsonDocument(object).toJson(QJsonDocument::Compact)};
}

AdminReply fail(int status, const QString &message)
{
    return {status, AdminApi::errorBody(status, message)};
}

// The kinds of /admin/<kind>[/<id>] and what each allows.
struct Endpoint
{
    QLatin1StringView kind;
    QList<Method> collection; // methods on /admin/<kind>
    QList<Method> item; // methods on /admin/<kind>/<id>; empty = no items
};

const QList<Endpoint> &endpoints()
{
    static const QList<Endpoint> all {
        {QLatin1StringView("status"), {Method::Get}, {}},
        {QLatin1StringView("providers"),
         {Method::Get, Method::Post},
         {Method::Get, Method::Put, Method::Patch, Method::Delete}},
        {QLatin1StringView("channels"),
         {Method::Get, Method::Post},
         {Method::Get, Method::Put, Method::Patch, Method::Delete}},
        {QLatin1StringView("groups"),
         {Method::Get, Method::Post},
         {Method::Get, Method::Put, Method::Patch, Method::Delete}},
        {QLatin1StringView("rules"),
         {Method::Get, Method::Post},
         {Method::Get, Method::Put, Method::Patch, Method::Delete}},
        {QLatin1StringView("client-keys"),
         {Method::Get, Method::Post},
         {Method::Get, Method::Patch, Method::Delete}},
        {QLatin1StringView("breakers"), {Method::Post}, {}},
        {QLatin1StringView("usage"), {Method::Get}, {}},
        {QLatin1StringView("logs"), {Method::Get}, {}},
    };
    return all;
}

QString methodName(Method method)
{
    switch (method) {
    case Method::Get:
        return QStringLiteral("GET");
    case Method::Put:
        return QStringLiteral("PUT");
    case Method::Delete:
        return QStringLiteral("DELETE");
    case Method::Post:
        return QStringLiteral("POST");
    case Method::Patch:
        return QStringLiteral("PATCH");
    default:
        return QStringLiteral("other");
    }
}

template<typename T>
const T *findById(const QList<T> &list, qint64 id)
{
    for (const T &item : list) {
        if (item.id == id)
            return &item;
    }
    return nullptr;
}

// Where a write starts: a default entity (create; PUT, which replaces every field) or the stored one
// (PATCH). nullopt when id names nothing.
template<typename T>
std::optional<T> baseEntity(const QList<T> &stored, qint64 id, Method method)
{
    if (id == 0)
        return T {};
    const T *found = findById(stored, id);
    if (!found)
        return std::nullopt;
    if (method == Method::Patch)
        return *found;
    T fresh;
    fresh.id = id;
    return fresh;
}

// A time bound: ms since the epoch, an ISO 8601 date-time or a date (midnight UTC).
std::optional<qint64> parseTime(const QString &text)
{
    bool isNumber = false;
    const qint64 ms = text.toLongLong(&isNumber);
    if (isNumber)
        return ms;
    QDateTime when = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!when.isValid()) {
        const QDate date = QDate::fromString(text, Qt::ISODate);
        if (date.isValid())
            when = date.startOfDay(Qt::UTC);
    }
    if (!when.isValid())
        return std::nullopt;
    return when.toMSecsSinceEpoch();
}

QString forceName(BreakerForce force)
{
    switch (force) {
    case BreakerForce::Open:
        return QStringLiteral("open");
    case BreakerForce::Closed:
        return QStringLiteral("closed");
    case BreakerForce::None:
        break;
    }
    return QStringLiteral("auto");
}

// Secret references used by channels other than `except`.
QSet<QString> refsInUse(const ConfigData &config, qint64 except)
{
    QSet<QString> refs;
    for (const Channel &channel : config.channels) {
        if (channel.id == except)
            continue;
        for (const ChannelKey &key : channel.keys)
            refs.insert(key.secretRef);
    }
    return refs;
}

void removeSecrets(SecretStore *secrets, const QStringList &refs)
{
    for (const QString &ref : refs) {
        QString error;
        if (!secrets->remove(ref, &error))
            qCWarning(lcApp).noquote()
                << "Cannot remove the unused key" << ref << "from the secret store:" << error;
    }
}

std::atomic<quint64> nextRequestId {1};

// The proxy-thread half: owns the waiting ResponseStreams, refuses non-local requests, posts the
// rest to the AdminApi and delivers its replies.
class AdminFront : public QObject
{
public:
    AdminFront(AdminApi *api, HttpFront *front)
        : QObject(front)
        , m_api(api)
    {
    }

    void handle(const QHttpServerRequest &request, std::unique_ptr<ResponseStream> stream)
    {
        const QString rejection = AdminAuth::browserRejection(
            HttpCompat::requestHeader(request, QByteArrayLiteral("host")),
            HttpCompat::requestHeader(request, QByteArrayLiteral("origin")),
            HttpCompat::requestHeader(request, QByteArrayLiteral("sec-fetch-site")));
        if (!rejection.isEmpty()) {
            stream->sendComplete(403, jsonHeaders(), AdminApi::errorBody(403, rejection));
            return;
        }
        AdminRequest copy;
        copy.id = nextRequestId.fetch_add(1);
        copy.method = request.method();
        copy.path = stream->context().path;
        copy.query = QUrlQuery(request.url());
        copy.authorization = HttpCompat::requestHeader(request, QByteArrayLiteral("authorization"));
        copy.body = request.body();

        ResponseStream *raw = stream.get();
        m_pending.emplace(copy.id, std::move(stream));
        // A client that leaves before the answer: forget its stream (deliver() then finds nothing).
        connect(raw, &ResponseStream::finished, this, [this, id = copy.id] {
            const auto it = m_pending.find(id);
            if (it == m_pending.end())
                return;
            it->second.release()->deleteLater(); // not inside its own signal
            m_pending.erase(it);
        });
        AdminApi *api = m_api;
        QMetaObject::invokeMethod(
            api, [api, copy] { api->submit(copy); }, Qt::QueuedConnection);
    }

    void deliver(quint64 id, int status, const QByteArray &body)
    {
        const auto it = m_pending.find(id);
        if (it == m_pending.end())
            return; // another front's request, or the client is gone
        std::unique_ptr<ResponseStream> stream = std::move(it->second);
        m_pending.erase(it);
        stream->sendComplete(status, jsonHeaders(), body);
    }

private:
    AdminApi *m_api; // outlives this (see adminapi.h)
    std::unordered_map<quint64, std::unique_ptr<ResponseStream>> m_pending;
};

} // namespace

AdminApi::AdminApi(AppController *controller)
    : QObject(nullptr)
    , m_controller(controller)
{
    connect(controller, &AppController::secretsChanged, this, &AdminApi::forgetToken);
}

AdminApi::~AdminApi() = default;

void AdminApi::attach(ProxyServer *server)
{
    if (!server)
        return;
    const auto install = [this, server] {
        HttpFront *front = server->front();
        if (!front)
            return;
        auto *adminFront = new AdminFront(this, front);
        connect(this, &AdminApi::replied, adminFront, &AdminFront::deliver, Qt::QueuedConnection);
        front->routePrefix(
            AdminPrefix,
            [adminFront](const QHttpServerRequest &request, std::unique_ptr<ResponseStream> stream) {
                adminFront->handle(request, std::move(stream));
            });
    };
    QMetaObject::invokeMethod(server, install,
                              server->thread() == QThread::currentThread() ? Qt::DirectConnection
                                                                           : Qt::BlockingQueuedConnection);
}

QByteArray AdminApi::errorBody(int status, const QString &message)
{
    QString type;
    switch (status) {
    case 400:
        type = QStringLiteral("invalid_request");
        break;
    case 401:
        type = QStringLiteral("unauthorized");
        break;
    case 403:
        type = QStringLiteral("forbidden");
        break;
    case 404:
        type = QStringLiteral("not_found");
        break;
    case 405:
        type = QStringLiteral("method_not_allowed");
        break;
    case 409:
        type = QStringLiteral("conflict");
        break;
    case 503:
        type = QStringLiteral("unavailable");
        break;
    default:
        type = QStringLiteral("internal_error");
        break;
    }
    const QJsonObject error {{QStringLiteral("type"), type}, {QStringLiteral("message"), message}};
    return QJsonDocument(QJsonObject {{QStringLiteral("error"), error}}).toJson(QJsonDocument::Compact);
}

void AdminApi::submit(const AdminRequest &request)
{
    // Reading the token may spin a nested event loop (keychain); requests arriving meanwhile wait
    // for it rather than reading (and perhaps generating) it a second time.
    if (m_resolvingToken) {
        m_waiting.append(request);
        return;
    }
    const AdminReply answer = handle(request);
    Q_EMIT replied(request.id, answer.status, answer.body);
    while (!m_resolvingToken && !m_waiting.isEmpty()) {
        const AdminRequest next = m_waiting.takeFirst();
        const AdminReply later = handle(next);
        Q_EMIT replied(next.id, later.status, later.body);
    }
}

QByteArray AdminApi::tokenDigest(QString *error)
{
    if (!m_tokenDigest.isEmpty())
        return m_tokenDigest;
    m_resolvingToken = true;
    const QString token = m_controller->adminToken();
    m_resolvingToken = false;
    if (token.isEmpty()) {
        *error = QStringLiteral("The admin token cannot be read from the secret store (see the log).");
        return {};
    }
    m_tokenDigest = ClientAuth::hashKey(token.toLatin1());
    return m_tokenDigest;
}

AdminReply AdminApi::handle(const AdminRequest &request)
{
    if (!m_controller->storage())
        return fail(503, QStringLiteral("Switchyard is shutting down."));
    if (!m_controller->secretStore()) {
        return fail(503,
                    QStringLiteral("The admin API is off: no keychain is available to keep its token. %1")
                        .arg(m_controller->secretsProblem()));
    }
    QString error;
    const QByteArray digest = tokenDigest(&error);
    if (digest.isEmpty())
        return fail(503, error);
    if (!AdminAuth::tokenMatches(AdminAuth::bearerToken(request.authorization), digest))
        return fail(401,
                    QStringLiteral("A valid admin token is required: \"Authorization: Bearer <token>\"."));
    return route(request);
}

AdminReply AdminApi::route(const AdminRequest &request)
{
    QList<QByteArray> segments = request.path.mid(AdminPrefix.size()).split('/');
    segments.removeAll(QByteArray());
    const auto endpoint = segments.isEmpty()
        ? endpoints().cend()
        : std::find_if(endpoints().cbegin(), endpoints().cend(),
                       [&](const Endpoint &e) { return segments.constFirst() == QByteArrayView(e.kind); });
    if (endpoint == endpoints().cend() || segments.size() > 2
        || (segments.size() == 2 && endpoint->item.isEmpty()))
        return fail(404, QStringLiteral("No admin endpoint at %1.").arg(QString::fromUtf8(request.path)));
    qint64 id = 0;
    if (segments.size() == 2) {
        bool ok = false;
        id = segments.at(1).toLongLong(&ok);
        if (!ok || id <= 0)
            return fail(404,
                        QStringLiteral("No admin endpoint at %1 (ids are positive numbers).")
                            .arg(QString::fromUtf8(request.path)));
    }
    const QList<Method> &allowed = id ? endpoint->item : endpoint->collection;
    if (!allowed.contains(request.method)) {
        QStringList names;
        for (const Method method : allowed)
            names << methodName(method);
        return fail(405,
                    QStringLiteral("%1 is not allowed on %2; use %3.")
                        .arg(methodName(request.method), QString::fromUtf8(request.path),
                             names.join(QStringLiteral(", "))));
    }

    QJsonObject body;
    if (request.method == Method::Post || request.method == Method::Put || request.method == Method::Patch) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
        if (parseError.error != QJsonParseError::NoError)
            return fail(400,
                        QStringLiteral("The body is not valid JSON: %1 at offset %2.")
                            .arg(parseError.errorString())
                            .arg(parseError.offset));
        if (!document.isObject())
            return fail(400, QStringLiteral("The body must be a JSON object."));
        body = document.object();
    }

    const QString kind(endpoint->kind);
    if (kind == u"status")
        return status();
    if (kind == u"breakers")
        return breakers(body);
    if (kind == u"usage")
        return usage(request.query);
    if (kind == u"logs")
        return logs(request.query);
    switch (request.method) {
    case Method::Get:
        return id ? get(kind, id) : list(kind);
    case Method::Post:
        return kind == u"client-keys" ? createClientKey(body) : save(kind, 0, body, request.method);
    case Method::Put:
    case Method::Patch:
        return save(kind, id, body, request.method);
    case Method::Delete:
        return remove(kind, id);
    default:
        break;
    }
    return fail(405, QStringLiteral("Method not allowed."));
}

AdminReply AdminApi::status()
{
    const ProxyStatus status = m_controller->proxyStatus();
    QJsonArray breakers;
    QJsonArray health;
    for (const UpstreamStatus &upstream : status.upstreams) {
        const BreakerSnapshot &b = upstream.breaker;
        const HealthSnapshot &h = upstream.health;
        breakers.append(QJsonObject {{QStringLiteral("channelId"), upstream.key.channelId},
                                     {QStringLiteral("channel"), upstream.channelName},
                                     {QStringLiteral("model"), upstream.key.model},
                                     {QStringLiteral("state"), breakerStateName(b.state)},
                                     {QStringLiteral("force"), forceName(b.force)},
                                     {QStringLiteral("admitting"), b.admitting},
                                     {QStringLiteral("consecutiveFailures"), b.consecutiveFailures},
                                     {QStringLiteral("windowRequests"), b.windowRequests},
                                     {QStringLiteral("windowFailures"), b.windowFailures},
                                     {QStringLiteral("errorRate"), b.errorRate},
                                     {QStringLiteral("openings"), b.openings},
                                     {QStringLiteral("cooldownMs"), b.cooldownMs},
                                     {QStringLiteral("nextProbeAtMs"), b.nextProbeAtMs},
                                     {QStringLiteral("lastTransitionAtMs"), b.lastTransitionAtMs}});
        health.append(QJsonObject {{QStringLiteral("channelId"), upstream.key.channelId},
                                   {QStringLiteral("channel"), upstream.channelName},
                                   {QStringLiteral("model"), upstream.key.model},
                                   {QStringLiteral("inFlight"), h.inFlight},
                                   {QStringLiteral("ttftEwmaMs"), h.ttftEwmaMs},
                                   {QStringLiteral("successRate"), h.successRate},
                                   {QStringLiteral("recentRequests"), h.recentRequests},
                                   {QStringLiteral("recentFailures"), h.recentFailures},
                                   {QStringLiteral("totalRequests"), h.totalRequests},
                                   {QStringLiteral("totalFailures"), h.totalFailures},
                                   {QStringLiteral("lastError"), h.lastError},
                                   {QStringLiteral("lastErrorAtMs"), h.lastErrorAtMs},
                                   {QStringLiteral("lastProbeAtMs"), upstream.lastProbeAtMs},
                                   {QStringLiteral("lastProbeOk"), upstream.lastProbeOk}});
    }
    // The engine names keys by KeyRotation::keyId(); scripts know them by the ids /admin/channels shows.
    QHash<QString, qint64> keyIds;
    if (const ConfigSnapshotPtr snapshot = m_controller->snapshot()) {
        for (const Channel &channel : snapshot->config.channels) {
            for (const ChannelKey &key : channel.keys)
                keyIds.insert(KeyRotation::keyId(key), key.id);
        }
    }
    QJsonArray keys;
    for (const ChannelKeyStatus &entry : status.keys) {
        keys.append(QJsonObject {{QStringLiteral("channelId"), entry.channelId},
                                 {QStringLiteral("id"), keyIds.value(entry.key.keyId)},
                                 {QStringLiteral("keyId"), entry.key.keyId},
                                 {QStringLiteral("hint"), entry.key.hint},
                                 {QStringLiteral("disabled"), entry.key.disabled},
                                 {QStringLiteral("disabledReason"), entry.key.disabledReason},
                                 {QStringLiteral("coolingUntilMs"), entry.key.coolingUntilMs}});
    }
    return reply({{QStringLiteral("running"), m_controller->isProxyRunning()},
                  {QStringLiteral("baseUrl"), m_controller->baseUrl()},
                  {QStringLiteral("configGeneration"), qint64(m_controller->snapshotGeneration())},
                  {QStringLiteral("atMs"), status.atMs},
                  {QStringLiteral("inFlight"), status.inFlight},
                  {QStringLiteral("degraded"), status.degraded()},
                  {QStringLiteral("breakers"), breakers},
                  {QStringLiteral("health"), health},
                  {QStringLiteral("keys"), keys}});
}

AdminReply AdminApi::breakers(const QJsonObject &body)
{
    ConfigData config;
    QString error;
    if (!m_controller->storage()->loadConfig(&config, &error))
        return fail(500, error);
    const QJsonValue channelValue = body.value(QStringLiteral("channel"));
    const Channel *channel = channelValue.isDouble() ? config.channelById(channelValue.toInteger())
        : channelValue.isString()                    ? config.channelByName(channelValue.toString().trimmed())
                                                     : nullptr;
    if (!channel)
        return fail(400, QStringLiteral("channel: no such channel (give its id or name)"));
    const QString model = body.value(QStringLiteral("model")).toString().trimmed();
    if (model.isEmpty())
        return fail(400, QStringLiteral("model: is required"));
    const QString forceText = body.value(QStringLiteral("force")).toString();
    BreakerForce force = BreakerForce::None;
    if (forceText == u"open")
        force = BreakerForce::Open;
    else if (forceText == u"closed")
        force = BreakerForce::Closed;
    else if (forceText != u"auto")
        return fail(400, QStringLiteral("force: expected \"open\", \"closed\" or \"auto\""));
    m_controller->forceBreaker(channel->id, model, force);
    qCInfo(lcApp).noquote() << "Admin API: breaker of" << channel->name << model << "set to" << forceText;
    return reply({{QStringLiteral("channelId"), channel->id},
                  {QStringLiteral("channel"), channel->name},
                  {QStringLiteral("model"), model},
                  {QStringLiteral("force"), forceText}});
}

AdminReply AdminApi::usage(const QUrlQuery &query)
{
    AdminQueries::UsageFilter filter;
    filter.toMs = QDateTime::currentMSecsSinceEpoch() + 1;
    for (const auto &[name, bound] : {std::pair {QStringLiteral("from"), &filter.fromMs},
                                      std::pair {QStringLiteral("to"), &filter.toMs}}) {
        if (!query.hasQueryItem(name))
            continue;
        const std::optional<qint64> ms = parseTime(query.queryItemValue(name, QUrl::FullyDecoded));
        if (!ms)
            return fail(
                400,
                QStringLiteral("%1: expected ms since the epoch, an ISO 8601 date-time or a date").arg(name));
        *bound = *ms;
    }
    const QString groupByText = query.queryItemValue(QStringLiteral("groupBy"));
    const std::optional<AdminQueries::GroupBy> groupBy = AdminQueries::groupByFromString(groupByText);
    if (!groupBy)
        return fail(400, QStringLiteral("groupBy: expected model, channel or day"));
    filter.groupBy = *groupBy;
    QJsonObject result;
    QString error;
    if (!AdminQueries::usage(*m_controller->storage(), filter, &result, &error))
        return fail(500, error);
    result.insert(QStringLiteral("from"), filter.fromMs);
    result.insert(QStringLiteral("to"), filter.toMs);
    result.insert(QStringLiteral("groupBy"), groupByText.isEmpty() ? QStringLiteral("model") : groupByText);
    return reply(result);
}

AdminReply AdminApi::logs(const QUrlQuery &query)
{
    AdminQueries::LogFilter filter;
    if (query.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        filter.limit = query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || filter.limit < 1 || filter.limit > 1000)
            return fail(400, QStringLiteral("limit: expected a number from 1 to 1000"));
    }
    const QString status = query.queryItemValue(QStringLiteral("status")).toLower();
    if (!status.isEmpty()) {
        // "5xx" selects a class, a number one status.
        const bool isClass = status.size() == 3 && status.endsWith(QStringLiteral("xx"))
            && status.at(0) >= u'1' && status.at(0) <= u'5';
        bool ok = false;
        if (isClass)
            filter.statusClass = status.at(0).digitValue();
        else
            filter.status = status.toInt(&ok);
        if (!isClass && (!ok || filter.status < 100 || filter.status > 599))
            return fail(
                400, QStringLiteral("status: expected an HTTP status such as 429, or a class such as 5xx"));
    }
    if (query.hasQueryItem(QStringLiteral("before"))) {
        const std::optional<qint64> before =
            parseTime(query.queryItemValue(QStringLiteral("before"), QUrl::FullyDecoded));
        if (!before)
            return fail(400, QStringLiteral("before: expected ms since the epoch or an ISO 8601 date-time"));
        filter.beforeMs = *before;
    }
    filter.model = query.queryItemValue(QStringLiteral("model"), QUrl::FullyDecoded);
    filter.session = query.queryItemValue(QStringLiteral("session"), QUrl::FullyDecoded);
    QJsonArray rows;
    QString error;
    if (!AdminQueries::logs(*m_controller->storage(), filter, &rows, &error))
        return fail(500, error);
    return reply({{QStringLiteral("items"), rows}});
}

AdminReply AdminApi::list(const QString &kind)
{
    ConfigData config;
    QString error;
    if (!m_controller->storage()->loadConfig(&config, &error))
        return fail(500, error);
    QJsonArray items;
    if (kind == u"providers") {
        for (const Provider &provider : std::as_const(config.providers))
            items.append(AdminJson::providerToJson(provider));
    } else if (kind == u"channels") {
        for (const Channel &channel : std::as_const(config.channels))
            items.append(AdminJson::channelToJson(channel, config));
    } else if (kind == u"groups") {
        for (const ModelGroup &group : std::as_const(config.groups))
            items.append(AdminJson::groupToJson(group, config));
    } else if (kind == u"rules") {
        for (const RoutingRule &rule : std::as_const(config.rules))
            items.append(AdminJson::ruleToJson(rule));
    } else if (kind == u"client-keys") {
        for (const ClientKey &key : std::as_const(config.clientKeys))
            items.append(AdminJson::clientKeyToJson(key));
    }
    return reply({{QStringLiteral("items"), items}});
}

AdminReply AdminApi::get(const QString &kind, qint64 id)
{
    ConfigData config;
    QString error;
    if (!m_controller->storage()->loadConfig(&config, &error))
        return fail(500, error);
    std::optional<QJsonObject> object;
    if (kind == u"providers") {
        if (const Provider *provider = findById(config.providers, id))
            object = AdminJson::providerToJson(*provider);
    } else if (kind == u"channels") {
        if (const Channel *channel = findById(config.channels, id))
            object = AdminJson::channelToJson(*channel, config);
    } else if (kind == u"groups") {
        if (const ModelGroup *group = findById(config.groups, id))
            object = AdminJson::groupToJson(*group, config);
    } else if (kind == u"rules") {
        if (const RoutingRule *rule = findById(config.rules, id))
            object = AdminJson::ruleToJson(*rule);
    } else if (kind == u"client-keys") {
        if (const ClientKey *key = findById(config.clientKeys, id))
            object = AdminJson::clientKeyToJson(*key);
    }
    if (!object)
        return fail(404, QStringLiteral("No %1 entry with id %2.").arg(kind).arg(id));
    return reply(*object);
}

AdminReply AdminApi::save(const QString &kind, qint64 id, const QJsonObject &body, Method method)
{
    Storage *storage = m_controller->storage();
    ConfigData config;
    QString error;
    if (!storage->loadConfig(&config, &error))
        return fail(500, error);
    AdminJson::Reader reader(body, config);
    const int okStatus = id ? 200 : 201;
    const AdminReply notFound = fail(404, QStringLiteral("No %1 entry with id %2.").arg(kind).arg(id));

    // The shared tail of every save: read the body onto the entity, store it, answer with it.
    const auto store = [&](auto entity, auto read, auto write, auto toJson) -> AdminReply {
        if (!entity)
            return notFound;
        if (!(reader.*read)(&*entity))
            return fail(400, reader.error());
        if (!(storage->*write)(&*entity, &error))
            return fail(500, error);
        return reply(toJson(*entity), okStatus);
    };
    if (kind == u"providers") {
        return store(baseEntity(config.providers, id, method), &AdminJson::Reader::readProvider,
                     &Storage::saveProvider, &AdminJson::providerToJson);
    }
    if (kind == u"groups") {
        return store(baseEntity(config.groups, id, method), &AdminJson::Reader::readGroup,
                     &Storage::saveGroup,
                     [&config](const ModelGroup &group) { return AdminJson::groupToJson(group, config); });
    }
    if (kind == u"rules") {
        return store(baseEntity(config.rules, id, method), &AdminJson::Reader::readRule, &Storage::saveRule,
                     &AdminJson::ruleToJson);
    }
    if (kind == u"client-keys") {
        // Only PATCH reaches here: a key cannot be replaced as a whole (its hash is not settable).
        return store(baseEntity(config.clientKeys, id, Method::Patch), &AdminJson::Reader::readClientKey,
                     &Storage::saveClientKey, &AdminJson::clientKeyToJson);
    }
    // Channels: keys need the secret store.
    const std::optional<Channel> channel = baseEntity(config.channels, id, method);
    if (!channel)
        return notFound;
    const Channel *stored = id ? findById(config.channels, id) : nullptr;
    std::optional<QList<AdminJson::KeyInput>> keys;
    Channel updated = *channel;
    if (!reader.readChannel(&updated, &keys))
        return fail(400, reader.error());
    if (stored && !keys)
        updated.keys = stored->keys; // PUT without "keys" keeps them: they cannot be read back

    QList<std::pair<QString, QByteArray>> newSecrets;
    if (keys) {
        QList<ChannelKey> list;
        for (const AdminJson::KeyInput &input : std::as_const(*keys)) {
            ChannelKey key;
            const QString fingerprint = input.secret ? SecretStore::fingerprintFor(*input.secret) : QString();
            const ChannelKey *old = nullptr;
            for (const ChannelKey &candidate : stored ? stored->keys : QList<ChannelKey>()) {
                if ((input.id && candidate.id == input.id)
                    || (!input.id && candidate.fingerprint == fingerprint))
                    old = &candidate;
            }
            if (old) {
                key = *old;
            } else if (input.id) {
                return fail(400, QStringLiteral("keys: this channel has no key with id %1").arg(input.id));
            } else {
                key.secretRef = SecretStore::newReference(ChannelKeyKind);
                key.hint = SecretStore::hintFor(*input.secret);
                key.fingerprint = fingerprint;
                newSecrets.append({key.secretRef, *input.secret});
            }
            for (const ChannelKey &other : std::as_const(list)) {
                if (other.secretRef == key.secretRef)
                    return fail(400, QStringLiteral("keys: the key %1 is listed twice").arg(key.hint));
            }
            key.weight = input.weight.value_or(key.weight);
            key.disabled = input.disabled.value_or(key.disabled);
            key.disabledReason = input.disabledReason.value_or(key.disabled ? key.disabledReason : QString());
            list.append(key);
        }
        updated.keys = list;
    }

    // Secrets first: a saved channel must never name a key the store does not have.
    SecretStore *secrets = m_controller->secretStore();
    QStringList written;
    for (const auto &[ref, secret] : std::as_const(newSecrets)) {
        if (!secrets->write(ref, secret, &error)) {
            removeSecrets(secrets, written);
            return fail(500, QStringLiteral("Cannot store the key in the secret store: %1").arg(error));
        }
        written << ref;
    }
    if (!storage->saveChannel(&updated, &error)) {
        removeSecrets(secrets, written);
        return fail(500, error);
    }
    if (stored) {
        const QSet<QString> inUse = refsInUse(config, updated.id);
        QSet<QString> kept;
        for (const ChannelKey &key : std::as_const(updated.keys))
            kept.insert(key.secretRef);
        QStringList orphaned;
        for (const ChannelKey &key : stored->keys) {
            if (!kept.contains(key.secretRef) && !inUse.contains(key.secretRef))
                orphaned << key.secretRef;
        }
        removeSecrets(secrets, orphaned);
        // A key the user re-enabled must also leave the proxy's runtime disable list.
        for (const ChannelKey &key : std::as_const(updated.keys)) {
            const auto was = std::find_if(stored->keys.cbegin(), stored->keys.cend(),
                                          [&](const ChannelKey &k) { return k.id == key.id; });
            if (was != stored->keys.cend() && was->disabled && !key.disabled && m_controller->proxyHost())
                m_controller->proxyHost()->enableKey(updated.id, KeyRotation::keyId(key));
        }
    }
    config.channels.append(updated); // for the provider name only
    return reply(AdminJson::channelToJson(updated, config), okStatus);
}

AdminReply AdminApi::createClientKey(const QJsonObject &body)
{
    Storage *storage = m_controller->storage();
    ConfigData config;
    QString error;
    if (!storage->loadConfig(&config, &error))
        return fail(500, error);
    ClientKey key;
    AdminJson::Reader reader(body, config);
    if (!reader.readClientKey(&key))
        return fail(400, reader.error());
    ClientKeys::GeneratedKey generated = ClientKeys::generate();
    key.hash = generated.hash;
    key.prefix = generated.prefix;
    if (!storage->saveClientKey(&key, &error))
        return fail(500, error);
    QJsonObject object = AdminJson::clientKeyToJson(key);
    // The only time the key is ever shown.
    object.insert(QStringLiteral("key"), generated.plaintext);
    generated.plaintext.fill(u'\0');
    qCInfo(lcApp).noquote() << "Admin API: created client key" << key.prefix << "named" << key.name;
    return reply(object, 201);
}

AdminReply AdminApi::remove(const QString &kind, qint64 id)
{
    Storage *storage = m_controller->storage();
    ConfigData config;
    QString error;
    if (!storage->loadConfig(&config, &error))
        return fail(500, error);
    // Keys of the channels that go (a provider takes its channels along) leave the secret store.
    QList<qint64> channelIds;
    bool found = false;
    bool ok = false;
    if (kind == u"providers") {
        found = findById(config.providers, id);
        for (const Channel &channel : std::as_const(config.channels)) {
            if (channel.providerId == id)
                channelIds << channel.id;
        }
        ok = found && storage->deleteProvider(id, &error);
    } else if (kind == u"channels") {
        found = findById(config.channels, id);
        channelIds << id;
        ok = found && storage->deleteChannel(id, &error);
    } else if (kind == u"groups") {
        found = findById(config.groups, id);
        ok = found && storage->deleteGroup(id, &error);
    } else if (kind == u"rules") {
        found = findById(config.rules, id);
        ok = found && storage->deleteRule(id, &error);
    } else if (kind == u"client-keys") {
        found = findById(config.clientKeys, id);
        ok = found && storage->deleteClientKey(id, &error);
    }
    if (!found)
        return fail(404, QStringLiteral("No %1 entry with id %2.").arg(kind).arg(id));
    if (!ok)
        return fail(500, error);
    QSet<QString> inUse;
    QStringList orphaned;
    for (const Channel &channel : std::as_const(config.channels)) {
        for (const ChannelKey &key : channel.keys) {
            if (channelIds.contains(channel.id))
                orphaned << key.secretRef;
            else
                inUse.insert(key.secretRef);
        }
    }
    orphaned.removeIf([&](const QString &ref) { return inUse.contains(ref); });
    removeSecrets(m_controller->secretStore(), orphaned);
    return reply({{QStringLiteral("deleted"), true}, {QStringLiteral("id"), id}});
}

} // namespace Switchyard
