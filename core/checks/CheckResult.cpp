#include "CheckResult.h"

namespace pal {

CheckResult CheckResult::of(QString check, std::shared_ptr<const CheckFinding> finding, qint64 elapsedMs)
{
    CheckResult r;
    r.check = std::move(check);
    r.finding = std::move(finding);
    r.elapsedMs = elapsedMs;
    return r;
}

CheckResult CheckResult::failed(QString check, AzureError error, qint64 elapsedMs)
{
    CheckResult r;
    r.check = std::move(check);
    r.error = std::move(error);
    r.elapsedMs = elapsedMs;
    return r;
}

bool CheckResult::needsSignIn() const
{
    if (finding)
        return finding->needsSignIn();
    return error && error->kind == AzureError::Kind::InteractionRequired;
}

QString CheckResult::stateName() const
{
    if (finding)
        return finding->stateName();
    if (error && error->kind == AzureError::Kind::Cancelled)
        return QStringLiteral("cancelled");
    return needsSignIn() ? QStringLiteral("sign-in needed") : QStringLiteral("error");
}

QJsonObject CheckResult::toJson() const
{
    QJsonObject o = finding ? finding->toJson() : QJsonObject{};
    o.insert(QStringLiteral("check"), check);
    o.insert(QStringLiteral("state"), stateName());
    if (error)
        o.insert(QStringLiteral("error"),
                 QJsonObject{{QStringLiteral("kind"), error->kindName()},
                             {QStringLiteral("code"), error->code},
                             {QStringLiteral("message"), error->message}, // as the link's error in reports
                             {QStringLiteral("requestId"), error->requestId}});
    return o;
}

const CheckResult *findCheck(const QList<CheckResult> &results, const QString &check)
{
    for (const CheckResult &r : results)
        if (r.check == check)
            return &r;
    return nullptr;
}

} // namespace pal
