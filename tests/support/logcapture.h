#pragma once

// Records every message logged while installed, so that a test can prove keys never reach the log.
// Each message still goes on to the handler that was installed before (Qt Test's own, so
// QTest::ignoreMessage() and the test output keep working). One capture per process: a Qt message
// handler is a plain function.

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace Switchyard::Test::LogCapture {

// Starts recording (from an empty list); call from initTestCase() or init().
void install();
// Restores the previous handler; call from the matching cleanupTestCase() or cleanup().
void uninstall();
void clear();
const QStringList &messages();
// The first recorded message that contains any of texts (as Latin-1), or an empty string.
QString firstContaining(const QList<QByteArray> &texts);

} // namespace Switchyard::Test::LogCapture
