// palctl cloud list | show | set | register | unregister

#include "Command.h"
#include "TerminalText.h"

#include <QJsonObject>

namespace palctl {

using pal::CloudEnvironment;

namespace {

const QStringList cloudColumns{QStringLiteral("name"), QStringLiteral("current"), QStringLiteral("loginEndpoint"),
                               QStringLiteral("resourceManagerEndpoint"), QStringLiteral("armScope")};

QJsonObject cloudRecord(const CloudEnvironment &cloud, const QString &currentName)
{
    QJsonObject o = cloud.toJson();
    o.insert(QStringLiteral("current"), cloud.name.compare(currentName, Qt::CaseInsensitive) == 0);
    o.insert(QStringLiteral("builtIn"), cloud.builtIn);
    return o;
}

Result<CloudEnvironment> knownCloud(pal::AppConfig *config, const QString &name)
{
    if (auto cloud = config->cloud(name))
        return *cloud;
    return Failure{Usage, QStringLiteral("Unknown cloud \"%1\". Run: palctl cloud list").arg(name)};
}

Result<pal::Done> listClouds(Invocation &in)
{
    const auto config = in.context.config();
    if (!config)
        return config.error();
    QList<QJsonObject> records;
    for (const CloudEnvironment &c : config.value()->clouds())
        records << cloudRecord(c, config.value()->currentCloudName());
    in.context.output().printList(records, cloudColumns);
    return pal::Done{};
}

Result<pal::Done> showCloud(Invocation &in)
{
    const auto config = in.context.config();
    if (!config)
        return config.error();
    const QString name = in.arguments.value(0, config.value()->currentCloudName());
    const auto cloud = knownCloud(config.value(), name);
    if (!cloud)
        return cloud.error();
    in.context.output().printObject(cloudRecord(cloud.value(), config.value()->currentCloudName()), cloudColumns);
    return pal::Done{};
}

Result<pal::Done> setCloud(Invocation &in)
{
    const auto config = in.context.config();
    if (!config)
        return config.error();
    const auto cloud = knownCloud(config.value(), in.arguments.first());
    if (!cloud)
        return cloud.error();
    if (const auto set = config.value()->setCurrentCloud(cloud.value().name); !set)
        return Failure{Usage, oneLine(set.error().userMessage())};
    if (const auto saved = in.context.saveConfig(); !saved)
        return saved.error();
    in.context.note(QStringLiteral("The current cloud is now %1.").arg(cloud.value().name));
    return pal::Done{};
}

// A cloud TokenAudienceRule refuses: say why, and that --force trusts the host anyway.
Failure refusal(const pal::AzureError &error)
{
    if (error.code != QLatin1String("ForeignTokenAudience"))
        return Failure{Usage, oneLine(error.userMessage())};
    return Failure{Usage, oneLine(error.userMessage()) +
                              QStringLiteral(" Nothing was registered. Use the service's own endpoint, or add --force "
                                             "if you trust that host with your Microsoft tokens.")};
}

Result<CloudEnvironment> cloudToRegister(Invocation &in)
{
    const auto value = [&](const char *name) { return in.parser.value(QString::fromLatin1(name)).trimmed(); };
    const pal::ForeignAudience foreign =
        in.parser.isSet(QStringLiteral("force")) ? pal::ForeignAudience::Trust : pal::ForeignAudience::Refuse;
    pal::Expected<CloudEnvironment> cloud = pal::AzureError{};
    if (in.parser.isSet(QStringLiteral("file"))) {
        const auto loaded = CloudEnvironment::loadFile(value("file"), foreign);
        if (!loaded)
            return refusal(loaded.error());
        if (loaded.value().size() != 1)
            return Failure{Usage, QStringLiteral("%1 must describe exactly one cloud.").arg(value("file"))};
        cloud = loaded.value().first();
        if (!value("name").isEmpty()) { // the file's cloud under another name, checked again
            QJsonObject renamed = cloud.value().toJson();
            renamed.insert(QStringLiteral("name"), value("name"));
            cloud = CloudEnvironment::fromJson(renamed, foreign);
        }
    } else {
        for (const char *required : {"name", "login-endpoint", "arm-endpoint"})
            if (value(required).isEmpty())
                return Failure{
                    Usage,
                    QStringLiteral("'cloud register' needs --%1 (or --file FILE).").arg(QLatin1String(required))};
        cloud = CloudEnvironment::create(value("name"), value("login-endpoint"), value("arm-endpoint"),
                                         value("arm-scope"), value("portal-url"), foreign);
    }
    if (!cloud)
        return refusal(cloud.error());
    return cloud.value();
}

Result<pal::Done> registerCloud(Invocation &in)
{
    const auto cloud = cloudToRegister(in);
    if (!cloud)
        return cloud.error();
    if (const auto reserved = pal::AppConfig::checkCustomCloudName(cloud.value().name))
        return Failure{Usage, oneLine(reserved->userMessage())};
    const auto config = in.context.config();
    if (!config)
        return config.error();
    // Registering a cloud again with other endpoints changes where its accounts sign in; accounts
    // whose saved copy differs (an earlier version's, one edited by hand) take this one too.
    QList<pal::Account> affected;
    const auto existing = config.value()->cloud(cloud.value().name);
    const bool changed = existing && existing->toJson() != cloud.value().toJson();
    if (const auto manager = in.context.accounts(); manager) {
        for (const pal::Account &a : manager.value()->accountsOnCloud(cloud.value().name))
            if (changed || a.cloudDefinition != cloud.value().toJson())
                affected << a;
    } else if (changed) {
        return manager.error();
    }
    if (!affected.isEmpty() && !in.parser.isSet(QStringLiteral("force"))) {
        QStringList names;
        for (const pal::Account &a : affected)
            names << QStringLiteral("  %1 (%2)").arg(a.username.isEmpty() ? a.id : a.username, a.id);
        return Failure{Usage, QStringLiteral("Cloud %1 is used by these accounts:\n%2\nRegistering it again with other "
                                             "endpoints changes where they sign in (they may need to sign in "
                                             "again). Add --force to do it.")
                                  .arg(cloud.value().name, names.join(QLatin1Char('\n')))};
    }
    if (const auto registered = config.value()->registerCloud(cloud.value()); !registered)
        return Failure{Usage, oneLine(registered.error().userMessage())};
    if (const auto saved = in.context.saveConfig(); !saved)
        return saved.error();
    for (const QString &host : cloud.value().trustedHosts)
        in.context.note(QStringLiteral("palctl: warning: cloud %1 sends tokens from Microsoft's sign-in for a "
                                       "Microsoft service to %2, which is not that service's host (--force). "
                                       "Whoever runs %2 can act as you there.")
                            .arg(cloud.value().name, host));
    if (!affected.isEmpty()) {
        if (const auto updated = in.context.accounts().value()->updateCloud(*config.value()->cloud(cloud.value().name));
            !updated)
            return in.context.failure(updated.error(), Activity::Other);
        in.context.note(QStringLiteral("%1 account(s) of cloud %2 now use its new endpoints.")
                            .arg(affected.size())
                            .arg(cloud.value().name));
    }
    in.context.output().printObject(cloudRecord(cloud.value(), config.value()->currentCloudName()), cloudColumns);
    return pal::Done{};
}

Result<pal::Done> unregisterCloud(Invocation &in)
{
    const auto config = in.context.config();
    if (!config)
        return config.error();
    const QString name = in.arguments.first();
    if (const auto removed = config.value()->unregisterCloud(name); !removed)
        return Failure{Usage, oneLine(removed.error().userMessage())};
    if (const auto saved = in.context.saveConfig(); !saved)
        return saved.error();
    in.context.note(QStringLiteral("Cloud %1 is unregistered.").arg(name));
    return pal::Done{};
}

} // namespace

QList<Command> cloudCommands()
{
    using O = QCommandLineOption;
    QList<Command> list;
    list << Command{{QStringLiteral("cloud"), QStringLiteral("list")},
                    QStringLiteral("List the clouds palctl knows (built-in and registered)."),
                    {},
                    0,
                    0,
                    {},
                    {},
                    {QStringLiteral("palctl cloud list --output table")},
                    listClouds};
    list << Command{{QStringLiteral("cloud"), QStringLiteral("show")},
                    QStringLiteral("Show a cloud's endpoints (default: the current cloud)."),
                    QStringLiteral("[NAME]"),
                    0,
                    1,
                    {},
                    {},
                    {QStringLiteral("palctl cloud show AzureUSGovernment")},
                    showCloud};
    list << Command{{QStringLiteral("cloud"), QStringLiteral("set")},
                    QStringLiteral("Make a cloud the current one."),
                    QStringLiteral("NAME"),
                    1,
                    1,
                    {},
                    QStringLiteral("Accounts are per cloud: after switching, sign in to the new cloud once."),
                    {QStringLiteral("palctl cloud set AzureChinaCloud")},
                    setCloud};
    list << Command{
        {QStringLiteral("cloud"), QStringLiteral("register")},
        QStringLiteral("Register a custom cloud (Azure Stack, a sandbox, ...)."),
        {},
        0,
        0,
        {O(QStringLiteral("name"), QStringLiteral("The cloud's name."), QStringLiteral("NAME")),
         O(QStringLiteral("login-endpoint"), QStringLiteral("Entra ID endpoint, e.g. https://login.example.com."),
           QStringLiteral("URL")),
         O(QStringLiteral("arm-endpoint"), QStringLiteral("Azure Resource Manager endpoint."), QStringLiteral("URL")),
         O(QStringLiteral("arm-scope"), QStringLiteral("ARM scope (default: ARM endpoint + /.default)."),
           QStringLiteral("SCOPE")),
         O(QStringLiteral("portal-url"), QStringLiteral("Portal address (optional)."), QStringLiteral("URL")),
         O(QStringLiteral("file"),
           QStringLiteral("Read the cloud from a JSON file (as pal-sandbox --cloud-file writes it)."),
           QStringLiteral("FILE")),
         O(QStringLiteral("force"),
           QStringLiteral("Register a cloud again even though accounts sign in through it (they use the new "
                          "endpoints); trust a host with Microsoft tokens that are not for it (with a warning)."))},
        QStringLiteral("Endpoints must be https://, except http:// on this machine (127.0.0.1, localhost).\n"
                       "The built-in names and \"PalDeskSandbox\" (the sandbox of --sandbox) are reserved.\n"
                       "With Microsoft's sign-in (login.microsoftonline.com, ...), tokens for a Microsoft service "
                       "(Azure Resource Manager, Power Apps, Power Automate, Power BI, Graph) go only to that "
                       "service's hosts; another host needs --force. Other sign-ins and audiences are yours to set.\n"
                       "A cloud file may also name \"powerPlatformEndpoints\" and \"powerPlatformAudiences\" "
                       "({\"bap\",\"powerApps\",\"flow\",\"powerBi\"}, each optional) for 'attribution show'."),
        {QStringLiteral("palctl cloud register --name LocalSandbox --login-endpoint http://127.0.0.1:8400 "
                        "--arm-endpoint http://127.0.0.1:8400")},
        registerCloud};
    list << Command{{QStringLiteral("cloud"), QStringLiteral("unregister")},
                    QStringLiteral("Remove a registered cloud."),
                    QStringLiteral("NAME"),
                    1,
                    1,
                    {},
                    {},
                    {QStringLiteral("palctl cloud unregister LocalSandbox")},
                    unregisterCloud};
    return list;
}

} // namespace palctl
