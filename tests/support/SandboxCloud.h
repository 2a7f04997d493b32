#pragma once
// The cloud (endpoints) that points at a started sandbox, as PAL Desk reads it from `pal-sandbox
// --print-cloud`: for the fixtures that drive core/ against the sandbox.

#include "CloudEnvironment.h"
#include "SandboxServer.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace pal::test {

inline pal::Expected<pal::CloudEnvironment> sandboxCloud(const palsandbox::SandboxServer &sandbox)
{
    return pal::CloudEnvironment::fromJson(QJsonDocument::fromJson(sandbox.cloudJson()).object());
}

} // namespace pal::test
