// The window icon (app/paldesk/AppIcon.h) from the PNGs rendered at build time: every hicolor
// size is there, drawn, and of the size its name says.

#include "AppIcon.h"

#include <QImage>
#include <QList>
#include <QSize>
#include <gtest/gtest.h>

namespace {

const QList<int> Sizes{16, 22, 24, 32, 48, 64, 128, 256, 512};

TEST(AppIconTest, TheWindowIconHasEveryRenderedSize)
{
    const QIcon icon = appIcon();
    ASSERT_FALSE(icon.isNull());
    QList<int> sizes;
    for (const QSize &s : icon.availableSizes()) {
        EXPECT_EQ(s.width(), s.height());
        sizes << s.width();
    }
    std::sort(sizes.begin(), sizes.end());
    EXPECT_EQ(sizes, Sizes);
}

TEST(AppIconTest, EachSizeIsDrawnAtTheSizeItsNameSays)
{
    for (int size : Sizes) {
        const QImage image(QStringLiteral(":/paldesk/icons/%1.png").arg(size));
        ASSERT_FALSE(image.isNull()) << size;
        EXPECT_EQ(image.size(), QSize(size, size)) << size;
        // The blue tile is drawn: the centre is opaque, not an empty canvas.
        EXPECT_EQ(qAlpha(image.pixel(size / 2, size / 2)), 255) << size;
    }
}

} // namespace
