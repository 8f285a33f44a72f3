#pragma once

#include <QLoggingCategory>

// Logging categories of the core library (the proxy and UI libraries declare their own).
Q_DECLARE_LOGGING_CATEGORY(lcStorage)
Q_DECLARE_LOGGING_CATEGORY(lcSecrets)
Q_DECLARE_LOGGING_CATEGORY(lcConfig)
Q_DECLARE_LOGGING_CATEGORY(lcApp)
