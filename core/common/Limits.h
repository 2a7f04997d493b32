#pragma once
// The bounds on what PAL Desk reads from servers, files, pipes and its sign-in listener, in one
// place, each with the reason for its size. Past a bound the read stops at once (nothing more is
// read or kept) and the error says which bound was passed; nothing half-read is used.

#include <QString>
#include <QtGlobal>

namespace pal::limits {

constexpr qint64 MiB = qint64(1024) * 1024;

// One answer of ARM or a Power Platform / Power BI service: the largest page PAL Desk reads (a list
// of apps, flows or datasets, up to 1,000 entries with their properties) is a few MB.
constexpr qint64 MaxServiceAnswerBytes = 32 * MiB;
// One answer of Entra ID (discovery, device code, tokens): tokens and metadata are a few KB.
constexpr qint64 MaxSignInAnswerBytes = 1 * MiB;
// A configuration file or a report read back (settings, accounts, clouds, inventory, the watch's last
// check, a report to --compare): thousands of accounts or directories take a few MB.
constexpr qint64 MaxConfigFileBytes = 32 * MiB;
// An inventory CSV to import: Inventory::MaxRows rows of a few hundred bytes each.
constexpr qint64 MaxInventoryCsvBytes = 64 * MiB;
// What one connection may send the OAuth loopback listener: a browser's GET of the redirect has no
// body, and its request line and headers (a favicon request too) are a few KB.
constexpr qint64 MaxLoopbackRequestBytes = qint64(256) * 1024;
// Problems listed per file before "and N more": enough to see the pattern, short enough to read.
constexpr int MaxListedProblems = 50;

// "32 MB"
inline QString megabytes(qint64 bytes)
{
    return QStringLiteral("%1 MB").arg((bytes + MiB - 1) / MiB);
}

} // namespace pal::limits
