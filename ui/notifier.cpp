#include "notifier.h"

#include <QElapsedTimer>
#include <QTimer>

#include <cmath>

namespace Switchyard {

Notifier::Notifier(QObject *parent)
    : QObject(parent)
{
    m_clock = [timer = std::make_shared<QElapsedTimer>()] {
        if (!timer->isValid())
            timer->start();
        return timer->elapsed();
    };
    m_flushTimer = new QTimer(this);
    m_flushTimer->setSingleShot(true);
    connect(m_flushTimer, &QTimer::timeout, this, &Notifier::flushDue);
}

void Notifier::handle(const ProxyEvent &event)
{
    KindState &state = m_kinds[int(event.kind)];
    const qint64 now = m_clock();
    if (!state.shown || now - state.lastShownMs >= m_intervalMs) {
        // Anything still held from the previous interval is older than this event: fold it in.
        const int coalesced = state.held;
        state.held = 0;
        emitFor(state, event, coalesced);
        return;
    }
    ++state.held;
    state.latest = event;
    scheduleFlush();
}

void Notifier::flushDue()
{
    const qint64 now = m_clock();
    for (KindState &state : m_kinds) {
        if (state.held > 0 && now - state.lastShownMs >= m_intervalMs) {
            const int coalesced = state.held - 1;
            state.held = 0;
            emitFor(state, state.latest, coalesced);
        }
    }
    scheduleFlush();
}

int Notifier::pendingCount() const
{
    int count = 0;
    for (const KindState &state : m_kinds)
        count += state.held;
    return count;
}

void Notifier::emitFor(KindState &state, const ProxyEvent &event, int coalesced)
{
    state.shown = true;
    state.lastShownMs = m_clock();
    Notification notification = describe(event);
    notification.coalesced = coalesced;
    if (coalesced > 0)
        notification.message += u'\n' + tr("(%1 more like this)").arg(coalesced);
    Q_EMIT notify(notification);
}

void Notifier::scheduleFlush()
{
    // The earliest end of an interval that holds events; the timer runs in real time, the decision
    // in flushDue() uses the (injectable) clock.
    qint64 earliest = -1;
    const qint64 now = m_clock();
    for (const KindState &state : m_kinds) {
        if (state.held == 0)
            continue;
        const qint64 due = std::max<qint64>(0, state.lastShownMs + m_intervalMs - now);
        if (earliest < 0 || due < earliest)
            earliest = due;
    }
    if (earliest < 0)
        m_flushTimer->stop();
    else
        m_flushTimer->start(int(std::min<qint64>(earliest, 24LL * 3600 * 1000)));
}

Notification Notifier::describe(const ProxyEvent &event)
{
    Notification n;
    n.kind = event.kind;
    const QString upstream =
        event.model.isEmpty() ? event.channelName : tr("%1 (%2)").arg(event.channelName, event.model);
    const int percent = int(std::lround(event.fraction * 100));
    switch (event.kind) {
    case ProxyEvent::Kind::Failover:
        n.title = tr("Failover");
        n.severity = Notification::Severity::Warning;
        n.message = event.to.isEmpty() ? tr("%1 failed: %2").arg(event.from, event.reason)
                                       : tr("%1 → %2: %3").arg(event.from, event.to, event.reason);
        break;
    case ProxyEvent::Kind::BreakerOpened:
        n.title = tr("Channel paused");
        n.severity = Notification::Severity::Warning;
        n.message = tr("%1 keeps failing, requests go elsewhere for now: %2").arg(upstream, event.reason);
        break;
    case ProxyEvent::Kind::BreakerClosed:
        n.title = tr("Channel recovered");
        n.message = tr("%1 takes requests again.").arg(upstream);
        break;
    case ProxyEvent::Kind::KeyDisabled:
        n.title = tr("Key disabled");
        n.severity = Notification::Severity::Critical;
        n.message = tr("Key %1 of %2 was disabled: %3").arg(event.keyHint, event.channelName, event.reason);
        break;
    case ProxyEvent::Kind::BudgetWarning:
        n.title = tr("Budget at %1%").arg(percent);
        n.severity = Notification::Severity::Warning;
        n.message = tr("%1 has used %2% of its daily limit.").arg(event.budget).arg(percent);
        break;
    case ProxyEvent::Kind::BudgetExhausted:
        n.title = tr("Budget used up");
        n.severity = Notification::Severity::Critical;
        n.message =
            tr("%1 reached its daily limit; its requests are refused until tomorrow.").arg(event.budget);
        break;
    }
    return n;
}

} // namespace Switchyard
