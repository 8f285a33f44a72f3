#include "channeltester.h"

#include "applogging.h"
#include "providerpresets.h"
#include "secretstore.h"
#include "sseparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrlQuery>

#include <algorithm>

namespace Switchyard {

namespace {

constexpr QByteArrayView AnthropicVersion = "2023-06-01";
constexpr int MaxReplyChars = 80;
constexpr int MaxErrorChars = 300;
constexpr int MaxModelPages = 20; // Anthropic pages of up to 1000 models: far more than any vendor has

QString trimmedBase(const QString &baseUrl)
{
    QString base = baseUrl.trimmed();
    while (base.endsWith(u'/'))
        base.chop(1);
    return base;
}

// Same rule as the proxy (exchange.cpp): Anthropic bases come with and without "/v1".
QString anthropicV1(const QString &base)
{
    return base.endsWith(QLatin1String("/v1")) ? base : base + QLatin1String("/v1");
}

// The message of an error body in either vendor shape ({"error":{"message":..}} or {"message":..}
// or {"error":"..."}), shortened; the raw text when it is not JSON.
QString errorMessage(const QByteArray &body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    QString message;
    const QJsonValue error = object.value(QLatin1String("error"));
    if (error.isObject())
        message = error.toObject().value(QLatin1String("message")).toString();
    else if (error.isString())
        message = error.toString();
    if (message.isEmpty())
        message = object.value(QLatin1String("message")).toString();
    if (message.isEmpty() && object.isEmpty())
        message = QString::fromUtf8(body).simplified();
    return message.left(MaxErrorChars);
}

} // namespace

ChannelTester::ChannelTester(QObject *parent)
    : QObject(parent)
    , m_nam(new QNetworkAccessManager(this))
    , m_timeout(new QTimer(this))
{
    qRegisterMetaType<Switchyard::ChannelTestResult>();
    m_timeout->setSingleShot(true);
    connect(m_timeout, &QTimer::timeout, this, [this] {
        m_timedOut = true;
        if (m_reply)
            m_reply->abort(); // finished() follows and reports the timeout
    });
}

ChannelTester::~ChannelTester()
{
    abortReply();
}

bool ChannelTester::isBusy() const
{
    return m_operation != Operation::None;
}

void ChannelTester::setProxyUrl(const QString &proxyUrl)
{
    m_proxyUrl = proxyUrl.trimmed();
}

QString ChannelTester::testUrl(Protocol protocol, const QString &baseUrl)
{
    const QString base = trimmedBase(baseUrl);
    return protocol == Protocol::Anthropic ? anthropicV1(base) + QLatin1String("/messages")
                                           : base + QLatin1String("/chat/completions");
}

QString ChannelTester::modelsUrl(Protocol protocol, const QString &baseUrl)
{
    const QString base = trimmedBase(baseUrl);
    return protocol == Protocol::Anthropic ? anthropicV1(base) + QLatin1String("/models")
                                           : base + QLatin1String("/models");
}

void ChannelTester::cancel()
{
    abortReply();
    m_timeout->stop();
    m_operation = Operation::None;
    m_secret.clear();
}

void ChannelTester::abortReply()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}

void ChannelTester::startTimer()
{
    m_timedOut = false;
    m_timeout->start(m_timeoutMs);
}

