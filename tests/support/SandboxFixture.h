#pragma once
// SandboxFixture: the in-process pal-sandbox on a random loopback port, started before each test
// with scenario() (the default scenario unless a fixture overrides it) and stopped after. Every
// suite that talks to the sandbox derives its fixture from this one: the sandbox's own wire tests
// (tests/sandbox), the core clients (tests/integration), the sign-in flows (tests/auth), the widgets
// (tests/ui) and palctl as a process (tests/cli). The scenario's facts are in ScenarioIds.h,
// generated from sandbox/scenarios/default.json. Nothing here uses core/, so the sandbox's own
// tests stay independent of PAL Desk's code.

#include "SandboxServer.h"

#include <QByteArray>
#include <QJsonObject>
#include <gtest/gtest.h>
#include <memory>

namespace pal::test {

class SandboxFixture : public ::testing::Test
{
protected:
    void SetUp() override { startSandbox(scenario()); }
    // Derived fixtures close their kept-alive connections first, then call this: the server's
    // stop() would otherwise wait for idle connections to time out.
    void TearDown() override
    {
        if (sandbox)
            sandbox->stop();
    }
    // The sandbox's world; a fixture may replace the default scenario.
    virtual QByteArray scenario() const { return palsandbox::SandboxServer::defaultScenario(); }

    // Replaces the running sandbox with one that serves `scenarioJson` (fatal failure when it is invalid).
    void startSandbox(const QByteArray &scenarioJson);
    // The default scenario with some top-level fields replaced.
    static QByteArray defaultScenarioWith(const QJsonObject &changes);

    std::unique_ptr<palsandbox::SandboxServer> sandbox;
};

} // namespace pal::test
