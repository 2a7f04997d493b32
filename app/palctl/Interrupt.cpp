#include "Interrupt.h"

#include <fcntl.h>
#include <unistd.h>

namespace palctl {

namespace {
int g_pipe[2] = {-1, -1};              // the signal handler's only way out (owned by the outermost watch)
InterruptWatch *g_innermost = nullptr; // who gets the next Ctrl-C

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const ssize_t written = ::write(g_pipe[1], &byte, 1);
}
} // namespace

InterruptWatch::InterruptWatch(std::function<void()> onInterrupt)
    : m_outer(g_innermost)
    , m_onInterrupt(std::move(onInterrupt))
{
    g_innermost = this;
    if (g_pipe[0] >= 0)
        return; // an outer watch has the pipe and the handler
    if (::pipe2(g_pipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return; // without a watch Ctrl-C ends palctl as usual
    m_ownsPipe = true;
    m_notifier = std::make_unique<QSocketNotifier>(g_pipe[0], QSocketNotifier::Read);
    QObject::connect(m_notifier.get(), &QSocketNotifier::activated, m_notifier.get(), [] {
        char buffer[16];
        while (::read(g_pipe[0], buffer, sizeof buffer) > 0) {
        }
        InterruptWatch *watch = g_innermost;
        if (!watch)
            return;
        if (watch->m_interrupted) { // Ctrl-C again while the first one is being handled: end now
            ::signal(SIGINT, SIG_DFL);
            ::raise(SIGINT);
            return;
        }
        watch->m_interrupted = true;
        if (watch->m_onInterrupt)
            watch->m_onInterrupt();
    });
    struct sigaction action
    {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    m_installed = ::sigaction(SIGINT, &action, &m_previous) == 0;
}

InterruptWatch::~InterruptWatch()
{
    g_innermost = m_outer;
    if (m_installed)
        ::sigaction(SIGINT, &m_previous, nullptr);
    m_notifier.reset();
    if (m_ownsPipe) {
        ::close(g_pipe[0]);
        ::close(g_pipe[1]);
        g_pipe[0] = g_pipe[1] = -1;
    }
}

} // namespace palctl
