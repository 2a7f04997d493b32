#pragma once
// Directory (tenant) ids: shared by core/arm (request validation, GET /tenants) and core/auth.

#include <QString>

namespace pal {

// True for a GUID in the 8-4-4-4-12 form, with or without braces.
bool isTenantGuid(const QString &text);

} // namespace pal
