#include "ProcessHardening.h"

#include <QStringList>

#if defined(Q_OS_LINUX)
#include <cerrno>
#include <cstring>
#include <sys/prctl.h>
#include <sys/resource.h>
#endif

namespace pal {

bool disableCoreDumps(QString *why)
{
#if defined(Q_OS_LINUX)
    QStringList failed;
    const rlimit none{0, 0};
    if (setrlimit(RLIMIT_CORE, &none) != 0)
        failed << QStringLiteral("RLIMIT_CORE: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        failed << QStringLiteral("PR_SET_DUMPABLE: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
    if (why)
        *why = failed.join(QStringLiteral("; "));
    return failed.isEmpty();
#else
    if (why)
        *why = QStringLiteral("core dumps are left to the system on this platform");
    return false;
#endif
}

} // namespace pal
