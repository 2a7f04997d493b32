#include "AttributionReport.h"

#include <QJsonArray>

namespace pal {

namespace {

QString plural(qsizetype n, const QString &one, const QString &many)
{
    return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
}

// "app"/"apps", "flow"/"flows", ...
QPair<QString, QString> nouns(AttributedProduct product)
{
    switch (product) {
    case AttributedProduct::PowerApps:
        return {QStringLiteral("app"), QStringLiteral("apps")};
    case AttributedProduct::PowerAutomate:
        return {QStringLiteral("flow"), QStringLiteral("flows")};
    case AttributedProduct::PowerBI:
        return {QStringLiteral("dataset"), QStringLiteral("datasets")};
    case AttributedProduct::CustomerInsights:
        break;
    }
    return {QStringLiteral("instance"), QStringLiteral("instances")};
}

QJsonArray itemsJson(const QList<AttributionItem> &items)
{
    QJsonArray a;
    for (const AttributionItem &i : items)
        a.append(i.toJson());
    return a;
}

} // namespace

QJsonObject AttributionItem::toJson() const
{
    QJsonObject o{{QStringLiteral("id"), id},
                  {QStringLiteral("name"), name},
                  {QStringLiteral("container"), container},
                  {QStringLiteral("owner"),
                   QJsonObject{{QStringLiteral("id"), ownerId.isEmpty() ? QJsonValue() : ownerId},
                               {QStringLiteral("name"), ownerName.isEmpty() ? QJsonValue() : ownerName}}},
                  {QStringLiteral("lastModified"),
                   lastModified.isValid() ? QJsonValue(lastModified.toUTC().toString(Qt::ISODate)) : QJsonValue()}};
    if (!why.isEmpty())
        o.insert(QStringLiteral("why"), why);
    return o;
}

ProductAttribution::Verdict ProductAttribution::verdict() const
{
    if (state != State::Checked)
        return Verdict::NotChecked;
    if (!credited.isEmpty())
        return others.isEmpty() && cannotTell.isEmpty() ? Verdict::Credited : Verdict::PartlyCredited;
    if (!others.isEmpty())
        return Verdict::NotCredited;
    return cannotTell.isEmpty() ? Verdict::NothingToCredit : Verdict::CannotTell;
}

QString ProductAttribution::verdictText() const
{
    const auto [one, many] = nouns(product);
    const qsizetype total = credited.size() + others.size() + cannotTell.size();
    QString text;
    switch (verdict()) {
    case Verdict::Credited:
        return total == 1 ? QStringLiteral("Credited: the one %1 you can see counts for you.").arg(one)
                          : QStringLiteral("Credited: all %1 you can see count for you.").arg(plural(total, one, many));
    case Verdict::PartlyCredited:
        text = QStringLiteral("Partly credited: %1 of %2 count for you")
                   .arg(credited.size())
                   .arg(plural(total, one, many));
        if (!others.isEmpty())
            text += QStringLiteral("; %1 owned by someone else").arg(others.size());
        if (!cannotTell.isEmpty())
            text += QStringLiteral("; %1 PAL Desk cannot tell").arg(cannotTell.size());
        return text + QLatin1Char('.');
    case Verdict::NotCredited:
        text = QStringLiteral("Not credited: none of the %1 you can see counts for you").arg(plural(total, one, many));
        if (!cannotTell.isEmpty())
            text += QStringLiteral(" (%1 PAL Desk cannot tell)").arg(cannotTell.size());
        return text + QLatin1Char('.');
    case Verdict::NothingToCredit:
        return QStringLiteral("Nothing to credit: you can see no %1 in this directory.").arg(many);
    case Verdict::CannotTell:
        return QStringLiteral("Cannot tell: PAL Desk did not understand what the service said about %1.")
            .arg(plural(cannotTell.size(), one, many));
    case Verdict::NotChecked:
        break;
    }
    switch (state) {
    case State::NotAvailable:
        return message;
    case State::SignInNeeded:
        return QStringLiteral("Not checked: sign-in needed.");
    case State::Error:
        return QStringLiteral("Not checked: the service failed.");
    case State::Checked:
        break;
    }
    return {};
}

QString ProductAttribution::whatToDo() const
{
    const Verdict v = verdict();
    if (v == Verdict::NotCredited || v == Verdict::PartlyCredited)
        return attribution::product(product).whatToDo;
    if (product == AttributedProduct::CustomerInsights)
        return attribution::product(product).whatToDo;
    return {};
}

QString ProductAttribution::stateName(State state)
{
    switch (state) {
    case State::Checked:
        return QStringLiteral("checked");
    case State::NotAvailable:
        return QStringLiteral("not available");
    case State::SignInNeeded:
        return QStringLiteral("sign-in needed");
    case State::Error:
        return QStringLiteral("error");
    }
    return {};
}

QString ProductAttribution::verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Credited:
        return QStringLiteral("credited");
    case Verdict::PartlyCredited:
        return QStringLiteral("partly credited");
    case Verdict::NotCredited:
        return QStringLiteral("not credited");
    case Verdict::NothingToCredit:
        return QStringLiteral("nothing to credit");
    case Verdict::CannotTell:
        return QStringLiteral("cannot tell");
    case Verdict::NotChecked:
        break;
    }
    return QStringLiteral("not checked");
}

