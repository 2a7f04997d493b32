#pragma once
// The desktop app's logging category (paldesk.ui). Same rules as core: no tokens, no secrets.

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcUi)