QNetworkReply *ChannelTester::send(const QString &url, Protocol protocol, const QByteArray &secret,
                                   const QByteArray &body)
{
    if (m_proxyUrl == QLatin1String("none")) {
        m_nam->setProxy(QNetworkProxy(QNetworkProxy::NoProxy));
    } else if (m_proxyUrl.isEmpty() || m_proxyUrl == QLatin1String("system")) {
        m_nam->setProxy(QNetworkProxy(QNetworkProxy::DefaultProxy));
    } else {
        const QUrl proxy(m_proxyUrl);
        const bool socks = proxy.scheme().startsWith(QLatin1String("socks"));
        m_nam->setProxy(QNetworkProxy(socks ? QNetworkProxy::Socks5Proxy : QNetworkProxy::HttpProxy,
                                      proxy.host(), quint16(proxy.port(socks ? 1080 : 8080)),
                                      proxy.userName(), proxy.password()));
    }

    QNetworkRequest request {QUrl(url)};
    request.setTransferTimeout(0); // our own timer covers the whole operation
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    if (protocol == Protocol::Anthropic) {
        request.setRawHeader("anthropic-version", AnthropicVersion.toByteArray());
        if (!secret.isEmpty())
            request.setRawHeader("x-api-key", secret);
    } else if (!secret.isEmpty()) {
        request.setRawHeader("Authorization", "Bearer " + secret);
    }
    if (body.isEmpty())
        return m_nam->get(request);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Accept", "text/event-stream");
    return m_nam->post(request, body);
}

void ChannelTester::test(const Provider &provider, const QString &baseUrl, const QByteArray &secret,
                         const QString &model)
{
    cancel();
    m_operation = Operation::Test;
    m_protocol = provider.protocol;
    m_secret = secret;
    m_buffer.clear();
    m_text.clear();
    m_streamError.clear();
    m_ttftMs = -1;
    m_firstEventMs = -1;

    QString problem;
    if (!ProviderPresets::canTest(provider.protocol))
        problem = tr("Testing %1 providers is not supported yet.").arg(protocolToString(provider.protocol));
    else if (trimmedBase(baseUrl).isEmpty() || !QUrl(trimmedBase(baseUrl)).isValid())
        problem = tr("The base URL is empty or invalid.");
    else if (model.trimmed().isEmpty())
        problem = tr("No model to test with: add a model first.");
    if (!problem.isEmpty()) {
        ChannelTestResult result;
        result.error = problem;
        // Queued, so a caller always sees the result after test() returned, like a network result.
        QMetaObject::invokeMethod(
            this, [this, result] { finishTest(result); }, Qt::QueuedConnection);
        return;
    }

    QJsonObject body {
        {QStringLiteral("model"), model.trimmed()},
        {QStringLiteral("max_tokens"), 8},
        {QStringLiteral("stream"), true},
        {QStringLiteral("messages"),
         QJsonArray {QJsonObject {{QStringLiteral("role"), QStringLiteral("user")},
                                  {QStringLiteral("content"), QStringLiteral("Reply with OK")}}}},
    };
    const QString url = testUrl(provider.protocol, baseUrl);
    Q_EMIT progress(tr("Connecting to %1…").arg(QUrl(url).host()));
    m_clock.start();
    startTimer();
    m_reply = send(url, provider.protocol, secret, QJsonDocument(body).toJson(QJsonDocument::Compact));
    connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] {
        if (m_reply && m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() / 100 == 2)
            Q_EMIT progress(tr("Waiting for the first token…"));
    });
    connect(m_reply, &QNetworkReply::readyRead, this, &ChannelTester::onTestData);
    connect(m_reply, &QNetworkReply::finished, this, &ChannelTester::onTestFinished);
}

void ChannelTester::onTestData()
{
    if (!m_reply)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray contentType =
        m_reply->header(QNetworkRequest::ContentTypeHeader).toByteArray().toLower();
    if (status / 100 != 2 || !contentType.contains("event-stream")) {
        m_buffer += m_reply->readAll(); // an error or a whole JSON body: read at the end
        return;
    }
    if (m_firstEventMs < 0)
        m_firstEventMs = m_clock.elapsed();
    m_buffer += m_reply->readAll();
    consumeEvents(false);
}

