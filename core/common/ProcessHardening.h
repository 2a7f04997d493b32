#pragma once
// ProcessHardening: what a PAL Desk process does first, before it holds any token or secret.
// A core dump would write refresh tokens, client secrets and the token cache to disk, where a
// crash handler (systemd-coredump, apport) keeps them; so dumps are switched off: RLIMIT_CORE 0
// (no core file) and PR_SET_DUMPABLE 0 (no dump, and no ptrace attach or /proc/PID/mem reads by
// other processes of the same user). Linux only; elsewhere it does nothing and says so.

#include <QString>

namespace pal {

// True when both succeeded; otherwise `why` names what failed (the process goes on).
[[nodiscard]] bool disableCoreDumps(QString *why = nullptr);

} // namespace pal
