#pragma once

// "Test" and "Discover models" for a provider/channel in the UI: one real, tiny request to the
// upstream, made from the GUI thread with its own QNetworkAccessManager (never through the proxy,
// so it tests exactly the URL and key the user typed). The secret goes only into the request
// header; it never appears in a result, error or progress message.
//
// Test: a streamed request asking for "Reply with OK" with max_tokens 8, in the provider's protocol:
//   Anthropic  POST <base>/v1/messages   (x-api-key, anthropic-version)
//   OpenAI     POST <base>/chat/completions (Authorization: Bearer)
// latencyMs is the time until the whole response arrived, ttftMs until the first text token (or,
// without any text, the first stream event). Discover: GET <base>/v1/models (Anthropic) or
// <base>/models (OpenAI), following Anthropic's has_more/last_id paging.
// Gemini and Responses providers are not supported yet and fail at once with a message.

#include "configtypes.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace Switchyard {

struct ChannelTestResult
{
    bool ok = false;
    int status = 0; // HTTP status, 0 when no response came
    qint64 latencyMs = -1;
    qint64 ttftMs = -1;
    QString error; // empty when ok
    QString reply; // the model's text (trimmed, at most a short line)
};

class ChannelTester : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultTimeoutMs = 30000;

    explicit ChannelTester(QObject *parent = nullptr);
    ~ChannelTester() override;

    // A real, tiny streamed request (max_tokens 8, "Reply with OK") in the provider's protocol to
    // baseUrl (the channel's override or the provider's). Emits testFinished exactly once, unless
    // cancelled. A call while busy cancels the previous operation first.
    void test(const Provider &provider, const QString &baseUrl, const QByteArray &secret,
              const QString &model);
    // Lists the upstream's models; emits modelsDiscovered(models, "") or ({}, error) once.
    void discoverModels(const Provider &provider, const QString &baseUrl, const QByteArray &secret);
    // Aborts the running operation without emitting its result.
    void cancel();
    bool isBusy() const;

    // The channel's proxy setting: "" or "system" (system proxy), "none", or an http://,
    // https:// or socks5:// URL. Applies to the next operation.
    void setProxyUrl(const QString &proxyUrl);
    // Whole-operation time limit (default DefaultTimeoutMs).
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

    // The URLs used, for display and tests.
    static QString testUrl(Protocol protocol, const QString &baseUrl);
    static QString modelsUrl(Protocol protocol, const QString &baseUrl);

Q_SIGNALS:
    void testFinished(const Switchyard::ChannelTestResult &result);
    void modelsDiscovered(const QStringList &models, const QString &error);
    void progress(const QString &message);

private:
    enum class Operation
    {
        None,
        Test,
        Discover,
    };

    QNetworkReply *send(const QString &url, Protocol protocol, const QByteArray &secret,
                        const QByteArray &body);
    void startTimer();
    void onTestData();
    void onTestFinished();
    void onDiscoverFinished();
    void finishTest(ChannelTestResult result);
    void finishDiscover(const QStringList &models, const QString &error);
    void consumeEvents(bool atEnd);
    void abortReply();
    QString redacted(const QString &text) const;

    QNetworkAccessManager *m_nam;
    QTimer *m_timeout;
    QPointer<QNetworkReply> m_reply;
    Operation m_operation = Operation::None;
    Protocol m_protocol = Protocol::OpenAI;
    QString m_proxyUrl;
    int m_timeoutMs = DefaultTimeoutMs;
    bool m_timedOut = false;

    // Test state
    QElapsedTimer m_clock;
    QByteArray m_buffer; // unparsed stream bytes
    QString m_text;
    QString m_streamError;
    qint64 m_ttftMs = -1;
    qint64 m_firstEventMs = -1;

    QByteArray m_secret; // for the running operation only, cleared when it ends

    // Discover state
    QString m_discoverBase;
    QStringList m_models;
    int m_pages = 0;
};

} // namespace Switchyard

Q_DECLARE_METATYPE(Switchyard::ChannelTestResult)
