#pragma once

// Small helpers shared by the Qt Test executables.

#include <QString>
#include <QTemporaryDir>

namespace Switchyard::Test {

// Full path of a helper executable built from tests/<area>/helper_<name>.cpp.
QString helperPath(const QString &name);
// Path of the built switchyard executable.
QString appBinary();

} // namespace Switchyard::Test
