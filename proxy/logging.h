#pragma once

#include <QLoggingCategory>

// One category per area of the proxy library. The app and UI declare their own.
Q_DECLARE_LOGGING_CATEGORY(lcProxy)
Q_DECLARE_LOGGING_CATEGORY(lcRouting)
