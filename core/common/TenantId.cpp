#include "TenantId.h"

#include <QRegularExpression>

namespace pal {

bool isTenantGuid(const QString &text)
{
    static const QRegularExpression re(
        QStringLiteral("^(?:\\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\}"
                       "|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$"));
    return re.match(text).hasMatch();
}

} // namespace pal
