// pal_bare_window: the yardstick for paldesk's start-up. A bare Qt Widgets window (a label in a
// QMainWindow of paldesk's size) that prints the wall-clock time of its first painted frame and
// exits (FirstFrame), as paldesk does with PALDESK_BENCH_FIRST_FRAME=1. bench/run.py starts both
// the same way and compares.
#include "FirstFrame.h"

#include <QApplication>
#include <QLabel>
#include <QMainWindow>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    FirstFrame first;
    app.installEventFilter(&first);
    QMainWindow window;
    window.setCentralWidget(new QLabel(QStringLiteral("PAL Desk"), &window));
    window.resize(1180, 760);
    window.show();
    return app.exec();
}
