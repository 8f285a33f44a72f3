#include "database.h"

#include "applogging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>

namespace Switchyard::Db {

namespace {

QString driverMessage(const QSqlError &error)
{
    // databaseText() is SQLite's own message ("UNIQUE constraint failed: channels.name"); the
    // driver text only adds Qt's generic wording around it.
    const QString text = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    return text.trimmed();
}

QString failure(const QString &sql, const QSqlError &error)
{
    return QStringLiteral("%1 (while running: %2)").arg(driverMessage(error), sql.simplified().left(160));
}

bool applyPragma(QSqlDatabase &db, const QString &pragma, QString *error)
{
    return exec(db, QStringLiteral("PRAGMA ") + pragma, error);
}

bool configureConnection(const QString &name, const QString &path, ConnectionRole role, QString *error)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    db.setDatabaseName(path);
    if (!db.open()) {
        setError(error, driverMessage(db.lastError()));
        return false;
    }
    if (role == ConnectionRole::Writer) {
        // journal_mode answers with the mode now in effect; anything but "wal" means the file system
        // refused it (e.g. some network mounts), and the reader/writer split relies on it.
        const QVariant mode = scalar(db, QStringLiteral("PRAGMA journal_mode=WAL"), error);
        if (!mode.isValid())
            return false;
        if (mode.toString().compare(u"wal", Qt::CaseInsensitive) != 0) {
            setError(
                error,
                QStringLiteral("the file system does not support write-ahead logging (journal_mode is %1)")
                    .arg(mode.toString()));
            return false;
        }
        // With WAL, NORMAL keeps every commit safe from a process crash; only a power cut can lose
        // the last transactions, an acceptable trade for the speed of usage logging.
        if (!applyPragma(db, QStringLiteral("synchronous=NORMAL"), error))
            return false;
    }
    if (!applyPragma(db, QStringLiteral("foreign_keys=ON"), error)
        || !applyPragma(db, QStringLiteral("busy_timeout=%1").arg(BusyTimeoutMs), error))
        return false;
    return role != ConnectionRole::Reader || applyPragma(db, QStringLiteral("query_only=ON"), error);
}

} // namespace

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

bool openConnection(const QString &name, const QString &path, ConnectionRole role, QString *error)
{
    QString message;
    if (configureConnection(name, path, role, &message))
        return true;
    // The QSqlDatabase handle inside configureConnection() is gone by now, so removal is clean.
    closeConnection(name);
    setError(error, message);
    return false;
}

void closeConnection(const QString &name)
{
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isValid())
            db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

QSqlDatabase connection(const QString &name)
{
    return QSqlDatabase::database(name, false);
}

bool exec(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery query(db);
    if (query.exec(sql))
        return true;
    setError(error, failure(sql, query.lastError()));
    return false;
}

bool prepare(QSqlQuery &query, const QString &sql, QString *error)
{
    if (query.prepare(sql))
        return true;
    setError(error, failure(sql, query.lastError()));
    return false;
}

bool exec(QSqlQuery &query, QString *error)
{
    if (query.exec())
        return true;
    setError(error, failure(query.lastQuery(), query.lastError()));
    return false;
}

QVariant scalar(QSqlDatabase &db, const QString &sql, QString *error)
{
    QSqlQuery query(db);
    if (!query.exec(sql)) {
        setError(error, failure(sql, query.lastError()));
        return {};
    }
    if (!query.next()) {
        setError(error, QStringLiteral("no result (while running: %1)").arg(sql));
        return {};
    }
    return query.value(0);
}

bool begin(QSqlDatabase &db, TransactionKind kind, QString *error)
{
    return exec(
        db, kind == TransactionKind::Immediate ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN"),
        error);
}

bool commit(QSqlDatabase &db, QString *error)
{
    return exec(db, QStringLiteral("COMMIT"), error);
}

void rollback(QSqlDatabase &db)
{
    QString error;
    // SQLite may already have rolled back on its own (e.g. after SQLITE_FULL); that is not an error.
    if (!exec(db, QStringLiteral("ROLLBACK"), &error) && !error.contains(u"no transaction is active"))
        qCWarning(lcStorage) << "rollback failed:" << error;
}

QVariant null()
{
    return QVariant::fromValue(nullptr);
}

QVariant bindable(const QVariant &value)
{
    switch (value.metaType().id()) {
    case QMetaType::QString:
        return value.toString().isNull() ? QVariant(QString(QLatin1String(""))) : value;
    case QMetaType::QByteArray:
        return value.toByteArray().isNull() ? QVariant(QByteArray("")) : value;
    default:
        return value;
    }
}

bool isConstraintError(const QSqlQuery &query)
{
    // SQLITE_CONSTRAINT is 19; extended codes keep it in the low byte.
    bool ok = false;
    const int code = query.lastError().nativeErrorCode().toInt(&ok);
    return ok && (code & 0xff) == 19;
}

QString jsonText(const QStringList &list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

QString jsonText(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QStringList stringListFromJson(const QVariant &column)
{
    const QJsonArray array = QJsonDocument::fromJson(column.toString().toUtf8()).array();
    QStringList list;
    list.reserve(array.size());
    for (const QJsonValue &value : array)
        list.append(value.toString());
    return list;
}

QJsonObject objectFromJson(const QVariant &column)
{
    return QJsonDocument::fromJson(column.toString().toUtf8()).object();
}

} // namespace Switchyard::Db
