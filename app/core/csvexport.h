#pragma once

// CSV export of usage rows (RFC 4180: comma separated, CRLF line ends, fields quoted when they hold a
// comma, quote or line break, quotes doubled), UTF-8 without a BOM. Times are ISO 8601 UTC.

#include "usagequery.h"

#include <QByteArray>
#include <QStringList>

class QIODevice;

namespace Switchyard::CsvExport {

// One CSV record (with its CRLF) for these fields.
QByteArray line(const QStringList &fields);
// The header row and the fields of one usage row, in the same column order.
QStringList usageHeader();
QStringList usageFields(const UsageRecord &record);

// Writes the header and every usage row of the range (oldest first) to device. Fails with a message
// when the query or a write fails. *rows (when given) receives the number of data rows written.
bool writeUsage(const Storage *storage, const UsageRange &range, QIODevice *device, QString *error = nullptr,
                qint64 *rows = nullptr);

} // namespace Switchyard::CsvExport
