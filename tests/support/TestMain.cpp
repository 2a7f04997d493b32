// The GoogleTest main of every PAL Desk test executable: a QCoreApplication (QApplication for the
// widget tests, PAL_TEST_GUI), so Qt networking, timers and QProcess run. The offscreen platform is
// set here too, because gtest discovery runs the binary without ctest's environment.
#ifdef PAL_TEST_GUI
#include <QApplication>
using TestApplication = QApplication;
#else
#include <QCoreApplication>
using TestApplication = QCoreApplication;
#endif
#include <gtest/gtest.h>

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    TestApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
