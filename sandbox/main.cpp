// pal-sandbox: serves the sandbox cloud (Entra ID + ARM emulator) on 127.0.0.1 until SIGINT/SIGTERM.
// The first line on stdout is the base URL, so scripts can read it.
#include "SandboxServer.h"

#include <QFile>
#include <QString>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/resource.h>

namespace {

void printUsage(FILE *out)
{
    std::fputs("Usage: pal-sandbox [--port N] [--scenario FILE] [--cloud-file FILE]\n"
               "\n"
               "Serves a local emulator of the Entra ID v2.0 and Azure Resource Manager endpoints\n"
               "PAL Desk uses, on 127.0.0.1 only, until interrupted (SIGINT or SIGTERM).\n"
               "\n"
               "  --port N         port to listen on; 0 (the default) picks a free one\n"
               "  --scenario FILE  the world to emulate (JSON, see the README); default: the built-in one\n"
               "  --cloud-file FILE  also write the custom-cloud JSON for this sandbox to FILE\n"
               "                   ({\"name\",\"loginEndpoint\",\"resourceManagerEndpoint\",\"armScope\"}, for\n"
               "                   palctl cloud register --file)\n"
               "  --print-default-scenario  write the built-in scenario to stdout and exit\n"
               "  --help           show this text\n"
               "\n"
               "The first line written to stdout is the base URL, e.g. http://127.0.0.1:43117\n"
               "Exit status: 0 after a signal, 2 on bad arguments or a bad scenario, 1 if it cannot listen.\n",
               out);
}

// The sandbox signs tokens with its own key and holds scenario secrets: no core file of it
// either. (The sandbox shares no code with core/, so this is its own copy of the two calls.)
void disableCoreDumps()
{
    const rlimit none{0, 0};
    if (setrlimit(RLIMIT_CORE, &none) != 0 || prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        std::fprintf(stderr, "pal-sandbox: warning: core dumps could not be switched off: %s\n", std::strerror(errno));
}

} // namespace

int main(int argc, char **argv)
{
    disableCoreDumps();
    long port = 0;
    QString scenarioPath;
    QString cloudPath;
    for (int i = 1; i < argc; ++i) {
        const char *arg = argv[i];
        if (std::strcmp(arg, "--help") == 0 || std::strcmp(arg, "-h") == 0) {
            printUsage(stdout);
            return 0;
        }
        if (std::strcmp(arg, "--print-default-scenario") == 0) {
            const QByteArray json = palsandbox::SandboxServer::defaultScenario();
            std::fwrite(json.constData(), 1, size_t(json.size()), stdout);
            return 0;
        }
        const bool takesValue = std::strcmp(arg, "--port") == 0 || std::strcmp(arg, "--scenario") == 0 ||
                                std::strcmp(arg, "--cloud-file") == 0;
        if (takesValue && i + 1 >= argc) {
            std::fprintf(stderr, "pal-sandbox: %s needs a value\n", arg);
            return 2;
        }
        if (std::strcmp(arg, "--port") == 0) {
            char *end = nullptr;
            port = std::strtol(argv[++i], &end, 10);
            if (!end || *end != '\0' || port < 0 || port > 65535) {
                std::fprintf(stderr, "pal-sandbox: --port wants a number from 0 to 65535, not \"%s\"\n", argv[i]);
                return 2;
            }
        } else if (std::strcmp(arg, "--scenario") == 0) {
            scenarioPath = QString::fromLocal8Bit(argv[++i]);
        } else if (std::strcmp(arg, "--cloud-file") == 0) {
            cloudPath = QString::fromLocal8Bit(argv[++i]);
        } else {
            std::fprintf(stderr, "pal-sandbox: unknown argument \"%s\"\n\n", arg);
            printUsage(stderr);
            return 2;
        }
    }

    QString error;
    std::unique_ptr<palsandbox::SandboxServer> server =
        scenarioPath.isEmpty() ? palsandbox::SandboxServer::create(palsandbox::SandboxServer::defaultScenario(), &error)
                               : palsandbox::SandboxServer::createFromFile(scenarioPath, &error);
    if (!server) {
        std::fprintf(stderr, "pal-sandbox: %s\n", qPrintable(error));
        return 2;
    }

    // Block the signals before the server's threads exist, so they inherit the mask and only
    // sigwait() below sees them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    if (!server->start(quint16(port), &error)) {
        std::fprintf(stderr, "pal-sandbox: %s\n", qPrintable(error));
        return 1;
    }
    if (!cloudPath.isEmpty()) {
        QFile cloud(cloudPath);
        if (!cloud.open(QIODevice::WriteOnly | QIODevice::Truncate) || cloud.write(server->cloudJson() + '\n') < 0) {
            std::fprintf(stderr, "pal-sandbox: cannot write %s: %s\n", qPrintable(cloudPath),
                         qPrintable(cloud.errorString()));
            server->stop();
            return 1;
        }
    }
    std::printf("%s\n", qPrintable(server->baseUrl().toString()));
    std::fflush(stdout);

    int received = 0;
    sigwait(&signals, &received);
    server->stop();
    return 0;
}
