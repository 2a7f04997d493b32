#pragma once
// PalctlTest: runs the palctl executable as a process against a fresh in-process sandbox, with its
// own config folder and no keychain (memory store), and keeps stdout, stderr and the exit code.
// The sandbox's request log proves what palctl sent (or that it sent nothing).

#include "SandboxServer.h"

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

// Facts of sandbox/scenarios/default.json the tests rely on.
inline const QString HomeTenant = QStringLiteral("7d3c1b2a-0f4e-4c6d-9a8b-1e2f3a4b5c6d"); // Contoso Partner
inline const QString FabrikamTenant = QStringLiteral("2f6e8a10-3b7c-4d21-9e55-6a1c0b9d4e01");
inline const QString AdventureWorksTenant = QStringLiteral("4b1e7f58-2c6a-4e93-b7d4-8c3f1a6e0d03"); // linked: 7654321
inline const QString WoodgroveTenant = QStringLiteral("6d7b1f73-9e4c-4a28-b936-0f5e3c8a2d05");      // needs MFA
inline const QString AdminUser = QStringLiteral("admin@contoso-partner.example");
inline const QString SpClientId = QStringLiteral("8f2c6a1e-5b3d-4e7f-9a0c-2d4b6e8f0a11");
inline const QString SpObjectId = QStringLiteral("b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e");
inline const QByteArray SpSecret = "sandbox-secret-not-for-production";
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

class PalctlTest : public ::testing::Test
{
protected:
    void SetUp() override;
    void TearDown() override;
    // The sandbox's world; a fixture may change the default scenario.
    virtual QByteArray scenario() const;

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

    std::unique_ptr<palsandbox::SandboxServer> sandbox;
    QTemporaryDir home;
};

} // namespace palctltest
