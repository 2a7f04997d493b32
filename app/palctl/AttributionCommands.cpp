// palctl attribution show

#include "Command.h"

#include "AttributionCheck.h"
#include "AttributionSummaryCheck.h"

#include <QJsonArray>
#include <QJsonObject>

namespace palctl {

using pal::AttributedProduct;
using pal::AttributionReport;
using pal::ProductAttribution;

namespace {

const QStringList itemColumns{QStringLiteral("product"),      QStringLiteral("state"),     QStringLiteral("list"),
                              QStringLiteral("name"),         QStringLiteral("container"), QStringLiteral("owner"),
                              QStringLiteral("lastModified"), QStringLiteral("requestId")};

// Table and tsv: one row per resource, and one row for a product with none (its state and message).
QList<QJsonObject> rows(const AttributionReport &report)
{
    QList<QJsonObject> out;
    for (const ProductAttribution &p : report.products) {
        const QString product = pal::attribution::product(p.product).key;
        const QString state = ProductAttribution::stateName(p.state);
        const QString requestId = p.error ? p.error->requestId : QString();
        bool any = false;
        const auto add = [&](const QList<pal::AttributionItem> &items, const char *list) {
            for (const pal::AttributionItem &i : items) {
                any = true;
                const QString owner = i.ownerName.isEmpty() ? i.ownerId : i.ownerName;
                out << QJsonObject{{QStringLiteral("product"), product},
                                   {QStringLiteral("state"), state},
                                   {QStringLiteral("list"), QLatin1String(list)},
                                   {QStringLiteral("name"), i.name},
                                   {QStringLiteral("container"), i.container},
                                   {QStringLiteral("owner"), owner},
                                   {QStringLiteral("lastModified"), i.lastModified.isValid()
                                                                        ? i.lastModified.toUTC().toString(Qt::ISODate)
                                                                        : QString()},
                                   {QStringLiteral("requestId"), requestId}};
            }
        };
        add(p.credited, "credited");
        add(p.others, "others");
        add(p.cannotTell, "cannot tell");
        if (!any)
            out << QJsonObject{{QStringLiteral("product"), product},
                               {QStringLiteral("state"), state},
                               {QStringLiteral("list"), QString()},
                               {QStringLiteral("name"), p.message.isEmpty() ? p.verdictText() : p.message},
                               {QStringLiteral("container"), QString()},
                               {QStringLiteral("owner"), QString()},
                               {QStringLiteral("lastModified"), QString()},
                               {QStringLiteral("requestId"), requestId}};
    }
    return out;
}

// 0 when read (whatever is credited); 3 when every product PAL Desk reads needs a sign-in; 1 when
// every one failed. Products the cloud or identity does not have (and Customer Insights, which has
// nothing to read) do not count.
int exitCodeFor(const AttributionReport &report)
{
    int read = 0;
    int signIn = 0;
    int failed = 0;
    for (const ProductAttribution &p : report.products) {
        if (p.state == ProductAttribution::State::NotAvailable)
            continue;
        ++read;
        if (p.state == ProductAttribution::State::SignInNeeded)
            ++signIn;
        if (p.state != ProductAttribution::State::Checked)
            ++failed;
    }
    if (read == 0 || failed < read)
        return Ok;
    return signIn == read ? SignInNeeded : ServiceFailed;
}

Result<pal::Done> show(Invocation &in)
{
    const auto account = in.context.signedInAccount();
    if (!account)
        return account.error();
    const auto directory = in.context.directoryFor(account.value(), in.parser.value(QStringLiteral("directory")));
    if (!directory)
        return directory.error();
    const auto accounts = in.context.accounts();
    if (!accounts)
        return accounts.error();
    const auto cloud = in.context.cloud();
    if (!cloud)
        return cloud.error();

    pal::Directory target = directory.value();
    if (target.displayName.isEmpty()) // a name for the report; not worth failing for
        if (const auto all = in.context.listDirectories(account.value()))
            for (const pal::Directory &d : all.value())
                if (d.tenantId.compare(target.tenantId, Qt::CaseInsensitive) == 0)
                    target = d;

    // The account's own reader (one per account, core/checks' AccountServices), as the fleet's column uses.
    pal::AttributionCheck *reader = in.context.accountServices(account.value()).attribution();
    if (!reader)
        return Failure{SignInNeeded,
                       QStringLiteral("%1 is not signed in here. Run: palctl login").arg(account->username)};
    pal::AttributionCheck &check = *reader;
    if (in.context.options().verbose)
        QObject::connect(&check, &pal::AttributionCheck::progress, &check,
                         [&in](const QString &, const QString &text) { in.context.note(text); });
    const auto report = in.context.await<AttributionReport>([&](QObject *context, auto done) {
        check.run(target.tenantId, target.displayName, pal::AttributionSummaryCheck::identityOf(account.value()),
                  context, std::move(done));
    });
    if (!report)
        return in.context.failure(report.error(), Activity::Other, target.tenantId);

    if (in.context.output().format() == OutputFormat::Json) {
        in.context.output().printObject(report->toJson(), {});
    } else {
        in.context.output().printList(rows(report.value()), itemColumns);
        for (const ProductAttribution &p : report->products) {
            const QString todo = p.whatToDo();
            in.context.note(QStringLiteral("%1: %2%3")
                                .arg(pal::attribution::product(p.product).name,
                                     p.state == ProductAttribution::State::Checked ? p.verdictText() : p.message,
                                     todo.isEmpty() ? QString() : QStringLiteral(" What to do: ") + todo));
        }
    }
    const int code = exitCodeFor(report.value());
    if (code != Ok)
        return Failure{code, code == SignInNeeded
                                 ? QStringLiteral("Every product needs a sign-in; see the messages "
                                                  "above. Run: palctl login --tenant %1")
                                       .arg(target.tenantId)
                                 : QStringLiteral("No product could be read; see the messages above.")};
    return pal::Done{};
}

} // namespace

QList<Command> attributionCommands()
{
    QList<Command> list;
    list << Command{
        {QStringLiteral("attribution"), QStringLiteral("show")},
        QStringLiteral("Show what is credited to you in a directory: apps, flows, datasets."),
        {},
        0,
        0,
        {{QStringLiteral("directory"),
          QStringLiteral("The directory (id, domain or display name); default: the current directory."),
          QStringLiteral("TENANT")}},
        QStringLiteral(
            "Per product, the article's rule and what PAL Desk read: the resources credited to you (canvas apps you "
            "own or co-own, flows you created, datasets you published), those owned by someone else, and those it "
            "cannot tell. It only reads. Exit 0 when read, whatever is credited; 3 when every product needs a "
            "sign-in; 1 when every product failed."),
        {QStringLiteral("palctl attribution show"),
         QStringLiteral("palctl attribution show --directory fabrikam.example -o table")},
        show};
    return list;
}

} // namespace palctl
