#pragma once
// InterruptWatch: while it lives, Ctrl-C (SIGINT) calls `onInterrupt` from the event loop instead
// of killing palctl, so a sign-in that waits for a browser or a device code ends cleanly: the
// loopback listener closes, nothing is half-written, and palctl says what happened. Outside a
// watch Ctrl-C keeps its default meaning. The handler only writes a byte to a pipe
// (async-signal-safe); a QSocketNotifier on the other end runs `onInterrupt`. Watches nest: the
// innermost one living gets Ctrl-C (palctl login's cancels the sign-in; runCli's cancels any other
// command, which then ends with exit 3 after the tokens are flushed). A second Ctrl-C while the
// first is being handled (a flush waiting for the configuration lock, say) ends palctl at once,
// as Ctrl-C does without a watch.

#include <QSocketNotifier>
#include <functional>
#include <memory>
#include <signal.h>

namespace palctl {

class InterruptWatch final
{
public:
    explicit InterruptWatch(std::function<void()> onInterrupt);
    ~InterruptWatch();
    Q_DISABLE_COPY_MOVE(InterruptWatch)

    bool interrupted() const { return m_interrupted; }

private:
    InterruptWatch *m_outer = nullptr;
    std::function<void()> m_onInterrupt;
    std::unique_ptr<QSocketNotifier> m_notifier;
    struct sigaction m_previous
    {};
    bool m_ownsPipe = false;
    bool m_installed = false;
    bool m_interrupted = false;
};

} // namespace palctl
