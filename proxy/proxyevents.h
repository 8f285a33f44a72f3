#pragma once

// What the proxy thread tells the rest of the app about its routing state: discrete events (the
// tray notifies about them, the app persists key disables) and a periodic status report (health
// badges, breaker states, key states for the dashboard, the admin API and the channel pages).
// Value types only: they cross from the proxy thread through queued signals or under a mutex.

#include "circuitbreaker.h"
#include "healthstats.h"
#include "keyrotation.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace Switchyard {

struct ProxyEvent
{
    enum class Kind
    {
        Failover, // an attempt failed and the request moved on: from -> to, reason
        BreakerOpened,
        BreakerClosed, // also HALF_OPEN -> CLOSED after a successful probe, and force changes
        KeyDisabled, // 401/402/403: the key is out for good until the user re-enables it
        BudgetWarning, // a daily budget reached the degrade threshold (80%)
        BudgetExhausted, // a daily budget is used up: requests get 429
    };

    Kind kind = Kind::Failover;
    qint64 atMs = 0; // wall clock, ms since epoch
    qint64 channelId = 0; // 0 when not about one channel
    QString channelName;
    QString model;
    qint64 keyDbId = 0; // KeyDisabled: ChannelKey::id
    QString keyHint; // KeyDisabled: display prefix, never the key
    QString from; // Failover: "<channel>,<model>" that failed
    QString to; // Failover: the next "<channel>,<model>"
    QString reason; // human readable: error class + message, breaker cause, budget name
    QString budget; // Budget*: BudgetLimit::describe()
    double fraction = 0; // Budget*: spent / limit
};

// One (channel, model) the proxy has routed to or probed.
struct UpstreamStatus
{
    UpstreamKey key;
    QString channelName;
    BreakerSnapshot breaker;
    HealthSnapshot health;
    qint64 lastProbeAtMs = 0; // 0 = never probed
    bool lastProbeOk = true;
};

struct ChannelKeyStatus
{
    qint64 channelId = 0;
    KeyStatus key;
};

struct ProxyStatus
{
    qint64 atMs = 0; // when the report was taken
    int inFlight = 0;
    QList<UpstreamStatus> upstreams; // sorted by channel id, then model
    QList<ChannelKeyStatus> keys;

    // Any breaker open (or forced open), or an upstream whose recent requests mostly fail: the tray
    // shows "degraded".
    bool degraded() const;
};

} // namespace Switchyard

Q_DECLARE_METATYPE(Switchyard::ProxyEvent)
Q_DECLARE_METATYPE(Switchyard::ProxyStatus)
