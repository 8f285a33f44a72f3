#pragma once

// Time source for everything in the proxy that decides by time (circuit breakers, key cooldowns,
// daily budgets, time policies, latency staleness), injectable so tests drive time by hand.
//
// Two readings, because they answer different questions:
//   - nowMs(): wall-clock milliseconds since the epoch (UTC). Use it for what a person reads or what
//     is tied to the calendar: "day" boundaries of budgets, weekday/time windows, timestamps shown
//     in the UI. It may jump when the user or NTP changes the system time.
//   - steadyMs(): monotonic milliseconds from an arbitrary origin. Use it for durations (cooldowns,
//     leases, staleness): a wall-clock jump must not open or close a breaker.
// localDateTime() converts a wall-clock reading to the clock's local time zone (the system's for
// SystemClock, a chosen one for ManualClock so tests do not depend on the machine's TZ).

#include <QDateTime>
#include <QTimeZone>
#include <QtGlobal>

namespace Switchyard {

class Clock
{
public:
    virtual ~Clock();

    virtual qint64 nowMs() const = 0;
    virtual qint64 steadyMs() const = 0;
    // msSinceEpoch in this clock's local time zone.
    virtual QDateTime localDateTime(qint64 msSinceEpoch) const = 0;

    QDateTime localNow() const { return localDateTime(nowMs()); }
    // Wall-clock time that corresponds to a steady reading (for showing "next probe at").
    qint64 wallFromSteady(qint64 steady) const { return nowMs() + (steady - steadyMs()); }

    // The process-wide system clock. Stateless apart from a start point, safe from any thread.
    static const Clock *system();
};

class SystemClock final : public Clock
{
public:
    qint64 nowMs() const override;
    qint64 steadyMs() const override;
    QDateTime localDateTime(qint64 msSinceEpoch) const override;
};

// A clock that only moves when told to. Both readings advance together with advance(); setNowMs()
// moves the wall clock alone, as a user changing the system time would.
class ManualClock final : public Clock
{
public:
    // Defaults: 2025-01-06 00:00:00 UTC (a Monday), steady 0, time zone UTC.
    explicit ManualClock(qint64 nowMs = 1736121600000, const QTimeZone &zone = QTimeZone::utc());

    qint64 nowMs() const override { return m_nowMs; }
    qint64 steadyMs() const override { return m_steadyMs; }
    QDateTime localDateTime(qint64 msSinceEpoch) const override;

    void advance(qint64 ms);
    void setNowMs(qint64 ms) { m_nowMs = ms; }
    // Sets the wall clock to a local date and time in the clock's zone; steady time advances by the
    // same amount when the move is forward (so durations keep elapsing), and stays put otherwise.
    void setLocal(const QDateTime &local);
    void setTimeZone(const QTimeZone &zone) { m_zone = zone; }
    QTimeZone timeZone() const { return m_zone; }

private:
    qint64 m_nowMs;
    qint64 m_steadyMs = 0;
    QTimeZone m_zone;
};

} // namespace Switchyard
