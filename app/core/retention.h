#pragma once

// Keeps the usage history and the captured bodies from growing without end: deletes usage rows older
// than the setting retention/usageDays (default 90) and captured request/response bodies older than
// retention/bodyDays (default 7). A value of 0 or less keeps that data forever. Runs once at start()
// and then every few hours, on the Storage's writer thread through Storage::writeData() (a data
// write: it must not make the proxy rebuild its config snapshot).

#include <QObject>
#include <QTimer>

namespace Switchyard {

class Storage;

class Retention : public QObject
{
    Q_OBJECT

public:
    static constexpr int DefaultUsageDays = 90;
    static constexpr int DefaultBodyDays = 7;
    static constexpr int DefaultIntervalMs = 6 * 60 * 60 * 1000;

    struct Result
    {
        bool ok = false;
        qint64 usageRowsDeleted = 0;
        qint64 bodiesDeleted = 0;
    };

    explicit Retention(Storage *storage, QObject *parent = nullptr);

    // Prunes now, then every intervalMs() while running.
    void start();
    void stop();
    bool isRunning() const { return m_timer.isActive(); }
    void setIntervalMs(int ms) { m_timer.setInterval(ms); }
    int intervalMs() const { return m_timer.interval(); }

    // One pass with the current settings, as if the time were nowMs. Bodies go with their usage row
    // too: a body is never kept longer than the row it belongs to.
    Result pruneNow(qint64 nowMs);
    Result pruneNow();

Q_SIGNALS:
    void pruned(qint64 usageRowsDeleted, qint64 bodiesDeleted);

private:
    int days(const QString &key, int defaultDays) const;

    Storage *m_storage;
    QTimer m_timer;
};

} // namespace Switchyard