// Pulls complete SSE events out of m_buffer and records text, the first token time and errors.
void ChannelTester::consumeEvents(bool atEnd)
{
    SseParser parser;
    parser.feed(m_buffer.constData(), m_buffer.size());
    if (atEnd)
        parser.finish();
    SseEvent event;
    while (parser.next(event)) {
        const QByteArray data = QByteArray(event.data.data(), qsizetype(event.data.size()));
        if (data == "[DONE]")
            continue;
        const QJsonObject object = QJsonDocument::fromJson(data).object();
        QString text;
        if (object.contains(QLatin1String("error"))) {
            m_streamError = errorMessage(data);
        } else if (m_protocol == Protocol::Anthropic) {
            const QJsonObject delta = object.value(QLatin1String("delta")).toObject();
            text = delta.value(QLatin1String("text")).toString();
            if (text.isEmpty())
                text = delta.value(QLatin1String("thinking")).toString();
        } else {
            const QJsonObject delta = object.value(QLatin1String("choices"))
                                          .toArray()
                                          .at(0)
                                          .toObject()
                                          .value(QLatin1String("delta"))
                                          .toObject();
            text = delta.value(QLatin1String("content")).toString();
            if (text.isEmpty())
                text = delta.value(QLatin1String("reasoning_content")).toString();
        }
        if (!text.isEmpty() && m_ttftMs < 0) {
            m_ttftMs = m_clock.elapsed();
            Q_EMIT progress(tr("First token after %1 ms…").arg(m_ttftMs));
        }
        m_text += text;
    }
    // Keep only what the parser has not turned into events yet (the tail after the last boundary).
    m_buffer = m_buffer.mid(qsizetype(parser.boundaryOffset()));
}

void ChannelTester::onTestFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    m_reply = nullptr;
    reply->deleteLater();
    m_timeout->stop();

    ChannelTestResult result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.latencyMs = m_clock.elapsed();
    if (reply->isOpen()) // not after an abort
        m_buffer += reply->readAll();
    const QByteArray contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray().toLower();

    if (m_timedOut) {
        result.error = tr("No complete answer within %1 s.").arg(m_timeoutMs / 1000.0);
    } else if (result.status == 0) {
        result.error = tr("Cannot connect: %1").arg(reply->errorString());
    } else if (result.status / 100 != 2) {
        const QString message = errorMessage(m_buffer);
        result.error = message.isEmpty() ? tr("HTTP %1").arg(result.status)
                                         : tr("HTTP %1: %2").arg(result.status).arg(message);
    } else if (contentType.contains("event-stream")) {
        consumeEvents(true);
        if (!m_streamError.isEmpty())
            result.error = tr("The stream reported an error: %1").arg(m_streamError);
        else if (reply->error() != QNetworkReply::NoError)
            result.error = tr("The stream broke off: %1").arg(reply->errorString());
        result.ttftMs = m_ttftMs >= 0 ? m_ttftMs : m_firstEventMs;
    } else {
        // The server ignored "stream": take the whole JSON answer; its first token came with it.
        const QJsonObject object = QJsonDocument::fromJson(m_buffer).object();
        if (m_protocol == Protocol::Anthropic)
            m_text = object.value(QLatin1String("content"))
                         .toArray()
                         .at(0)
                         .toObject()
                         .value(QLatin1String("text"))
                         .toString();
        else
            m_text = object.value(QLatin1String("choices"))
                         .toArray()
                         .at(0)
                         .toObject()
                         .value(QLatin1String("message"))
                         .toObject()
                         .value(QLatin1String("content"))
                         .toString();
        if (object.isEmpty())
            result.error = tr("The answer is neither a stream nor JSON.");
        result.ttftMs = result.latencyMs;
    }
    result.ok = result.error.isEmpty();
    result.reply = m_text.simplified().left(MaxReplyChars);
    finishTest(result);
}

// Upstreams echo at most a key prefix in their errors; make sure none of them ever shows the whole key.
QString ChannelTester::redacted(const QString &text) const
{
    if (m_secret.size() < 4)
        return text;
    QString out = text;
    return out.replace(QString::fromUtf8(m_secret), SecretStore::hintFor(m_secret));
}

void ChannelTester::finishTest(ChannelTestResult result)
{
    m_operation = Operation::None;
    m_buffer.clear();
    result.error = redacted(result.error);
    m_secret.clear();
    Q_EMIT testFinished(result);
}

