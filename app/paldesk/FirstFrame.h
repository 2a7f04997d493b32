#pragma once
// FirstFrame: for start-up benchmarks only (PALDESK_BENCH_FIRST_FRAME=1 in paldesk, always in
// bench/pal_bare_window). On the first paint of any widget it prints the wall-clock time
// ("first-frame NANOSECONDS", since the epoch) on stdout and quits the application, so a script
// can measure process start to first frame the same way for paldesk and a bare window.

#include <QCoreApplication>
#include <QEvent>
#include <QObject>
#include <QTimer>

#include <cstdio>
#include <ctime>

class FirstFrame final : public QObject
{
public:
    using QObject::QObject;

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_seen) {
            m_seen = true;
            timespec now{};
            clock_gettime(CLOCK_REALTIME, &now);
            std::printf("first-frame %lld\n", static_cast<long long>(now.tv_sec) * 1000000000LL + now.tv_nsec);
            std::fflush(stdout);
            QTimer::singleShot(0, QCoreApplication::instance(), &QCoreApplication::quit);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    bool m_seen = false;
};
