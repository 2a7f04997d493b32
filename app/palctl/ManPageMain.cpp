// palctl-man FILE: writes palctl(1) (ManPage.h) to FILE. Run by the build, never installed.

#include "ManPage.h"

#include <QSaveFile>
#include <QString>
#include <cstdio>

int main(int argc, char *argv[])
{
    if (argc != 2) {
        std::fputs("Usage: palctl-man FILE\n", stderr);
        return 2;
    }
    QSaveFile file(QString::fromLocal8Bit(argv[1]));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(palctl::manPage().toUtf8()) < 0 ||
        !file.commit()) {
        std::fprintf(stderr, "palctl-man: cannot write %s: %s\n", argv[1], qPrintable(file.errorString()));
        return 1;
    }
    return 0;
}
