#include "logging.h"

Q_LOGGING_CATEGORY(lcProxy, "switchyard.proxy", QtInfoMsg)
Q_LOGGING_CATEGORY(lcRouting, "switchyard.routing", QtInfoMsg)
