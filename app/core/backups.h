#pragma once

// Timestamped copies of the configuration taken before every import, so a bad import can be undone
// by importing the previous file. Only the newest few are kept.

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace Switchyard::Backups {

inline constexpr int DefaultKeep = 10;

// <dataDir>/backups
QString directoryFor(const QString &dataDir);

// Writes data to <dir>/config-<yyyyMMdd-HHmmss-zzz>.json (UTC, 0600), then deletes the oldest
// config backups beyond keep. Returns the new file's path, or an empty string with *error set.
QString write(const QString &dir, const QByteArray &data, int keep = DefaultKeep, QString *error = nullptr);

// Absolute paths of the config backups in dir, newest first.
QStringList list(const QString &dir);

} // namespace Switchyard::Backups
