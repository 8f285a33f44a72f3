#include "testutil.h"

#include <QDir>

namespace Switchyard::Test {

QString helperPath(const QString &name)
{
    return QDir(QStringLiteral(SWITCHYARD_TEST_HELPER_DIR)).filePath(name);
}

QString appBinary()
{
    return QStringLiteral(SWITCHYARD_BIN);
}

} // namespace Switchyard::Test
