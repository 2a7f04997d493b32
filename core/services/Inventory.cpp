#include "Inventory.h"

#include "Account.h"
#include "ConfigLock.h"
#include "CsvCell.h"
#include "CsvReader.h"
#include "JsonFile.h"
#include "PartnerId.h"
#include "TenantId.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

namespace pal {

namespace {

const QString FileName = QStringLiteral("inventory.json");
const QString ColDirectory = QStringLiteral("directory");
const QString ColAccount = QStringLiteral("account");
const QString ColExpected = QStringLiteral("expectedPartnerId");
const QString ColNotes = QStringLiteral("notes");
const QString ColName = QStringLiteral("directoryName");

bool same(const QString &a, const QString &b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

QString unbraced(QString text)
{
    text = text.trimmed();
    if (text.startsWith(QLatin1Char('{')) && text.endsWith(QLatin1Char('}')))
        text = text.mid(1, text.size() - 2);
    return text;
}

QString accountProblem(const QString &account)
{
    if (account.isEmpty())
        return QStringLiteral("the account is empty; name the user (name@domain) or the service principal's "
                              "application (client) ID");
    const qsizetype at = account.indexOf(QLatin1Char('@'));
    if (at > 0 && at < account.size() - 1 && !account.contains(QLatin1Char(' ')))
        return {};
    if (isTenantGuid(unbraced(account)))
        return {};
    return QStringLiteral("the account \"%1\" is neither a user name (name@domain) nor an application (client) ID")
        .arg(account);
}

struct Header
{
    int directory = -1;
    int account = -1;
    int expected = -1;
    int notes = -1;
};

Expected<Header, InventoryProblem> readHeader(const CsvRecord &record)
{
    Header h;
    QStringList duplicate;
    for (int i = 0; i < record.fields.size(); ++i) {
        const QString name = record.fields.at(i).trimmed();
        int *slot = same(name, ColDirectory)  ? &h.directory
                    : same(name, ColAccount)  ? &h.account
                    : same(name, ColExpected) ? &h.expected
                    : same(name, ColNotes)    ? &h.notes
                                              : nullptr;
        if (!slot)
            continue;
        if (*slot >= 0)
            duplicate << name;
        *slot = i;
    }
    if (!duplicate.isEmpty())
        return InventoryProblem{record.line, QStringLiteral("the header names %1 twice").arg(duplicate.first())};
    QStringList missing;
    if (h.directory < 0)
        missing << ColDirectory;
    if (h.account < 0)
        missing << ColAccount;
    if (h.expected < 0)
        missing << ColExpected;
    if (h.notes < 0)
        missing << ColNotes;
    if (!missing.isEmpty())
        return InventoryProblem{record.line, QStringLiteral("the header has no column %1; the first line must be "
                                                            "directory,account,expectedPartnerId,notes")
                                                 .arg(missing.join(QStringLiteral(", ")))};
    return h;
}

QString cell(const CsvRecord &record, int column)
{
    return column < record.fields.size() ? record.fields.at(column) : QString();
}

AzureError fileError(const QString &path, const QString &problem)
{
    return AzureError::make(AzureError::Kind::InvalidInput,
                            QStringLiteral("The inventory %1 is damaged: %2. Import it again with palctl "
                                           "inventory import.")
                                .arg(path, problem),
                            QStringLiteral("InvalidInventory"));
}

} // namespace

bool InventoryRow::isFor(const Account &a) const
{
    const QString wanted = unbraced(account);
    return same(a.username, wanted) || same(a.id, wanted) || (a.isServicePrincipal() && same(a.clientId, wanted));
}

Inventory::Inventory(QString configDirectory)
    : m_directory(std::move(configDirectory))
    , m_lock(std::make_unique<ConfigLock>(m_directory))
{}

Inventory::~Inventory() = default;

QString Inventory::fileName()
{
    return FileName;
}

QString Inventory::filePath() const
{
    return QDir(m_directory).filePath(FileName);
}

Expected<QList<InventoryRow>> Inventory::load() const
{
    const auto bytes = m_lock->read(FileName);
    if (!bytes)
        return bytes.error();
    if (bytes.value().trimmed().isEmpty())
        return QList<InventoryRow>{};
    const auto doc = parseJson(bytes.value(), filePath(), QStringLiteral("InvalidInventory"));
    if (!doc)
        return doc.error();
    const QJsonValue rowsValue = doc.value().object().value(QLatin1String("rows"));
    if (!doc.value().isObject() || !rowsValue.isArray())
        return fileError(filePath(), QStringLiteral("it is not an object with \"rows\""));
    QList<InventoryRow> rows;
    const QJsonArray array = rowsValue.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonObject o = array.at(i).toObject();
        InventoryRow row{
            o.value(QLatin1String("tenantId")).toString(), o.value(QLatin1String("directoryName")).toString(),
            o.value(QLatin1String("account")).toString(), o.value(QLatin1String("expectedPartnerId")).toString(),
            o.value(QLatin1String("notes")).toString()};
        if (!isTenantGuid(row.tenantId) || row.account.isEmpty() ||
            (!row.expectedPartnerId.isEmpty() && !PartnerId::parse(row.expectedPartnerId)))
            return fileError(filePath(), QStringLiteral("row %1 is not a valid row").arg(i + 1));
        rows.append(row);
    }
    return rows;
}

Expected<Done> Inventory::save(const QList<InventoryRow> &rows)
{
    QJsonArray array;
    for (const InventoryRow &r : rows)
        array.append(QJsonObject{{QStringLiteral("tenantId"), r.tenantId},
                                 {QStringLiteral("directoryName"), r.directoryName},
                                 {QStringLiteral("account"), r.account},
                                 {QStringLiteral("expectedPartnerId"), r.expectedPartnerId},
                                 {QStringLiteral("notes"), r.notes}});
    const QByteArray bytes = QJsonDocument(QJsonObject{{QStringLiteral("version"), 1}, {QStringLiteral("rows"), array}})
                                 .toJson(QJsonDocument::Indented);
    // An import replaces the roster as a whole: what is on disk now does not matter.
    return m_lock->update(FileName, [&bytes](const QByteArray &) -> Expected<QByteArray> { return bytes; });
}

QList<Directory> Inventory::match(const QList<Directory> &known, const QString &text)
{
    const QString wanted = unbraced(text);
    QList<Directory> found;
    QSet<QString> seen;
    const auto add = [&](const Directory &d) {
        if (!seen.contains(d.tenantId.toLower())) {
            seen.insert(d.tenantId.toLower());
            found.append(d);
        }
    };
    for (const Directory &d : known)
        if (same(d.tenantId, wanted))
            add(d);
    if (!found.isEmpty())
        return found;
    for (const Directory &d : known) {
        bool domain = same(d.defaultDomain, wanted);
        for (const QString &name : d.domains)
            domain = domain || same(name, wanted);
        if (domain)
            add(d);
    }
    if (!found.isEmpty())
        return found;
    for (const Directory &d : known)
        if (same(d.displayName.trimmed(), wanted))
            add(d);
    return found;
}

bool Inventory::namesDirectories(const QByteArray &csv)
{
    const auto records = CsvReader::read(csv);
    if (!records || records.value().isEmpty())
        return false;
    const auto header = readHeader(records.value().first());
    if (!header)
        return false;
    for (qsizetype i = 1; i < records.value().size(); ++i) {
        const QString directory = unbraced(cell(records.value().at(i), header.value().directory));
        if (!directory.isEmpty() && !isTenantGuid(directory))
            return true;
    }
    return false;
}

Expected<QList<InventoryRow>, QList<InventoryProblem>> Inventory::parseCsv(const QByteArray &csv,
                                                                           const QList<Directory> &known)
{
    const auto records = CsvReader::read(csv);
    if (!records)
        return QList<InventoryProblem>{{records.error().line, records.error().message}};
    if (records.value().isEmpty())
        return QList<InventoryProblem>{
            {1, QStringLiteral("the file is empty; the first line must be directory,account,expectedPartnerId,notes")}};
    const auto header = readHeader(records.value().first());
    if (!header)
        return QList<InventoryProblem>{header.error()};
    const Header h = header.value();

    QList<InventoryRow> rows;
    QList<InventoryProblem> problems;
    QHash<QString, int> firstLine; // "tenant|account" -> line
    for (qsizetype i = 1; i < records.value().size(); ++i) {
        const CsvRecord &record = records.value().at(i);
        if (record.isBlank())
            continue;
        const auto problem = [&](const QString &message) { problems.append({record.line, message}); };
        if (rows.size() + problems.size() >= MaxRows) {
            problem(QStringLiteral("more than %1 rows; split the inventory").arg(MaxRows));
            break;
        }
        InventoryRow row;
        row.account = CsvCell::read(cell(record, h.account).trimmed());
        row.notes = CsvCell::read(cell(record, h.notes));
        const QString expected = cell(record, h.expected).trimmed();
        const QString directory = CsvCell::read(cell(record, h.directory).trimmed());

        QStringList wrong;
        if (directory.isEmpty()) {
            wrong << QStringLiteral("the directory is empty; give its tenant ID, a domain or its name");
        } else if (isTenantGuid(unbraced(directory))) {
            row.tenantId = unbraced(directory).toLower();
            const QList<Directory> byId = match(known, row.tenantId);
            row.directoryName = byId.isEmpty() ? QString() : byId.first().displayName;
        } else {
            const QList<Directory> found = match(known, directory);
            if (found.isEmpty()) {
                wrong << QStringLiteral("no signed-in account reaches a directory \"%1\"; give its tenant ID, or "
                                        "sign in with an account that reaches it")
                             .arg(directory);
            } else if (found.size() > 1) {
                QStringList ids;
                for (const Directory &d : found)
                    ids << d.tenantId;
                wrong << QStringLiteral("\"%1\" names %2 directories (%3); give the tenant ID instead")
                             .arg(directory)
                             .arg(found.size())
                             .arg(ids.join(QStringLiteral(", ")));
            } else {
                row.tenantId = found.first().tenantId.toLower();
                row.directoryName = found.first().displayName;
            }
        }
        if (const QString why = accountProblem(row.account); !why.isEmpty())
            wrong << why;
        if (!expected.isEmpty()) {
            if (const auto id = PartnerId::parse(expected))
                row.expectedPartnerId = id.value().toString();
            else
                wrong << QStringLiteral("expectedPartnerId: %1").arg(id.error().message);
        }
        if (wrong.isEmpty() && !row.tenantId.isEmpty()) {
            const QString key = row.tenantId + QLatin1Char('|') + unbraced(row.account).toLower();
            if (firstLine.contains(key))
                wrong << QStringLiteral("this directory and account are already on line %1").arg(firstLine.value(key));
            else
                firstLine.insert(key, record.line);
        }
        if (!wrong.isEmpty()) {
            problem(wrong.join(QStringLiteral("; ")));
            continue;
        }
        rows.append(row);
    }
    if (!problems.isEmpty())
        return problems;
    return rows;
}

QByteArray Inventory::toCsv(const QList<InventoryRow> &rows)
{
    QString out = QStringList{ColDirectory, ColAccount, ColExpected, ColNotes, ColName}.join(QLatin1Char(',')) +
                  QStringLiteral("\r\n");
    for (const InventoryRow &r : rows) {
        QStringList cells;
        for (const QString &f : {r.tenantId, r.account, r.expectedPartnerId, r.notes, r.directoryName})
            cells << CsvCell::write(f);
        out += cells.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return out.toUtf8();
}

} // namespace pal
