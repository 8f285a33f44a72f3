#include "clock.h"

#include <chrono>

namespace Switchyard {

Clock::~Clock() = default;

const Clock *Clock::system()
{
    static const SystemClock clock;
    return &clock;
}

qint64 SystemClock::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

qint64 SystemClock::steadyMs() const
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

QDateTime SystemClock::localDateTime(qint64 msSinceEpoch) const
{
    // Qt::LocalTime follows the system zone (and its DST rules) without building a QTimeZone.
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::LocalTime);
}

ManualClock::ManualClock(qint64 nowMs, const QTimeZone &zone)
    : m_nowMs(nowMs)
    , m_zone(zone)
{
}

QDateTime ManualClock::localDateTime(qint64 msSinceEpoch) const
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch, m_zone);
}

void ManualClock::advance(qint64 ms)
{
    m_nowMs += ms;
    m_steadyMs += ms;
}

void ManualClock::setLocal(const QDateTime &local)
{
    const qint64 target = QDateTime(local.date(), local.time(), m_zone).toMSecsSinceEpoch();
    if (target > m_nowMs)
        m_steadyMs += target - m_nowMs;
    m_nowMs = target;
}

} // namespace Switchyard
