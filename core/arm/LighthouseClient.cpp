#include "LighthouseClient.h"

#include "ChainedCall.h"
#include "JsonFields.h"
#include "TenantId.h"

#include <QJsonArray>
#include <QTimer>

namespace pal {

namespace {

const QString ProviderSegment = QStringLiteral("/providers/Microsoft.ManagedServices/");

Expected<QList<LighthouseAuthorization>> parseAuthorizations(const QJsonObject &definition, const QString &key,
                                                             bool justInTime)
{
    const QJsonValue value = definition.value(key);
    QList<LighthouseAuthorization> out;
    if (value.isUndefined() || value.isNull())
        return out;
    if (!value.isArray())
        return json::badResponse(QStringLiteral("\"%1\" is not an array").arg(key));
    for (const auto &v : value.toArray()) {
        const QJsonObject o = v.toObject();
        QString problem;
        const auto principal = json::optionalString(o, QStringLiteral("principalId"), &problem);
        const auto name = json::optionalString(o, QStringLiteral("principalIdDisplayName"), &problem);
        const auto role = json::optionalString(o, QStringLiteral("roleDefinitionId"), &problem);
        if (!v.isObject() || !principal || !name || !role)
            return json::badResponse(QStringLiteral("an entry of \"%1\" is not an authorization%2")
                                         .arg(key, problem.isEmpty() ? QString() : QStringLiteral(": ") + problem));
        if (principal->isEmpty() || role->isEmpty())
            return json::badResponse(
                QStringLiteral("an entry of \"%1\" lacks \"principalId\" or \"roleDefinitionId\"").arg(key));
        out.append({*principal, *name, *role, justInTime});
    }
    return out;
}

} // namespace

Expected<RegistrationAssignment> RegistrationAssignment::fromJson(const QJsonObject &object)
{
    auto bad = [](const QString &problem) {
        return json::badResponse(
            QStringLiteral("A Lighthouse registration assignment is incomplete: %1.").arg(problem));
    };
    RegistrationAssignment a;
    QString problem;
    const auto id = json::optionalString(object, QStringLiteral("id"), &problem);
    if (!id)
        return bad(problem);
    a.id = *id;
    const qsizetype at = a.id.indexOf(ProviderSegment, 0, Qt::CaseInsensitive);
    a.scope = at > 0 ? a.id.left(at) : QString();

    const QJsonObject definition = object.value(QStringLiteral("properties"))
                                       .toObject()
                                       .value(QStringLiteral("registrationDefinition"))
                                       .toObject()
                                       .value(QStringLiteral("properties"))
                                       .toObject();
    if (definition.isEmpty())
        return bad(QStringLiteral("the registration definition is not expanded"));
    const auto byId = json::optionalString(definition, QStringLiteral("managedByTenantId"), &problem);
    const auto byName = json::optionalString(definition, QStringLiteral("managedByTenantName"), &problem);
    if (!byId || !byName)
        return bad(problem);
    a.managedByTenantId = *byId;
    a.managedByTenantName = *byName;
    const auto permanent = parseAuthorizations(definition, QStringLiteral("authorizations"), false);
    if (!permanent)
        return bad(permanent.error().message);
    const auto jit = parseAuthorizations(definition, QStringLiteral("eligibleAuthorizations"), true);
    if (!jit)
        return bad(jit.error().message);
    a.authorizations = *permanent + *jit;
    return a;
}

CallHandle LighthouseClient::assignments(const QString &tenantId, const QString &subscriptionId, QObject *context,
                                         Completion<QList<RegistrationAssignment>> done)
{
    if (!isTenantGuid(subscriptionId)) {
        auto *chain = new ChainedCall(context, m_pipeline);
        QTimer::singleShot(0, chain, [chain, done = std::move(done), subscriptionId] {
            chain->finish();
            done(AzureError::make(
                AzureError::Kind::InvalidInput,
                QStringLiteral("\"%1\" is not a subscription id: expected a GUID.").arg(subscriptionId)));
        });
        return CallHandle(chain);
    }
    ArmRequest first;
    first.verb = "GET";
    first.path = QStringLiteral("/subscriptions/%1/providers/Microsoft.ManagedServices/registrationAssignments")
                     .arg(subscriptionId);
    first.apiVersion = QString::fromLatin1(ApiVersion);
    first.tenantId = tenantId;
    first.query = {{QStringLiteral("$expandRegistrationDefinition"), QStringLiteral("true")}};
    return listAllPages<RegistrationAssignment>(
        m_pipeline, first, MaxPages, context, [](const QJsonObject &o) { return RegistrationAssignment::fromJson(o); },
        std::move(done));
}

} // namespace pal
