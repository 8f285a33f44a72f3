#include "applogging.h"

Q_LOGGING_CATEGORY(lcStorage, "switchyard.storage", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSecrets, "switchyard.secrets", QtInfoMsg)
Q_LOGGING_CATEGORY(lcConfig, "switchyard.config", QtInfoMsg)
Q_LOGGING_CATEGORY(lcApp, "switchyard.app", QtInfoMsg)