QJsonObject ProductAttribution::toJson() const
{
    const ProductFacts &facts = attribution::product(product);
    QJsonObject o{{QStringLiteral("product"), facts.key},
                  {QStringLiteral("state"), stateName(state)},
                  {QStringLiteral("rule"), facts.rule},
                  {QStringLiteral("credited"), itemsJson(credited)},
                  {QStringLiteral("others"), itemsJson(others)},
                  {QStringLiteral("cannotTell"), itemsJson(cannotTell)},
                  {QStringLiteral("verdict"), verdictName(verdict())},
                  {QStringLiteral("message"), message.isEmpty() ? verdictText() : message}};
    if (const QString todo = whatToDo(); !todo.isEmpty())
        o.insert(QStringLiteral("whatToDo"), todo);
    if (error) {
        o.insert(QStringLiteral("error"), QJsonObject{{QStringLiteral("kind"), error->kindName()},
                                                      {QStringLiteral("code"), error->code},
                                                      {QStringLiteral("httpStatus"), error->httpStatus},
                                                      {QStringLiteral("requestId"), error->requestId}});
    }
    return o;
}

const ProductAttribution *AttributionReport::product(AttributedProduct which) const
{
    for (const ProductAttribution &p : products)
        if (p.product == which)
            return &p;
    return nullptr;
}

QJsonObject AttributionReport::toJson() const
{
    QJsonArray list;
    for (const ProductAttribution &p : products)
        list.append(p.toJson());
    return {{QStringLiteral("directory"),
             QJsonObject{{QStringLiteral("tenantId"), tenantId}, {QStringLiteral("displayName"), directoryName}}},
            {QStringLiteral("identity"),
             QJsonObject{{QStringLiteral("objectId"), objectId}, {QStringLiteral("username"), username}}},
            {QStringLiteral("products"), list}};
}

AttributionReport::Summary AttributionReport::summaryKind() const
{
    bool anyCredited = false;
    for (const ProductAttribution &p : products) {
        if (p.state != ProductAttribution::State::Checked)
            continue;
        if (!p.others.isEmpty())
            return Summary::NotCredited;
        anyCredited = anyCredited || !p.credited.isEmpty();
    }
    return anyCredited ? Summary::Credited : Summary::CannotTell;
}

QString AttributionReport::summaryName(Summary summary)
{
    switch (summary) {
    case Summary::Credited:
        return QStringLiteral("credited");
    case Summary::NotCredited:
        return QStringLiteral("not credited");
    case Summary::CannotTell:
        break;
    }
    return QStringLiteral("cannot tell");
}

} // namespace pal