void ChannelTester::discoverModels(const Provider &provider, const QString &baseUrl, const QByteArray &secret)
{
    cancel();
    m_operation = Operation::Discover;
    m_protocol = provider.protocol;
    m_models.clear();
    m_pages = 0;
    m_discoverBase = baseUrl;
    m_secret = secret;

    QString problem;
    if (!ProviderPresets::canTest(provider.protocol))
        problem = tr("Listing the models of %1 providers is not supported yet.")
                      .arg(protocolToString(provider.protocol));
    else if (trimmedBase(baseUrl).isEmpty() || !QUrl(trimmedBase(baseUrl)).isValid())
        problem = tr("The base URL is empty or invalid.");
    if (!problem.isEmpty()) {
        QMetaObject::invokeMethod(
            this, [this, problem] { finishDiscover({}, problem); }, Qt::QueuedConnection);
        return;
    }
    const QString url = modelsUrl(provider.protocol, baseUrl);
    Q_EMIT progress(tr("Asking %1 for its models…").arg(QUrl(url).host()));
    startTimer();
    QUrl first(url);
    if (m_protocol == Protocol::Anthropic)
        first.setQuery(QStringLiteral("limit=1000"));
    m_reply = send(first.toString(), m_protocol, secret, {});
    connect(m_reply, &QNetworkReply::finished, this, &ChannelTester::onDiscoverFinished);
}

void ChannelTester::onDiscoverFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    m_reply = nullptr;
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->isOpen() ? reply->readAll() : QByteArray();
    if (m_timedOut)
        return finishDiscover({}, tr("No answer within %1 s.").arg(m_timeoutMs / 1000.0));
    if (status == 0)
        return finishDiscover({}, tr("Cannot connect: %1").arg(reply->errorString()));
    if (status / 100 != 2) {
        const QString message = errorMessage(body);
        return finishDiscover(
            {}, message.isEmpty() ? tr("HTTP %1").arg(status) : tr("HTTP %1: %2").arg(status).arg(message));
    }

    // {"data":[{"id":..}]} (OpenAI, Anthropic), {"models":[{"name"|"id":..}]} or a bare array.
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (document.isNull())
        return finishDiscover({}, tr("The model list is not JSON."));
    const QJsonObject object = document.object();
    QJsonArray items = document.isArray() ? document.array() : object.value(QLatin1String("data")).toArray();
    if (items.isEmpty() && object.contains(QLatin1String("models")))
        items = object.value(QLatin1String("models")).toArray();
    for (const QJsonValue &item : std::as_const(items)) {
        QString id =
            item.isString() ? item.toString() : item.toObject().value(QLatin1String("id")).toString();
        if (id.isEmpty())
            id = item.toObject().value(QLatin1String("name")).toString();
        if (!id.isEmpty() && !m_models.contains(id))
            m_models.append(id);
    }
    ++m_pages;
    Q_EMIT progress(tr("Received %n model(s)…", nullptr, int(m_models.size())));

    const QString lastId = object.value(QLatin1String("last_id")).toString();
    if (m_protocol == Protocol::Anthropic && object.value(QLatin1String("has_more")).toBool()
        && !lastId.isEmpty() && m_pages < MaxModelPages) {
        QUrl next(modelsUrl(m_protocol, m_discoverBase));
        QUrlQuery query;
        query.addQueryItem(QStringLiteral("limit"), QStringLiteral("1000"));
        query.addQueryItem(QStringLiteral("after_id"), lastId);
        next.setQuery(query);
        m_reply = send(next.toString(), m_protocol, m_secret, {});
        connect(m_reply, &QNetworkReply::finished, this, &ChannelTester::onDiscoverFinished);
        return;
    }
    std::sort(m_models.begin(), m_models.end());
    finishDiscover(m_models, {});
}

void ChannelTester::finishDiscover(const QStringList &models, const QString &error)
{
    m_timeout->stop();
    m_operation = Operation::None;
    const QString message = redacted(error);
    m_secret.clear();
    Q_EMIT modelsDiscovered(models, message);
}

} // namespace Switchyard
