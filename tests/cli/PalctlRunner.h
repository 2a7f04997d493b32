#pragma once
// PalctlTest: runs the palctl executable as a process against the sandbox fixture's sandbox, with its
// own config folder and no keychain (memory store), and keeps stdout, stderr and the exit code.
// The sandbox's request log proves what palctl sent (or that it sent nothing).

#include "SandboxFixture.h"
#include "ScenarioIds.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <gtest/gtest.h>
#include <memory>

namespace palctltest {

// Facts of sandbox/scenarios/default.json the tests rely on, from the generated ScenarioIds.h.
namespace scenario = pal::test::scenario;
inline const QString &HomeTenant = scenario::ContosoPartner.tenantId;
inline const QString &FabrikamTenant = scenario::Fabrikam.tenantId;
inline const QString &AdventureWorksTenant = scenario::AdventureWorks.tenantId; // linked at start
inline const QString &WoodgroveTenant = scenario::WoodgroveBank.tenantId;       // needs MFA
inline const QString &AdminUser = scenario::Admin.username;
inline const QString &SpClientId = scenario::PalAutomation.clientId;
inline const QString &SpObjectId = scenario::PalAutomation.objectId;
inline const QByteArray SpSecret = scenario::PalAutomation.secret.toUtf8();
inline const QString PartnerPath = QStringLiteral("/providers/Microsoft.ManagementPartner");

struct Outcome
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonValue json() const; // stdout parsed; Undefined when it is not JSON
    QString errText() const { return QString::fromUtf8(err); }
    QString outText() const { return QString::fromUtf8(out); }
};

// For gtest failure messages: what palctl said.
std::ostream &operator<<(std::ostream &os, const Outcome &run);

class PalctlTest : public pal::test::SandboxFixture
{
protected:
    void SetUp() override;

    // Runs palctl to the end; `input` is written to its stdin, then stdin is closed.
    Outcome palctl(const QStringList &arguments, const QByteArray &input = {}, const QProcessEnvironment &extra = {});
    // Starts palctl and leaves it running (for device code); the caller waits.
    std::unique_ptr<QProcess> startPalctl(const QStringList &arguments, const QProcessEnvironment &extra = {});
    static Outcome finish(QProcess &process);
    // `palctl login --device-code`, answered on the sandbox as the user would on the verification
    // page: approved as `username`, or declined when `username` is empty.
    Outcome deviceCodeLogin(const QString &username, const QProcessEnvironment &extra = {});

    // A service principal signed in for each run from the environment (no keychain needed).
    QProcessEnvironment servicePrincipal();
    QProcessEnvironment environment(const QProcessEnvironment &extra) const;
    int partnerRequests() const { return sandbox->requestCount(PartnerPath); }
    QString path(const QString &name) const { return home.filePath(name); }

    QTemporaryDir home;
};

} // namespace palctltest
