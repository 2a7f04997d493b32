#pragma once
// CheckRegistry: the checks of one directory PAL Desk knows, by name, in the order they were
// registered. The apps run checks from here (the validation view, the fleet run and its reports,
// the watch, palctl), so a new check is one class and one line in standard(). Names are what
// scripts type (`palctl directory verify-all --checks link,attribution`).
//
// Life cycle: built once by the composition root (AppServices::checks()); read-only after.

#include "DirectoryCheck.h"
#include "Expected.h"

#include <QList>
#include <QStringList>
#include <memory>
#include <vector>

namespace pal {

class CheckRegistry
{
public:
    CheckRegistry() = default;
    ~CheckRegistry();
    Q_DISABLE_COPY_MOVE(CheckRegistry)

    // link, identity, attribution.
    static std::unique_ptr<CheckRegistry> standard();

    // A check whose name is taken, empty or not lower-case words is refused (InvalidInput); nothing changes.
    Expected<Done> add(std::unique_ptr<DirectoryCheck> check);
    DirectoryCheck *find(const QString &name) const;
    QStringList names() const;
    // The checks named (case-insensitive, duplicates once, in the order given); the first unknown
    // name is an InvalidInput error that lists the known ones.
    Expected<QList<DirectoryCheck *>> resolve(const QStringList &names) const;
    // "link,identity" → ["link","identity"]: blanks dropped, for --checks.
    static QStringList parseNames(const QString &text);

private:
    std::vector<std::unique_ptr<DirectoryCheck>> m_checks;
};

} // namespace pal
