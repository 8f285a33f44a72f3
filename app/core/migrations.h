#pragma once

// Schema versions of switchyard.db. The version lives in PRAGMA user_version; each numbered step
// moves the file forward by exactly one version inside its own transaction, so an interrupted
// upgrade leaves the file at the last completed version and the next start resumes from there.
//
// Steps are append-only: once released, a step's SQL never changes (tests/data/storage holds a
// frozen copy of step 1 and a test compares it). Schema changes go into a new step.

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace Switchyard::Migrations {

// Highest version this build knows (the version a fresh database is created at).
int latestVersion();

// The SQL statements of the step that produces `version` (1..latestVersion()), without the
// user_version update. Empty for unknown versions.
QStringList stepStatements(int version);

// PRAGMA user_version of the open database, or -1 (and *error) when it cannot be read, e.g. because
// the file is not an SQLite database.
int schemaVersion(QSqlDatabase &db, QString *error = nullptr);

// Runs the steps from the database's version up to targetVersion, each in one transaction.
// Fails, changing nothing, when the database is newer than this build knows. The target exists so
// tests can build a database exactly as an older release left it.
bool migrate(QSqlDatabase &db, QString *error = nullptr, int targetVersion = latestVersion());

} // namespace Switchyard::Migrations
