// palctl settings show | set | unset

#include "Command.h"

#include "LinkHistory.h"
#include "PartnerId.h"

#include <QJsonArray>
#include <QJsonObject>

namespace palctl {

using pal::Account;

namespace {

const QString PartnerIdKey = QStringLiteral("partner-id");
const QStringList settingColumns{QStringLiteral("setting"), QStringLiteral("account"), QStringLiteral("value")};

QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

Result<pal::Done> checkKey(const QString &key)
{
    if (key == PartnerIdKey)
        return pal::Done{};
    return Failure{Usage, QStringLiteral("Unknown setting '%1'. Settings that can be set: %2.").arg(key, PartnerIdKey)};
}

// --account ACCOUNT (id or user name), resolved among the accounts palctl knows (accounts.json).
Result<std::optional<Account>> accountOption(Invocation &in)
{
    if (!in.parser.isSet(QStringLiteral("account")))
        return std::optional<Account>();
    const auto manager = in.context.accounts();
    if (!manager)
        return manager.error();
    const auto found = findAccount(manager.value()->accounts(), in.parser.value(QStringLiteral("account")).trimmed());
    if (!found)
        return found.error();
    return std::optional<Account>(found.value());
}

Result<pal::Done> show(Invocation &in)
{
    const auto config = in.context.config();
    if (!config)
        return config.error();
    const pal::AppConfig *c = config.value();
    // The overrides name their account's user too, when palctl still knows it.
    QHash<QString, QString> usernames;
    const QHash<QString, QString> overrides = c->partnerIdOverrides();
    if (!overrides.isEmpty())
        if (const auto manager = in.context.accounts())
            for (const Account &a : manager.value()->accounts())
                usernames.insert(a.id, a.username);
    QStringList accounts = overrides.keys();
    accounts.sort();

    QJsonArray byAccount;
    QList<QJsonObject> rows;
    rows << QJsonObject{{QStringLiteral("setting"), PartnerIdKey},
                        {QStringLiteral("account"), QStringLiteral("(all accounts)")},
                        {QStringLiteral("value"), orNull(c->partnerId())}};
    for (const QString &account : accounts) {
        byAccount.append(QJsonObject{{QStringLiteral("accountId"), account},
                                     {QStringLiteral("username"), orNull(usernames.value(account))},
                                     {QStringLiteral("partnerId"), overrides.value(account)}});
        rows << QJsonObject{{QStringLiteral("setting"), PartnerIdKey},
                            {QStringLiteral("account"), usernames.value(account, account)},
                            {QStringLiteral("value"), overrides.value(account)}};
    }
    QStringList customClouds;
    for (const pal::CloudEnvironment &cloud : c->clouds())
        if (!cloud.builtIn && !c->isSessionCloud(cloud.name))
            customClouds << cloud.name;
    const auto history = in.context.history();
    const QString historyFile = history ? history.value()->filePath() : QString();

    if (in.context.output().format() == OutputFormat::Json) {
        in.context.output().printObject(
            QJsonObject{{QStringLiteral("partnerId"), orNull(c->partnerId())},
                        {QStringLiteral("partnerIdByAccount"), byAccount},
                        {QStringLiteral("cloud"), c->currentCloudName()},
                        {QStringLiteral("customClouds"), QJsonArray::fromStringList(customClouds)},
                        {QStringLiteral("clientId"), orNull(c->clientId())},
                        {QStringLiteral("currentAccount"), orNull(c->currentAccountId())},
                        {QStringLiteral("configDirectory"), c->directory()},
                        {QStringLiteral("historyFile"), historyFile}},
            {});
        return pal::Done{};
    }
    rows << QJsonObject{{QStringLiteral("setting"), QStringLiteral("cloud")},
                        {QStringLiteral("value"), c->currentCloudName()}};
    rows << QJsonObject{{QStringLiteral("setting"), QStringLiteral("custom-clouds")},
                        {QStringLiteral("value"), customClouds.join(QStringLiteral(", "))}};
    rows << QJsonObject{
        {QStringLiteral("setting"), QStringLiteral("client-id")},
        {QStringLiteral("value"), c->clientId().isEmpty() ? QStringLiteral("(default)") : c->clientId()}};
    rows << QJsonObject{{QStringLiteral("setting"), QStringLiteral("current-account")},
                        {QStringLiteral("value"), c->currentAccountId()}};
    rows << QJsonObject{{QStringLiteral("setting"), QStringLiteral("config-directory")},
                        {QStringLiteral("value"), c->directory()}};
    rows << QJsonObject{{QStringLiteral("setting"), QStringLiteral("history-file")},
                        {QStringLiteral("value"), historyFile}};
    in.context.output().printList(rows, settingColumns);
    return pal::Done{};
}

// set (a partner ID) and unset (an empty one): validated first, so an invalid ID saves nothing.
Result<pal::Done> change(Invocation &in, const QString &value)
{
    if (const auto known = checkKey(in.arguments.first()); !known)
        return known.error();
    QString id;
    if (!value.isNull()) {
        const auto parsed = pal::PartnerId::parse(value);
        if (!parsed)
            return Failure{Usage, QStringLiteral("Invalid partner ID \"%1\": %2").arg(value, parsed.error().message)};
        id = parsed->toString();
    }
    const auto account = accountOption(in);
    if (!account)
        return account.error();
    const auto config = in.context.config();
    if (!config)
        return config.error();
    const std::optional<Account> &who = account.value();
    const auto saved = who ? config.value()->setPartnerIdOverride(who->id, id) : config.value()->setPartnerId(id);
    if (!saved)
        return in.context.configFailure(saved.error());
    if (who && id.isEmpty())
        in.context.note(QStringLiteral("%1 uses the partner ID for all accounts%2.")
                            .arg(identityLabel(*who), config.value()->partnerId().isEmpty()
                                                          ? QStringLiteral(" (none is set)")
                                                          : QStringLiteral(" (%1)").arg(config.value()->partnerId())));
    else if (who)
        in.context.note(QStringLiteral("My partner ID for %1 is now %2.").arg(identityLabel(*who), id));
    else if (id.isEmpty())
        in.context.note(QStringLiteral("No partner ID is set for all accounts now."));
    else
        in.context.note(QStringLiteral("My partner ID is now %1 (for all accounts).").arg(id));
    return pal::Done{};
}

QCommandLineOption accountOptionSpec(const QString &text)
{
    return {QStringLiteral("account"), text, QStringLiteral("ACCOUNT")};
}

} // namespace

QList<Command> settingsCommands()
{
    QList<Command> list;
    list << Command{{QStringLiteral("settings"), QStringLiteral("show")},
                    QStringLiteral("Show PAL Desk's settings: my partner ID (and per account), cloud, client ID."),
                    {},
                    0,
                    0,
                    {},
                    QStringLiteral("partnerId is null when none is set; partnerIdByAccount lists the accounts that "
                                   "have their own."),
                    {QStringLiteral("palctl settings show -o json")},
                    show};
    list << Command{{QStringLiteral("settings"), QStringLiteral("set")},
                    QStringLiteral("Set a setting: partner-id ID (my partner ID)."),
                    QStringLiteral("partner-id ID"),
                    2,
                    2,
                    {accountOptionSpec(QStringLiteral("Set it for this account only (id or user name)."))},
                    QStringLiteral("My partner ID is your Associated Partner ID: the partner location ID shown on "
                                   "your Partner Center profile. partner create and update use it when --partner-id "
                                   "is left out, partner show and directory verify-all compare links with it. An "
                                   "invalid ID is exit 2 and nothing is saved."),
                    {QStringLiteral("palctl settings set partner-id 1234567"),
                     QStringLiteral("palctl settings set partner-id 7654321 --account admin@fabrikam.example")},
                    [](Invocation &in) { return change(in, in.arguments.at(1)); }};
    list << Command{
        {QStringLiteral("settings"), QStringLiteral("unset")},
        QStringLiteral("Unset a setting: partner-id."),
        QStringLiteral("partner-id"),
        1,
        1,
        {accountOptionSpec(QStringLiteral("Unset this account's own (it then uses the one for all accounts)."))},
        {},
        {QStringLiteral("palctl settings unset partner-id"),
         QStringLiteral("palctl settings unset partner-id --account admin@fabrikam.example")},
        [](Invocation &in) { return change(in, QString()); }};
    return list;
}

} // namespace palctl
