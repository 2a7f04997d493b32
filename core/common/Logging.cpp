#include "Logging.h"

Q_LOGGING_CATEGORY(lcHttp, "paldesk.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcArm, "paldesk.arm", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAuth, "paldesk.auth", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCache, "paldesk.cache", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServices, "paldesk.services", QtInfoMsg)

namespace pal {

QString loggableUrl(const QUrl &url)
{
    return url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo).toString();
}

} // namespace pal
