#pragma once

// Files only the user may read (secrets file, config backups, exports that may carry keys). They
// are created with mode 0600 before a single byte is written, and replaced atomically so a crash
// never leaves half a file behind.

#include <QByteArray>
#include <QString>

namespace Switchyard {

// Writes data to path through a 0600 temporary file in the same directory, then renames it over
// path. Creates the directory (0700) if needed.
bool writePrivateFile(const QString &path, const QByteArray &data, QString *error = nullptr);

// True when the file is readable and writable by its owner and nobody else has any access.
bool hasPrivatePermissions(const QString &path);

} // namespace Switchyard
