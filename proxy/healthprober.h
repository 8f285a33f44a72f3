#pragma once

// Background health probes (issue 4 "Failover and health"): every interval, one GET of the model
// list per enabled channel of an enabled provider, the cheapest request every provider answers
// with the key check included:
//   Anthropic  GET <base>/v1/models (or <base>/models when the base ends in /v1), x-api-key and
//              anthropic-version, like Exchange::buildRequest;
//   OpenAI     GET <base>/models (OpenAI base URLs include the version), Authorization: Bearer.
// Gemini and Responses providers are skipped (the engine does not route to them yet).
//
// Outcome per channel, reported with probed(): 2xx = ok, with the model ids of an OpenAI/Anthropic
// {"data":[{"id":...}]} list when present; 401/403 = not ok and keyRejected; any other status or a
// transport failure = not ok. The prober only reports: what a failure means for breakers, key
// disabling or /v1/models is the receiver's call.
//
// Cheap by construction: short timeouts, at most maxInFlight probes at a time (the rest queue), a
// channel is never probed twice at once (a round that overruns the interval skips channels still
// in flight), and the calls go through the proxy's own UpstreamClient, so they share its keep-alive
// connections, proxy settings and URL policy. Lives in, and is used from, the proxy thread.

#include "configtypes.h"
#include "upstreamclient.h"

#include <QBasicTimer>
#include <QByteArray>
#include <QHash>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <deque>
#include <functional>

namespace Switchyard {

struct ProbeResult
{
    qint64 channelId = 0;
    QString channelName;
    bool ok = false;
    bool keyRejected = false; // 401 or 403
    int status = 0; // HTTP status; 0 when no response came
    qint64 latencyMs = -1; // start to response headers; -1 without a response
    QString error; // empty when ok; never contains the key
    QStringList models; // ids from the upstream's list (2xx only; may be empty)
};

class HealthProber : public QObject
{
    Q_OBJECT

public:
    static constexpr int maxInFlight = 4;
    static constexpr int defaultTimeoutMs = 10000;
    // A model list beyond this is not read further (the probe still counts as ok).
    static constexpr qsizetype maxBodyBytes = 4 * 1024 * 1024;

    // The secret to probe a channel with; empty = none. The default takes the channel's first
    // enabled key that has a secret in the snapshot.
    using KeyProvider = std::function<QByteArray(const Channel &channel)>;

    explicit HealthProber(UpstreamClient *client, QObject *parent = nullptr);
    ~HealthProber() override; // aborts probes in flight without reporting them

    // The configuration to probe. Probes in flight finish; queued channels are looked up again in
    // the new snapshot when their turn comes (a channel disabled meanwhile is skipped).
    void setSnapshot(ConfigSnapshotPtr snapshot);
    // Probe rounds every ms milliseconds; 0 = off (the default). Does not probe at once: call
    // probeNow() for that.
    void setInterval(int ms);
    int interval() const { return m_intervalMs; }
    // Per probe: connect, first byte and idle timeouts (default defaultTimeoutMs).
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    int timeoutMs() const { return m_timeoutMs; }
    void setKeyProvider(KeyProvider provider);
    // Hosts that skip the proxy, as UpstreamRequest::noProxy (setting "network/noProxy").
    void setNoProxy(const QStringList &noProxy) { m_noProxy = noProxy; }

    // Queues a round: every probeable channel not already queued or in flight.
    void probeNow();

    int inFlight() const { return int(m_running.size()); }
    int queued() const { return int(m_queue.size()); }

    // Whether a provider's protocol has a probe (Anthropic and OpenAI).
    static bool isProbeable(Protocol protocol);
    // The model-list URL for a base URL; empty for protocols without a probe.
    static QUrl modelsUrl(Protocol protocol, const QString &baseUrl);
    // The probe request for a channel (the channel's base URL override, else the provider's).
    UpstreamRequest probeRequest(const Provider &provider, const Channel &channel,
                                 const QByteArray &secret) const;
    // Model ids from an OpenAI or Anthropic model list ({"data":[{"id":...}]}); empty when the
    // body is not one.
    static QStringList parseModelIds(const QByteArray &body);

Q_SIGNALS:
    void probed(const Switchyard::ProbeResult &result);
    // Nothing queued or in flight any more (after the last probed() of a round).
    void roundFinished();

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    struct Probe
    {
        QPointer<UpstreamCall> call; // null for a probe that ended before a request (no usable key)
        ProbeResult result;
        QByteArray body;
    };

    // The channel and its provider when the channel should be probed now, else nullptr.
    const Channel *probeable(qint64 channelId, const Provider **provider) const;
    void startNext();
    void start(const Provider &provider, const Channel &channel);
    void onHeaders(qint64 channelId, int status);
    void onData(qint64 channelId, const QByteArray &chunk);
    void onFinished(qint64 channelId);
    void onFailed(qint64 channelId, const UpstreamError &error);
    // Ends the probe of channelId: emits probed(), starts the next, emits roundFinished() at the end.
    void finish(qint64 channelId);

    UpstreamClient *m_client;
    ConfigSnapshotPtr m_snapshot;
    KeyProvider m_keyProvider;
    QStringList m_noProxy;
    std::deque<qint64> m_queue; // channel ids
    QHash<qint64, Probe> m_running; // by channel id
    QBasicTimer m_timer;
    int m_intervalMs = 0;
    int m_timeoutMs = defaultTimeoutMs;
};

} // namespace Switchyard

Q_DECLARE_METATYPE(Switchyard::ProbeResult)
