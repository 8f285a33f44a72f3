#include "uilogging.h"

Q_LOGGING_CATEGORY(lcUi, "switchyard.ui", QtInfoMsg)
