#pragma once
// writePrivateFile: how PAL Desk writes a file for its user alone, its configuration as well as the
// reports and exports a user saves (fleet reports, inventory and history exports: they list
// tenants, object ids and user names). Atomically (QSaveFile: a reader never sees half a file, a
// failed write leaves the old one), and mode 0600 before the first byte is in it, whatever the
// umask or the mode of the file it replaces. The folder is the caller's business.

#include "Expected.h"

#include <QByteArray>
#include <QString>

namespace pal {

// On failure: why, in the system's words (e.g. "Permission denied"); nothing was written.
Expected<Done, QString> writePrivateFile(const QString &path, const QByteArray &data);

} // namespace pal
