#include "retention.h"

#include "applogging.h"
#include "database.h"
#include "storage.h"

#include <QDateTime>
#include <QSqlQuery>

namespace Switchyard {

namespace {

constexpr qint64 DayMs = 24 * 60 * 60 * 1000LL;

// Deletes with one bound cutoff; the number of rows it removed, or -1 on failure.
qint64 deleteOlder(QSqlDatabase &db, const QString &sql, qint64 cutoffMs, QString *error)
{
    QSqlQuery query(db);
    if (!Db::prepare(query, sql, error))
        return -1;
    query.bindValue(0, cutoffMs);
    if (!Db::exec(query, error))
        return -1;
    return query.numRowsAffected();
}

} // namespace

Retention::Retention(Storage *storage, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
{
    m_timer.setInterval(DefaultIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, [this] { pruneNow(); });
}

void Retention::start()
{
    pruneNow();
    m_timer.start();
}

void Retention::stop()
{
    m_timer.stop();
}

int Retention::days(const QString &key, int defaultDays) const
{
    bool ok = false;
    const int value = m_storage->setting(key, defaultDays).toInt(&ok);
    return ok ? value : defaultDays;
}

Retention::Result Retention::pruneNow()
{
    return pruneNow(QDateTime::currentMSecsSinceEpoch());
}

Retention::Result Retention::pruneNow(qint64 nowMs)
{
    Result result;
    if (!m_storage || !m_storage->isOpen())
        return result;
    const int usageDays = days(QStringLiteral("retention/usageDays"), DefaultUsageDays);
    const int bodyDays = days(QStringLiteral("retention/bodyDays"), DefaultBodyDays);
    const qint64 usageCutoff = usageDays > 0 ? nowMs - usageDays * DayMs : 0;
    qint64 bodyCutoff = bodyDays > 0 ? nowMs - bodyDays * DayMs : 0;
    bodyCutoff = qMax(bodyCutoff, usageCutoff);

    QString error;
    result.ok = m_storage->writeData(
        [&](QSqlDatabase &db, QString *e) {
            if (usageCutoff > 0) {
                result.usageRowsDeleted = deleteOlder(
                    db, QStringLiteral("DELETE FROM usage WHERE timestamp_ms < ?"), usageCutoff, e);
                if (result.usageRowsDeleted < 0)
                    return false;
            }
            if (bodyCutoff > 0) {
                result.bodiesDeleted = deleteOlder(
                    db, QStringLiteral("DELETE FROM request_bodies WHERE captured_ms < ?"), bodyCutoff, e);
                if (result.bodiesDeleted < 0)
                    return false;
            }
            return true;
        },
        &error);
    if (!result.ok) {
        qCWarning(lcStorage) << "pruning old usage failed:" << error;
        result.usageRowsDeleted = result.bodiesDeleted = 0;
        return result;
    }
    if (result.usageRowsDeleted > 0 || result.bodiesDeleted > 0)
        qCInfo(lcStorage) << "retention removed" << result.usageRowsDeleted << "usage rows and"
                          << result.bodiesDeleted << "captured bodies";
    Q_EMIT pruned(result.usageRowsDeleted, result.bodiesDeleted);
    return result;
}

} // namespace Switchyard
