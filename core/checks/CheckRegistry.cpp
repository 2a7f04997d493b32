#include "CheckRegistry.h"

#include "AttributionSummaryCheck.h"
#include "IdentityCheck.h"
#include "LinkCheck.h"

#include <QRegularExpression>

namespace pal {

CheckRegistry::~CheckRegistry() = default;

std::unique_ptr<CheckRegistry> CheckRegistry::standard()
{
    auto registry = std::make_unique<CheckRegistry>();
    // One line per check; the order is the order palctl and the reports list them in.
    static_cast<void>(registry->add(std::make_unique<LinkCheck>()));
    static_cast<void>(registry->add(std::make_unique<IdentityCheck>()));
    static_cast<void>(registry->add(std::make_unique<AttributionSummaryCheck>()));
    return registry;
}

Expected<Done> CheckRegistry::add(std::unique_ptr<DirectoryCheck> check)
{
    static const QRegularExpression word(QStringLiteral("^[a-z][a-z0-9-]*$"));
    if (!check || !word.match(check->name()).hasMatch())
        return AzureError::make(AzureError::Kind::InvalidInput,
                                QStringLiteral("A check needs a name of lower-case letters, digits and dashes."));
    if (find(check->name()))
        return AzureError::make(AzureError::Kind::InvalidInput,
                                QStringLiteral("A check named \"%1\" is registered already.").arg(check->name()));
    m_checks.push_back(std::move(check));
    return Done{};
}

DirectoryCheck *CheckRegistry::find(const QString &name) const
{
    for (const auto &check : m_checks)
        if (check->name().compare(name.trimmed(), Qt::CaseInsensitive) == 0)
            return check.get();
    return nullptr;
}

QStringList CheckRegistry::names() const
{
    QStringList list;
    for (const auto &check : m_checks)
        list << check->name();
    return list;
}

Expected<QList<DirectoryCheck *>> CheckRegistry::resolve(const QStringList &names) const
{
    QList<DirectoryCheck *> checks;
    for (const QString &name : names) {
        DirectoryCheck *check = find(name);
        if (!check)
            return AzureError::make(AzureError::Kind::InvalidInput,
                                    QStringLiteral("There is no check named \"%1\". Known checks: %2.")
                                        .arg(name.trimmed(), this->names().join(QStringLiteral(", "))));
        if (!checks.contains(check))
            checks.append(check);
    }
    return checks;
}

QStringList CheckRegistry::parseNames(const QString &text)
{
    QStringList names;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (const QString name = part.trimmed(); !name.isEmpty())
            names << name;
    return names;
}

} // namespace pal
