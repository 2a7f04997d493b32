#pragma once
// EligibleRoles: Partner Center's published table "Roles and permissions required to earn partner
// earned credit" (PEC), as data: every row, keyed by the built-in role's GUID, with whether the
// row says "PEC eligible: Yes". Compiled in from EligibleRoles.json (its source URL and dates are in
// the file; README.md says how it was read and how to refresh it). Custom roles are never on it:
// whether one earns credit is something PAL Desk cannot tell.

#include "Expected.h"

#include <QByteArray>
#include <QHash>
#include <QString>

namespace pal {

class EligibleRoles
{
public:
    struct Role
    {
        QString id;       // the built-in role's GUID, lower case
        QString roleName; // Azure's roleName
        QString listedAs; // the name in Partner Center's table, when it differs (e.g. "ACRPull")
        bool pecEligible = false;
    };

    // The compiled-in table. Parsing it cannot fail at run time: a unit test parses the same file.
    static EligibleRoles published();
    static Expected<EligibleRoles> fromJson(const QByteArray &json);

    // The row for a role GUID (any case, braces or not), or nullptr when the table has none.
    const Role *find(const QString &roleGuid) const;
    bool isEligible(const QString &roleGuid) const;

    int size() const { return int(m_roles.size()); }
    int eligibleCount() const;
    QString title() const { return m_title; }
    QString sourceUrl() const { return m_source; }
    QString articleDate() const { return m_articleDate; }
    QString textAsOf() const { return m_textAsOf; }

private:
    QHash<QString, Role> m_roles;
    QString m_title;
    QString m_source;
    QString m_articleDate;
    QString m_textAsOf;
};

} // namespace pal
