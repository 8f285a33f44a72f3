#pragma once

// Turns proxy events into desktop notifications without flooding the user: at most one
// notification per kind (failover, breaker opened, ...) per interval (30 s). Events of that kind
// arriving inside the interval are held back and summed up when it ends: the held event itself
// when it was one, otherwise the latest one plus "N more". The clock is injectable so tests can
// step through time; flushDue() is what a timer calls when an interval ends.

#include "proxyevents.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>

class QTimer;

namespace Switchyard {

struct Notification
{
    enum class Severity
    {
        Information,
        Warning,
        Critical,
    };

    ProxyEvent::Kind kind = ProxyEvent::Kind::Failover;
    QString title;
    QString message;
    Severity severity = Severity::Information;
    int coalesced = 0; // events folded into this one besides the one shown
};

class Notifier : public QObject
{
    Q_OBJECT

public:
    using Clock = std::function<qint64()>; // monotonic milliseconds

    static constexpr qint64 DefaultIntervalMs = 30 * 1000;

    explicit Notifier(QObject *parent = nullptr);

    void setClock(Clock clock) { m_clock = std::move(clock); }
    void setIntervalMs(qint64 ms) { m_intervalMs = ms; }
    qint64 intervalMs() const { return m_intervalMs; }

    // Notifies now, or holds the event until its kind's interval ends.
    void handle(const Switchyard::ProxyEvent &event);
    // Emits the summaries of every kind whose interval has ended (the timer calls this).
    void flushDue();
    // Events held back right now, over all kinds.
    int pendingCount() const;

    // The notification text for one event, translated now.
    static Notification describe(const ProxyEvent &event);

Q_SIGNALS:
    void notify(const Switchyard::Notification &notification);

private:
    struct KindState
    {
        qint64 lastShownMs = 0;
        bool shown = false;
        int held = 0;
        ProxyEvent latest;
    };

    void emitFor(KindState &state, const ProxyEvent &event, int coalesced);
    void scheduleFlush();

    Clock m_clock;
    qint64 m_intervalMs = DefaultIntervalMs;
    QHash<int, KindState> m_kinds;
    QTimer *m_flushTimer = nullptr;
};

} // namespace Switchyard

Q_DECLARE_METATYPE(Switchyard::Notification)
