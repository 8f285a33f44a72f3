#pragma once

// Thin helpers over Qt Sql for the SQLite store: connection setup with the pragmas every connection
// needs, statement execution that turns failures into readable messages, explicit transactions, and
// the encodings of list/object columns. Used by Storage, its writer thread and the migrations.

#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace Switchyard::Db {

enum class ConnectionRole
{
    Writer, // the only connection that changes the file; switches it to WAL
    Reader, // query_only, so a bug can never write through it
};

// How long a connection waits on a lock held by another connection before SQLITE_BUSY.
inline constexpr int BusyTimeoutMs = 5000;

// Adds a QSQLITE connection called name, owned by the calling thread, opens path and applies the
// per-connection pragmas (foreign keys, busy timeout; WAL + synchronous=NORMAL for the writer).
bool openConnection(const QString &name, const QString &path, ConnectionRole role, QString *error);
// Closes and removes the connection. Every QSqlQuery made on it must already be destroyed.
void closeConnection(const QString &name);
// The connection of that name, without reopening it.
QSqlDatabase connection(const QString &name);

void setError(QString *error, const QString &message);

// Statement helpers: on failure they set *error to the driver's message (with the statement for
// context) and return false.
bool exec(QSqlDatabase &db, const QString &sql, QString *error);
bool prepare(QSqlQuery &query, const QString &sql, QString *error);
bool exec(QSqlQuery &query, QString *error);
// First column of the first row, or an invalid QVariant (and *error) when the query fails.
QVariant scalar(QSqlDatabase &db, const QString &sql, QString *error);

enum class TransactionKind
{
    Deferred, // readers: a consistent snapshot across several SELECTs
    Immediate, // writers: take the write lock up front instead of upgrading mid-transaction
};
bool begin(QSqlDatabase &db, TransactionKind kind, QString *error);
bool commit(QSqlDatabase &db, QString *error);
void rollback(QSqlDatabase &db);

// Qt binds a null QString or QByteArray as SQL NULL; text and blob columns are NOT NULL, so values
// go through bindable(), which turns them into empty ones. A deliberate NULL is null().
QVariant null();
QVariant bindable(const QVariant &value);

// Whether a failed statement was refused because of the row itself (a constraint), as opposed to
// the database failing (I/O, full disk, lock), which is worth retrying.
bool isConstraintError(const QSqlQuery &query);

// List and object columns are stored as compact JSON text.
QString jsonText(const QStringList &list);
QString jsonText(const QJsonObject &object);
QStringList stringListFromJson(const QVariant &column);
QJsonObject objectFromJson(const QVariant &column);

} // namespace Switchyard::Db
